import { describe, expect, it } from 'vitest';
import { type Assessment, defineMatrix, parseMatrix, score } from '../src/index';

// The UNDP Human Development Index expressed as a matrix (DESIGN.md section 3: "An index such as the
// UNDP HDI … must be expressible as a matrix"; goalposts from DOMAIN.md section 4):
//   health    life expectancy at birth          goalposts 20–85 years
//   education expected years of schooling       goalposts 0–18 years
//             mean years of schooling           goalposts 0–15 years
//             education index = arithmetic mean of the two schooling indices
//   income    GNI per capita (2017 PPP $)       goalposts 100–75,000, on a log scale
//   HDI = geometric mean of the three dimension indices.
// mgi-engine scores on 0–100, so the engine's overall score is 100 × HDI.

const hdiMatrix = defineMatrix({
  format: 'mgi-engine/matrix@1',
  id: 'hdi-example',
  version: '1.0.0',
  title: 'Human Development Index (UNDP method), as an mgi-engine matrix',
  themes: [
    { id: 'health', title: 'A long and healthy life' },
    { id: 'education', title: 'Knowledge' },
    { id: 'income', title: 'A decent standard of living' },
  ],
  indicators: [
    {
      id: 'life_expectancy',
      theme: 'health',
      kind: 'quantitative',
      title: 'Life expectancy at birth',
      unit: 'years',
      direction: 'increase',
      goalposts: { min: 20, max: 85 },
    },
    {
      id: 'expected_schooling',
      theme: 'education',
      kind: 'quantitative',
      title: 'Expected years of schooling',
      unit: 'years',
      direction: 'increase',
      goalposts: { min: 0, max: 18 },
    },
    {
      id: 'mean_schooling',
      theme: 'education',
      kind: 'quantitative',
      title: 'Mean years of schooling',
      unit: 'years',
      direction: 'increase',
      goalposts: { min: 0, max: 15 },
    },
    {
      id: 'gni_per_capita',
      theme: 'income',
      kind: 'quantitative',
      title: 'Gross national income per capita',
      unit: '2017 PPP $',
      direction: 'increase',
      goalposts: { min: 100, max: 75_000, log: true },
    },
  ],
  scoring: {
    normalisation: 'goalposts',
    aggregation: { indicators: 'arithmetic', themes: 'geometric' },
    missing: { policy: 'reweight', minCoverage: 1 },
  },
});

function assessment(entity: string, le: number, eys: number, mys: number, gni: number): Assessment {
  return {
    format: 'mgi-engine/assessment@1',
    matrix: 'hdi-example@1.0.0',
    entity,
    year: 2022,
    status: 'final',
    observations: {
      life_expectancy: { value: le },
      expected_schooling: { value: eys },
      mean_schooling: { value: mys },
      gni_per_capita: { value: gni },
    },
  };
}

// Two ILLUSTRATIVE countries (codes XNO and XNE are not ISO codes): figures of the order of
// Norway's and Niger's in recent Human Development Reports, rounded, NOT official statistics.
//
// XNO ("Norway-like"): life expectancy 83.2, expected schooling 18.2, mean schooling 13.0,
// GNI per capita 66,000.
//   health    = (83.2 − 20) / (85 − 20) = 63.2 / 65              = 0.972307692307…
//   EYS index = min(18.2, 18) / 18 = 1 (above the maximum goalpost: clamped, as the HDI caps at 18)
//   MYS index = 13.0 / 15                                          = 0.866666666666…
//   education = (1 + 0.866666…) / 2                                = 0.933333333333…
//   income    = (ln 66000 − ln 100) / (ln 75000 − ln 100) = ln 660 / ln 750
//             = 6.492239835020 / 6.620073206530                    = 0.980690036571…
//   HDI       = (0.972307692 × 0.933333333 × 0.980690037)^(1/3)
//             = 0.889963635239…^(1/3)                              = 0.961887070579…
//
// XNE ("Niger-like"): life expectancy 61.6, expected schooling 7.0, mean schooling 1.4,
// GNI per capita 1,240.
//   health    = (61.6 − 20) / 65 = 41.6 / 65                       = 0.64
//   EYS index = 7.0 / 18                                           = 0.388888888888…
//   MYS index = 1.4 / 15                                           = 0.093333333333…
//   education = (0.388888… + 0.093333…) / 2                        = 0.241111111111…
//   income    = ln(1240 / 100) / ln 750 = ln 12.4 / ln 750
//             = 2.517696472611 / 6.620073206530                    = 0.380312482062…
//   HDI       = (0.64 × 0.241111111 × 0.380312482)^(1/3)
//             = 0.058686441676…^(1/3)                              = 0.388608765715…
//
// The same steps, in floating point, are recomputed below from the goalposts alone (no engine
// code), and the literals were checked with `python3 -c` to 16 significant digits.
function hdiByHand(le: number, eys: number, mys: number, gni: number): number {
  const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
  const health = clamp01((le - 20) / (85 - 20));
  const education = (clamp01(eys / 18) + clamp01(mys / 15)) / 2;
  const income = clamp01((Math.log(gni) - Math.log(100)) / (Math.log(75_000) - Math.log(100)));
  return Math.cbrt(health * education * income);
}

/** Life expectancy, expected schooling, mean schooling, GNI per capita. */
type Figures = [le: number, eys: number, mys: number, gni: number];
const countries: { entity: string; figures: Figures; hdi: number }[] = [
  { entity: 'XNO', figures: [83.2, 18.2, 13.0, 66_000], hdi: 0.9618870705794114 },
  { entity: 'XNE', figures: [61.6, 7.0, 1.4, 1_240], hdi: 0.38860876571521125 },
];

describe('an index built like the UNDP HDI', () => {
  const matrix = parseMatrix(hdiMatrix);
  const report = score(
    matrix,
    countries.map((c) => assessment(c.entity, ...c.figures)),
  );

  it('is a valid matrix and scores without errors', () => {
    expect(report.errors).toEqual([]);
    expect(report.scorecards.map((c) => c.entity)).toEqual(['XNE', 'XNO']);
  });

  it('the hand calculation agrees with its literal', () => {
    for (const c of countries) expect(Math.abs(hdiByHand(...c.figures) - c.hdi)).toBeLessThan(1e-12);
  });

  it.each(countries)('$entity: overall / 100 is the HDI computed by hand ($hdi)', ({ entity, hdi }) => {
    const card = report.scorecards.find((c) => c.entity === entity)!;
    expect(Math.abs(card.overall.score! / 100 - hdi)).toBeLessThan(1e-9);
    expect(card.overall.coverage).toBe(1);
  });

  it('has the dimension indices of the hand calculation as theme scores', () => {
    const xno = report.scorecards.find((c) => c.entity === 'XNO')!;
    const theme = (id: string) => xno.themes.find((t) => t.id === id)!.score! / 100;
    expect(Math.abs(theme('health') - 63.2 / 65)).toBeLessThan(1e-12);
    expect(Math.abs(theme('education') - (1 + 13 / 15) / 2)).toBeLessThan(1e-12);
    expect(Math.abs(theme('income') - Math.log(660) / Math.log(750))).toBeLessThan(1e-12);
    // expected schooling above the upper goalpost is capped at 100, as the HDI caps it at 18 years
    expect(xno.indicators.find((i) => i.id === 'expected_schooling')!.score).toBe(100);
  });

  it('reports no MGI dimension score, since no theme is mapped to one', () => {
    const xne = report.scorecards.find((c) => c.entity === 'XNE')!;
    expect(xne.dimensions.map((d) => d.score)).toEqual([null, null, null, null, null, null]);
  });

  it('is below the arithmetic mean of the dimension indices (geometric ≤ arithmetic)', () => {
    for (const card of report.scorecards) {
      const arithmetic = card.themes.reduce((s, t) => s + t.score!, 0) / card.themes.length;
      expect(card.overall.score!).toBeLessThanOrEqual(arithmetic);
    }
  });
});
