import type { Matrix } from '../schema/matrix';
import type { Rng } from './random';

/**
 * One uncertain choice of the index builder — the weights, an aggregation method, the missing-data
 * policy, which indicators are in — as sensitivity analysis varies it: a value drawn at random and
 * a function from the matrix to the matrix variant for that value. Every varied choice is one
 * input of the variance decomposition; its value is drawn from its own seeded stream.
 *
 * Adding a choice is one more entry of this shape, e.g. a normalisation choice:
 *
 * ```ts
 * const normalisation: Choice<'target' | 'goalposts'> = {
 *   id: 'normalisation',
 *   description: 'matrix default normalisation: target or goalposts',
 *   draw: (rng) => (rng.next() < 0.5 ? 'target' : 'goalposts'),
 *   apply: (m, v) => ({ ...m, scoring: { ...m.scoring, normalisation: v } }),
 * };
 * ```
 *
 * `apply` must return a new matrix (never change its argument) that is valid whenever the matrix is.
 * A run applies the structure choices first, then the weight and scoring choices, each group in
 * the order the choices are given.
 */
export interface Choice<V = unknown> {
  /** Stable id, unique among the varied choices: names the choice in the output and seeds its stream. */
  readonly id: string;
  /** What is varied and how, in words (English), for the output. */
  readonly description: string;
  /** Draw one value. Must use only `rng` (no other randomness), so a seed reproduces the analysis. */
  draw(rng: Rng): V;
  /** The matrix variant for a value. */
  apply(matrix: Matrix, value: V): Matrix;
  /**
   * What `apply` changes, so that variants are compiled no more often than needed:
   * - `'weights'`: only indicator and theme `weight`s;
   * - `'scoring'`: only `scoring.aggregation.indicators|themes` and `scoring.missing`;
   * - `'structure'` (the default): anything else. Such variants are checked and compiled, once
   *   per distinct {@link Choice.key} of the structure choices' values, and cached.
   * Weight and scoring variants reuse the compiled structure with those fields re-read.
   */
  readonly changes?: 'weights' | 'scoring' | 'structure';
  /** A string that is equal for values giving the same matrix (default `JSON.stringify`). */
  key?(value: V): string;
}
