/**
 * Variance-based sensitivity indices from the Saltelli design, as pure functions of the model
 * outputs. With two independent sample matrices A and B (N rows each, one column group per input)
 * and, for each input i, the matrix A_B^(i) (A with input i's columns taken from B):
 *
 * - first-order index (Saltelli et al. 2010, table 2 (b)):
 *   `S_i = mean_j( f(B)_j · (f(A_B^i)_j − f(A)_j) ) / V`
 * - total index (Jansen 1999, table 2 (f) of the same paper):
 *   `S_Ti = mean_j( (f(A)_j − f(A_B^i)_j)² ) / (2V)`
 *
 * where V is the variance of the outputs of A and B together. Outputs are centred on the mean of
 * A and B first: it does not change what S_i estimates and removes most of the noise a large mean
 * adds to the product. Cost: N · (k + 2) model runs for k inputs.
 *
 * Rows where any of the outputs needed is not finite (the model gave no score) are left out of
 * that index; `used` says how many rows each index rests on.
 */

/** The indices of one input. */
export interface InputIndices {
  /** First-order index S_i: the share of the variance due to this input alone. NaN when V = 0. */
  readonly first: number;
  /** Total index S_Ti: the share due to this input with all its interactions. NaN when V = 0. */
  readonly total: number;
  /** Rows used for this input's estimates. */
  readonly used: number;
}

/** The indices of every input, with the output variance they are shares of. */
export interface SobolIndices {
  /** Variance of the finite outputs of A and B (population variance, divisor n). */
  readonly variance: number;
  /** Mean of the finite outputs of A and B. */
  readonly mean: number;
  /** Per input, in the order of `fAB`. */
  readonly inputs: readonly InputIndices[];
}

/**
 * First-order (Saltelli 2010) and total (Jansen) indices from model outputs.
 *
 * @param fA - f at the N rows of A.
 * @param fB - f at the N rows of B.
 * @param fAB - per input i, f at the N rows of A_B^(i).
 * @throws RangeError when the lengths differ.
 */
export function sobolIndices(
  fA: ArrayLike<number>,
  fB: ArrayLike<number>,
  fAB: readonly ArrayLike<number>[],
): SobolIndices {
  const n = fA.length;
  if (fB.length !== n) throw new RangeError(`f(A) has ${n} values and f(B) ${fB.length}`);
  for (const [i, f] of fAB.entries())
    if (f.length !== n) throw new RangeError(`f(A_B^${i}) has ${f.length} values, not ${n}`);
  const { mean, variance } = meanVariance(fA, fB);
  const inputs = fAB.map((f) => indicesOf(fA, fB, f, mean, variance));
  return { mean, variance, inputs };
}

/** Mean and population variance of the finite values of two samples together. */
export function meanVariance(x: ArrayLike<number>, y: ArrayLike<number>): { mean: number; variance: number } {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  // Welford's update: stable for outputs with a large mean and a small spread.
  const add = (v: number) => {
    if (!Number.isFinite(v)) return;
    n++;
    const d = v - mean;
    mean += d / n;
    m2 += d * (v - mean);
  };
  for (let j = 0; j < x.length; j++) add(x[j]!);
  for (let j = 0; j < y.length; j++) add(y[j]!);
  return n === 0 ? { mean: Number.NaN, variance: Number.NaN } : { mean, variance: m2 / n };
}

function indicesOf(
  fA: ArrayLike<number>,
  fB: ArrayLike<number>,
  fABi: ArrayLike<number>,
  mean: number,
  variance: number,
): InputIndices {
  let used = 0;
  let first = 0;
  let total = 0;
  for (let j = 0; j < fA.length; j++) {
    const a = fA[j]! - mean;
    const b = fB[j]! - mean;
    const ab = fABi[j]! - mean;
    if (!Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(ab)) continue;
    used++;
    first += b * (ab - a);
    total += (a - ab) * (a - ab);
  }
  if (!(variance > 0) || used === 0) return { first: Number.NaN, total: Number.NaN, used };
  return { first: first / used / variance, total: total / used / (2 * variance), used };
}
