import type { CategoryRef } from '../matrix/category-refs';
import type { CompiledIndicator } from '../matrix/compiled';
import { MAX_MAGNITUDE } from '../schema/_common';
import { warning } from './_issues';
import { categoryRefValue, recordCategoryRef, symbolCategoryRef } from './category-refs';
import { addWarning, type Breakdown, type ColumnStore, F_FORMULA, rawCell } from './columns';
import type { Group } from './merge';
import type { ScoringPlan } from './plan';

/** What a formula gives for one entity-year: a value (and per-category values), or why not. */
export type FormulaResult = { value: number; breakdown?: Breakdown } | string;

/**
 * Evaluate a formula indicator for row `row` from the group's formula inputs and the values of
 * the indicators it reads (already in the row, as the evaluation order puts formulas after what
 * they read). The evaluated result is kept in `raw` for the trace.
 */
export function evaluateFormula(
  s: ColumnStore,
  row: number,
  ind: CompiledIndicator,
  g: Group,
): FormulaResult {
  const plan = s.plan;
  const f = ind.formula!;
  const scope: Record<string, number> = {};
  const missing: string[] = [];
  const symBreakdowns: (Readonly<Record<string, Readonly<Record<string, number>>>> | undefined)[] = [];
  const nInputs = plan.nSlots - plan.nInd;
  for (const { sym, input, slot, ref } of symbolsOf(plan, ind)) {
    if (ref) {
      const v = categoryRefValue(s, row, g, ref, input, slot);
      if (v === undefined) missing.push(sym);
      else {
        scope[sym] = v;
        recordCategoryRef(s, row * plan.nInd + ind.index, sym, v);
        symBreakdowns.push(undefined);
      }
    } else if (input) {
      const obs = g.obs[slot];
      if (g.excluded?.has(slot)) missing.push(`${sym} (${g.excluded.get(slot)})`);
      else if (g.invalid?.has(slot)) missing.push(`${sym} (reported with an invalid value)`);
      else if (obs?.value === undefined)
        missing.push(obs?.missing ? `${sym} (reported missing: ${obs.missing})` : sym);
      else {
        scope[sym] = obs.value;
        s.inputValue[row * nInputs + slot - plan.nInd] = obs.value;
        symBreakdowns.push(obs.breakdown);
      }
    } else {
      const cell = slot < 0 ? -1 : row * plan.nInd + slot;
      if (cell < 0 || Number.isNaN(s.value[cell]!)) missing.push(sym);
      else {
        scope[sym] = s.value[cell]!;
        symBreakdowns.push(s.breakdown[cell]);
      }
    }
  }
  if (missing.length > 0) return `missing input${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`;
  let value: number;
  try {
    value = f.compiled.evaluate(scope);
  } catch (e) {
    return `formula could not be evaluated: ${e instanceof Error ? e.message : String(e)}`;
  }
  // The numeric contract (docs/method.md): a formula result is rounded to 12 significant digits
  // before it is scored or compared with a target, so 57 / 100 * 100 is 57, not 56.99999999999999.
  value = formulaPrecision(value);
  const cell = row * plan.nInd + ind.index;
  s.raw[rawCell(plan, row, ind.index)] = value;
  s.flags[cell]! |= F_FORMULA;
  if (!Number.isFinite(value)) {
    return `formula result is not a finite number (${String(value)}), e.g. a division by zero`;
  }
  if (Math.abs(value) > MAX_MAGNITUDE) {
    return `formula result ${value} is beyond ±${MAX_MAGNITUDE}, the largest magnitude mgi-engine scores`;
  }
  // Issue 16: a formula that reads categories by name is about the total only: no breakdown.
  const byName = symbolsOf(plan, ind).some((x) => x.ref !== undefined);
  const breakdown = byName
    ? undefined
    : categoryResults(ind, symBreakdowns, (msg) =>
        addWarning(s, row, warning('breakdown-dropped', `${ind.id}: ${msg}`, g.entity, g.year, ind.id)),
      );
  return breakdown ? { value, breakdown } : { value };
}

/** Per-category results when every symbol has the same categories for a breakdown dimension. */
function categoryResults(
  ind: CompiledIndicator,
  symBreakdowns: readonly (Readonly<Record<string, Readonly<Record<string, number>>>> | undefined)[],
  warn: (message: string) => void,
) {
  if (symBreakdowns.length === 0 || symBreakdowns.every((b) => b === undefined)) return undefined;
  // Issue 19 #11: what cannot be computed per category is said, never dropped silently.
  if (!symBreakdowns.every((b) => b !== undefined)) {
    warn('no breakdown is computed, because only some of its inputs have one');
    return undefined;
  }
  const f = ind.formula!;
  let breakdown: Breakdown | undefined;
  const first = symBreakdowns[0]!;
  for (const dim of Object.keys(first).sort()) {
    const cats = Object.keys(first[dim]!).sort();
    const same = symBreakdowns.every((b) => {
      const c = b![dim];
      return c !== undefined && Object.keys(c).sort().join('\u0000') === cats.join('\u0000');
    });
    if (!same) {
      warn(`the "${dim}" breakdown is not computed, because its inputs have different categories`);
      continue;
    }
    const out: Record<string, number> = {};
    for (const cat of cats) {
      const sc: Record<string, number> = {};
      f.compiled.symbols.forEach((sym, k) => {
        sc[sym] = symBreakdowns[k]![dim]![cat]!;
      });
      let v: number;
      try {
        v = f.compiled.evaluate(sc);
      } catch (e) {
        warn(
          `category "${cat}" of "${dim}" could not be evaluated (${e instanceof Error ? e.message : String(e)}); it is left out`,
        );
        continue;
      }
      if (Number.isFinite(v)) out[cat] = formulaPrecision(v);
      else warn(`category "${cat}" of "${dim}" has no finite result (${String(v)}); it is left out`);
    }
    breakdown ??= {};
    breakdown[dim] = out;
  }
  return breakdown;
}

/** A formula's symbol: a formula input (its slot) or an indicator (its index; −1 when unknown). */
interface Sym {
  readonly sym: string;
  readonly input: boolean;
  readonly slot: number;
  /** Issue 16: the symbol reads one category of the input or indicator (`id__dimension__category`). */
  readonly ref?: CategoryRef;
}

const symbolPlans = new WeakMap<CompiledIndicator, readonly Sym[]>();

/** The symbols of a formula indicator resolved once, in the order the formula lists them. */
export function symbolsOf(plan: ScoringPlan, ind: CompiledIndicator): readonly Sym[] {
  let syms = symbolPlans.get(ind);
  if (!syms) {
    const f = ind.formula!;
    syms = f.compiled.symbols.map((sym) => {
      const ref = symbolCategoryRef(plan, ind, sym);
      const id = ref ? ref.id : sym;
      const base =
        plan.m.inputs.has(id) && f.inputs.includes(id)
          ? { sym, input: true, slot: plan.slotById.get(id)! }
          : { sym, input: false, slot: plan.m.indicatorById.get(id)?.index ?? -1 };
      return ref ? { ...base, ref } : base;
    });
    symbolPlans.set(ind, syms);
  }
  return syms;
}

/** Significant digits kept of a formula result. */
export const FORMULA_DIGITS = 12;

/** A formula result rounded to {@link FORMULA_DIGITS} significant digits (non-finite values as they are; never −0). */
export function formulaPrecision(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x === 0 ? 0 : x;
  return Number(x.toPrecision(FORMULA_DIGITS));
}
