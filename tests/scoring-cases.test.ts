import { describe, expect, it } from 'vitest';
import { score } from '../src/index';
import type { Assessment } from '../src/schema/assessment';
import type { Indicator, Matrix } from '../src/schema/matrix';

function matrixOf(indicators: Indicator[], scoring: Matrix['scoring'] = {}): Matrix {
  return {
    format: 'mgi-engine/matrix@1',
    id: 'cases',
    version: '2.0.0',
    title: 'Cases',
    themes: [{ id: 't', title: 'Theme', dimension: 'partnerships' }],
    indicators,
    scoring,
  };
}
const q = (id: string, extra: Partial<Indicator> = {}): Indicator =>
  ({
    id,
    theme: 't',
    title: id,
    kind: 'quantitative',
    direction: 'increase',
    baseline: { year: 2018, value: 0 },
    targets: { '2028': 100 },
    ...extra,
  }) as Indicator;
const at = (
  year: number,
  observations: Assessment['observations'],
  extra: Partial<Assessment> = {},
): Assessment => ({
  format: 'mgi-engine/assessment@1',
  matrix: 'cases@2.0.0',
  entity: 'XCA',
  year,
  observations,
  ...extra,
});

describe('normalisation and progress, case by case', () => {
  it.each([
    // [what, indicator, year, value, expected {progress, expected, status, score}]
    [
      'milestones bend the expected path',
      q('A', { targets: { '2020': 50, '2028': 100 } }),
      2019,
      20,
      { expected: 0.25, status: 'off-track', score: 20 },
    ],
    [
      'milestone year exactly',
      q('A', { targets: { '2020': 50, '2028': 100 } }),
      2020,
      50,
      { expected: 0.5, status: 'on-track', score: 50 },
    ],
    [
      'after the final target year, expected is 1',
      q('A'),
      2030,
      90,
      { expected: 1, status: 'off-track', score: 90 },
    ],
    [
      'beyond the target is achieved and capped at 100',
      q('A'),
      2022,
      130,
      { progress: 1.3, status: 'achieved', score: 100 },
    ],
    [
      'tolerance gives slack to on-track',
      q('A', { tolerance: 10 }),
      2023,
      41,
      { expected: 0.5, status: 'on-track', score: 41 },
    ],
    ['without tolerance the same value is off-track', q('A'), 2023, 41, { status: 'off-track' }],
    [
      'decrease below the baseline is progress',
      q('A', { direction: 'decrease', baseline: { year: 2018, value: 100 }, targets: { '2028': 50 } }),
      2023,
      75,
      { progress: 0.5, status: 'on-track', score: 50 },
    ],
    [
      'goalposts, linear',
      q('A', { goalposts: { min: 0, max: 200 }, targets: undefined, baseline: undefined }),
      2023,
      50,
      { score: 25, status: 'no-target' },
    ],
    [
      'goalposts, reversed for decrease',
      q('A', {
        direction: 'decrease',
        goalposts: { min: 0, max: 200 },
        targets: undefined,
        baseline: undefined,
      }),
      2023,
      50,
      { score: 75 },
    ],
    [
      'goalposts, log scale',
      q('A', { goalposts: { min: 100, max: 10000, log: true }, targets: undefined, baseline: undefined }),
      2023,
      1000,
      { score: 50 },
    ],
    [
      'goalposts clamp below min',
      q('A', { goalposts: { min: 10, max: 20 }, targets: undefined, baseline: undefined }),
      2023,
      5,
      { score: 0 },
    ],
    [
      'goalposts preferred over targets when asked',
      q('A', { goalposts: { min: 0, max: 1000 }, normalisation: 'goalposts' }),
      2023,
      500,
      { score: 50, status: 'achieved' },
    ],
    [
      'no target and no goalposts: a value without a score',
      q('A', { targets: undefined, baseline: undefined }),
      2023,
      5,
      { score: null, status: 'no-target' },
    ],
  ] as const)('%s', (_name, ind, year, value, want) => {
    const r = score(matrixOf([ind as Indicator]), [at(year, { A: { value } })]).scorecards[0]!.indicators[0]!;
    expect(r).toMatchObject(want);
  });

  it('a year before the baseline has no progress, status no-target, and a warning', () => {
    const report = score(matrixOf([q('A')]), [at(2015, { A: { value: 10 } })]);
    expect(report.scorecards[0]!.indicators[0]).toMatchObject({
      progress: null,
      status: 'no-target',
      score: null,
    });
    expect(report.warnings.map((w) => w.code)).toEqual(['year-before-baseline']);
  });
});

describe('missing data policies', () => {
  const three = [q('A'), q('B'), q('C')];
  it('reweight averages what is reported', () => {
    const card = score(matrixOf(three, { missing: { policy: 'reweight' } }), [
      at(2023, { A: { value: 60 }, B: { value: 30 } }),
    ]).scorecards[0]!;
    expect(card.themes[0]).toMatchObject({ score: 45, coverage: 2 / 3, reported: 2, total: 3 });
  });
  it('below minCoverage the aggregate is null with a low-coverage warning', () => {
    const report = score(matrixOf(three, { missing: { policy: 'reweight', minCoverage: 0.9 } }), [
      at(2023, { A: { value: 60 }, B: { value: 30 } }),
    ]);
    expect(report.scorecards[0]!.themes[0]!.score).toBeNull();
    expect(report.scorecards[0]!.overall.score).toBeNull();
    expect(report.warnings.map((w) => w.code)).toContain('low-coverage');
  });
  it('zero counts a missing indicator as 0', () => {
    const card = score(matrixOf(three, { missing: { policy: 'zero' } }), [
      at(2023, { A: { value: 60 }, B: { value: 30 } }),
    ]).scorecards[0]!;
    expect(card.themes[0]!.score).toBe(30);
    expect(card.themes[0]!.coverage).toBeCloseTo(2 / 3, 12);
  });
  it('carryForward takes last year’s value within maxYears, flagged, and not beyond', () => {
    const m = matrixOf(three, { missing: { policy: 'carryForward', maxYears: 1, minCoverage: 0 } });
    const report = score(m, [
      at(2021, { A: { value: 10 }, B: { value: 20 }, C: { value: 30 } }),
      at(2022, { A: { value: 40 } }),
      at(2023, { A: { value: 50 }, B: { missing: 'survey delayed' } }),
    ]);
    const [, y2022, y2023] = report.scorecards;
    expect(y2022!.indicators.map((i) => [i.id, i.value, i.carriedFrom])).toEqual([
      ['A', 40, undefined],
      ['B', 20, 2021],
      ['C', 30, 2021],
    ]);
    // 2023: B and C were last reported in 2021, two years back: not carried.
    expect(y2023!.indicators.map((i) => [i.id, i.value, i.status])).toEqual([
      ['A', 50, 'on-track'],
      ['B', null, 'no-data'],
      ['C', null, 'no-data'],
    ]);
    expect(y2023!.indicators[1]!.reason).toBe('reported missing: survey delayed');
    expect(
      report.warnings.filter((w) => w.code === 'carried-forward').map((w) => [w.year, w.indicator]),
    ).toEqual([
      [2022, 'B'],
      [2022, 'C'],
    ]);
  });
  it('a geometric mean with a zero is 0 and says why', () => {
    const report = score(matrixOf([q('A'), q('B')], { aggregation: { indicators: 'geometric' } }), [
      at(2023, { A: { value: 0 }, B: { value: 80 } }),
    ]);
    expect(report.scorecards[0]!.themes[0]!.score).toBe(0);
    expect(report.warnings.map((w) => w.code)).toEqual(['geometric-zero']);
  });
});

describe('disaggregation and reporting compliance', () => {
  const people = q('P', { disaggregation: { sex: ['female', 'male'] }, responsible: ['Ministry A'] });
  it('carries the breakdown and warns when it does not add up to the total', () => {
    const report = score(matrixOf([people]), [
      at(2023, { P: { value: 100, breakdown: { sex: { female: 40, male: 50 } } } }),
    ]);
    expect(report.scorecards[0]!.indicators[0]!.breakdown).toEqual({ sex: { female: 40, male: 50 } });
    expect(report.warnings.map((w) => [w.code, w.message])).toEqual([
      ['breakdown-mismatch', 'P: the "sex" breakdown adds up to 90, not the total 100'],
    ]);
  });
  it('an undeclared category is an error naming the categories, and the rest is scored', () => {
    const report = score(matrixOf([people, q('Q')]), [
      at(2023, { P: { value: 100, breakdown: { sex: { femal: 40 } } }, Q: { value: 50 } }),
    ]);
    expect(report.errors.map((e) => [e.code, e.path.join('.')])).toEqual([
      ['unknown-category', 'observations.P.breakdown.sex.femal'],
    ]);
    expect(report.scorecards[0]!.indicators.map((i) => i.status)).toEqual(['no-data', 'on-track']);
  });
  it('lists per institution what was due, reported and missing', () => {
    const m = matrixOf([
      people,
      q('Q', { responsible: ['Ministry A', 'Ministry B'] }),
      q('R', { responsible: ['Ministry B'], frequency: 'irregular' }),
    ]);
    const card = score(m, [at(2023, { P: { value: 1 }, Q: { missing: 'not collected' } })]).scorecards[0]!;
    expect(card.reporting).toEqual([
      { institution: 'Ministry A', expected: 2, reported: 1, missing: ['Q'] },
      { institution: 'Ministry B', expected: 1, reported: 0, missing: ['Q'] },
    ]);
  });
});

describe('bad assessments: clear errors, the rest still scored', () => {
  const m = matrixOf([
    q('A', { range: { min: 0, max: 100 } }),
    {
      id: 'L',
      theme: 't',
      title: 'L',
      kind: 'qualitative',
      levels: [
        { id: 'no', label: 'No', score: 0 },
        { id: 'yes', label: 'Yes', score: 100 },
      ],
    },
  ]);
  it.each([
    [
      'another matrix version',
      at(2023, { A: { value: 1 } }, { matrix: 'cases@1.0.0' }),
      'matrix-mismatch',
      'matrix',
    ],
    ['another matrix', at(2023, { A: { value: 1 } }, { matrix: 'other@2.0.0' }), 'matrix-mismatch', 'matrix'],
    ['an unknown indicator', at(2023, { B: { value: 1 } }), 'unknown-indicator', 'observations.B'],
    [
      'a level that does not exist',
      at(2023, { L: { level: 'maybe' } }),
      'unknown-level',
      'observations.L.level',
    ],
    ['a value for a qualitative indicator', at(2023, { L: { value: 1 } }), 'kind-mismatch', 'observations.L'],
    [
      'a value out of the declared range',
      at(2023, { A: { value: 120 } }),
      'value-out-of-range',
      'observations.A.value',
    ],
  ])('%s', (_name, a, code, path) => {
    const report = score(m, [a, at(2022, { A: { value: 5 } })]);
    expect(report.errors.map((e) => [e.code, e.path.join('.')])).toEqual([[code, path]]);
    expect(report.scorecards.some((c) => c.year === 2022)).toBe(true);
  });

  it('two identical submissions for one entity-year merge; a different value is a conflict naming both', () => {
    const one = at(2023, { A: { value: 10 }, L: { level: 'yes' } }, { submittedBy: 'Ministry A' });
    const two = at(2023, { A: { value: 10 } }, { submittedBy: 'Ministry B' });
    const same = score(m, [one, two]);
    expect(same.errors).toEqual([]);
    expect(same.scorecards[0]!.submissions).toEqual(['Ministry A', 'Ministry B']);
    const three = at(2023, { A: { value: 11 } }, { submittedBy: 'Ministry C' });
    const clash = score(m, [one, three]);
    expect(clash.errors.map((e) => [e.code, e.message])).toEqual([
      [
        'conflict',
        'A for XCA 2023 is reported differently by Ministry A (value 10) and Ministry C (value 11)',
      ],
    ]);
    expect(clash.scorecards[0]!.indicators.map((i) => [i.id, i.status, i.reason])).toEqual([
      ['A', 'no-data', 'conflict between Ministry A and Ministry C'],
      ['L', 'no-target', undefined],
    ]);
  });
});
