import { describe, expect, it } from 'vitest';
import { type Assessment, parseMatrix, safeParseMatrix, score } from '../src/index';

// Issue 16: formulas over categories. `id__dimension__category` reads one category of an input or
// indicator; a formula over disaggregated inputs is scored per category like any indicator.
const matrix = {
  format: 'mgi-engine/matrix@1',
  id: 'disf',
  version: '1.0.0',
  title: 'formulas over categories',
  themes: [{ id: 'work', title: 'Work' }],
  indicators: [
    {
      id: 'wage',
      theme: 'work',
      kind: 'quantitative',
      title: 'Median monthly wage',
      direction: 'increase',
      goalposts: { min: 0, max: 2000 },
      disaggregation: { sex: ['female', 'male'] },
      additive: false,
    },
    {
      id: 'wage_ratio',
      theme: 'work',
      kind: 'formula',
      title: "Women's wage as a share of men's",
      expression: 'wage__sex__female / wage__sex__male * 100',
      direction: 'increase',
      goalposts: { min: 0, max: 100 },
    },
    {
      id: 'women_share',
      theme: 'work',
      kind: 'formula',
      title: 'Women among registered migrant workers (%)',
      expression: 'workers__sex__female / workers * 100',
      inputs: ['workers'],
      direction: 'increase',
      goalposts: { min: 0, max: 50 },
    },
    {
      id: 'employment_rate',
      theme: 'work',
      kind: 'formula',
      title: 'Employment rate of migrant workers (%)',
      expression: 'employed / workers * 100',
      inputs: ['employed', 'workers'],
      direction: 'increase',
      goalposts: { min: 0, max: 100 },
      disaggregation: { sex: ['female', 'male'] },
      additive: false,
    },
  ],
  scoring: { missing: { policy: 'reweight', minCoverage: 0 } },
  disaggregations: { sex: { parity: { numerator: 'female', denominator: 'male' } } },
} as const;

const assessment: Assessment = {
  format: 'mgi-engine/assessment@1',
  matrix: 'disf@1.0.0',
  entity: 'XAA',
  year: 2024,
  observations: {
    wage: { value: 1100, breakdown: { sex: { female: 900, male: 1200 } } },
    workers: { value: 1000, breakdown: { sex: { female: 400, male: 600 } } },
    employed: { value: 700, breakdown: { sex: { female: 240, male: 460 } } },
  },
};

describe('disaggregated scoring: formulas over categories', () => {
  const report = score(parseMatrix(matrix), [assessment]);
  const card = report.scorecards[0]!;
  const ind = (id: string) => card.indicators.find((r) => r.id === id)!;

  it('scores without errors or warnings', () => {
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual([]);
  });

  it('reads one category of an indicator (wage__sex__female / wage__sex__male × 100 = 75) and traces the values read', () => {
    expect(ind('wage_ratio').value).toBe(75);
    expect(ind('wage_ratio').score).toBe(75);
    expect(ind('wage_ratio').trace![0]).toEqual({
      step: 'formula',
      formula: 'wage__sex__female / wage__sex__male * 100',
      inputs: { wage__sex__female: 900, wage__sex__male: 1200 },
      result: 75,
    });
    // A formula across categories is a total-only indicator: it has no per-category result.
    expect(ind('wage_ratio').byCategory).toBeUndefined();
  });

  it('reads one category of a formula input, the referenced category being declared by the reference', () => {
    expect(ind('women_share').value).toBe(40);
    expect(ind('women_share').score).toBe(80);
  });

  it('scores a formula over disaggregated inputs per category, with its parity', () => {
    const r = ind('employment_rate');
    expect(r.value).toBe(70);
    expect(r.byCategory!.sex!.female!.value).toBe(60);
    expect(r.byCategory!.sex!.male!.value).toBeCloseTo(76.6666666667, 9);
    expect(r.parity!.sex!.parity).toBeCloseTo(60 / (460 / 6), 9);
  });

  it('a missing category makes the reference a missing input, said by name', () => {
    const partial = {
      ...assessment,
      observations: { ...assessment.observations, wage: { value: 1100, breakdown: { sex: { male: 1200 } } } },
    };
    const r = score(parseMatrix(matrix), [partial]).scorecards[0]!.indicators.find(
      (x) => x.id === 'wage_ratio',
    )!;
    expect(r.value).toBeNull();
    expect(r.reason).toBe('missing input: wage__sex__female');
  });

  it('refuses a reference to a category the indicator does not declare', () => {
    const bad = structuredClone(matrix) as unknown as { indicators: { expression?: string }[] };
    bad.indicators[1]!.expression = 'wage__sex__other / wage__sex__male';
    const r = safeParseMatrix(bad);
    expect(r.success).toBe(false);
    if (!r.success)
      expect(r.issues[0]).toMatchObject({ code: 'unknown-category', path: ['indicators', 1, 'expression'] });
  });

  it('keeps the sandbox: property or index access to a category is refused as before', () => {
    for (const expression of ['wage.sex.female', 'wage["female"]']) {
      const bad = structuredClone(matrix) as unknown as { indicators: { expression?: string }[] };
      bad.indicators[1]!.expression = expression;
      const r = safeParseMatrix(bad);
      expect(r.success).toBe(false);
      if (!r.success) expect(r.issues[0]!.code).toMatch(/^formula-/);
    }
  });

  it('an unknown id in a reference is an undeclared input, as any unknown symbol', () => {
    const bad = structuredClone(matrix) as unknown as { indicators: { expression?: string }[] };
    bad.indicators[1]!.expression = 'salary__sex__female / 2';
    const r = safeParseMatrix(bad);
    expect(r.success).toBe(false);
    if (!r.success) expect(r.issues[0]!.code).toBe('formula-undeclared-input');
  });
});
