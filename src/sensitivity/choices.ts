/**
 * The built-in choices sensitivity analysis varies, each a {@link Choice}: indicator and theme
 * weights (uniform ± a range, or Dirichlet around the given weights), the aggregation method of
 * indicators → theme and of themes → overall, the missing-data policy, the default normalisation,
 * and dropping one indicator.
 */
import type { AggregationMethod, Indicator, Matrix, NormalisationMethod, Theme } from '../schema/matrix';
import type { Choice } from './choice';
import { gamma, type Rng, uniformInt } from './random';

/** How weights vary: each multiplied by U(1 − range, 1 + range), or Dirichlet with this concentration. */
export type WeightSpread = { readonly range: number } | { readonly dirichlet: number };

type Policy = 'reweight' | 'zero' | 'carryForward';
const weightOf = (x: { readonly weight?: number | undefined }): number => x.weight ?? 1;

/**
 * Indicator weights. Uniform: every weight times its own U(1 − r, 1 + r). Dirichlet: within each
 * theme, the weights' shares are drawn from Dirichlet(c · w / Σw) (mean: the given shares; larger c,
 * closer to them) and the theme keeps its total weight. Indicators absent from a variant (dropped)
 * are left out and the shares of the others renormalised, which is again Dirichlet.
 */
export function indicatorWeights(matrix: Matrix, spread: WeightSpread): Choice<Float64Array> {
  const ids = matrix.indicators.map((i) => i.id);
  const pos = new Map(ids.map((id, k) => [id, k]));
  const groupOf = matrix.indicators.map((i) => i.theme);
  return {
    id: 'indicator-weights',
    description: describe('indicator weights', spread, 'within each theme'),
    changes: 'weights',
    draw: drawWeights(matrix.indicators, groupOf, spread),
    apply(m, v) {
      const next = reweighted(
        m.indicators,
        (ind) => pos.get(ind.id),
        (ind) => ind.theme,
        v,
        spread,
      );
      return { ...m, indicators: next as Indicator[] };
    },
  };
}

/** Theme weights, as {@link indicatorWeights} with all themes as one group. */
export function themeWeights(matrix: Matrix, spread: WeightSpread): Choice<Float64Array> {
  const pos = new Map(matrix.themes.map((t, k) => [t.id, k]));
  return {
    id: 'theme-weights',
    description: describe('theme weights', spread, 'across themes'),
    changes: 'weights',
    draw: drawWeights(
      matrix.themes,
      matrix.themes.map(() => ''),
      spread,
    ),
    apply(m, v) {
      const next = reweighted(
        m.themes,
        (t) => pos.get(t.id),
        () => '',
        v,
        spread,
      );
      return { ...m, themes: next as Theme[] };
    },
  };
}

function describe(what: string, spread: WeightSpread, where: string): string {
  return 'range' in spread
    ? `${what} × U(${1 - spread.range}, ${1 + spread.range}), independently`
    : `${what}: Dirichlet ${where}, concentration ${spread.dirichlet}, mean the given weights`;
}

/**
 * Draw per item a multiplier (uniform) or a Gamma(c · share in its group) variate (Dirichlet; the
 * variates are normalised per group in `apply`, so that dropped items can be left out).
 */
function drawWeights(
  items: readonly { readonly weight?: number | undefined }[],
  group: readonly string[],
  spread: WeightSpread,
): (rng: Rng) => Float64Array {
  const total = new Map<string, number>();
  items.forEach((x, k) => total.set(group[k]!, (total.get(group[k]!) ?? 0) + weightOf(x)));
  const shape = items.map((x, k) =>
    'dirichlet' in spread ? (spread.dirichlet * weightOf(x)) / total.get(group[k]!)! : 0,
  );
  return (rng) => {
    const out = new Float64Array(items.length);
    for (let k = 0; k < items.length; k++)
      out[k] = 'range' in spread ? 1 + spread.range * (2 * rng.next() - 1) : gamma(rng, shape[k]!);
    return out;
  };
}

function reweighted<T extends { readonly weight?: number | undefined }>(
  items: readonly T[],
  position: (x: T) => number | undefined,
  group: (x: T) => string,
  v: Float64Array,
  spread: WeightSpread,
): T[] {
  if ('range' in spread)
    return items.map((x) => {
      const k = position(x);
      return k === undefined ? x : { ...x, weight: weightOf(x) * v[k]! };
    });
  // Dirichlet: per group, the given total split in proportion to the Gamma variates.
  const sums = new Map<string, { w: number; g: number }>();
  for (const x of items) {
    const k = position(x);
    if (k === undefined) continue;
    const s = sums.get(group(x)) ?? { w: 0, g: 0 };
    s.w += weightOf(x);
    s.g += v[k]!;
    sums.set(group(x), s);
  }
  return items.map((x) => {
    const k = position(x);
    const s = sums.get(group(x));
    if (k === undefined || !s) return x;
    const w = (s.w * v[k]!) / s.g;
    // All variates can underflow to 0 for tiny concentrations: keep the given weights then.
    return Number.isFinite(w) && w > 0 ? { ...x, weight: w } : x;
  });
}

/** The aggregation method of one level, arithmetic or geometric with probability 1/2 each. */
export function aggregationMethod(level: 'indicators' | 'themes'): Choice<AggregationMethod> {
  return {
    id: `aggregation:${level}`,
    description:
      level === 'indicators'
        ? 'indicators → theme: arithmetic or geometric mean (1/2 each)'
        : 'themes → overall: arithmetic or geometric mean (1/2 each)',
    changes: 'scoring',
    draw: (rng) => (rng.next() < 0.5 ? 'arithmetic' : 'geometric'),
    apply: (m, v) => ({
      ...m,
      scoring: { ...m.scoring, aggregation: { ...m.scoring?.aggregation, [level]: v } },
    }),
  };
}

/** The missing-data policy, one of `policies` with equal probability (minCoverage and maxYears kept). */
export function missingPolicy(policies: readonly Policy[]): Choice<Policy> {
  return {
    id: 'missing',
    description: `missing-data policy: ${policies.join(', ')} (1/${policies.length} each)`,
    changes: 'scoring',
    draw: (rng) => policies[uniformInt(rng, policies.length)]!,
    apply: (m, v) => ({
      ...m,
      scoring: { ...m.scoring, missing: { ...m.scoring?.missing, policy: v } },
    }),
  };
}

/** The normalisation methods varied by default: the sample ones for a sample matrix, else target and goalposts. */
export function defaultNormalisations(matrix: Matrix): NormalisationMethod[] {
  const d = matrix.scoring?.normalisation ?? 'target';
  return d === 'target' || d === 'goalposts' ? ['target', 'goalposts'] : ['minmax', 'percentile', 'frontier'];
}

/**
 * The matrix's default normalisation (`scoring.normalisation`), one of `methods` with equal
 * probability; indicators that name their own normalisation keep it. It changes indicator scores,
 * so each method is a structure (scored once, then re-aggregated for the other choices).
 */
export function normalisationMethod(methods: readonly NormalisationMethod[]): Choice<NormalisationMethod> {
  return {
    id: 'normalisation',
    description: `default normalisation: ${methods.join(', ')} (1/${methods.length} each)`,
    draw: (rng) => methods[uniformInt(rng, methods.length)]!,
    key: (v) => v,
    apply: (m, v) => ({ ...m, scoring: { ...m.scoring, normalisation: v } }),
  };
}

/**
 * Drop one indicator, or none: each of the `candidates` and "none" with equal probability. The
 * value is the id dropped, `''` for none. Observations of a dropped indicator are ignored.
 */
export function dropIndicator(candidates: readonly string[]): Choice<string> {
  return {
    id: 'drop',
    description: `drop one of ${candidates.length} indicators, or none (1/${candidates.length + 1} each)`,
    draw: (rng) => {
      const k = uniformInt(rng, candidates.length + 1);
      return k === 0 ? '' : candidates[k - 1]!;
    },
    key: (v) => v,
    apply: (m, v) => (v === '' ? m : { ...m, indicators: m.indicators.filter((i) => i.id !== v) }),
  };
}

/**
 * The indicators that can be dropped: those no formula reads (dropping one a formula reads would
 * break the formula), and never the last one of the matrix.
 */
export function droppable(matrix: Matrix): string[] {
  const read = new Set<string>();
  const ids = new Set(matrix.indicators.map((i) => i.id));
  for (const ind of matrix.indicators) {
    if (ind.kind !== 'formula') continue;
    for (const sym of ind.expression.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) if (ids.has(sym)) read.add(sym);
  }
  const out = matrix.indicators.map((i) => i.id).filter((id) => !read.has(id));
  return matrix.indicators.length > 1 ? out : [];
}
