/**
 * The limit the engine is measured against: a hand-written kernel that computes the same numbers as
 * `score()` — indicator scores (progress, clamp, "maintain" tolerance, goalposts, level scores),
 * carry-forward of missing values, theme scores and the overall score (weighted arithmetic means
 * under the `reweight`/`carryForward` coverage rule) — on flat typed arrays, allocating nothing per
 * entity-year.
 *
 * Everything that is not arithmetic is done once, before timing, by {@link pack}: indicator
 * parameters are read from the compiled matrix into typed arrays, observations are laid out as one
 * number per indicator per entity-year (NaN when missing), qualitative levels as their index into a
 * per-indicator table of level scores (the kernel looks the score up), and **formula values are
 * precomputed** by evaluating the compiled formula once per entity-year (NaN when an input is missing).
 */
import type { CompiledMatrix } from '../src/matrix/compiled';
import type { Assessment, Observation } from '../src/schema/assessment';

const K_TARGET = 0;
const K_MAINTAIN = 1;
const K_GOALPOSTS = 2;
const K_LEVELS = 3;
const K_NONE = 4;

/** Indicator parameters and observations as typed arrays. */
export interface Packed {
  readonly rows: number;
  readonly nInd: number;
  readonly nThemes: number;
  /** Entity number per row; rows of one entity are consecutive, years ascending. */
  readonly entity: Int32Array;
  readonly year: Int32Array;
  /** rows × nInd: the value, or the level index for qualitative indicators; NaN when missing. */
  readonly values: Float64Array;
  readonly kind: Int32Array;
  readonly baseline: Float64Array;
  readonly baselineYear: Float64Array;
  readonly target: Float64Array;
  readonly tolerance: Float64Array;
  readonly gpMin: Float64Array;
  readonly gpMax: Float64Array;
  readonly gpLog: Int32Array;
  readonly decrease: Int32Array;
  readonly weight: Float64Array;
  /** Level scores of all qualitative indicators, concatenated; `levelStart[i]` is indicator i's first. */
  readonly levelScores: Float64Array;
  readonly levelStart: Int32Array;
  /** Indicators of theme t are `themeInd[themeStart[t] … themeStart[t + 1])`, in matrix order. */
  readonly themeStart: Int32Array;
  readonly themeInd: Int32Array;
  readonly themeWeight: Float64Array;
  readonly minCoverage: number;
  readonly carryYears: number;
  /**
   * A category's pack (issue 16) holds only the indicators that can have a value for it; per theme,
   * the weight of the matrix's other indicators (never scored: they only lower the coverage), and
   * whether the theme has any indicator in the matrix (it then takes part in the overall).
   */
  readonly themeOtherWeight?: Float64Array;
  readonly themeHasIndicators?: Uint8Array;
}

/** What the kernel writes: NaN where `score()` gives null. */
export interface KernelOut {
  readonly indicator: Float64Array;
  readonly theme: Float64Array;
  readonly overall: Float64Array;
}

/** How an observation (or formula input) gives the number packed: the total, or a category's value. */
type ReadValue = (o: Observation | undefined) => number | undefined;
const totalValue: ReadValue = (o) => (o === undefined || o.missing !== undefined ? undefined : o.value);

/**
 * Lay out each category of a matrix with `disaggregations` (issue 16) for {@link kernel}: its compact
 * matrix (its own baseline, targets, goalposts; only the indicators that can have a value for it) on
 * the category's values (`breakdown[dimension][category]`), with the weight of the others per theme.
 */
export function packCategories(m: CompiledMatrix, list: readonly Assessment[]): Packed[] {
  return (m.categoryViews ?? []).map((view) => {
    const { dimension: d, category: c } = view;
    const p = pack(view.compact.matrix, list, (o) => o?.breakdown?.[d]?.[c]);
    const kept = new Set(view.compact.indicators);
    const other = new Float64Array(view.matrix.themes.length);
    const has = new Uint8Array(view.matrix.themes.length);
    view.matrix.themes.forEach((th, t) => {
      has[t] = th.indicators.length > 0 ? 1 : 0;
      for (const k of th.indicators) if (!kept.has(k)) other[t]! += view.matrix.indicators[k]!.weight;
    });
    return { ...p, themeOtherWeight: other, themeHasIndicators: has };
  });
}

/** Lay out a compiled matrix and assessments (one per entity-year, grouped by entity) for {@link kernel}. */
export function pack(
  m: CompiledMatrix,
  list: readonly Assessment[],
  readValue: ReadValue = totalValue,
): Packed {
  if (
    m.scoring.indicators !== 'arithmetic' ||
    m.scoring.themes !== 'arithmetic' ||
    m.scoring.overall !== 'themes'
  )
    throw new Error('the kernel implements arithmetic means over themes only');
  if (m.scoring.missing === 'zero') throw new Error('the kernel implements reweight and carryForward only');
  const n = m.indicators.length;
  const rows = list.length;
  const kind = new Int32Array(n);
  const baseline = new Float64Array(n).fill(Number.NaN);
  const baselineYear = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  const target = new Float64Array(n).fill(Number.NaN);
  const tolerance = new Float64Array(n);
  const gpMin = new Float64Array(n);
  const gpMax = new Float64Array(n);
  const gpLog = new Int32Array(n);
  const decrease = new Int32Array(n);
  const weight = new Float64Array(n);
  const levelStart = new Int32Array(n + 1);
  const scores: number[] = [];
  const levelIndex: Map<string, number>[] = [];
  m.indicators.forEach((ind, i) => {
    const T = ind.targets[ind.targets.length - 1];
    if (ind.baseline) {
      baseline[i] = ind.baseline.value;
      baselineYear[i] = ind.baseline.year;
    }
    if (T) target[i] = T.value;
    tolerance[i] = ind.tolerance;
    weight[i] = ind.weight;
    decrease[i] = ind.direction === 'decrease' ? 1 : 0;
    if (ind.goalposts) {
      gpMin[i] = ind.goalposts.min;
      gpMax[i] = ind.goalposts.max;
      gpLog[i] = ind.goalposts.log ? 1 : 0;
    }
    levelStart[i] = scores.length;
    const idx = new Map<string, number>();
    if (ind.levels) for (const [id, s] of ind.levels) idx.set(id, scores.push(s) - 1 - levelStart[i]!);
    levelIndex.push(idx);
    kind[i] =
      ind.normalisation === 'levels'
        ? K_LEVELS
        : ind.normalisation === 'goalposts'
          ? K_GOALPOSTS
          : ind.normalisation === 'none'
            ? K_NONE
            : ind.direction === 'maintain'
              ? K_MAINTAIN
              : K_TARGET;
  });
  levelStart[n] = scores.length;

  const entity = new Int32Array(rows);
  const year = new Int32Array(rows);
  const values = new Float64Array(rows * n).fill(Number.NaN);
  let e = -1;
  let prevEntity: string | undefined;
  list.forEach((a, r) => {
    if (a.entity !== prevEntity) {
      e++;
      prevEntity = a.entity;
    }
    entity[r] = e;
    year[r] = a.year;
    const row = values.subarray(r * n, (r + 1) * n);
    m.indicators.forEach((ind, i) => {
      if (ind.formula) {
        const scope: Record<string, number> = {};
        for (const s of ind.formula.compiled.symbols) scope[s] = readValue(a.observations[s]) ?? Number.NaN;
        const v = ind.formula.compiled.evaluate(scope);
        row[i] = Number.isFinite(v) ? v : Number.NaN;
        return;
      }
      const o = a.observations[ind.id];
      if (o?.level !== undefined && o.missing === undefined && readValue === totalValue) {
        row[i] = levelIndex[i]!.get(o.level)!;
        return;
      }
      const v = readValue(o);
      if (v !== undefined) row[i] = v;
    });
  });

  const themeStart = new Int32Array(m.themes.length + 1);
  const themeInd: number[] = [];
  m.themes.forEach((th, t) => {
    themeStart[t] = themeInd.length;
    themeInd.push(...th.indicators);
  });
  themeStart[m.themes.length] = themeInd.length;
  return {
    rows,
    nInd: n,
    nThemes: m.themes.length,
    entity,
    year,
    values,
    kind,
    baseline,
    baselineYear,
    target,
    tolerance,
    gpMin,
    gpMax,
    gpLog,
    decrease,
    weight,
    levelScores: Float64Array.from(scores),
    levelStart,
    themeStart,
    themeInd: Int32Array.from(themeInd),
    themeWeight: Float64Array.from(m.themes.map((t) => t.weight)),
    minCoverage: m.scoring.minCoverage,
    carryYears: m.scoring.missing === 'carryForward' ? m.scoring.maxYears : -1,
  };
}

/** Output buffers for {@link kernel}. */
export function kernelOut(p: Packed): KernelOut {
  return {
    indicator: new Float64Array(p.rows * p.nInd),
    theme: new Float64Array(p.rows * p.nThemes),
    overall: new Float64Array(p.rows),
  };
}

/** Carry-forward state, one slot per indicator (reset at each new entity). */
export interface KernelState {
  readonly lastYear: Float64Array;
  readonly lastValue: Float64Array;
}

export function kernelState(p: Packed): KernelState {
  return { lastYear: new Float64Array(p.nInd), lastValue: new Float64Array(p.nInd) };
}

/** Score every row of `p` into `out`. No allocation, no objects: typed arrays and numbers only. */
export function kernel(p: Packed, out: KernelOut, st: KernelState): void {
  const n = p.nInd;
  const { values, kind, baseline, baselineYear, target, tolerance, weight, levelScores, levelStart } = p;
  const { lastYear, lastValue } = st;
  const carry = p.carryYears;
  const minCov = p.minCoverage;
  let entity = -1;
  for (let r = 0; r < p.rows; r++) {
    const t = p.year[r]!;
    if (p.entity[r] !== entity) {
      entity = p.entity[r]!;
      lastYear.fill(Number.NEGATIVE_INFINITY);
    }
    const base = r * n;
    for (let i = 0; i < n; i++) {
      let v = values[base + i]!;
      const k = kind[i]!;
      if (!Number.isNaN(v)) {
        if (k === K_LEVELS) v = levelScores[levelStart[i]! + v]!;
        lastYear[i] = t;
        lastValue[i] = v;
      } else if (carry >= 0 && t - lastYear[i]! <= carry && lastYear[i]! < t) {
        v = lastValue[i]!;
      }
      let s = Number.NaN;
      if (!Number.isNaN(v)) {
        if (k === K_TARGET) {
          const b = baseline[i]!;
          const T = target[i]!;
          if (t >= baselineYear[i]! && T !== b) {
            const q = (v - b) / (T - b);
            s = q <= 0 ? 0 : q > 1 ? 100 : 100 * q;
          }
        } else if (k === K_MAINTAIN) {
          // Within tolerance of the final target; nothing before the baseline year or without a target.
          const T = target[i]!;
          if (t >= baselineYear[i]! && !Number.isNaN(T)) s = Math.abs(v - T) <= tolerance[i]! ? 100 : 0;
        } else if (k === K_LEVELS) {
          s = v;
        } else if (k === K_GOALPOSTS) {
          const lo = p.gpMin[i]!;
          const hi = p.gpMax[i]!;
          let q =
            p.gpLog[i] === 1
              ? v <= 0
                ? 0
                : // The engine rounds logarithm results to 12 significant digits (same bytes in every JS engine).
                  Number(((Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))).toPrecision(12))
              : (v - lo) / (hi - lo);
          q = Math.min(1, Math.max(0, q));
          s = 100 * (p.decrease[i] === 1 ? 1 - q : q);
        }
      }
      out.indicator[base + i] = s;
    }
    // Themes, then overall: weighted arithmetic means over what has a score, null below minCoverage
    // (with the engine's 1e-9 tolerance on coverage).
    let oAll = 0;
    let oCov = 0;
    let oSw = 0;
    let oS = 0;
    const other = p.themeOtherWeight;
    const has = p.themeHasIndicators;
    for (let th = 0; th < p.nThemes; th++) {
      let wAll = other ? other[th]! : 0;
      let sw = 0;
      let s = 0;
      const end = p.themeStart[th + 1]!;
      for (let j = p.themeStart[th]!; j < end; j++) {
        const i = p.themeInd[j]!;
        const w = weight[i]!;
        const x = out.indicator[base + i]!;
        wAll += w;
        if (!Number.isNaN(x)) {
          sw += w;
          s += w * x;
        }
      }
      const cov = wAll > 0 ? Math.min(1, sw / wAll) : 0;
      const score = sw > 0 && cov + 1e-9 >= minCov ? s / sw : Number.NaN;
      out.theme[r * p.nThemes + th] = score;
      if (has ? has[th] === 1 : end > p.themeStart[th]!) {
        const tw = p.themeWeight[th]!;
        oAll += tw;
        oCov += tw * cov;
        if (!Number.isNaN(score)) {
          oSw += tw;
          oS += tw * score;
        }
      }
    }
    const cov = oAll > 0 ? Math.min(1, oCov / oAll) : 0;
    out.overall[r] = oSw > 0 && cov + 1e-9 >= minCov ? oS / oSw : Number.NaN;
  }
}
