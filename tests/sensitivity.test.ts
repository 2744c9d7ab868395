import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../src/formula/register';
import { registeredFormulaEngine } from '../src/formula/_registry';
import {
  type Choice,
  MgiError,
  parseAssessment,
  parseMatrix,
  renderSensitivityCsv,
  renderSensitivityHtml,
  SensitivitySchema,
  score,
  scoreColumns,
  sensitivity,
} from '../src/index';
import { compiledFor } from '../src/matrix/compiled-for';
import type { Assessment } from '../src/schema/assessment';
import type { Matrix } from '../src/schema/matrix';
import {
  aggregationMethod,
  dropIndicator,
  indicatorWeights,
  missingPolicy,
  themeWeights,
} from '../src/sensitivity/choices';
import { Evaluator, rebind } from '../src/sensitivity/evaluate';
import { createRng } from '../src/sensitivity/random';
import { quantile } from '../src/sensitivity/sensitivity';
import { arbMatrixWithAssessment } from './fixtures/arbitraries';
import { workedAssessment, workedMatrix } from './fixtures/worked-example';

const FC = { numRuns: 40, seed: 20261201 };
const moldova = parseMatrix(readFileSync('indicators/moldova-dmd.json', 'utf8'));
const series = readdirSync('examples/moldova')
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => parseAssessment(readFileSync(`examples/moldova/${f}`, 'utf8')));
const worked = [
  workedAssessment(2020, 18, 38, 'partial'),
  workedAssessment(2021, 22, 30, 'partial'),
  workedAssessment(2022, 27, 26, 'complete'),
];

function issuesOf(f: () => unknown): { code: string; path: readonly (string | number)[] }[] {
  try {
    f();
  } catch (e) {
    if (e instanceof MgiError) return e.issues.map((i) => ({ code: i.code, path: i.path }));
    throw e;
  }
  throw new Error('expected an MgiError');
}

describe('sensitivity(): Monte Carlo over the choices of a matrix', () => {
  it('property: sensitivity with nothing varied returns zero-width intervals at the nominal score, no band change', () => {
    fc.assert(
      fc.property(arbMatrixWithAssessment, fc.integer({ min: 0, max: 1000 }), ({ m, a }, seed) => {
        const s = sensitivity(m, [a], { samples: 4, seed, vary: [] });
        const nominal = score(m, [a]).scorecards.map((c) => c.overall.score);
        expect(s.choices).toEqual([]);
        expect(s.runs).toBe(1 + 2 * 4);
        expect(s.results.map((r) => r.nominal)).toEqual(nominal);
        for (const r of s.results) {
          expect(r.p05).toBe(r.p95);
          expect(r.median).toBe(r.nominal);
          expect(r.p05).toBe(r.nominal);
          expect(r.unscored).toBe(r.nominal === null ? 1 : 0);
          if (r.bandChanged !== null) expect(r.bandChanged).toBe(0);
          expect(r.indices).toEqual([]);
        }
      }),
      FC,
    );
  });

  it('property: weights varied by ± 0 are nothing varied too: zero-width intervals and no indices (variance 0)', () => {
    const s = sensitivity(workedMatrix, worked, { samples: 20, vary: [{ choice: 'weights', range: 0 }] });
    for (const r of s.results) {
      expect(r.p05).toBe(r.nominal);
      expect(r.p95).toBe(r.nominal);
      expect(r.variance).toBe(0);
      expect(r.indices.map((x) => [x.choice, x.first, x.total])).toEqual([
        ['indicator-weights', null, null],
        ['theme-weights', null, null],
      ]);
    }
  });

  it('is deterministic: the same seed gives the same result to the byte; another seed another sample', () => {
    const opts = { samples: 12, seed: 7 } as const;
    const a = JSON.stringify(sensitivity(moldova, series, opts));
    expect(JSON.stringify(sensitivity(moldova, series, opts))).toBe(a);
    expect(JSON.stringify(sensitivity(moldova, series, { ...opts, seed: 8 }))).not.toBe(a);
  });

  it('on the Moldova series: one row per year, the nominal is score()’s overall, the interval holds the median', () => {
    const s = sensitivity(moldova, series, { samples: 40, seed: 3 });
    expect(SensitivitySchema.parse(s)).toEqual(s);
    expect(s.choices.map((c) => c.id)).toEqual([
      'indicator-weights',
      'theme-weights',
      'aggregation:indicators',
      'aggregation:themes',
      'missing',
      'drop',
    ]);
    expect(s.runs).toBe(1 + 40 * 8);
    const report = score(moldova, series);
    expect(s.results.map((r) => [r.entity, r.year])).toEqual(
      report.scorecards.map((c) => [c.entity, c.year]),
    );
    expect(s.results.map((r) => r.nominal)).toEqual(report.scorecards.map((c) => c.overall.score));
    expect(s.results.map((r) => r.nominalBand)).toEqual(report.scorecards.map((c) => c.overall.band));
    for (const r of s.results) {
      expect(r.p05!).toBeLessThanOrEqual(r.median!);
      expect(r.median!).toBeLessThanOrEqual(r.p95!);
      expect(r.p05!).toBeGreaterThanOrEqual(0);
      expect(r.p95!).toBeLessThanOrEqual(100);
      expect(r.indices).toHaveLength(6);
    }
    // 2018 is the baseline year: every progress is 0 but a few, so a geometric mean of indicators
    // (half the draws) gives 0 there, and the indicator aggregation dominates the variance.
    const y2018 = s.results[0]!;
    expect(y2018.p05).toBe(0);
    const agg = y2018.indices.find((x) => x.choice === 'aggregation:indicators')!;
    expect(agg.total!).toBeGreaterThan(0.7);
  });

  it('with weights alone varied, weights explain the variance: first-order and total indices sum to about 1', () => {
    const s = sensitivity(moldova, series, {
      samples: 300,
      seed: 11,
      vary: [{ choice: 'weights', range: 0.3 }],
    });
    for (const r of s.results) {
      expect(r.p95! - r.p05!).toBeGreaterThan(0);
      expect(r.p95! - r.p05!).toBeLessThan(15);
      const first = r.indices.reduce((x, i) => x + i.first!, 0);
      expect(first).toBeGreaterThan(0.7);
      expect(first).toBeLessThan(1.3);
    }
  });

  it('property: one varied choice alone has S ≈ ST ≈ 1 wherever the score varies', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (seed) => {
        const s = sensitivity(workedMatrix, worked, {
          samples: 200,
          seed,
          vary: [{ choice: 'weights', level: 'indicators', range: 0.5 }],
        });
        for (const r of s.results) {
          const x = r.indices[0]!;
          expect(r.variance!).toBeGreaterThan(0);
          expect(Math.abs(x.first! - 1)).toBeLessThan(0.3);
          // The only input: A_B^(1) is B, and Jansen's total is mean((fA − fB)²) / 2V, about 1.
          expect(Math.abs(x.total! - 1)).toBeLessThan(0.3);
        }
      }),
      { numRuns: 10, seed: 20261201 },
    );
  });

  it('property: a weight or scoring variant re-read into the compiled matrix scores exactly as compiling it', () => {
    const choices = [
      indicatorWeights(moldova, { range: 0.5 }),
      themeWeights(moldova, { dirichlet: 5 }),
      aggregationMethod('indicators'),
      aggregationMethod('themes'),
      missingPolicy(['reweight', 'zero', 'carryForward']),
    ] as Choice[];
    const base = compiledFor(moldova, undefined);
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const rng = createRng(seed);
        let m: Matrix = moldova;
        for (const c of choices) m = c.apply(m, c.draw(rng));
        const fast = scoreColumns(rebind(base, m), series, { trace: false });
        const slow = scoreColumns(structuredClone(m), series, { trace: false });
        expect(Array.from(fast.overall)).toEqual(Array.from(slow.overall));
        expect(Array.from(fast.indicatorScore)).toEqual(Array.from(slow.indicatorScore));
      }),
      { numRuns: 15, seed: 20261201 },
    );
  });

  it('property: every run (re-aggregated from the indicator scores of its structure) equals scoring its matrix variant from scratch', () => {
    const choices = [
      indicatorWeights(moldova, { dirichlet: 3 }),
      themeWeights(moldova, { range: 0.5 }),
      aggregationMethod('indicators'),
      aggregationMethod('themes'),
      missingPolicy(['reweight', 'zero', 'carryForward']),
      dropIndicator(['RT_03', 'MB_09', 'GV_01', 'WB_11']),
    ] as Choice[];
    const ev = new Evaluator(moldova, series, choices, { engine: registeredFormulaEngine() });
    const out = new Float64Array(ev.length);
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const rng = createRng(seed);
        const values = choices.map((c) => c.draw(rng));
        ev.run(values, out, 0);
        // Structure choices (the drop) apply first, then weights and scoring, as documented.
        let m: Matrix = choices[5]!.apply(moldova, values[5]);
        for (let i = 0; i < 5; i++) m = choices[i]!.apply(m, values[i]);
        const dropped = values[5] as string;
        const data = series.map((a) => {
          const { [dropped]: _gone, ...observations } = a.observations;
          return { ...a, observations };
        });
        const direct = scoreColumns(structuredClone(m), data, { trace: false });
        expect(direct.errors).toEqual([]);
        expect(Array.from(out)).toEqual(Array.from(direct.overall));
      }),
      { numRuns: 25, seed: 20261201 },
    );
  });

  it('dropping an indicator scores as the matrix without it, whose observations are left out (not errors)', () => {
    const s = sensitivity(workedMatrix, worked, {
      samples: 200,
      seed: 5,
      vary: [{ choice: 'drop', indicators: ['R2'] }],
    });
    const without: Matrix = {
      ...workedMatrix,
      indicators: workedMatrix.indicators.filter((i) => i.id !== 'R2'),
    };
    const strip = (a: Assessment): Assessment => {
      const { R2: _gone, ...observations } = a.observations;
      return { ...a, observations };
    };
    const dropped = score(without, worked.map(strip));
    expect(dropped.errors).toEqual([]);
    const nominal = score(workedMatrix, worked);
    s.results.forEach((r, i) => {
      const values = [nominal.scorecards[i]!.overall.score!, dropped.scorecards[i]!.overall.score!].sort(
        (x, y) => x - y,
      );
      // Two outcomes, each with probability 1/2: the percentiles are the two scores.
      expect(r.p05).toBe(values[0]);
      expect(r.p95).toBe(values[1]);
      expect(r.unscored).toBe(0);
    });
    expect(s.choices[0]!.description).toBe('drop one of 1 indicators, or none (1/2 each)');
  });

  it('a choice of your own is one more entry: a structure choice (here a target) compiled per value and cached', () => {
    const target: Choice<number> = {
      id: 'R1-target',
      description: 'R1 target 25, 30 or 35',
      draw: (rng) => [25, 30, 35][Math.floor(rng.next() * 3)]!,
      apply: (m, v) => ({
        ...m,
        indicators: m.indicators.map((i) =>
          i.id === 'R1' && i.kind === 'quantitative' ? { ...i, targets: { '2026': v } } : i,
        ),
      }),
    };
    const s = sensitivity(workedMatrix, worked, { samples: 100, seed: 2, vary: [], choices: [target] });
    expect(s.choices).toEqual([{ id: 'R1-target', description: 'R1 target 25, 30 or 35' }]);
    const at = (v: number) =>
      score(target.apply(workedMatrix, v), worked).scorecards.map((c) => c.overall.score!);
    s.results.forEach((r, i) => {
      const outcomes = [at(25)[i]!, at(30)[i]!, at(35)[i]!].sort((x, y) => x - y);
      expect(r.p05).toBeCloseTo(outcomes[0]!, 12);
      expect(r.p95).toBeCloseTo(outcomes[2]!, 12);
      expect(r.median).toBeCloseTo(outcomes[1]!, 12);
      expect(Math.abs(r.indices[0]!.total! - 1)).toBeLessThan(0.3);
    });
  });

  it('the Dirichlet weights keep each theme’s total weight and average the given shares', () => {
    const c = indicatorWeights(moldova, { dirichlet: 20 });
    const rng = createRng(9);
    const theme = moldova.indicators[0]!.theme;
    const inTheme = moldova.indicators.filter((i) => i.theme === theme);
    const total = inTheme.reduce((x, i) => x + (i.weight ?? 1), 0);
    const mean = new Map<string, number>();
    for (let j = 0; j < 2000; j++) {
      const m = c.apply(moldova, c.draw(rng));
      const ws = m.indicators.filter((i) => i.theme === theme);
      expect(ws.reduce((x, i) => x + i.weight!, 0)).toBeCloseTo(total, 9);
      for (const i of ws) mean.set(i.id, (mean.get(i.id) ?? 0) + i.weight! / 2000);
    }
    for (const i of inTheme) expect(mean.get(i.id)!).toBeCloseTo(i.weight ?? 1, 1);
  });

  it('themes: true adds every theme score; the nominal theme scores are score()’s, intervals hold the median', () => {
    const s = sensitivity(moldova, series, { samples: 30, seed: 4, themes: true });
    expect(SensitivitySchema.parse(s)).toEqual(s);
    const report = score(moldova, series);
    s.results.forEach((r, i) => {
      const card = report.scorecards[i]!;
      expect(r.themes!.map((t) => t.theme)).toEqual(moldova.themes.map((t) => t.id));
      expect(r.themes!.map((t) => t.nominal)).toEqual(card.themes.map((t) => t.score));
      for (const t of r.themes!) {
        expect(t.p05!).toBeLessThanOrEqual(t.median!);
        expect(t.median!).toBeLessThanOrEqual(t.p95!);
        expect(t.indices.map((x) => x.choice)).toEqual(s.choices.map((c) => c.id));
        // Theme weights do not enter a theme's own score.
        expect(t.indices.find((x) => x.choice === 'theme-weights')!.total).toBe(0);
      }
    });
    // The overall rows are those of a run without themes.
    const plain = sensitivity(moldova, series, { samples: 30, seed: 4 });
    expect(s.results.map(({ themes: _t, ...rest }) => rest)).toEqual(plain.results);
    const csv = renderSensitivityCsv(s).split('\r\n');
    expect(csv[0]!.startsWith('entity,year,theme,nominal,')).toBe(true);
    expect(csv).toHaveLength(1 + 7 * (1 + moldova.themes.length) + 1);
    expect(renderSensitivityHtml(s)).toContain('Theme scores: median (5–95 % interval).');
  });

  it('property: with nothing varied, theme intervals have zero width at the nominal theme scores', () => {
    fc.assert(
      fc.property(arbMatrixWithAssessment, ({ m, a }) => {
        const s = sensitivity(m, [a], { samples: 3, vary: [], themes: true });
        const card = score(m, [a]).scorecards;
        s.results.forEach((r, i) => {
          expect(r.themes!.map((t) => t.nominal)).toEqual(card[i]!.themes.map((t) => t.score));
          for (const t of r.themes!) {
            expect(t.p05).toBe(t.nominal);
            expect(t.p95).toBe(t.nominal);
          }
        });
      }),
      { numRuns: 25, seed: 20261201 },
    );
  });

  it('problems with single assessments are listed in errors, as score() lists them, and the rest is analysed', () => {
    const bad = {
      ...workedAssessment(2023, 28, 22, 'complete'),
      observations: { R1: { value: 28 }, R9: { value: 1 } },
    };
    const s = sensitivity(workedMatrix, [...worked, bad as Assessment], {
      samples: 5,
      vary: [{ choice: 'weights' }],
    });
    const report = score(workedMatrix, [...worked, bad as Assessment]);
    expect(s.errors).toEqual(report.errors);
    expect(s.errors.map((e) => e.code)).toEqual(['unknown-indicator']);
    expect(s.results.map((r) => r.year)).toEqual(report.scorecards.map((c) => c.year));
  });

  it('by default a matrix with one indicator varies everything but the drop (there is nothing to drop); asked for, the drop is an error', () => {
    const one: Matrix = {
      ...workedMatrix,
      indicators: [workedMatrix.indicators[0]!],
      themes: [workedMatrix.themes[0]!],
    };
    const data = [{ ...workedAssessment(2021, 22, 30, 'partial'), observations: { R1: { value: 22 } } }];
    const s = sensitivity(one, data, { samples: 4 });
    expect(s.choices.map((c) => c.id)).toEqual([
      'indicator-weights',
      'theme-weights',
      'aggregation:indicators',
      'aggregation:themes',
      'missing',
    ]);
    expect(issuesOf(() => sensitivity(one, data, { vary: [{ choice: 'drop' }] }))).toEqual([
      { code: 'invalid-value', path: ['vary', 0] },
    ]);
  });

  it('year limits the rows; indices: false runs only A and B', () => {
    const s = sensitivity(moldova, series, { samples: 10, year: 2022, indices: false });
    expect(s.results.map((r) => r.year)).toEqual([2022]);
    expect(s.results[0]!.indices).toEqual([]);
    expect(s.runs).toBe(1 + 2 * 10);
  });

  it('bad options are an MgiError with a code and the path into the options', () => {
    expect(issuesOf(() => sensitivity(workedMatrix, worked, { samples: 1 }))).toEqual([
      { code: 'out-of-range', path: ['samples'] },
    ]);
    expect(issuesOf(() => sensitivity(workedMatrix, worked, { seed: -1 }))[0]!.path).toEqual(['seed']);
    expect(
      issuesOf(() => sensitivity(workedMatrix, worked, { vary: [{ choice: 'weights', range: 1 }] })),
    ).toEqual([{ code: 'out-of-range', path: ['vary', 0, 'range'] }]);
    expect(
      issuesOf(() => sensitivity(workedMatrix, worked, { vary: [{ choice: 'sideways' } as never] }))[0]!.path,
    ).toEqual(['vary', 0, 'choice']);
    expect(
      issuesOf(() => sensitivity(workedMatrix, worked, { vary: [{ choice: 'drop', indicators: ['R9'] }] })),
    ).toEqual([{ code: 'unknown-indicator', path: ['vary', 0, 'indicators', 0] }]);
    expect(
      issuesOf(() =>
        sensitivity(workedMatrix, worked, {
          vary: [{ choice: 'missing' }, { choice: 'missing', policies: ['zero', 'reweight'] }],
        }),
      ),
    ).toEqual([{ code: 'duplicate-id', path: ['vary', 1] }]);
    expect(issuesOf(() => sensitivity(workedMatrix, worked, { choices: [{ id: 'x' } as never] }))).toEqual([
      { code: 'invalid-value', path: ['choices', 0] },
    ]);
    // A formula reads WB_03: it cannot be dropped.
    expect(
      issuesOf(() => sensitivity(moldova, series, { vary: [{ choice: 'drop', indicators: ['WB_03'] }] })),
    ).toEqual([{ code: 'invalid-value', path: ['vary', 0, 'indicators', 0] }]);
  });

  it('quantile interpolates between order statistics (type 7) and is null on no data', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([0, 10], 0.05)).toBeCloseTo(0.5, 12);
    expect(quantile([7], 0.95)).toBe(7);
  });
});

describe('sensitivity renderers', () => {
  const s = sensitivity(moldova, series, { samples: 20, seed: 1 });

  it('CSV: one row per entity-year, S and ST columns per choice, empty cells for null', () => {
    const csv = renderSensitivityCsv(s);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 7);
    expect(lines[0]).toBe(
      'entity,year,nominal,nominal_band,median,p05,p95,unscored,band_changed,variance,S:indicator-weights,ST:indicator-weights,S:theme-weights,ST:theme-weights,S:aggregation:indicators,ST:aggregation:indicators,S:aggregation:themes,ST:aggregation:themes,S:missing,ST:missing,S:drop,ST:drop',
    );
    expect(lines[1]!.startsWith(`MDA,2018,${s.results[0]!.nominal},early,`)).toBe(true);
    const none = renderSensitivityCsv(sensitivity(workedMatrix, worked, { samples: 2, vary: [] }));
    expect(none.split('\r\n')[0]).toBe(
      'entity,year,nominal,nominal_band,median,p05,p95,unscored,band_changed,variance',
    );
    expect(none.split('\r\n')[1]).toMatch(/^XWE,2020,[\d.]+,,[\d.]+,[\d.]+,[\d.]+,0,,0$/);
  });

  it('HTML: an interval chart per entity (a bar, a median tick and a nominal dot per year) in every language', () => {
    const html = renderSensitivityHtml(s);
    expect(html).toContain('<section class="sensitivity" id="sensitivity">');
    expect(html.match(/<rect class="iv"/g)).toHaveLength(7);
    expect(html.match(/<line class="med"/g)).toHaveLength(7);
    expect(html.match(/<circle class="nom"/g)).toHaveLength(7);
    expect(html).toContain('Sensitivity and uncertainty');
    expect(html).toContain('Aggregation, indicators → theme');
    expect(renderSensitivityHtml(s, { lang: 'fr' })).toContain('Sensibilité et incertitude');
    expect(renderSensitivityHtml(s, { lang: 'ro' })).toContain('Ponderile indicatorilor');
    expect(renderSensitivityHtml(s, { lang: 'ru' })).toContain('Медиана');
    expect(renderSensitivityHtml(s, { lang: 'es' })).toContain('Intervalo 5–95 %');
    expect(renderSensitivityHtml(s)).toBe(html);
    expect(() => renderSensitivityHtml(s, { lang: 'de' as never })).toThrow(TypeError);
  });
});
