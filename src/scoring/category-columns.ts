import type { CompiledMatrix } from '../matrix/compiled';
import { REPORT_FORMAT, type ReportIssue, type ReportMatrix } from '../schema/report';
import { lazyList } from './_lazy-list';
import { type CategoryColumns, type CategoryRun, hasCategoryResults, withCategories } from './categories';
import { detachStore, registerStore, storeOf } from './category-parts';
import { reportMatrix } from './report-matrix';
import type { ScoreColumns } from './score-columns';

/**
 * One parity as a column (issue 16), aligned with the batch's entity-years: the numerator
 * category's overall score ÷ the denominator's, NaN where either is missing or the denominator is 0.
 */
export interface ParityColumns {
  readonly dimension: string;
  readonly numerator: string;
  readonly denominator: string;
  readonly overall: Float64Array;
}

/** The batch with its per-category columns, and scorecards that carry the per-category results. */
export function withCategoryRuns(
  cols: ScoreColumns,
  runs: readonly CategoryRun[],
  m: CompiledMatrix,
): ScoreColumns {
  const scorecard = (i: number) => withCategories(cols.scorecard(i), i, runs, m);
  const matrix = (): ReportMatrix => ({ ...reportMatrix(m), disaggregations: reportDisaggregations(m) });
  const out: ScoreColumns = {
    ...cols,
    categories: runs.map((r) =>
      Object.freeze({
        dimension: r.dimension,
        category: r.category,
        overall: r.overall,
        get coverage() {
          return r.coverage;
        },
        get indicatorScore() {
          return r.indicatorScore;
        },
      }),
    ),
    parities: parityColumns(m, runs, cols.length),
    scorecard,
    *scorecards() {
      for (let i = 0; i < cols.length; i++) yield scorecard(i);
    },
    matrix,
    report: () => {
      detachStore(cols);
      return {
        format: REPORT_FORMAT,
        matrix: matrix(),
        scorecards: lazyList(cols.length, scorecard),
        series: lazyList(cols.seriesCount, cols.series),
        warnings: cols.warnings as ReportIssue[],
        errors: [...cols.errors],
      };
    },
  };
  // The batch's store stands behind these columns too, with which rows have category results.
  const inner = storeOf(cols);
  if (inner) registerStore(out, inner.s, inner.sel, (i) => hasCategoryResults(i, runs));
  return out;
}

function parityColumns(m: CompiledMatrix, runs: readonly CategoryColumns[], n: number): ParityColumns[] {
  const specs = m.matrix.disaggregations ?? {};
  const out: ParityColumns[] = [];
  for (const dimension of Object.keys(specs).sort()) {
    const p = specs[dimension]!.parity;
    if (!p) continue;
    const num = runs.find((r) => r.dimension === dimension && r.category === p.numerator);
    const den = runs.find((r) => r.dimension === dimension && r.category === p.denominator);
    const overall = new Float64Array(n).fill(Number.NaN);
    if (num && den)
      for (let i = 0; i < n; i++) {
        const b = den.overall[i]!;
        if (b !== 0) overall[i] = num.overall[i]! / b;
      }
    out.push(Object.freeze({ dimension, numerator: p.numerator, denominator: p.denominator, overall }));
  }
  return out;
}

/** `report.matrix.disaggregations`: each dimension's categories (sorted) and parity settings. */
export function reportDisaggregations(m: CompiledMatrix): NonNullable<ReportMatrix['disaggregations']> {
  const out: NonNullable<ReportMatrix['disaggregations']> = {};
  const specs = m.matrix.disaggregations ?? {};
  for (const dim of Object.keys(specs).sort()) {
    const categories: string[] = [];
    for (const v of m.categoryViews ?? []) if (v.dimension === dim) categories.push(v.category);
    const p = specs[dim]!.parity;
    out[dim] = p
      ? {
          categories,
          parity: {
            numerator: p.numerator,
            denominator: p.denominator,
            bands: (p.bands ?? []).map((b) => ({
              id: b.id,
              label: canonical(b.label),
              ...(b.maxDeviation !== undefined ? { maxDeviation: b.maxDeviation } : {}),
              ...(b.code !== undefined ? { code: b.code } : {}),
            })),
          },
        }
      : { categories };
  }
  return out;
}

function canonical(t: string | Readonly<Record<string, string>>): string | Record<string, string> {
  if (typeof t === 'string') return t;
  const out: Record<string, string> = {};
  for (const k of Object.keys(t).sort()) out[k] = t[k]!;
  return out;
}
