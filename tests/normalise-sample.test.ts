import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { score, scoreColumns } from '../src/index';

type Dir = 'increase' | 'decrease';
const matrix = (norm: string, opts: { dir?: Dir; sample?: unknown } = {}) =>
  ({
    format: 'mgi-engine/matrix@1',
    id: 's',
    version: '1.0.0',
    title: 's',
    themes: [{ id: 't', title: 't' }],
    indicators: [
      {
        id: 'x',
        theme: 't',
        title: 'x',
        kind: 'quantitative',
        direction: opts.dir ?? 'increase',
        normalisation: norm,
      },
    ],
    scoring: {
      missing: { policy: 'reweight', minCoverage: 0 },
      ...(opts.sample ? { sample: opts.sample } : {}),
    },
  }) as never;
const batch = (values: Record<string, number>, year = 2020) =>
  Object.entries(values).map(([entity, value]) => ({
    format: 'mgi-engine/assessment@1',
    matrix: 's@1.0.0',
    entity,
    year,
    observations: { x: { value } },
  })) as never[];
const scores = (r: ReturnType<typeof score>) =>
  Object.fromEntries(
    r.scorecards.map((c) => [`${c.entity}${c.year === 2020 ? '' : c.year}`, c.indicators[0]!.score]),
  );

describe('normalisation over a sample', () => {
  it('minmax: 0-100 between the batch minimum and maximum of the same year, direction-aware', () => {
    const b = batch({ A: 10, B: 20, C: 50 });
    expect(scores(score(matrix('minmax'), b))).toEqual({ A: 0, B: 25, C: 100 });
    expect(scores(score(matrix('minmax', { dir: 'decrease' }), b))).toEqual({ A: 100, B: 75, C: 0 });
  });
  it('the trace states the sample, its size, minimum and maximum', () => {
    const card = score(matrix('minmax'), batch({ A: 10, B: 20, C: 50 })).scorecards[1]!;
    const step = card.indicators[0]!.trace!.find((t) => t.step === 'score')!;
    expect(step.inputs).toEqual({
      x: 20,
      sample: 'every entity in the batch, same year',
      sampleYear: 2020,
      n: 3,
      min: 10,
      max: 50,
    });
    expect(step.formula).toContain('100 · (x − min) / (max − min)');
    expect(step.result).toBe(25);
  });
  it('percentile: the share of the rest of the sample below, ties at the lowest rank', () => {
    const b = batch({ A: 10, B: 20, C: 20, D: 50, E: 7 });
    expect(scores(score(matrix('percentile'), b))).toEqual({ A: 25, B: 50, C: 50, D: 100, E: 0 });
    expect(scores(score(matrix('percentile', { dir: 'decrease' }), b))).toEqual({
      A: 75,
      B: 25,
      C: 25,
      D: 0,
      E: 100,
    });
  });
  it('frontier: the share of the best value; lower-is-better uses min / x', () => {
    const b = batch({ A: 10, B: 20, C: 40 });
    expect(scores(score(matrix('frontier'), b))).toEqual({ A: 25, B: 50, C: 100 });
    expect(scores(score(matrix('frontier', { dir: 'decrease' }), b))).toEqual({ A: 100, B: 50, C: 25 });
  });
  it('frontier with a best that is not positive falls back to minmax, with a warning', () => {
    const r = score(matrix('frontier'), batch({ A: -10, B: -5, C: 0 }));
    expect(scores(r)).toEqual({ A: 0, B: 50, C: 100 });
    expect(r.warnings.filter((w) => w.code === 'sample-frontier')).toHaveLength(3);
  });
  it('a sample of one is a warning and scores 50, never NaN', () => {
    const r = score(matrix('minmax'), batch({ A: 10 }));
    expect(r.scorecards[0]!.indicators[0]!.score).toBe(50);
    expect(r.scorecards[0]!.overall.score).toBe(50);
    expect(r.warnings.map((w) => w.code)).toEqual(['sample-degenerate']);
    expect(r.warnings[0]!.message).toBe('x: the sample has one value, nothing to compare with; it scores 50');
  });
  it('a sample with all values equal is a warning and every entity scores 50', () => {
    for (const norm of ['minmax', 'percentile']) {
      const r = score(matrix(norm), batch({ A: 3, B: 3, C: 3 }));
      expect(Object.values(scores(r))).toEqual([50, 50, 50]);
      expect(r.warnings.every((w) => w.code === 'sample-degenerate')).toBe(true);
      expect(r.warnings[0]!.message).toContain('all 3 values of the sample equal 3');
    }
  });
  it('each year is its own sample; a declared reference year keeps scores comparable across years', () => {
    const b = [...batch({ A: 10, B: 20 }, 2020), ...batch({ A: 30, B: 40 }, 2021)];
    expect(scores(score(matrix('minmax'), b))).toEqual({ A: 0, B: 100, A2021: 0, B2021: 100 });
    const fixed = score(matrix('minmax', { sample: { year: 2020 } }), b);
    // against 2020's range 10-20, 2021's values are beyond the best: clamped to 100
    expect(scores(fixed)).toEqual({ A: 0, B: 100, A2021: 100, B2021: 100 });
    const step = fixed.scorecards[1]!.indicators[0]!.trace!.find((t) => t.step === 'score')!;
    expect(step.inputs).toMatchObject({ sample: 'every entity in the batch, year 2020', sampleYear: 2020 });
    expect(fixed.matrix.scoring.sample).toEqual({ year: 2020 });
  });
  it('a declared set of entities forms the sample; the others are scored against it', () => {
    const r = score(
      matrix('minmax', { sample: { entities: ['A', 'C'] } }),
      batch({ A: 10, B: 20, C: 50, D: 60 }),
    );
    expect(scores(r)).toEqual({ A: 0, B: 25, C: 100, D: 100 });
  });
  it('a reference set with no value that year leaves the cell without a score, with a reason', () => {
    const r = score(matrix('minmax', { sample: { entities: ['Z'] } }), batch({ A: 10 }));
    const ind = r.scorecards[0]!.indicators[0]!;
    expect(ind.score).toBeNull();
    expect(ind.reason).toBe('the sample has no value of x in 2020');
    expect(r.warnings.map((w) => w.code)).toEqual(['sample-empty']);
  });
  it('as the matrix default, every numeric indicator without its own normalisation uses it', () => {
    const m = {
      ...(matrix('minmax') as object),
      indicators: [
        { id: 'x', theme: 't', title: 'x', kind: 'quantitative', direction: 'increase' },
        {
          id: 'y',
          theme: 't',
          title: 'y',
          kind: 'quantitative',
          direction: 'decrease',
          goalposts: { min: 0, max: 100 },
          normalisation: 'goalposts',
        },
      ],
      scoring: { normalisation: 'percentile' },
    };
    const b = ['A', 'B', 'C'].map((entity, i) => ({
      format: 'mgi-engine/assessment@1',
      matrix: 's@1.0.0',
      entity,
      year: 2020,
      observations: { x: { value: i }, y: { value: 10 * i } },
    }));
    const r = score(m as never, b as never);
    expect(r.scorecards.map((c) => c.indicators.map((i) => i.score))).toEqual([
      [0, 100],
      [50, 90],
      [100, 80],
    ]);
    expect(r.matrix.scoring.normalisation).toBe('percentile');
  });
  it('a "maintain" or qualitative indicator cannot be scored against a sample', () => {
    const maintain = {
      ...(matrix('minmax') as object),
      indicators: [
        {
          id: 'x',
          theme: 't',
          title: 'x',
          kind: 'quantitative',
          direction: 'maintain',
          normalisation: 'minmax',
        },
      ],
    };
    expect(() => score(maintain as never, [])).toThrow(/direction "maintain"/);
    const qual = {
      ...(matrix('minmax') as object),
      indicators: [
        {
          id: 'x',
          theme: 't',
          title: 'x',
          kind: 'qualitative',
          normalisation: 'minmax',
          levels: [
            { id: 'lo', label: 'lo', score: 0 },
            { id: 'hi', label: 'hi', score: 100 },
          ],
        },
      ],
    };
    expect(() => score(qual as never, [])).toThrow(/scored by their level scores/);
  });
  it('scoreColumns() gives the same sample-based scores as score()', () => {
    const b = batch({ A: 10, B: 20, C: 50 });
    expect([...scoreColumns(matrix('minmax'), b).indicatorScore]).toEqual([0, 25, 100]);
  });
});

const value = fc.integer({ min: -1000, max: 1000 }).map((x) => x / 4);

describe('normalisation over a sample: properties (fast-check)', () => {
  it("min-max scores lie in [0, 100] with the sample's best at 100 and worst at 0", () => {
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 2, maxLength: 12 }),
        fc.constantFrom<Dir>('increase', 'decrease'),
        (xs, dir) => {
          fc.pre(new Set(xs).size > 1);
          const r = score(
            matrix('minmax', { dir }),
            batch(Object.fromEntries(xs.map((x, i) => [`E${i}`, x]))),
          );
          const got = r.scorecards.map((c) => c.indicators[0]!.score!);
          for (const s of got) expect(s >= 0 && s <= 100).toBe(true);
          const best = dir === 'increase' ? Math.max(...xs) : Math.min(...xs);
          const worst = dir === 'increase' ? Math.min(...xs) : Math.max(...xs);
          r.scorecards.forEach((c, i) => {
            const x = xs[Number(c.entity.slice(1))]!;
            if (x === best) expect(got[i]).toBe(100);
            if (x === worst) expect(got[i]).toBe(0);
          });
        },
      ),
      { seed: 1818, numRuns: 200 },
    );
  });
  it("adding an entity outside the current range never raises another entity's min-max score when it is the new best, and never lowers one when it is the new worst (direction-aware)", () => {
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 2, maxLength: 10 }),
        fc.constantFrom<Dir>('increase', 'decrease'),
        fc.boolean(),
        fc.integer({ min: 1, max: 400 }),
        (xs, dir, above, by) => {
          fc.pre(new Set(xs).size > 1);
          const base = Object.fromEntries(xs.map((x, i) => [`E${i}`, x]));
          const out = above ? Math.max(...xs) + by / 4 : Math.min(...xs) - by / 4;
          const before = scores(score(matrix('minmax', { dir }), batch(base)));
          const after = scores(score(matrix('minmax', { dir }), batch({ ...base, NEW: out })));
          // A value above the range is the new best when higher is better, the new worst otherwise.
          const newBest = above === (dir === 'increase');
          for (const e of Object.keys(base)) {
            if (newBest) expect(after[e]!).toBeLessThanOrEqual(before[e]!);
            else expect(after[e]!).toBeGreaterThanOrEqual(before[e]!);
          }
        },
      ),
      { seed: 1819, numRuns: 200 },
    );
  });
});
