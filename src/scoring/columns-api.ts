import { registeredFormulaEngine } from '../formula/_registry';
import type { CompiledMatrix } from '../matrix/compiled';
import {
  bandCodes,
  derivedWarnings,
  enrichCard,
  enrichMatrix,
  enrichReport,
  withDerived,
} from '../report/enrich';
import type { Assessment } from '../schema/assessment';
import type { Matrix } from '../schema/matrix';
import { REPORT_FORMAT, type Report, type ReportIssue, type Scorecard } from '../schema/report';
import { lazyList } from './_lazy-list';
import { detachStore, storeOf } from './category-parts';
import { rowFacts } from './materialise';
import { type ScoreColumns, scoreColumnsWith } from './score-columns';
import type { ScoreOptions } from './score-options';

/**
 * Score assessments into columns: the same calculation as `score()`, with the numbers in typed
 * arrays (NaN where the report has null) and each scorecard built only when asked, so that a
 * batch of any size costs little more than its arithmetic. `cols.scorecard(i)` is the object
 * `score()` reports as `report.scorecards[i]`; writers stream `scorecards()`, `allSeries()`,
 * `warnings` and `errors`. Pure, synchronous, deterministic and browser-safe.
 *
 * @example
 * ```ts
 * const cols = scoreColumns(matrix, assessments, { trace: false });
 * for (let i = 0; i < cols.length; i++) console.log(cols.entity(i), cols.year(i), cols.overall[i]);
 * const k = cols.indicatorIds.indexOf('R1');
 * cols.indicatorScore[0 * cols.indicatorIds.length + k]; // R1's score in the first entity-year
 * ```
 */
export function scoreColumns(
  matrix: Matrix | CompiledMatrix,
  assessments: readonly Assessment[],
  options?: ScoreOptions,
): ScoreColumns {
  const cols = scoreColumnsWith(matrix, assessments, options, registeredFormulaEngine());
  return withReaderFields(cols, 'format' in matrix ? matrix : matrix.matrix);
}

/**
 * `score()`'s report: the batch's report with what `enrichReport` adds, its scorecards built when
 * first read (see `lazyList`; the derived warnings come from the columns, so `report.warnings` is
 * complete at once). With per-category results (issue 16), whether a scorecard has them is read
 * from the categories' columns too.
 */
export function enrichedReport(cols: ScoreColumns, matrix: Matrix): Report {
  const inner = storeOf(cols);
  if (!inner || (cols.categories !== undefined && !inner.byCategory))
    return enrichReport(cols.report(), matrix);
  // What cols.report() gives, without its list of scorecards (replaced below).
  detachStore(cols);
  const core: Report = {
    format: REPORT_FORMAT,
    matrix: cols.matrix(),
    scorecards: [],
    series: lazyList(cols.seriesCount, cols.series),
    warnings: cols.warnings as ReportIssue[],
    errors: [...cols.errors],
  };
  const { s, sel, byCategory } = inner;
  const extra = derivedWarnings(
    core.matrix.scoring,
    sel.map((row, i) => (byCategory?.(i) ? { ...rowFacts(s, row), byCategory: true } : rowFacts(s, row))),
  );
  const codes = bandCodes(core);
  const out: Report = {
    ...core,
    matrix: enrichMatrix(core.matrix, matrix),
    scorecards: lazyList(sel.length, (i) => enrichCard(core, cols.scorecard(i), codes, extra[i]!)),
  };
  return withDerived(out, core, extra);
}

// --- internal ---

/**
 * The columns with what `score()` adds for readers (`enrichReport`: band codes, both coverages,
 * matrix text, derived warnings), so that `scorecard(i)` is exactly `score().scorecards[i]`.
 * Enrichment is per entity (it looks only at the entity's own years), so a scorecard is enriched
 * from its entity's scorecards alone and stays cheap to build on demand.
 */
function withReaderFields(cols: ScoreColumns, matrix: Matrix): ScoreColumns {
  const base = (): Report => ({ ...cols.report(), scorecards: [], series: [], warnings: [], errors: [] });
  let header: Report | undefined;
  const entityCards = (i: number): { start: number; cards: Scorecard[] } => {
    const e = cols.entity(i);
    let start = i;
    while (start > 0 && cols.entity(start - 1) === e) start--;
    const cards: Scorecard[] = [];
    for (let j = start; j < cols.length && cols.entity(j) === e; j++) cards.push(cols.scorecard(j));
    return { start, cards };
  };
  const enrichedEntity = (cards: Scorecard[]): Report => {
    header ??= base();
    return enrichReport({ ...header, scorecards: cards }, matrix);
  };
  let full: Report | undefined;
  const report = (): Report => {
    full ??= enrichedReport(cols, matrix);
    return full;
  };
  return {
    get length() {
      return cols.length;
    },
    entity: (i) => cols.entity(i),
    year: (i) => cols.year(i),
    indicatorIds: cols.indicatorIds,
    overall: cols.overall,
    indicatorScore: cols.indicatorScore,
    themeIds: cols.themeIds,
    themeParent: cols.themeParent,
    themeScore: cols.themeScore,
    scorecard(i) {
      const { start, cards } = entityCards(i);
      return enrichedEntity(cards).scorecards[i - start]!;
    },
    *scorecards() {
      let i = 0;
      while (i < cols.length) {
        const { cards } = entityCards(i);
        yield* enrichedEntity(cards).scorecards;
        i += cards.length;
      }
    },
    get seriesCount() {
      return cols.seriesCount;
    },
    series: (j) => cols.series(j),
    allSeries: () => cols.allSeries(),
    get warnings(): readonly ReportIssue[] {
      return report().warnings;
    },
    get errors() {
      return cols.errors;
    },
    matrix: () => report().matrix,
    report,
    // Issue 16: the per-category and parity columns, only for a matrix with `disaggregations`.
    ...(cols.categories !== undefined ? { categories: cols.categories, parities: cols.parities ?? [] } : {}),
  };
}

export type { ScoreColumns } from './score-columns';
