/**
 * A seeded pseudo-random generator and the samplers sensitivity analysis draws from. Deterministic
 * on every platform (32-bit integer arithmetic only, no `Math.random`), so that a seed gives the
 * same samples, and therefore the same bytes of output, everywhere.
 *
 * The generator is xoshiro128** (Blackman and Vigna, 2018): 128 bits of state, period 2^128 − 1,
 * passes BigCrush. The state is filled from the seed by splitmix32, so nearby seeds give unrelated
 * streams. {@link Rng.next} gives a double in [0, 1) with 53 random bits (two 32-bit outputs).
 */

/** A stream of pseudo-random numbers. */
export interface Rng {
  /** A uniform double in [0, 1) with 53 random bits. */
  next(): number;
  /** The next raw 32-bit output, as an unsigned integer. */
  nextU32(): number;
}

/** splitmix32 step: used to spread a seed over the generator's state. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A xoshiro128** generator seeded from a 32-bit integer (other numbers are reduced to their low
 * 32 bits after truncation) and an optional stream name, so that each varied choice draws from its
 * own stream: adding a choice never changes another choice's draws.
 */
export function createRng(seed: number, stream = ''): Rng {
  const st = { s: (Math.trunc(seed) | 0) ^ hash32(stream) };
  return xoshiro128ss(splitmix32(st), splitmix32(st), splitmix32(st), splitmix32(st));
}

/** xoshiro128** from its four 32-bit state words (not all zero), as in the reference C code. */
export function xoshiro128ss(s0: number, s1: number, s2: number, s3: number): Rng {
  let a = s0 | 0;
  let b = s1 | 0;
  let c = s2 | 0;
  let d = s3 | 0;
  if ((a | b | c | d) === 0) a = 1; // the all-zero state is the one xoshiro must avoid
  const nextU32 = (): number => {
    const r = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return r;
  };
  return {
    nextU32,
    // 21 high bits of one output and 32 of the next: every double k / 2^53, k < 2^53.
    next: () => ((nextU32() >>> 11) * 4294967296 + nextU32()) / 9007199254740992,
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** FNV-1a over the UTF-16 code units of a string: a stable 32-bit name for a stream. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A uniform draw in [lo, hi). */
export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng.next();
}

/** A uniform integer in 0 … n−1 (n ≥ 1): `floor(next() · n)`, whose bias is below n / 2^53. */
export function uniformInt(rng: Rng, n: number): number {
  return Math.floor(rng.next() * n);
}

/** A standard normal draw (Marsaglia's polar method; the spare value is not kept, for simplicity). */
export function normal(rng: Rng): number {
  for (;;) {
    const u = 2 * rng.next() - 1;
    const v = 2 * rng.next() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/**
 * A Gamma(shape, 1) draw, shape > 0: Marsaglia and Tsang (2000) for shape ≥ 1, and for shape < 1
 * the boost `Gamma(shape + 1) · U^(1/shape)`.
 */
export function gamma(rng: Rng, shape: number): number {
  if (shape < 1) {
    const u = 1 - rng.next(); // (0, 1]
    return gamma(rng, shape + 1) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * A Dirichlet(α) draw: independent Gamma(αᵢ) variates divided by their sum. Every αᵢ must be > 0.
 * The result sums to 1 (up to rounding); its mean is α / Σα.
 */
export function dirichlet(rng: Rng, alpha: readonly number[]): Float64Array {
  const out = new Float64Array(alpha.length);
  let sum = 0;
  for (let i = 0; i < alpha.length; i++) {
    out[i] = gamma(rng, alpha[i]!);
    sum += out[i]!;
  }
  // Tiny shapes can underflow every variate to 0: fall back on the mean rather than NaN.
  if (!(sum > 0)) {
    let a = 0;
    for (const x of alpha) a += x;
    for (let i = 0; i < alpha.length; i++) out[i] = alpha[i]! / a;
    return out;
  }
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / sum;
  return out;
}
