import { dimensionIds } from '../dimensions';
import type { IndicatorResult } from '../schema/report';
import { band } from './aggregate';
import type { CategoryResults } from './category-store';
import { type ColumnStore, detachInputs, STATUS } from './columns';
import type { ScoreColumns } from './score-columns';
import { yearPlan } from './year-plan';

/** The store and selected rows behind a scored batch (and, with categories, which rows have category results). */
export interface StoreOf {
  readonly s: ColumnStore;
  readonly sel: readonly number[];
  /** Issue 16: whether entity-year `i`'s scorecard has per-category results on an indicator. */
  readonly byCategory?: (i: number) => boolean;
}

/** The store and selected rows behind a scored batch, for the per-category results (issue 16). */
const stores = new WeakMap<ScoreColumns, StoreOf>();

/** Remember the store behind `cols` (called by the columnar core when it builds a batch). */
export function registerStore(
  cols: ScoreColumns,
  s: ColumnStore,
  sel: readonly number[],
  byCategory?: (i: number) => boolean,
): void {
  stores.set(cols, byCategory ? { s, sel, byCategory } : { s, sel });
}

/** The store and selected rows behind `cols`, when `cols` is a batch's own columns. */
export function storeOf(cols: ScoreColumns): StoreOf | undefined {
  return stores.get(cols);
}

/** {@link detachInputs} for the store behind `cols`, when it is known. */
export function detachStore(cols: ScoreColumns): void {
  const inner = stores.get(cols);
  if (inner) detachInputs(inner.s);
}

/** A category's result for one indicator: what `indicator.byCategory[dimension][category]` holds. */
export type CategoryIndicator = Pick<IndicatorResult, 'value' | 'score' | 'progress' | 'expected' | 'status'>;

/** An aggregate of a category: score, band and coverage (and the id of a theme or dimension). */
export interface CategoryAggregate {
  readonly id: string;
  readonly score: number | null;
  readonly band: string | null;
  readonly coverage: number;
}

/** What a category's results need of one row: its aggregates and some indicators. */
export interface CategoryParts {
  readonly overall: {
    readonly score: number | null;
    readonly band: string | null;
    readonly coverage: number;
  };
  readonly themes: readonly CategoryAggregate[];
  readonly dimensions: readonly CategoryAggregate[];
  /** Indicator index (in the matrix) → its result, for the indicators that declare the category or have a value for it. */
  readonly indicators: ReadonlyMap<number, CategoryIndicator>;
}

const nul = (x: number): number | null => (Number.isNaN(x) ? null : x);

/**
 * The parts of store row `row`'s scorecard in a category. `declared` are the indices (in the
 * matrix) of the indicators that declare the category; the category's results have every
 * indicator that can have a value for it.
 */
export function categoryParts(c: CategoryResults, row: number, declared: ReadonlySet<number>): CategoryParts {
  const p = c.plan;
  const bands = p.m.bands;
  const agg = (id: string, x: number, coverage: number): CategoryAggregate => {
    const score = nul(x);
    return { id, score, band: band(score, bands), coverage };
  };
  const a = c.aggregates(row);
  const themes = p.m.themes.map((th, t) => agg(th.id, a.themeScore[t]!, a.themeCoverage[t]!));
  const dimensions = dimensionIds.map((id, d) => agg(id, a.dimScore[d]!, a.dimCoverage[d]!));
  const { id: _id, ...overall } = agg('', c.overallScore[row]!, c.overallCoverage[row]!);
  const yp = yearPlan(p, c.year[row]!);
  const indicators = new Map<number, CategoryIndicator>();
  const n = p.nInd;
  for (let k = 0; k < n; k++) {
    const full = c.toFull[k]!;
    const cell = row * n + k;
    const x = c.value[cell]!;
    if (!declared.has(full) && Number.isNaN(x)) continue;
    const has = !Number.isNaN(x);
    indicators.set(full, {
      value: has ? x : null,
      score: nul(c.score[cell]!),
      progress: nul(c.progress[cell]!),
      expected: has ? nul(yp.expected[k]!) : null,
      status: STATUS[c.status[cell]!]!,
    });
  }
  return { overall, themes, dimensions, indicators };
}
