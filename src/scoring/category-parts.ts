import type { IndicatorResult, Scorecard } from '../schema/report';
import type { CategoryStore } from './category-store';
import { type ColumnStore, detachInputs } from './columns';
import { indicatorOf, scorecardOf } from './materialise';
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

/** What a category's results need of entity-year `i` of its batch: the aggregates and some indicators. */
export interface CategoryParts {
  readonly overall: Scorecard['overall'];
  readonly themes: Scorecard['themes'];
  readonly dimensions: Scorecard['dimensions'];
  /** Indicator index → its result, for the indicators that declare the category or have a value for it. */
  readonly indicators: ReadonlyMap<number, IndicatorResult>;
}

/**
 * The parts of store row `row`'s scorecard in a category, without building the results of
 * indicators the category has nothing for. `declared` are the indices (in the matrix) of the
 * indicators that declare the category; the category's store has every indicator that can have a
 * value for it.
 */
export function categoryParts(c: CategoryStore, row: number, declared: ReadonlySet<number>): CategoryParts {
  const { s, toFull } = c;
  const card = scorecardOf(s, row, false, true);
  const yp = yearPlan(s.plan, s.year[row]!);
  const indicators = new Map<number, IndicatorResult>();
  const n = s.plan.nInd;
  for (let k = 0; k < n; k++) {
    const full = toFull[k]!;
    if (declared.has(full) || !Number.isNaN(s.value[row * n + k]!))
      indicators.set(full, indicatorOf(s, row, k, yp, false));
  }
  return { overall: card.overall, themes: card.themes, dimensions: card.dimensions, indicators };
}
