import { MgiError } from '../errors';
import type { FormulaEngine } from '../formula/types';
import { countIssue, resolveLimits } from '../limits';
import type { CompiledMatrix } from '../matrix/compiled';
import { compiledFor } from '../matrix/compiled-for';
import type { Assessment } from '../schema/assessment';
import type { Matrix } from '../schema/matrix';
import {
  REPORT_FORMAT,
  type Report,
  type ReportIssue,
  type ReportMatrix,
  type Scorecard,
  type Series,
} from '../schema/report';
import { cmp, toReportIssue, warning } from './_issues';
import { lazyList } from './_lazy-list';
import { aggregateRow, newAcc } from './aggregate-columns';
import { type CategoryColumns, categoryRuns } from './categories';
import { type ParityColumns, withCategoryRuns } from './category-columns';
import { registerStore } from './category-parts';
import {
  type CategoryStore,
  categoryStores,
  finishCategories,
  newEntity,
  scoreCategoryRows,
} from './category-store';
import { addWarning, allocate, type ColumnStore, detachInputs, NO_YEAR } from './columns';
import { checkBreakdownSum, type History, newHistory, scoreIndicators } from './indicator';
import { scorecardOf } from './materialise';
import { type Group, mergeSubmissions } from './merge';
import { applySampleNormalisation } from './normalise-sample';
import { planFor } from './plan';
import { reportMatrix } from './report-matrix';
import type { ScoreOptions } from './score-options';
import { seriesOf } from './series';
import { SimpleRows, simpleBatch } from './simple-batch';
import { yearPlan } from './year-plan';

/**
 * A scored batch as columns: numbers in typed arrays indexed by entity-year (`i`, ordered by
 * entity, then year, as `report.scorecards`) and indicator, scorecard objects built only when
 * asked. Browser-safe. Writers stream a whole report from it: {@link ScoreColumns.scorecards},
 * {@link ScoreColumns.series}, {@link ScoreColumns.warnings} and {@link ScoreColumns.errors}.
 */
export interface ScoreColumns {
  /** Entity-years in the result (those of the `year` option only, when given). */
  readonly length: number;
  /** Entity id of entity-year `i`. */
  entity(i: number): string;
  /** Year of entity-year `i`. */
  year(i: number): number;
  /** Indicator ids in matrix order: the columns of {@link indicatorScore}. */
  readonly indicatorIds: readonly string[];
  /** Overall score per entity-year, NaN where the report has null. */
  readonly overall: Float64Array;
  /** Indicator scores, row-major: `[i * indicatorIds.length + k]`, NaN where null. */
  readonly indicatorScore: Float64Array;
  /** Theme ids in matrix order, every level of the hierarchy: the columns of {@link themeScore}. */
  readonly themeIds: readonly string[];
  /** Per theme (same order), the index of its parent theme in {@link themeIds}, −1 for a root theme. */
  readonly themeParent: Int32Array;
  /** Theme scores at every level, row-major: `[i * themeIds.length + t]`, NaN where null. */
  readonly themeScore: Float64Array;
  /** The scorecard of entity-year `i`: the same object `score()` reports as `report.scorecards[i]`. */
  scorecard(i: number): Scorecard;
  /** Every scorecard in order, each built when the iteration reaches it. */
  scorecards(): IterableIterator<Scorecard>;
  /** Number of series (entities with several entity-years in the result). */
  readonly seriesCount: number;
  /** Series `j`, as `report.series[j]`. */
  series(j: number): Series;
  /** Every series in order, each built when the iteration reaches it. */
  allSeries(): IterableIterator<Series>;
  /** `report.warnings`: every scorecard's warnings, in scorecard order. */
  readonly warnings: readonly ReportIssue[];
  /** `report.errors`: problems with individual assessments (they were left out, the rest scored). */
  readonly errors: readonly ReportIssue[];
  /** `report.matrix`: the matrix's labels and scoring settings for renderers. */
  matrix(): ReportMatrix;
  /**
   * Per-category columns (issue 16), one per category of each dimension in the matrix's
   * `disaggregations`, aligned with the entity-years; absent when the matrix declares none.
   */
  readonly categories?: readonly CategoryColumns[];
  /** Per-dimension parity columns (issue 16), for the dimensions whose `disaggregations` entry has a `parity`. */
  readonly parities?: readonly ParityColumns[];
  /** The whole report, materialised: what `score()` returns. */
  report(): Report;
}

/** Core of `scoreColumns()` with an explicit formula engine (see `ScoreOptions`). */
export function scoreColumnsWith(
  matrixInput: Matrix | CompiledMatrix,
  assessments: readonly Assessment[],
  options: ScoreOptions = {},
  engine?: FormulaEngine,
): ScoreColumns {
  const b = scoreStoreWith(matrixInput, assessments, options, engine);
  const cols = view(b.s, b.entityRows, b.errors, options.trace !== false, options.year !== undefined);
  const m = b.s.plan.m;
  if (b.categories.length === 0) return cols;
  return withCategoryRuns(cols, categoryRuns(b.categories, cols), m);
}

/** A batch scored into its column store, with what `view()` and a re-aggregation need. */
export interface ScoredStore {
  readonly s: ColumnStore;
  /** Per entity, the rows in the result (those of the `year` option only, when given). */
  readonly entityRows: readonly (readonly number[])[];
  readonly errors: readonly ReportIssue[];
  /** Issue 16: one store per category of the matrix's `disaggregations`, row for row with `s`. */
  readonly categories: readonly CategoryStore[];
}

/** Score a batch into a column store (the work of `scoreColumns()` before its view). */
export function scoreStoreWith(
  matrixInput: Matrix | CompiledMatrix,
  assessments: readonly Assessment[],
  options: ScoreOptions = {},
  engine?: FormulaEngine,
): ScoredStore {
  const plan = planFor(compiledFor(matrixInput, engine));
  const simple = simpleBatch(plan, assessments, options);
  if (simple) {
    const reader = new SimpleRows(plan, assessments, options.sources ?? []);
    const s = allocate(plan, simple.order.length, simple.entities);
    const cats = categoryStores(plan, s.rows, simple.entities);
    const { order, start } = simple;
    const count = (e: number) => start[e + 1]! - start[e]!;
    const ok = scoreRows(
      s,
      cats,
      simple.entities.length,
      count,
      (e, j) => reader.group(order[start[e]! + j]!),
      options,
    );
    if (ok) return { s, entityRows: ok, errors: [], categories: cats };
  }
  const errors: ReportIssue[] = [];
  const groups = mergeSubmissions(plan, assessments, options.sources ?? [], errors);
  const byEntity = groupByEntity(groups);
  checkLimits(byEntity, options, errors);
  const entities = [...byEntity.keys()].sort(cmp);
  const lists = entities.map((e) => byEntity.get(e)!.sort((a, b) => a.year - b.year));
  let rows = 0;
  for (const list of lists) rows += list.length;
  const s = allocate(plan, rows, entities);
  const categories = categoryStores(plan, rows, entities);
  const entityRows = scoreRows(
    s,
    categories,
    entities.length,
    (e) => lists[e]!.length,
    (e, j) => lists[e]![j],
    options,
  )!;
  return { s, entityRows, errors, categories };
}

/**
 * Score the rows of a store, entity by entity (`count(e)` years, `groupOf(e, j)` the `j`-th in year
 * order), then aggregate. Returns the rows of the result per entity, or `undefined` as soon as
 * `groupOf` has no group (the simple path gives up; nothing is kept).
 */
function scoreRows(
  s: ColumnStore,
  cats: readonly CategoryStore[],
  nEntities: number,
  count: (e: number) => number,
  groupOf: (e: number, j: number) => Group | undefined,
  options: ScoreOptions,
): number[][] | undefined {
  const plan = s.plan;
  const acc = newAcc(Math.max(plan.nInd, plan.nThemes, 1));
  const history: History = newHistory(plan);
  const entityRows: number[][] = [];
  // Sample-based normalisation needs the whole batch before any aggregate: score every row's
  // values first, then the samples (one pass), then aggregate. Otherwise row by row, as always.
  const twoPass = plan.sampleInd.length > 0;
  let row = 0;
  for (let e = 0; e < nEntities; e++) {
    const n = count(e);
    history.year.fill(NO_YEAR);
    if (cats.length > 0) newEntity(cats);
    const selected: number[] = [];
    for (let j = 0; j < n; j++) {
      const g = groupOf(e, j);
      if (g === undefined) return undefined;
      scoreRow(s, row, e, g, history);
      if (!twoPass) aggregateRow(s, row, acc);
      if (cats.length > 0) scoreCategoryRows(cats, row, e, g, acc, !twoPass);
      if (options.year === undefined || g.year === options.year) selected.push(row);
      row++;
    }
    entityRows.push(selected);
  }
  if (twoPass) {
    applySampleNormalisation(s);
    for (let r = 0; r < row; r++) aggregateRow(s, r, acc);
    finishCategories(cats, row, acc);
  }
  return entityRows;
}

function groupByEntity(groups: readonly Group[]): Map<string, Group[]> {
  const byEntity = new Map<string, Group[]>();
  for (const g of groups) {
    const list = byEntity.get(g.entity);
    if (list) list.push(g);
    else byEntity.set(g.entity, [g]);
  }
  return byEntity;
}

/**
 * Batch limits. Too many entities refuses the batch; too many years for one entity is that
 * entity's problem: it is reported (with the submissions that hold it) and left out, and the
 * rest of the batch is scored.
 */
function checkLimits(byEntity: Map<string, Group[]>, options: ScoreOptions, errors: ReportIssue[]): void {
  const limits = resolveLimits(options.limits);
  const tooMany = countIssue(byEntity.size, limits.maxEntities, [], 'entities in one batch', 'maxEntities');
  if (tooMany) throw new MgiError([tooMany]);
  for (const [entity, list] of byEntity) {
    const years = countIssue(list.length, limits.maxYears, [], `years for entity ${entity}`, 'maxYears');
    if (!years) continue;
    const from = [...new Set(list.map((g) => g.firstSource))];
    const named =
      from.length > 3 ? `${from.slice(0, 3).join(', ')} and ${from.length - 3} more` : from.join(', ');
    const message = `${years.message}; entity ${entity} is not scored (submitted by ${named})`;
    errors.push(toReportIssue({ ...years, message }, { entity, source: named }));
    byEntity.delete(entity);
  }
}

function scoreRow(s: ColumnStore, row: number, e: number, g: Group, history: History): void {
  const p = s.plan;
  s.entityOf[row] = e;
  s.year[row] = g.year;
  s.rowStatus[row] = g.status === null ? 0 : g.status === 'provisional' ? 1 : 2;
  s.entityName[row] = g.entityName;
  s.submissions[row] = g.submissions;
  s.details[row] = g.details;
  if (g.names) {
    const all = [...g.names].sort(cmp).map((n) => JSON.stringify(n));
    const msg = `entity ${g.entity} ${g.year} has ${all.length} names (${all.join(', ')}); ${all[0]} is used`;
    addWarning(s, row, warning('entity-name-conflict', msg, g.entity, g.year));
  }
  const nInputs = p.nSlots - p.nInd;
  for (let j = 0; j < nInputs; j++) {
    const o = g.obs[p.nInd + j];
    if (o === undefined || o.missing !== undefined || o.value === undefined) continue;
    s.present[row * nInputs + j] = 1;
    // Issue 19 #11: an input's breakdown is checked against its total like an indicator's.
    if (o.breakdown) checkBreakdownSum(s, row, p.slotIds[p.nInd + j]!, o.value, o.breakdown, g);
  }
  scoreIndicators(s, row, g, history, yearPlan(p, g.year));
}

function view(
  s: ColumnStore,
  entityRows: readonly (readonly number[])[],
  errors: readonly ReportIssue[],
  withTrace: boolean,
  filtered: boolean,
): ScoreColumns {
  const p = s.plan;
  const sel: number[] = [];
  for (const rows of entityRows) for (const r of rows) sel.push(r);
  const seriesRows = entityRows.filter((rows) => rows.length > 1);
  const warnings: ReportIssue[] = [];
  for (const r of sel) {
    const w = s.warnings[r];
    if (w) for (const x of w) warnings.push(x);
  }
  const overall = filtered ? Float64Array.from(sel, (r) => s.overallScore[r]!) : s.overallScore;
  const indicatorScore = filtered ? new Float64Array(sel.length * p.nInd) : s.score;
  if (filtered)
    sel.forEach((r, i) => indicatorScore.set(s.score.subarray(r * p.nInd, (r + 1) * p.nInd), i * p.nInd));
  const nT = p.nThemes;
  const themeScore = filtered ? new Float64Array(sel.length * nT) : s.themeScore;
  if (filtered) sel.forEach((r, i) => themeScore.set(s.themeScore.subarray(r * nT, (r + 1) * nT), i * nT));
  const scorecard = (i: number) => scorecardOf(s, sel[i]!, withTrace);
  const series = (j: number) => seriesOf(s, seriesRows[j]!);
  const cols: ScoreColumns = {
    length: sel.length,
    entity: (i) => s.entities[s.entityOf[sel[i]!]!]!,
    year: (i) => s.year[sel[i]!]!,
    indicatorIds: Object.freeze(p.m.indicators.map((ind) => ind.id)),
    overall,
    indicatorScore,
    themeIds: Object.freeze(p.m.themes.map((th) => th.id)),
    themeParent: Int32Array.from(p.m.themes, (th) => th.parent),
    themeScore,
    scorecard,
    *scorecards() {
      for (let i = 0; i < sel.length; i++) yield scorecard(i);
    },
    seriesCount: seriesRows.length,
    series,
    *allSeries() {
      for (let j = 0; j < seriesRows.length; j++) yield series(j);
    },
    warnings,
    errors,
    matrix: () => reportMatrix(p.m),
    report: () => {
      detachInputs(s);
      return {
        format: REPORT_FORMAT,
        matrix: reportMatrix(p.m),
        scorecards: lazyList(sel.length, scorecard),
        series: lazyList(seriesRows.length, series),
        warnings,
        errors: [...errors],
      };
    },
  };
  registerStore(cols, s, sel);
  return cols;
}
