// Issue 19, the scoring items (#6, #7, #11, #12, #13, #14): each test failed before its fix.
import { describe, expect, it } from 'vitest';
import { type Assessment, type Matrix, score } from '../src/index';
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
