import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { meanVariance, sobolIndices } from '../src/sensitivity/estimators';
import {
  createRng,
  dirichlet,
  gamma,
  hash32,
  type Rng,
  uniformInt,
  xoshiro128ss,
} from '../src/sensitivity/random';

const FC = { numRuns: 50, seed: 20261201 };

/** The Saltelli design for a function of k uniform inputs on [lo, hi): f(A), f(B), f(A_B^i). */
function design(
  f: (x: Float64Array) => number,
  k: number,
  n: number,
  rng: Rng,
  lo: number,
  hi: number,
): { fA: Float64Array; fB: Float64Array; fAB: Float64Array[] } {
  const fA = new Float64Array(n);
  const fB = new Float64Array(n);
  const fAB = Array.from({ length: k }, () => new Float64Array(n));
  const a = new Float64Array(k);
  const b = new Float64Array(k);
  const mix = new Float64Array(k);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < k; i++) a[i] = lo + (hi - lo) * rng.next();
    for (let i = 0; i < k; i++) b[i] = lo + (hi - lo) * rng.next();
    fA[j] = f(a);
    fB[j] = f(b);
    for (let i = 0; i < k; i++) {
      mix.set(a);
      mix[i] = b[i]!;
      fAB[i]![j] = f(mix);
    }
  }
  return { fA, fB, fAB };
}

const ishigami = (x: Float64Array) =>
  Math.sin(x[0]!) + 7 * Math.sin(x[1]!) ** 2 + 0.1 * x[2]! ** 4 * Math.sin(x[0]!);

describe('sobolIndices: Saltelli 2010 first-order and Jansen total indices', () => {
  it('reproduces the analytical Ishigami indices (a = 7, b = 0.1) within 0.02 at N = 100,000, seed 1', () => {
    const { fA, fB, fAB } = design(ishigami, 3, 100_000, createRng(1), -Math.PI, Math.PI);
    const r = sobolIndices(fA, fB, fAB);
    const S = r.inputs.map((x) => x.first);
    const ST = r.inputs.map((x) => x.total);
    const expectedS = [0.3139, 0.4424, 0];
    const expectedST = [0.5576, 0.4424, 0.2437];
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(S[i]! - expectedS[i]!)).toBeLessThan(0.02);
      expect(Math.abs(ST[i]! - expectedST[i]!)).toBeLessThan(0.02);
    }
    // The analytical variance: a²/8 + b π⁴/5 + b² π⁸/18 + 1/2.
    const V = 49 / 8 + (0.1 * Math.PI ** 4) / 5 + (0.01 * Math.PI ** 8) / 18 + 0.5;
    expect(r.variance).toBeCloseTo(V, 0);
    expect(r.inputs.every((x) => x.used === 100_000)).toBe(true);
  });

  it('stays within 0.02 of the Ishigami indices at other seeds too (robust, not one lucky seed)', () => {
    for (const seed of [2, 3, 42]) {
      const { fA, fB, fAB } = design(ishigami, 3, 100_000, createRng(seed), -Math.PI, Math.PI);
      const r = sobolIndices(fA, fB, fAB);
      const got = r.inputs.flatMap((x) => [x.first, x.total]);
      const want = [0.3139, 0.5576, 0.4424, 0.4424, 0, 0.2437];
      got.forEach((g, i) => expect(Math.abs(g - want[i]!)).toBeLessThan(0.02));
    }
  });

  it('property: a function of x1 alone gives S1 = ST1 = 1 and 0 for the other inputs', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.constantFrom<(x: number) => number>(
          (x) => x,
          (x) => x * x * x,
          (x) => Math.exp(x),
        ),
        (seed, g) => {
          const { fA, fB, fAB } = design((x) => g(x[0]!), 3, 2000, createRng(seed), -1, 1);
          const r = sobolIndices(fA, fB, fAB);
          // ST1 and the others are exact: f(A_B^2) = f(A) row by row.
          expect(r.inputs[1]).toEqual({ first: 0, total: 0, used: 2000 });
          expect(r.inputs[2]).toEqual({ first: 0, total: 0, used: 2000 });
          expect(Math.abs(r.inputs[0]!.first - 1)).toBeLessThan(0.15);
          expect(Math.abs(r.inputs[0]!.total - 1)).toBeLessThan(0.15);
        },
      ),
      FC,
    );
  });

  it('property: an additive function x1 + 2 x2 gives S = ST = (0.2, 0.8) and the indices sum to about 1', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const { fA, fB, fAB } = design((x) => x[0]! + 2 * x[1]!, 2, 4000, createRng(seed), 0, 1);
        const r = sobolIndices(fA, fB, fAB);
        expect(Math.abs(r.inputs[0]!.first - 0.2)).toBeLessThan(0.08);
        expect(Math.abs(r.inputs[1]!.first - 0.8)).toBeLessThan(0.08);
        expect(Math.abs(r.inputs[0]!.total - 0.2)).toBeLessThan(0.08);
        expect(Math.abs(r.inputs[1]!.total - 0.8)).toBeLessThan(0.08);
      }),
      FC,
    );
  });

  it('a constant output has zero variance and NaN indices (no share of nothing), never a division by zero', () => {
    const c = new Float64Array(10).fill(5);
    const r = sobolIndices(c, c, [c]);
    expect(r.variance).toBe(0);
    expect(r.mean).toBe(5);
    expect(Number.isNaN(r.inputs[0]!.first)).toBe(true);
    expect(Number.isNaN(r.inputs[0]!.total)).toBe(true);
  });

  it('leaves out rows with a non-finite output, and says how many rows each index used', () => {
    const fA = Float64Array.from([1, 2, Number.NaN, 4]);
    const fB = Float64Array.from([2, 3, 4, 5]);
    const fAB = Float64Array.from([1, Number.NaN, 3, 4]);
    const r = sobolIndices(fA, fB, [fAB]);
    expect(r.inputs[0]!.used).toBe(2);
    expect(meanVariance(fA, fB)).toEqual({ mean: 3, variance: 12 / 7 });
  });

  it('refuses outputs of different lengths', () => {
    expect(() => sobolIndices([1, 2], [1], [])).toThrow(RangeError);
    expect(() => sobolIndices([1, 2], [1, 2], [[1]])).toThrow(RangeError);
  });
});

describe('the seeded generator and samplers', () => {
  it('is deterministic: the same seed and stream give the same numbers, known to the bit', () => {
    const a = createRng(7);
    const b = createRng(7);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(createRng(7, 'weights').next()).not.toBe(createRng(7).next());
    expect(createRng(8).next()).not.toBe(createRng(7).next());
    // Pinned: a change of generator would change every published sensitivity result.
    const first = createRng(1);
    expect([first.nextU32(), first.nextU32()]).toEqual([3296685081, 292216795]);
    // The reference C implementation of xoshiro128** from the state {1, 2, 3, 4}.
    const ref = xoshiro128ss(1, 2, 3, 4);
    expect(Array.from({ length: 5 }, () => ref.nextU32())).toEqual([11520, 0, 5927040, 70819200, 2031721883]);
    expect(hash32('')).toBe(0x811c9dc5);
    expect(hash32('a')).toBe(0xe40c292c);
  });

  it('gives uniform doubles in [0, 1) with mean 1/2 and variance 1/12', () => {
    const r = createRng(3);
    const xs = Array.from({ length: 100_000 }, () => r.next());
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const { mean, variance } = meanVariance(xs, []);
    expect(mean).toBeCloseTo(0.5, 2);
    expect(variance).toBeCloseTo(1 / 12, 3);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[uniformInt(r, 3)]!++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
  });

  it('gamma draws have mean = variance = shape (shapes 0.5, 1, 4)', () => {
    for (const shape of [0.5, 1, 4]) {
      const r = createRng(11);
      const xs = Array.from({ length: 50_000 }, () => gamma(r, shape));
      const { mean, variance } = meanVariance(xs, []);
      expect(Math.abs(mean - shape) / shape).toBeLessThan(0.03);
      expect(Math.abs(variance - shape) / shape).toBeLessThan(0.08);
      expect(xs.every((x) => x > 0)).toBe(true);
    }
  });

  it('property: a Dirichlet draw is positive, sums to 1, and averages alpha / sum(alpha)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.2, max: 50, noNaN: true }), { minLength: 2, maxLength: 6 }),
        (alpha) => {
          const r = createRng(5);
          const mean = new Float64Array(alpha.length);
          const n = 3000;
          let bad = 0;
          for (let j = 0; j < n; j++) {
            const d = dirichlet(r, alpha);
            let s = 0;
            for (let i = 0; i < d.length; i++) {
              if (!(d[i]! >= 0)) bad++;
              s += d[i]!;
              mean[i]! += d[i]! / n;
            }
            if (Math.abs(s - 1) > 1e-12) bad++;
          }
          expect(bad).toBe(0);
          const a = alpha.reduce((x, y) => x + y, 0);
          alpha.forEach((x, i) => expect(Math.abs(mean[i]! - x / a)).toBeLessThan(0.03));
        },
      ),
      { numRuns: 20, seed: 20261201 },
    );
  });
});
