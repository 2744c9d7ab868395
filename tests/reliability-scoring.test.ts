// Issue 19, the scoring items (#6, #7, #11, #12, #13, #14): each test failed before its fix.
import { describe, expect, it } from 'vitest';
import '../src/formula/register';
import { type Assessment, assessmentSchemaForMatrix, type Matrix, score } from '../src/index';
import { csvToAssessments } from '../src/io/csv-assessment';
import { workedAssessment, workedMatrix } from './fixtures/worked-example';

const one = (over: Partial<Assessment>): Assessment => ({
  ...workedAssessment(2021, 20, 45, 'partial'),
  ...over,
});

describe('issue 19 #7: a limit applies to the entity that exceeds it', () => {
  it('an entity with more years than maxYears is named in the errors and the rest of the batch is scored', () => {
    const many = Array.from({ length: 201 }, (_, i) => one({ entity: 'XBIG', year: 1900 + i }));
    const r = score(workedMatrix, [...many, one({ entity: 'XOK' })], {
      sources: many.map(() => 'big.ndjson'),
    });
    expect(r.scorecards.map((c) => c.entity)).toEqual(['XOK']);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: 'too-many', entity: 'XBIG', source: 'big.ndjson' });
    expect(r.errors[0]!.message).toContain('201 years for entity XBIG; the limit is 200');
  });
});

describe('issue 19 #12: entity names and ids', () => {
  it('two entityNames for one entity-year give the same report in either order, with a warning', () => {
    const a = one({ entityName: 'Moldova' });
    const b = one({ entityName: 'Republic of Moldova', observations: {} });
    const ab = score(workedMatrix, [a, b]);
    const ba = score(workedMatrix, [b, a]);
    expect(ab.scorecards[0]!.entityName).toBe('Moldova');
    expect(ba.scorecards[0]!.entityName).toBe('Moldova');
    expect(JSON.stringify(ab.scorecards[0]!.warnings)).toBe(JSON.stringify(ba.scorecards[0]!.warnings));
    expect(ab.warnings.map((w) => w.code)).toContain('entity-name-conflict');
  });

  it('an entity id with surrounding spaces is refused with the fix, not scored as another entity', () => {
    const r = score(workedMatrix, [one({ entity: 'XWE' }), one({ entity: 'XWE ', year: 2022 })]);
    expect(r.scorecards.map((c) => c.entity)).toEqual(['XWE']);
    expect(r.errors[0]).toMatchObject({ code: 'invalid-value', path: ['entity'], entity: 'XWE ' });
    expect(r.errors[0]!.message).toContain('remove them');
  });
});

describe('issue 19 #14: float edge values in weights and targets', () => {
  const withWeights = (w: number): Matrix => ({
    ...workedMatrix,
    themes: workedMatrix.themes.map((t) => ({ ...t, weight: w })),
    indicators: workedMatrix.indicators.map((i) => ({ ...i, weight: w })),
  });
  it('subnormal weights give the same means as weights of 1', () => {
    const a = [one({})];
    const ref = score(workedMatrix, a, { trace: false }).scorecards[0]!;
    const tiny = score(withWeights(5e-324), a, { trace: false }).scorecards[0]!;
    const small = score(withWeights(3e-320), a, { trace: false }).scorecards[0]!;
    for (const c of [tiny, small]) {
      expect(c.overall.score).toBe(ref.overall.score);
      expect(c.themes.map((t) => t.score)).toEqual(ref.themes.map((t) => t.score));
    }
  });

  it('a subnormal target − baseline gives a null score with its reason', () => {
    const m: Matrix = {
      ...workedMatrix,
      indicators: [
        {
          id: 'R1',
          theme: 'rights',
          title: 'R1',
          kind: 'quantitative',
          direction: 'increase',
          baseline: { year: 2016, value: 0 },
          targets: { '2026': 5e-324 },
        },
      ],
    };
    const r = score(m, [{ ...one({}), observations: { R1: { value: 1 } } }]);
    const ind = r.scorecards[0]!.indicators[0]!;
    expect(ind.score).toBeNull();
    expect(ind.reason).toBe(
      'the target and the baseline differ by only 5e-324, too little to measure progress against',
    );
  });
});

describe('issue 19 #14: log-scale goalposts have no place for 0 or below', () => {
  const logMatrix = (kind: 'quantitative' | 'formula', range?: { min?: number; max?: number }): Matrix => ({
    format: 'mgi-engine/matrix@1',
    id: 'lg',
    version: '1.0.0',
    title: 'Log goalposts',
    themes: [{ id: 't', title: 'T' }],
    indicators: [
      kind === 'formula'
        ? {
            id: 'G1',
            theme: 't',
            title: 'cost',
            kind: 'formula',
            expression: 'a - b',
            inputs: ['a', 'b'],
            direction: 'decrease',
            goalposts: { min: 100, max: 75000, log: true },
          }
        : {
            id: 'G1',
            theme: 't',
            title: 'cost',
            kind: 'quantitative',
            direction: 'decrease',
            goalposts: { min: 100, max: 75000, log: true },
            ...(range ? { range } : {}),
          },
    ],
  });
  const at = (observations: Assessment['observations']): Assessment => ({
    format: 'mgi-engine/assessment@1',
    matrix: 'lg@1.0.0',
    entity: 'XLG',
    year: 2024,
    observations,
  });

  it.each([
    [-5, undefined],
    [0, undefined],
    [-5, { min: -10 }],
  ])(
    'a reported value of %s on a decreasing indicator is refused with the reason, not scored 100 (range %o)',
    (v, range) => {
      const r = score(logMatrix('quantitative', range), [at({ G1: { value: v } })]);
      expect(r.scorecards[0]!.indicators[0]).toMatchObject({
        value: null,
        score: null,
        status: 'no-data',
        reason: 'reported with an invalid value (see errors)',
      });
      expect(r.errors).toHaveLength(1);
      expect(r.errors[0]).toMatchObject({
        code: 'value-out-of-range',
        path: ['observations', 'G1', 'value'],
      });
      expect(r.errors[0]!.message).toBe(
        `${v} is outside the declared range of G1 (above 0, as its goalposts are on a log scale)`,
      );
    },
  );

  it('a value just above 0 scores 100 on a decreasing indicator, and 0 on the lower goalpost scores as before', () => {
    const r = score(logMatrix('quantitative'), [at({ G1: { value: 1e-9 } })]);
    expect(r.scorecards[0]!.indicators[0]).toMatchObject({ value: 1e-9, score: 100 });
    const top = score(logMatrix('quantitative'), [at({ G1: { value: 75000 } })]);
    expect(top.scorecards[0]!.indicators[0]).toMatchObject({ score: 0 });
  });

  it('a formula result of 0 or below has no score and says why', () => {
    const r = score(logMatrix('formula'), [at({ a: { value: 3 }, b: { value: 10 } })]);
    const ind = r.scorecards[0]!.indicators[0]!;
    expect(ind).toMatchObject({ value: -7, score: null });
    expect(ind.reason).toBe('the value -7 is not above 0, so it has no place on the log-scale goalposts');
  });

  it('a CSV row with 0 on log-scale goalposts is refused at its row, the other rows are read', () => {
    const r = csvToAssessments('entity,year,indicator,value\nXLG,2024,G1,0\nXLH,2024,G1,250\n', {
      matrix: logMatrix('quantitative'),
    });
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'value-out-of-range', path: ['row', 2, 'value'] });
    expect(r.issues[0]!.message).toContain('above 0, as the goalposts are on a log scale');
    expect(r.assessments.map((x) => [x.entity, x.observations.G1])).toEqual([['XLH', { value: 250 }]]);
  });

  it('the per-matrix JSON Schema says the value must be above 0', () => {
    const schema = assessmentSchemaForMatrix(logMatrix('quantitative')) as {
      properties: {
        observations: { properties: Record<string, { oneOf: { properties: { value: unknown } }[] }> };
      };
    };
    expect(schema.properties.observations.properties.G1!.oneOf[0]!.properties.value).toMatchObject({
      type: 'number',
      exclusiveMinimum: 0,
    });
  });
});

describe('issue 19 #15: score() given unparsed objects names wrong types, never guesses', () => {
  it.each([
    [{ value: Number.NaN }, ['value'], 'the value must be a number within ±1e15, not NaN'],
    [{ value: '70' }, ['value'], 'the value must be a number within ±1e15, not "70"'],
    [{ value: 1e308 }, ['value'], 'the value must be a number within ±1e15, not 1e+308'],
    [
      { value: 20, breakdown: { sex: { female: '3' } } },
      ['breakdown', 'sex', 'female'],
      'the breakdown value must be a number within ±1e15, not "3"',
    ],
    [{ missing: 5 }, ['missing'], '"missing" must be a string, not 5'],
  ])('R1 reported as %o is an invalid-type error at its path, and R1 has no value', (obs, at, message) => {
    const a = one({});
    (a.observations as Record<string, unknown>).R1 = obs;
    const r = score(workedMatrix, [a]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ code: 'invalid-type', path: ['observations', 'R1', ...at] });
    expect(r.errors[0]!.message).toBe(`R1: ${message}`);
    const r1 = r.scorecards[0]!.indicators[0]!;
    expect(r1).toMatchObject({
      value: null,
      score: null,
      reason: 'reported with an invalid value (see errors)',
    });
    expect(r.scorecards[0]!.indicators[1]).toMatchObject({ value: 45 });
  });

  it('a level given as a number is an invalid-type error, not an unknown level', () => {
    const a = one({});
    (a.observations as Record<string, unknown>).W1 = { level: 50 };
    const r = score(workedMatrix, [a]);
    expect(r.errors[0]).toMatchObject({ code: 'invalid-type', path: ['observations', 'W1', 'level'] });
  });
});

describe('issue 19 #13: what the user wrote about an observation reaches the JSON report', () => {
  it('source, evidence, reportedBy and note of an observation, and notes and submittedOn of a submission, are kept', () => {
    const a = one({
      submittedBy: 'Ministry',
      submittedOn: '2022-03-01',
      notes: 'first count',
      observations: {
        R1: {
          value: 20,
          source: 'census',
          evidence: 'https://example.org/t1',
          reportedBy: 'NBS',
          note: 'provisional',
        },
        R2: { value: 45 },
        W1: { level: 'partial' },
      },
    });
    const card = score(workedMatrix, [a]).scorecards[0]!;
    expect(card.submissionDetails).toEqual([
      { submission: 'Ministry', submittedOn: '2022-03-01', notes: 'first count' },
    ]);
    expect(card.indicators[0]).toMatchObject({
      source: 'census',
      evidence: 'https://example.org/t1',
      reportedBy: 'NBS',
      note: 'provisional',
    });
    expect(card.indicators[1]!.source).toBeUndefined();
  });
});

describe('issue 19 #6: formula results meet their targets exactly (12 significant digits)', () => {
  const formulaMatrix = (direction: 'increase' | 'maintain'): Matrix => ({
    format: 'mgi-engine/matrix@1',
    id: 'f',
    version: '1.0.0',
    title: 'F',
    themes: [{ id: 't', title: 'T' }],
    indicators: [
      {
        id: 'F1',
        theme: 't',
        title: 'share',
        kind: 'formula',
        expression: 'a / b * 100',
        inputs: ['a', 'b'],
        direction,
        baseline: { year: 2020, value: direction === 'maintain' ? 57 : 40 },
        targets: { '2025': 57 },
      },
    ],
  });
  const obs = (year: number) => ({
    format: 'mgi-engine/assessment@1' as const,
    matrix: 'f@1.0.0',
    entity: 'XFA',
    year,
    observations: { a: { value: 57 }, b: { value: 100 } },
  });
  it('57 / 100 * 100 reaching a target of 57 is achieved with score 100', () => {
    const r = score(formulaMatrix('increase'), [obs(2025)]).scorecards[0]!.indicators[0]!;
    expect(r).toMatchObject({ value: 57, status: 'achieved', score: 100, progress: 1 });
  });
  it('a maintain target of 57 met by 57 / 100 * 100 is achieved, not regressing with score 0', () => {
    const r = score(formulaMatrix('maintain'), [obs(2023)]).scorecards[0]!.indicators[0]!;
    expect(r).toMatchObject({ value: 57, status: 'achieved', score: 100 });
  });
});

describe('issue 19 #11: formula inputs never lose a breakdown without a word', () => {
  const m: Matrix = {
    format: 'mgi-engine/matrix@1',
    id: 'g',
    version: '1.0.0',
    title: 'G',
    themes: [{ id: 't', title: 'T' }],
    indicators: [
      {
        id: 'G1',
        theme: 't',
        title: 'ratio',
        kind: 'formula',
        expression: 'a / b * 100',
        inputs: ['a', 'b'],
        direction: 'increase',
        baseline: { year: 2020, value: 10 },
        targets: { '2025': 90 },
        disaggregation: { sex: ['female', 'male'], area: ['urban', 'rural'] },
      },
    ],
  };
  const run = (observations: Assessment['observations']) =>
    score(m, [
      { format: 'mgi-engine/assessment@1', matrix: 'g@1.0.0', entity: 'XGA', year: 2022, observations },
    ]).scorecards[0]!;
  it('inputs with different categories: the breakdown is not computed, with a warning', () => {
    const card = run({
      a: { value: 10, breakdown: { sex: { female: 4, male: 6 } } },
      b: { value: 20, breakdown: { area: { urban: 12, rural: 8 } } },
    });
    expect(card.indicators[0]!.breakdown).toBeUndefined();
    expect(card.warnings.map((w) => w.code)).toContain('breakdown-dropped');
  });
  it('a category without a finite result is named in a warning', () => {
    const card = run({
      a: { value: 10, breakdown: { sex: { female: 4, male: 6 } } },
      b: { value: 20, breakdown: { sex: { female: 0, male: 20 } } },
    });
    expect(card.indicators[0]!.breakdown).toEqual({ sex: { male: 30 } });
    expect(card.warnings.find((w) => w.code === 'breakdown-dropped')!.message).toContain('category "female"');
  });
  it("an input's breakdown that does not add up to its total is a breakdown-mismatch warning", () => {
    const card = run({
      a: { value: 10, breakdown: { sex: { female: 1, male: 2 } } },
      b: { value: 20, breakdown: { sex: { female: 10, male: 10 } } },
    });
    expect(card.warnings.filter((w) => w.code === 'breakdown-mismatch').map((w) => w.indicator)).toEqual([
      'a',
    ]);
  });
});
