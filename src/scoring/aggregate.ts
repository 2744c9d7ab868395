import type { AggregationMethod } from '../schema/matrix';
import { transcendental } from './_math';

/** One input of an aggregate: a score (null when missing), its weight and the share of its own data. */
export interface Part {
  readonly score: number | null;
  readonly weight: number;
  /** Share of the part's own weight with data (1 for a single reported indicator). */
  readonly coverage: number;
}

/** How missing parts are treated. */
export interface MissingRule {
  /** `reweight`: average over reported parts; `zero`: missing parts count as 0. `carryForward` acts before aggregation and then reweights. */
  readonly policy: 'reweight' | 'zero' | 'carryForward';
  /** Below this weighted coverage the aggregate is null (1e-9 tolerance for rounding). Not applied under `zero`. */
  readonly minCoverage: number;
}

/** The aggregate of parts. */
export interface Aggregate {
  readonly score: number | null;
  /** Weighted share of data over all parts, 0–1. */
  readonly coverage: number;
  /** Parts with a score. */
  readonly reported: number;
  /** Parts in all. */
  readonly total: number;
  /** Why the score is null, if it is. */
  readonly reason?: 'no-parts' | 'no-data' | 'below-min-coverage';
  /** The geometric mean met a zero score and is therefore 0. */
  readonly zeroInGeometric?: boolean;
}

/**
 * Weighted arithmetic mean `Σ wᵢsᵢ / Σ wᵢ`.
 * Assumes non-empty input with positive weights.
 */
export function arithmeticMean(scores: readonly number[], weights: readonly number[]): number {
  return arithmeticOf(scores, weights, scores.length);
}

/** {@link arithmeticMean} of the first `n` entries (typed arrays as scratch space). */
export function arithmeticOf(scores: ArrayLike<number>, weights: ArrayLike<number>, n: number): number {
  let sw = 0;
  let s = 0;
  for (let i = 0; i < n; i++) {
    sw += weights[i]!;
    s += weights[i]! * scores[i]!;
  }
  return s / sw;
}

/**
 * Weighted geometric mean `exp(Σ wᵢ ln sᵢ / Σ wᵢ)`. Rule for zeros: any zero score makes the mean 0
 * (the limit of the formula; never NaN). The result is kept within [min, arithmetic mean] so that
 * rounding can never break the inequality geometric ≤ arithmetic.
 */
export function geometricMean(scores: readonly number[], weights: readonly number[]): number {
  return geometricOf(scores, weights, scores.length);
}

/** {@link geometricMean} of the first `n` entries. */
export function geometricOf(scores: ArrayLike<number>, weights: ArrayLike<number>, n: number): number {
  let sw = 0;
  let sl = 0;
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (s <= 0) return 0;
    if (s < min) min = s;
    sw += weights[i]!;
    sl += weights[i]! * Math.log(s);
  }
  const g = Math.max(transcendental(Math.exp(sl / sw)), min);
  const a = arithmeticOf(scores, weights, n);
  return g > a ? a : g;
}

/**
 * Aggregate parts by a weighted mean under a missing-data rule. Coverage is the weighted share of
 * data; under `reweight` (and after `carryForward`) the mean is taken over reported parts and is
 * null below `minCoverage`; under `zero`, missing parts count as 0.
 */
export function aggregate(parts: readonly Part[], method: AggregationMethod, rule: MissingRule): Aggregate {
  const total = parts.length;
  if (total === 0) return { score: null, coverage: 0, reported: 0, total, reason: 'no-parts' };
  let wAll = 0;
  let wCov = 0;
  const scores: number[] = [];
  const weights: number[] = [];
  for (const p of parts) {
    wAll += p.weight;
    wCov += p.weight * p.coverage;
    if (p.score !== null) {
      scores.push(p.score);
      weights.push(p.weight);
    } else if (rule.policy === 'zero') {
      scores.push(0);
      weights.push(p.weight);
    }
  }
  const coverage = Math.min(1, wCov / wAll);
  const reported = parts.reduce((n, p) => n + (p.score === null ? 0 : 1), 0);
  if (scores.length === 0) return { score: null, coverage, reported, total, reason: 'no-data' };
  if (rule.policy !== 'zero' && (reported === 0 || coverage + 1e-9 < rule.minCoverage)) {
    return {
      score: null,
      coverage,
      reported,
      total,
      reason: reported === 0 ? 'no-data' : 'below-min-coverage',
    };
  }
  if (method === 'geometric') {
    const score = geometricMean(scores, weights);
    return score === 0 && scores.some((s) => s <= 0)
      ? { score, coverage, reported, total, zeroInGeometric: true }
      : { score, coverage, reported, total };
  }
  return { score: arithmeticMean(scores, weights), coverage, reported, total };
}

/** The band of a score: the highest band whose `min` the score reaches (with 1e-9 tolerance for rounding). */
export function band(
  score: number | null,
  bands: readonly { readonly id: string; readonly min: number }[],
): string | null {
  if (score === null) return null;
  let hit: string | null = null;
  for (const b of bands) {
    if (score + 1e-9 >= b.min) hit = b.id;
    else break;
  }
  return hit;
}

/**
 * Weighted harmonic mean `Σ wᵢ / Σ (wᵢ / sᵢ)` of the first `n` entries. Rule for zeros: any zero
 * score makes the mean 0 (the limit; never NaN). Kept within [min, max] of the scores.
 */
export function harmonicOf(scores: ArrayLike<number>, weights: ArrayLike<number>, n: number): number {
  let sw = 0;
  let si = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (s <= 0) return 0;
    if (s < min) min = s;
    if (s > max) max = s;
    sw += weights[i]!;
    si += weights[i]! / s;
  }
  const h = sw / si;
  return h < min ? min : h > max ? max : h;
}

/**
 * Weighted generalised (power) mean `(Σ wᵢ sᵢᵖ / Σ wᵢ)^(1/p)` of the first `n` entries: arithmetic
 * for p = 1, geometric for p = 0, harmonic for p = −1 (computed by those functions exactly). For
 * p < 0 a zero score makes the mean 0 (the limit). Kept within [min, max] of the scores.
 */
export function powerMeanOf(
  scores: ArrayLike<number>,
  weights: ArrayLike<number>,
  n: number,
  p: number,
): number {
  if (p === 1) return arithmeticOf(scores, weights, n);
  if (p === 0) return geometricOf(scores, weights, n);
  if (p === -1) return harmonicOf(scores, weights, n);
  let sw = 0;
  let sp = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (s <= 0 && p < 0) return 0;
    if (s < min) min = s;
    if (s > max) max = s;
    sw += weights[i]!;
    sp += weights[i]! * s ** p;
  }
  const g = transcendental((sp / sw) ** (1 / p));
  return g < min ? min : g > max ? max : g;
}
