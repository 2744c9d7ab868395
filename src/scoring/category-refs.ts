import { type CategoryRef, categoryRef } from '../matrix/category-refs';
import type { CompiledIndicator } from '../matrix/compiled';
import type { ColumnStore } from './columns';
import type { Group } from './merge';
import type { ScoringPlan } from './plan';

/** The category reference a formula symbol is (`id__dimension__category`), or null (issue 16). */
export function symbolCategoryRef(
  plan: ScoringPlan,
  ind: CompiledIndicator,
  sym: string,
): CategoryRef | null {
  const f = ind.formula!;
  if (f.inputs.includes(sym) || plan.m.indicatorById.has(sym)) return null;
  return categoryRef(
    sym,
    (id) => (plan.m.inputs.has(id) && f.inputs.includes(id)) || plan.m.indicatorById.has(id),
  );
}

/**
 * The value of a category reference in row `row`: the category's value in the breakdown the
 * assessment gives for the input, or the indicator's (reported or computed) breakdown; `undefined`
 * when it has none, so the formula reports the reference as a missing input.
 */
export function categoryRefValue(
  s: ColumnStore,
  row: number,
  g: Group,
  ref: CategoryRef,
  input: boolean,
  slot: number,
): number | undefined {
  if (input) {
    if (g.excluded?.has(slot) || g.invalid?.has(slot)) return undefined;
    return g.obs[slot]?.breakdown?.[ref.dimension]?.[ref.category];
  }
  if (slot < 0) return undefined;
  return s.breakdown[row * s.plan.nInd + slot]?.[ref.dimension]?.[ref.category];
}

/** The category references' values each formula cell was evaluated with, for its trace. */
const refValues = new WeakMap<ColumnStore, Map<number, Record<string, number>>>();

/** Record the value a category reference had when the formula of `cell` was evaluated. */
export function recordCategoryRef(s: ColumnStore, cell: number, sym: string, v: number): void {
  let byCell = refValues.get(s);
  if (!byCell) {
    byCell = new Map();
    refValues.set(s, byCell);
  }
  const rec = byCell.get(cell) ?? {};
  rec[sym] = v;
  byCell.set(cell, rec);
}

/** The category references' values of a formula cell (undefined when its formula has none). */
export function categoryRefValues(
  s: ColumnStore,
  cell: number,
): Readonly<Record<string, number>> | undefined {
  return refValues.get(s)?.get(cell);
}
