import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Assessment } from '../src/schema/assessment';
import type { Matrix } from '../src/schema/matrix';
import type { Report, Scorecard } from '../src/schema/report';
import { scoreWith } from '../src/scoring/score';

// Issue 16: a category's scores obey every invariant the total's do, because a category is scored
// by the same core on the category's own matrix view; parity behaves as a ratio should.
const runs = { numRuns: Number(process.env.MGI_PROPERTY_RUNS ?? 200), seed: 20261201 };
const close = (a: number | null, b: number | null) =>
  a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));

interface Spec {
  themes: number;
  aggregation: 'arithmetic' | 'geometric';
  overall: 'themes' | 'indicators';
  indicators: { theme: number; weight: number; decrease: boolean; own: boolean }[];
  a: (number | null)[];
  b: (number | null)[];
}

const arbSpec: fc.Arbitrary<Spec> = fc
  .record({
    themes: fc.integer({ min: 1, max: 3 }),
    aggregation: fc.constantFrom('arithmetic' as const, 'geometric' as const),
    overall: fc.constantFrom('themes' as const, 'indicators' as const),
    n: fc.integer({ min: 1, max: 6 }),
  })
  .chain(({ themes, aggregation, overall, n }) =>
    fc.record({
      themes: fc.constant(themes),
      aggregation: fc.constant(aggregation),
      overall: fc.constant(overall),
      indicators: fc.array(
        fc.record({
          theme: fc.integer({ min: 0, max: themes - 1 }),
          weight: fc.integer({ min: 1, max: 5 }),
          decrease: fc.boolean(),
          own: fc.boolean(),
        }),
        { minLength: n, maxLength: n },
      ),
      a: fc.array(fc.option(fc.double({ min: -20, max: 120, noNaN: true }), { nil: null }), {
        minLength: n,
        maxLength: n,
      }),
      b: fc.array(fc.option(fc.double({ min: -20, max: 120, noNaN: true }), { nil: null }), {
        minLength: n,
        maxLength: n,
      }),
    }),
  );

/** The spec as a matrix: categories a and b of "sex", parity `num` ÷ `den`; `own` gives category a its own goalposts. */
function matrixOf(
  s: Spec,
  opts: { num?: string; den?: string; weightScale?: number; reverse?: boolean } = {},
) {
  const indicators = s.indicators.map((x, k) => ({
    id: `i${k}`,
    theme: `t${x.theme}`,
    kind: 'quantitative' as const,
    title: `i${k}`,
    direction: x.decrease ? ('decrease' as const) : ('increase' as const),
    weight: x.weight * (opts.weightScale ?? 1),
    goalposts: { min: 0, max: 100 },
    disaggregation: { sex: ['a', 'b'] },
    additive: false,
    ...(x.own ? { categories: { sex: { a: { goalposts: { min: 10, max: 90 } } } } } : {}),
  }));
  const used = [...new Set(s.indicators.map((x) => x.theme))].sort();
  const m: Matrix = {
    format: 'mgi-engine/matrix@1',
    id: 'prop',
    version: '1.0.0',
    title: 'property matrix',
    themes: used.map((t) => ({ id: `t${t}`, title: `t${t}` })),
    indicators: opts.reverse ? indicators.reverse() : indicators,
    scoring: {
      aggregation: { indicators: s.aggregation, themes: s.aggregation, overall: s.overall },
      missing: { policy: 'reweight', minCoverage: 0 },
    },
    disaggregations: { sex: { parity: { numerator: opts.num ?? 'a', denominator: opts.den ?? 'b' } } },
  } as Matrix;
  return m;
}

function assessmentOf(s: Spec, a = s.a, b = s.b): Assessment {
  const observations: Assessment['observations'] = {};
  s.indicators.forEach((_, k) => {
    const sex: Record<string, number> = {};
    if (a[k] !== null && a[k] !== undefined) sex.a = a[k]!;
    if (b[k] !== null && b[k] !== undefined) sex.b = b[k]!;
    if (Object.keys(sex).length > 0) observations[`i${k}`] = { breakdown: { sex } };
  });
  return { format: 'mgi-engine/assessment@1', matrix: 'prop@1.0.0', entity: 'XAA', year: 2024, observations };
}

function card(m: Matrix, a: Assessment): Scorecard {
  const r: Report = scoreWith(m, [a], { trace: false });
  expect(r.errors).toEqual([]);
  return r.scorecards[0]!;
}
const overallOf = (c: Scorecard, cat: string) => c.byCategory?.sex?.[cat]?.overall.score ?? null;
const indicatorOf = (c: Scorecard, id: string, cat: string) =>
  c.indicators.find((r) => r.id === id)?.byCategory?.sex?.[cat]?.score ?? null;

describe('disaggregated scoring: category invariants (property-based)', () => {
  it('every category score, aggregate and coverage stays in range (0–100, coverage 0–1)', () => {
    fc.assert(
      fc.property(arbSpec, (s) => {
        const c = card(matrixOf(s), assessmentOf(s));
        for (const cat of ['a', 'b']) {
          const agg = c.byCategory?.sex?.[cat];
          if (!agg) continue;
          for (const x of [agg.overall, ...agg.themes, ...agg.dimensions]) {
            if (x.score !== null) expect(x.score >= 0 && x.score <= 100).toBe(true);
            expect(x.coverage >= 0 && x.coverage <= 1).toBe(true);
          }
          for (const r of c.indicators) {
            const v = r.byCategory?.sex?.[cat]?.score;
            if (v !== null && v !== undefined) expect(v >= 0 && v <= 100).toBe(true);
          }
        }
      }),
      runs,
    );
  });

  it("a category's overall equals the total's overall scored on the category's values (same method)", () => {
    fc.assert(
      fc.property(arbSpec, (s) => {
        const plain = { ...s, indicators: s.indicators.map((x) => ({ ...x, own: false })) };
        const c = card(matrixOf(plain), assessmentOf(plain));
        const m = matrixOf(plain);
        delete m.disaggregations;
        const observations: Assessment['observations'] = {};
        plain.a.forEach((v, k) => {
          if (v !== null) observations[`i${k}`] = { value: v };
        });
        const total = card(m, { ...assessmentOf(plain), observations });
        expect(close(overallOf(c, 'a'), total.overall.score)).toBe(true);
        c.byCategory?.sex?.a?.themes.forEach((t, n) => {
          expect(close(t.score, total.themes[n]!.score)).toBe(true);
        });
      }),
      runs,
    );
  });

  it("improving one category's value never lowers that category's indicator or overall score (monotonicity)", () => {
    fc.assert(
      fc.property(arbSpec, fc.nat(), fc.double({ min: 0.001, max: 50, noNaN: true }), (s, pick, step) => {
        const k = pick % s.indicators.length;
        const v = s.a[k] ?? 50;
        const better = [...s.a];
        better[k] = s.indicators[k]!.decrease ? v - step : v + step;
        const m = matrixOf(s);
        const before = card(
          m,
          assessmentOf(s, s.a[k] === null ? better.map((x, j) => (j === k ? v : x)) : s.a),
        );
        const after = card(m, assessmentOf(s, better));
        const x = indicatorOf(before, `i${k}`, 'a');
        const y = indicatorOf(after, `i${k}`, 'a');
        expect(y! >= x! - 1e-9).toBe(true);
        const o = overallOf(before, 'a');
        const p = overallOf(after, 'a');
        if (o !== null && p !== null) expect(p >= o - 1e-9).toBe(true);
      }),
      runs,
    );
  });

  it('category scores do not depend on the order of indicators in the matrix (permutation)', () => {
    fc.assert(
      fc.property(arbSpec, (s) => {
        const a = card(matrixOf(s), assessmentOf(s));
        const b = card(matrixOf(s, { reverse: true }), assessmentOf(s));
        for (const cat of ['a', 'b']) expect(close(overallOf(a, cat), overallOf(b, cat))).toBe(true);
        expect(close(a.parity!.sex!.overall, b.parity!.sex!.overall)).toBe(true);
      }),
      runs,
    );
  });

  it('multiplying every weight by the same factor leaves category scores unchanged (weight scaling)', () => {
    fc.assert(
      fc.property(arbSpec, fc.integer({ min: 2, max: 7 }), (s, f) => {
        const a = card(matrixOf(s), assessmentOf(s));
        const b = card(matrixOf(s, { weightScale: f }), assessmentOf(s));
        for (const cat of ['a', 'b']) expect(close(overallOf(a, cat), overallOf(b, cat))).toBe(true);
      }),
      runs,
    );
  });

  it('the parity of two identical categories is exactly 1 and their gap exactly 0, at every level', () => {
    fc.assert(
      fc.property(arbSpec, (s) => {
        const same = { ...s, indicators: s.indicators.map((x) => ({ ...x, own: false })), b: s.a };
        const c = card(matrixOf(same), assessmentOf(same));
        const p = c.parity!.sex!;
        const o = overallOf(c, 'a');
        if (o !== null && o !== 0) {
          expect(p.overall).toBe(1);
          expect(p.gap).toBe(0);
        }
        for (const t of p.themes) if (t.parity !== null) expect(t.parity).toBe(1);
        for (const r of c.indicators) {
          const g = r.parity?.sex;
          if (g?.parity !== null && g?.parity !== undefined) expect(g.parity).toBe(1);
        }
      }),
      runs,
    );
  });

  it('swapping numerator and denominator inverts the parity and negates the gap', () => {
    fc.assert(
      fc.property(arbSpec, (s) => {
        const ab = card(matrixOf(s), assessmentOf(s)).parity!.sex!;
        const ba = card(matrixOf(s, { num: 'b', den: 'a' }), assessmentOf(s)).parity!.sex!;
        expect(ba.numerator).toBe('b');
        if (ab.gap !== null) expect(ba.gap! + 0).toBe(-ab.gap + 0);
        if (ab.overall !== null && ab.overall !== 0) expect(close(ba.overall, 1 / ab.overall)).toBe(true);
        else expect(ba.overall === null || ba.overall === 0).toBe(true);
      }),
      runs,
    );
  });
});
