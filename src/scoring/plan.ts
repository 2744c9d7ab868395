import { dimensionIds } from '../dimensions';
import { slotTable } from '../matrix/check-assessment';
import type { CompiledIndicator, CompiledMatrix } from '../matrix/compiled';
import { finalTarget, isMaintain, maintainTarget, progressSlack } from './progress';

/** How an indicator's score is computed, as a small integer for the column kernels. */
export enum Norm {
  Target = 0,
  Maintain = 1,
  Goalposts = 2,
  Levels = 3,
  None = 4,
  /** Sample-based (see `./normalise-sample`): scored after the whole batch is read. */
  MinMax = 5,
  Percentile = 6,
  Frontier = 7,
}

/** A target as the report prints it: shared, frozen, built once per matrix. */
export type TargetRef = Readonly<{ year: number; value?: number; level?: string }>;

/**
 * Everything about a matrix that does not depend on an observation, compiled once and shared
 * (frozen) by every batch scored against it: per-indicator constants as typed arrays, the
 * formula wiring, the aggregation plan, and the report's copy of the matrix.
 */
export interface ScoringPlan {
  readonly m: CompiledMatrix;
  readonly nInd: number;
  readonly nThemes: number;
  /** Indicator slots `0 … nInd−1`, then the formula inputs: observation id → slot. */
  readonly slotById: ReadonlyMap<string, number>;
  readonly slotIds: readonly string[];
  readonly nSlots: number;
  /** Per indicator, its index among the formula indicators (−1 for others), and how many there are. */
  readonly formulaSlot: Int32Array;
  readonly nFormulas: number;
  readonly norm: Uint8Array;
  readonly qualitative: Uint8Array;
  readonly maintain: Uint8Array;
  /** Indicator weights scaled by one power of two for the matrix (for pooled aggregates). */
  readonly weight: Float64Array;
  /** Indicator weights scaled by a power of two per theme (for theme aggregates). */
  readonly themeIndWeight: Float64Array;
  /** Theme weights scaled by one power of two. */
  readonly themeWeight: Float64Array;
  readonly tolerance: Float64Array;
  /** Baseline value and year (NaN when none). */
  readonly base: Float64Array;
  readonly baseYear: Float64Array;
  /** Final target value (NaN when none) and `T − b` (NaN when either is missing or they are equal). */
  readonly target: Float64Array;
  readonly span: Float64Array;
  readonly slack: Float64Array;
  /** The value a maintain indicator must stay at (NaN when none). */
  readonly maintainAt: Float64Array;
  readonly hasTargets: Uint8Array;
  /** Level ids and scores per qualitative indicator (empty otherwise). */
  readonly levelIds: readonly (readonly string[])[];
  readonly levelIndex: readonly ReadonlyMap<string, number>[];
  readonly targetRef: readonly (TargetRef | null)[];
  /** Per theme, the indicators' indexes; per dimension, its themes' indexes. */
  readonly themeInd: readonly (readonly number[])[];
  /** Per theme, its sub-themes that have indicators somewhere below them (the parts it aggregates). */
  readonly themeChildren: readonly (readonly number[])[];
  /** Per theme, every indicator below it (its own, or its sub-themes'), in matrix order. */
  readonly themeSubInd: readonly (readonly number[])[];
  /** Per theme, how it aggregates ({@link MeanKind}) and the power of a generalised mean. */
  readonly themeMethod: Uint8Array;
  readonly themePower: Float64Array;
  /** Root themes with indicators below them: the parts of the overall. */
  readonly rootParts: readonly number[];
  /** Indicators scored against a sample of entities (minmax, percentile, frontier), in matrix order. */
  readonly sampleInd: readonly number[];
  readonly dimThemes: readonly (readonly number[])[];
  readonly dimThemeIds: readonly (readonly string[])[];
  readonly matrixRef: Readonly<{ id: string; version: string }>;
}

const plans = new WeakMap<CompiledMatrix, ScoringPlan>();

/** The scoring plan of a compiled matrix, built on first use and cached with it. */
export function planFor(m: CompiledMatrix): ScoringPlan {
  let p = plans.get(m);
  if (!p) {
    p = buildPlan(m);
    plans.set(m, p);
  }
  return p;
}

function normOf(ind: CompiledIndicator): Norm {
  switch (ind.normalisation) {
    case 'target':
      return isMaintain(ind) ? Norm.Maintain : Norm.Target;
    case 'goalposts':
      return Norm.Goalposts;
    case 'levels':
      return Norm.Levels;
    case 'minmax':
      return Norm.MinMax;
    case 'percentile':
      return Norm.Percentile;
    case 'frontier':
      return Norm.Frontier;
    default:
      return Norm.None;
  }
}

function targetRefOf(ind: CompiledIndicator): TargetRef | null {
  const T = finalTarget(ind);
  if (!T) return null;
  return Object.freeze(
    T.level !== undefined ? { year: T.year, level: T.level } : { year: T.year, value: T.value },
  );
}

function buildPlan(m: CompiledMatrix): ScoringPlan {
  const n = m.indicators.length;
  const f64 = () => new Float64Array(n).fill(Number.NaN);
  const p = {
    norm: new Uint8Array(n),
    qualitative: new Uint8Array(n),
    maintain: new Uint8Array(n),
    hasTargets: new Uint8Array(n),
    tolerance: f64(),
    base: f64(),
    baseYear: f64(),
    target: f64(),
    span: f64(),
    slack: f64(),
    maintainAt: f64(),
  };
  const levelIds: string[][] = [];
  const levelIndex: Map<string, number>[] = [];
  m.indicators.forEach((ind, k) => {
    p.norm[k] = normOf(ind);
    p.qualitative[k] = ind.kind === 'qualitative' ? 1 : 0;
    p.maintain[k] = isMaintain(ind) ? 1 : 0;
    p.hasTargets[k] = ind.targets.length > 0 ? 1 : 0;
    p.tolerance[k] = ind.tolerance;
    const T = finalTarget(ind);
    if (ind.baseline) {
      p.base[k] = ind.baseline.value;
      p.baseYear[k] = ind.baseline.year;
    }
    if (T) p.target[k] = T.value;
    if (ind.baseline && T && T.value !== ind.baseline.value) p.span[k] = T.value - ind.baseline.value;
    p.slack[k] = progressSlack(ind);
    p.maintainAt[k] = maintainTarget(ind) ?? Number.NaN;
    const ids = ind.levels ? [...ind.levels.keys()] : [];
    levelIds.push(ids);
    levelIndex.push(new Map(ids.map((id, i) => [id, i])));
  });
  const slots = slotTable(m);
  const { weight, themeIndWeight, themeWeight } = weightColumns(m);
  const plan: ScoringPlan = {
    m,
    nInd: n,
    ...formulaSlots(m),
    nThemes: m.themes.length,
    slotById: slots.slotById,
    slotIds: slots.slotIds,
    nSlots: slots.slotIds.length,
    ...p,
    weight,
    themeIndWeight,
    themeWeight,
    levelIds,
    levelIndex,
    targetRef: m.indicators.map(targetRefOf),
    themeInd: m.themes.map((th) => Object.freeze([...th.indicators])),
    ...hierarchyPlan(m),
    sampleInd: Object.freeze(
      m.indicators.filter((ind) => p.norm[ind.index]! >= Norm.MinMax).map((ind) => ind.index),
    ),
    dimThemes: dimensionIds.map((id) => dimensionTops(m, id).map((th) => th.index)),
    dimThemeIds: dimensionIds.map((id) => dimensionTops(m, id).map((th) => th.id)),
    matrixRef: Object.freeze({ id: m.id, version: m.version }),
  };
  return Object.freeze(plan);
}

/** Aggregation method codes of the theme kernels. */
export enum MeanKind {
  Arithmetic = 0,
  Geometric = 1,
  Harmonic = 2,
  Power = 3,
}

const meanKind = { arithmetic: 0, geometric: 1, harmonic: 2, generalised: 3 } as const;

/** The aggregation wiring of the theme tree. */
function hierarchyPlan(m: CompiledMatrix) {
  const subInd: number[][] = m.themes.map(() => []);
  for (const t of m.themeOrder) {
    const th = m.themes[t]!;
    subInd[t] = th.children.length > 0 ? th.children.flatMap((c) => subInd[c]!) : [...th.indicators];
  }
  for (const l of subInd) l.sort((a, b) => a - b);
  const hasContent = (t: number) => subInd[t]!.length > 0;
  return {
    themeChildren: m.themes.map((th) => Object.freeze(th.children.filter(hasContent))),
    themeSubInd: subInd.map((l) => Object.freeze(l)),
    themeMethod: Uint8Array.from(m.themes, (th) => meanKind[th.aggregation]),
    themePower: Float64Array.from(m.themes, (th) => th.power),
    rootParts: Object.freeze(m.rootThemes.filter(hasContent)),
  };
}

/** The topmost themes of a dimension: mapped to it, with a parent that is not (no theme counts twice). */
function dimensionTops(m: CompiledMatrix, id: string) {
  return m.themes.filter(
    (th) => th.dimension === id && (th.parent < 0 || m.themes[th.parent]!.dimension !== id),
  );
}

/** The weight columns of a plan: pooled, per theme and of themes, each scaled by a power of two. */
function weightColumns(m: CompiledMatrix): {
  weight: Float64Array;
  themeIndWeight: Float64Array;
  themeWeight: Float64Array;
} {
  const weight = Float64Array.from(m.indicators, (i) => i.weight);
  scaleWeights(weight);
  const themeIndWeight = Float64Array.from(m.indicators, (i) => i.weight);
  for (const th of m.themes) {
    const ws = Float64Array.from(th.indicators, (k) => themeIndWeight[k]!);
    scaleWeights(ws);
    th.indicators.forEach((k, j) => {
      themeIndWeight[k] = ws[j]!;
    });
  }
  const themeWeight = Float64Array.from(m.themes, (th) => th.weight);
  scaleWeights(themeWeight);
  return { weight, themeIndWeight, themeWeight };
}

/**
 * The plan of `m`, a copy of `base`'s compiled matrix that differs only in indicator and theme
 * weights, theme aggregation and `scoring` (as sensitivity analysis makes them): `base`'s plan with the weights and theme means of
 * `m`, everything else shared. Not cached (variants are many and short-lived).
 */
export function variantPlan(base: ScoringPlan, m: CompiledMatrix): ScoringPlan {
  return Object.freeze({ ...base, m, ...weightColumns(m), ...hierarchyPlan(m) });
}

/**
 * Scale weights up by a power of two so that the largest is at least 1/2. A weighted mean does not
 * change when every weight is scaled, and scaling by a power of two is exact, so ordinary weights
 * give the same bits; tiny (subnormal) weights no longer lose their precision in `w · s`.
 */
function scaleWeights(w: Float64Array): void {
  let max = 0;
  for (const x of w) if (x > max) max = x;
  if (!(max > 0) || max >= 0.5) return;
  const e = -Math.floor(Math.log2(max));
  // 2^e in two steps: 2^1074 alone overflows.
  const half = 2 ** Math.floor(e / 2);
  const rest = 2 ** (e - Math.floor(e / 2));
  for (let i = 0; i < w.length; i++) w[i] = w[i]! * half * rest;
}

function formulaSlots(m: CompiledMatrix): { formulaSlot: Int32Array; nFormulas: number } {
  const formulaSlot = new Int32Array(m.indicators.length).fill(-1);
  let nFormulas = 0;
  m.indicators.forEach((ind, k) => {
    if (ind.formula) formulaSlot[k] = nFormulas++;
  });
  return { formulaSlot, nFormulas };
}
