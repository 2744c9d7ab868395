import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  csvColumns,
  csvColumnsOf,
  growthCsvColumns,
  type MgiError,
  parseMatrix,
  render,
  score,
} from '../src/index';
import { DEFAULT_GROWTH_THRESHOLDS } from '../src/matrix/progress-method';
import type { Matrix } from '../src/schema/matrix';
import { ReportSchema } from '../src/schema/report';
import { assessGrowth, GROWTH_STATUS } from '../src/scoring/growth';
import { readWorkbook } from '../src/xlsx/_read';
import { reportToXlsx } from '../src/xlsx/index';

// The worked examples of docs/method.md §2b ("Progress methods"), computed through score(). The
// numbers are also reproduced, independently, by `python3 scripts/reference/mgi_reference.py
// --selftest` (written from the document): R = 0.9650153 (G1), 0.4617444 (G2), overall 54.55866.

type Ind = Record<string, unknown>;
const G1: Ind = {
  id: 'G1',
  theme: 't',
  title: 'Share of migrants with access to services',
  kind: 'quantitative',
  direction: 'increase',
  baseline: { year: 2015, value: 40 },
  targets: { '2030': 80 },
};
const G2: Ind = {
  id: 'G2',
  theme: 't',
  title: 'Days to process a residence permit',
  kind: 'quantitative',
  direction: 'decrease',
  baseline: { year: 2015, value: 20 },
  targets: { '2030': 10 },
};
const G3: Ind = {
  id: 'G3',
  theme: 't',
  title: 'Registered diaspora associations',
  kind: 'quantitative',
  direction: 'increase',
  baseline: { year: 2015, value: 200 },
  goalposts: { min: 0, max: 1000 },
};

function matrix(indicators: Ind[], scoring: Record<string, unknown> = {}): Matrix {
  return parseMatrix({
    format: 'mgi-engine/matrix@1',
    id: 'pace',
    version: '1.0.0',
    title: 'Progress methods',
    themes: [{ id: 't', title: 'T' }],
    indicators,
    scoring,
  });
}
const at = (year: number, observations: Record<string, number>) => ({
  format: 'mgi-engine/assessment@1' as const,
  matrix: 'pace@1.0.0',
  entity: 'X',
  year,
  observations: Object.fromEntries(Object.entries(observations).map(([k, value]) => [k, { value }])),
});
const indicator = (m: Matrix, year: number, obs: Record<string, number>, id: string) =>
  score(m, [at(year, obs)]).scorecards[0]!.indicators.find((r) => r.id === id)!;

describe('worked example: linear (the default)', () => {
  it('G1 in 2020 at 50: p = 0.25, e = 1/3, off-track, score 25, no growth object', () => {
    const r = indicator(matrix([G1]), 2020, { G1: 50 }, 'G1');
    expect(r.progress).toBe(0.25);
    expect(r.expected).toBeCloseTo(1 / 3, 15);
    expect(r.status).toBe('off-track');
    expect(r.score).toBe(25);
    expect(r).not.toHaveProperty('growth');
  });
  it('an explicit "linear" scores exactly as no progress field', () => {
    const a = score(matrix([G1, G2]), [at(2020, { G1: 50, G2: 18 })]);
    const b = score(
      matrix([
        { ...G1, progress: 'linear' },
        { ...G2, progress: 'linear' },
      ]),
      [at(2020, { G1: 50, G2: 18 })],
    );
    expect(JSON.stringify(b.scorecards)).toBe(JSON.stringify(a.scorecards));
  });
});

describe('worked example: growth', () => {
  const m = matrix([G1, G2, G3], { progress: 'growth' });
  const card = score(m, [at(2020, { G1: 50, G2: 18, G3: 210 })]).scorecards[0]!;
  const byId = (id: string) => card.indicators.find((r) => r.id === id)!;

  it('G1 (increase 40 → 80 by 2030, 50 in 2020): R = 0.965, on-track, score 96.5', () => {
    const r = byId('G1');
    expect(r.growth).toEqual({
      observed: 0.0456395525913,
      required: 0.0472941228206,
      ratio: 0.0456395525913 / 0.0472941228206,
      category: 'on-track',
    });
    expect(r.growth!.ratio).toBeCloseTo(0.96501531, 8);
    expect(r.status).toBe('on-track');
    expect(r.score).toBeCloseTo(96.501531, 6);
    // the linear reading is kept alongside
    expect(r.progress).toBe(0.25);
  });
  it('G2 (decrease 20 → 10 by 2030, 18 in 2020): R = 0.462, limited-progress, off-track, score 46.2', () => {
    const r = byId('G2');
    expect(r.growth).toMatchObject({
      observed: -0.020851637639,
      required: -0.0451583960896,
      category: 'limited-progress',
    });
    expect(r.growth!.ratio).toBeCloseTo(0.46174443, 8);
    expect(r.status).toBe('off-track');
    expect(r.score).toBeCloseTo(46.174443, 6);
  });
  it('G3 (no target, 200 → 210 in five years): CAGR 0.98 % ≤ 1 %, moderate-progress, goalpost score kept', () => {
    const r = byId('G3');
    expect(r.growth).toEqual({
      observed: 0.00980579767349,
      required: null,
      ratio: null,
      category: 'moderate-progress',
    });
    expect(r.status).toBe('off-track');
    expect(r.score).toBe(21);
  });
  it('theme and overall aggregate the growth scores', () => {
    expect(card.overall.score).toBeCloseTo((96.501531 + 46.174443 + 21) / 3, 5);
  });
  it('the trace shows how R was computed', () => {
    const tr = byId('G1').trace!;
    const g = tr.find((s) => s.step === 'growth')!;
    expect(g.inputs).toMatchObject({ x: 50, t: 2020, x0: 40, t0: 2015, 'x*': 80, 't*': 2030 });
    expect(g.result).toBe(byId('G1').growth!.ratio);
    expect(g.formula).toContain('R = CAGR_o / CAGR_r');
    expect(tr.find((s) => s.step === 'status')!.result).toBe('on-track');
    expect(tr.find((s) => s.step === 'score')!.result).toBe(byId('G1').score);
  });
  it('the report validates against the report schema and names the method and thresholds', () => {
    const rep = score(m, [at(2020, { G1: 50, G2: 18, G3: 210 })]);
    expect(ReportSchema.safeParse(rep).success).toBe(true);
    expect(rep.matrix.scoring.progress).toBe('growth');
    expect(rep.matrix.scoring.growth).toEqual(DEFAULT_GROWTH_THRESHOLDS);
  });
  it('a per-indicator "linear" overrides the matrix default', () => {
    const r = indicator(
      matrix([{ ...G1, progress: 'linear' }], { progress: 'growth' }),
      2020,
      { G1: 50 },
      'G1',
    );
    expect([r.status, r.score, r.growth]).toEqual(['off-track', 25, undefined]);
  });
  it('per-indicator "growth" on a linear matrix', () => {
    const r = indicator(matrix([{ ...G1, progress: 'growth' }]), 2020, { G1: 50 }, 'G1');
    expect(r.growth!.category).toBe('on-track');
  });
});

describe('categories and thresholds', () => {
  const g1 = (value: number, year = 2020, scoring: Record<string, unknown> = { progress: 'growth' }) =>
    indicator(matrix([G1], scoring), year, { G1: value }, 'G1');
  it.each([
    [80, 'target-achieved', 'achieved', 100],
    [95, 'target-achieved', 'achieved', 100],
    [49, 'acceleration-needed', 'off-track'],
    [44, 'limited-progress', 'off-track'],
    [39, 'deterioration', 'regressing', 0],
  ])('G1 at %d in 2020 is %s (%s)', (v, category, status, s?: number) => {
    const r = g1(v);
    expect(r.growth!.category).toBe(category);
    expect(r.status).toBe(status);
    if (s !== undefined) expect(r.score).toBe(s);
    expect(GROWTH_STATUS[r.growth!.category]).toBe(r.status);
  });
  it('thresholds are data: onTrack 0.99 makes R = 0.965 acceleration-needed', () => {
    const r = g1(50, 2020, { progress: 'growth', growth: { onTrack: 0.99 } });
    expect(r.growth!.category).toBe('acceleration-needed');
    expect(r.score).toBeCloseTo(96.501531, 6);
  });
  it.each([
    [1.2, 'substantial-progress', 'on-track'],
    [1.0, 'moderate-progress', 'off-track'],
    [0.97, 'moderate-deterioration', 'regressing'],
    [0.9, 'significant-deterioration', 'regressing'],
  ])('without a target, 200 → 200·%d is %s', (f, category, status) => {
    const r = indicator(matrix([G3], { progress: 'growth' }), 2020, { G3: 200 * f }, 'G3');
    expect([r.growth!.category, r.status]).toEqual([category, status]);
  });
  it('without a target, lower is better flips the sign (decrease, 200 → 180 is substantial)', () => {
    const r = indicator(
      matrix([{ ...G3, direction: 'decrease' }], { progress: 'growth' }),
      2020,
      { G3: 180 },
      'G3',
    );
    expect(r.growth!.category).toBe('substantial-progress');
  });
});

describe('edge rules', () => {
  it('a zero baseline is replaced by 0.001', () => {
    const m = matrix([{ ...G1, baseline: { year: 2015, value: 0 } }], { progress: 'growth' });
    const r = indicator(m, 2020, { G1: 10 }, 'G1');
    const o = Number(((10 / 0.001) ** (1 / 5) - 1).toPrecision(12));
    const q = Number(((80 / 0.001) ** (1 / 15) - 1).toPrecision(12));
    expect(r.growth).toMatchObject({ observed: o, required: q, category: 'on-track' });
  });
  it('a zero target is replaced by 0.001 (decrease to 0)', () => {
    const m = matrix([{ ...G2, targets: { '2030': 0 } }], { progress: 'growth' });
    const r = indicator(m, 2020, { G2: 10 }, 'G2');
    const q = Number(((0.001 / 20) ** (1 / 15) - 1).toPrecision(12));
    expect(r.growth!.required).toBe(q);
    expect(r.growth!.category).toBe('limited-progress');
  });
  it('values of different signs cannot be assessed: no score, status no-target, the reason said', () => {
    const m = matrix([{ ...G2, baseline: { year: 2015, value: 20 }, targets: { '2030': 10 } }], {
      progress: 'growth',
    });
    const r = indicator(m, 2020, { G2: -5 }, 'G2');
    expect(r.growth!.category).toBe('target-achieved'); // −5 ≤ 10: reached in the desired direction
    const n = indicator(
      matrix([{ ...G1, baseline: { year: 2015, value: 5 } }], { progress: 'growth' }),
      2020,
      { G1: -1 },
      'G1',
    );
    expect(n.growth).toEqual({
      observed: null,
      required: null,
      ratio: null,
      category: 'unable-to-assess',
      reason: 'the values do not share one sign, so no growth rate is defined',
    });
    expect([n.status, n.score]).toEqual(['no-target', null]);
    expect(n.reason).toBe(n.growth!.reason);
  });
  it('a value of 0 is not replaced: a fall of 100 %, deterioration, score 0', () => {
    const r = indicator(matrix([G1], { progress: 'growth' }), 2020, { G1: 0 }, 'G1');
    expect(r.growth).toMatchObject({ observed: -1, category: 'deterioration' });
    expect([r.status, r.score]).toEqual(['regressing', 0]);
  });
  it('the baseline year alone is too few years', () => {
    const r = indicator(matrix([G1], { progress: 'growth' }), 2015, { G1: 45 }, 'G1');
    expect(r.growth!.category).toBe('unable-to-assess');
    expect(r.growth!.reason).toMatch(/at least two years/);
    expect(r.score).toBeNull();
  });
  it('a year before the baseline cannot be assessed', () => {
    const r = indicator(matrix([G1], { progress: 'growth' }), 2014, { G1: 45 }, 'G1');
    expect([r.growth!.category, r.status, r.score]).toEqual(['unable-to-assess', 'no-target', null]);
  });
  it('an all-negative series: R from magnitudes (−10 → −5 by 2030, −8 in 2020)', () => {
    const m = matrix([{ ...G1, baseline: { year: 2015, value: -10 }, targets: { '2030': -5 } }], {
      progress: 'growth',
    });
    const r = indicator(m, 2020, { G1: -8 }, 'G1');
    const o = Number((0.8 ** (1 / 5) - 1).toPrecision(12));
    const q = Number((0.5 ** (1 / 15) - 1).toPrecision(12));
    expect(r.growth!.ratio).toBe(o / q);
    expect(r.growth!.category).toBe('on-track');
  });
  it('a carried-forward value is assessed in the year it was observed', () => {
    const m = matrix([G1], { progress: 'growth', missing: { policy: 'carryForward' } });
    const rep = score(m, [
      at(2020, { G1: 50 }),
      { ...at(2021, {}), observations: { G1: { missing: 'late' } } },
    ]);
    const r = rep.scorecards[1]!.indicators[0]!;
    expect(r.carriedFrom).toBe(2020);
    expect(r.growth!.observed).toBe(0.0456395525913);
  });
  it('matrix errors: growth on a maintain indicator or without a baseline; thresholds out of order', () => {
    const bad = (inds: Ind[], scoring = {}) => {
      try {
        matrix(inds, scoring);
      } catch (e) {
        return (e as MgiError).issues.map((i) => [i.code, i.path.join('.')]);
      }
      return [];
    };
    expect(bad([{ ...G1, direction: 'maintain', progress: 'growth', targets: { '2030': 40 } }])).toEqual([
      ['progress-unavailable', 'indicators.0.progress'],
    ]);
    const { baseline: _b, targets: _t, ...noBase } = G1;
    expect(bad([{ ...noBase, goalposts: { min: 0, max: 1 }, progress: 'growth' }])).toEqual([
      ['progress-unavailable', 'indicators.0.progress'],
    ]);
    expect(bad([G1], { growth: { onTrack: 0.5 } })).toEqual([
      ['growth-thresholds-order', 'scoring.growth.acceleration'],
    ]);
    const levels = [
      { id: 'no', label: 'No', score: 0 },
      { id: 'yes', label: 'Yes', score: 100 },
    ];
    // a qualitative indicator has no growth rate: "progress" is not one of its fields
    expect(
      bad([{ id: 'Q', theme: 't', title: 'Q', kind: 'qualitative', levels, progress: 'growth' }]),
    ).toEqual([['unknown-field', 'indicators.0.progress']]);
  });
  it('the matrix default skips indicators growth cannot judge (maintain, qualitative, no baseline)', () => {
    const m = matrix(
      [
        G1,
        {
          id: 'M',
          theme: 't',
          title: 'M',
          kind: 'quantitative',
          direction: 'maintain',
          targets: { '2030': 5 },
          tolerance: 1,
        },
        {
          id: 'Q',
          theme: 't',
          title: 'Q',
          kind: 'qualitative',
          levels: [
            { id: 'no', label: 'No', score: 0 },
            { id: 'yes', label: 'Yes', score: 100 },
          ],
        },
      ],
      { progress: 'growth' },
    );
    const rep = score(m, [
      {
        ...at(2020, { G1: 50, M: 5 }),
        observations: { G1: { value: 50 }, M: { value: 5 }, Q: { level: 'yes' } },
      },
    ]);
    const [g, mm, q] = rep.scorecards[0]!.indicators;
    expect(g!.growth).toBeDefined();
    expect([mm!.growth, mm!.status, mm!.score]).toEqual([undefined, 'achieved', 100]);
    expect([q!.growth, q!.score]).toEqual([undefined, 100]);
  });
});

describe('properties', () => {
  const th = DEFAULT_GROWTH_THRESHOLDS;
  const m = matrix([G1, G2], { progress: 'growth' });
  it('the growth score is in [0, 100] for every positive value and year after the baseline', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        fc.integer({ min: 2016, max: 2060 }),
        (a1, a2, year) => {
          const card = score(m, [at(year, { G1: a1, G2: a2 })]).scorecards[0]!;
          for (const r of card.indicators) {
            expect(r.score).not.toBeNull();
            expect(r.score!).toBeGreaterThanOrEqual(0);
            expect(r.score!).toBeLessThanOrEqual(100);
          }
        },
      ),
      { seed: 18, numRuns: 200 },
    );
  });
  it('the growth score never falls when the value moves in the desired direction', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
        fc.integer({ min: 2016, max: 2060 }),
        (x, y, year) => {
          const [lo, hi] = x <= y ? [x, y] : [y, x];
          const s = (id: 'G1' | 'G2', v: number) => indicator(m, year, { G1: v, G2: v }, id).score!;
          expect(s('G1', hi)).toBeGreaterThanOrEqual(s('G1', lo)); // increase: higher is better
          expect(s('G2', lo)).toBeGreaterThanOrEqual(s('G2', hi)); // decrease: lower is better
        },
      ),
      { seed: 1807, numRuns: 200 },
    );
  });
  it('"linear", given per indicator or as the matrix default, leaves every scorecard byte-identical', () => {
    const plain = matrix([G1, G2, G3]);
    const explicit = matrix(
      [G1, G2, G3].map((i) => ({ ...i, progress: 'linear' })),
      { progress: 'linear' },
    );
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.integer({ min: 2010, max: 2040 }),
        ([x, y, z], year) => {
          const obs = at(year, { G1: x!, G2: y!, G3: z! });
          const a = score(plain, [obs]).scorecards;
          expect(JSON.stringify(score(explicit, [obs]).scorecards)).toBe(JSON.stringify(a));
        },
      ),
      { seed: 15, numRuns: 100 },
    );
  });
  it('every category maps to its status, and the assessment is a pure function of its inputs', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        fc.option(fc.double({ min: -1e4, max: 1e4, noNaN: true })),
        fc.integer({ min: 2010, max: 2040 }),
        fc.constantFrom(1 as const, -1 as const),
        (a, b, T, t, d) => {
          const input = { a, t, b, t0: 2015, T: T ?? Number.NaN, tT: 2030, d };
          const x = assessGrowth(input, th);
          expect(assessGrowth(input, th)).toEqual(x);
          expect(x.category === 'unable-to-assess').toBe(x.reason !== undefined);
          for (const n of [x.observed, x.required, x.ratio])
            if (n !== null) expect(Number.isFinite(n)).toBe(true);
          if (x.category !== 'unable-to-assess' && x.category !== 'target-achieved')
            expect(x.observed).not.toBeNull();
        },
      ),
      { seed: 2030, numRuns: 500 },
    );
  });
});

describe('reports in every format and language', () => {
  const m = matrix([G1, G2, G3], { progress: 'growth' });
  const rep = score(m, [at(2020, { G1: 50, G2: 18, G3: 210 })]);
  const words = {
    en: [
      '▲ on track (97% of the required growth rate)',
      '▼ off track · limited progress (46% of the required growth rate)',
      '▼ off track · moderate progress (+1% a year)',
    ],
    fr: ['en bonne voie', 'progrès limités', 'progrès modérés', 'du rythme de croissance requis'],
    es: ['en camino', 'avances limitados', 'avances moderados', 'del ritmo de crecimiento necesario'],
    ro: ['în grafic', 'progres limitat', 'progres moderat', 'din ritmul de creștere necesar'],
    ru: ['по плану', 'ограниченный прогресс', 'умеренный прогресс', 'от требуемого темпа роста'],
  } as const;
  it.each(Object.entries(words))('Markdown and HTML in %s name the categories and the method', (lang, ws) => {
    const l = lang as keyof typeof words;
    for (const format of ['md', 'html'] as const) {
      const out = render(rep, { format, lang: l });
      for (const w of ws) expect(out).toContain(w);
      expect(out).toContain(format === 'md' ? 'R = CAGR\\_o / CAGR\\_r' : 'R = CAGR_o / CAGR_r');
    }
  });
  it('CSV adds the four growth columns at the end, with the numbers of the JSON report', () => {
    const rows = render(rep, { format: 'csv' })
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    expect(rows[0]).toEqual([...csvColumns, ...growthCsvColumns]);
    const g1 = rows.find((r) => r[csvColumns.indexOf('indicator')] === 'G1')!;
    const cell = (c: string) => g1[rows[0]!.indexOf(c)];
    const g = rep.scorecards[0]!.indicators[0]!.growth!;
    expect([
      cell('growth_observed'),
      cell('growth_required'),
      cell('growth_ratio'),
      cell('growth_category'),
    ]).toEqual([String(g.observed), String(g.required), String(g.ratio), 'on-track']);
  });
  it('a linear report keeps exactly the documented CSV columns and no growth wording', () => {
    const lin = score(matrix([G1, G2, G3]), [at(2020, { G1: 50, G2: 18, G3: 210 })]);
    expect(render(lin, { format: 'csv' }).split('\r\n')[0]).toBe(csvColumns.join(','));
    expect(render(lin, { format: 'md' })).not.toContain('CAGR');
  });
  it('an unable-to-assess reason is translated', () => {
    const n = score(matrix([{ ...G1, baseline: { year: 2015, value: 5 } }], { progress: 'growth' }), [
      at(2020, { G1: -1 }),
    ]);
    expect(render(n, { format: 'md', lang: 'fr' })).toContain('les valeurs ne sont pas toutes du même signe');
    expect(render(n, { format: 'md', lang: 'en' })).toContain('unable to assess');
  });
});

describe('streamed and spreadsheet outputs', () => {
  it('the CSV header follows the matrix, so a scorecard without growth results keeps the growth columns', () => {
    const m = matrix([G1, G2], { progress: 'growth' });
    const rep = score(m, [
      { ...at(2020, {}), observations: { G1: { missing: 'late' }, G2: { missing: 'late' } } },
    ]);
    expect(rep.scorecards[0]!.indicators.every((r) => r.growth === undefined)).toBe(true);
    expect(csvColumnsOf(rep)).toEqual([...csvColumns, ...growthCsvColumns]);
    expect(render(rep, { format: 'csv' }).split('\r\n')[0]).toBe(
      [...csvColumns, ...growthCsvColumns].join(','),
    );
  });
});

describe('Excel scorecard', () => {
  it('has the growth columns, rates as numbers and the category in the language', () => {
    const rep = score(matrix([G1, G2, G3], { progress: 'growth' }), [at(2020, { G1: 50, G2: 18, G3: 210 })]);
    const book = readWorkbook(reportToXlsx(rep, { lang: 'es' }), (names) => names);
    if (!book.success) throw new Error('unreadable');
    const rows = book.data.sheets.get('Indicators')!.rows;
    const header = rows[0]!.cells as string[];
    expect(header.slice(-4)).toEqual([...growthCsvColumns]);
    const g2 = rows[2]!.cells;
    expect(g2[header.indexOf('growth_ratio')]).toBe(rep.scorecards[0]!.indicators[1]!.growth!.ratio);
    expect(g2[header.indexOf('growth_category')]).toBe('avances limitados');
  });
});
