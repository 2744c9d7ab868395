import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineMatrix, score } from '../src/index';
import type { Assessment } from '../src/schema/assessment';
import type { Matrix } from '../src/schema/matrix';
import {
  type AssessmentOf,
  defineAssessment,
  type IndicatorIdOf,
  type ObservationFor,
} from '../src/schema/typed';

// Type-level tests: `npm run typecheck` (tsc over tests/) fails on a wrong expectation or an unused
// `@ts-expect-error`; vitest runs the few runtime assertions.

const demo = defineMatrix({
  format: 'mgi-engine/matrix@1',
  id: 'demo',
  version: '1.0.0',
  title: 'Demo',
  themes: [
    { id: 'rights', title: 'Rights', dimension: 'migrants-rights' },
    { id: 'wog', title: 'Whole of government', dimension: 'whole-of-government' },
  ],
  indicators: [
    {
      id: 'R1',
      theme: 'rights',
      title: 'Returnees employed',
      kind: 'quantitative',
      direction: 'increase',
      baseline: { year: 2016, value: 10 },
      targets: { '2026': 30 },
      disaggregation: { sex: ['female', 'male'] },
    },
    {
      id: 'W1',
      theme: 'wog',
      title: 'Strategy',
      kind: 'qualitative',
      levels: [
        { id: 'absent', label: 'Absent', score: 0 },
        { id: 'partial', label: 'Partial', score: 50 },
        { id: 'complete', label: 'Complete', score: 100 },
      ],
      baseline: { year: 2016, level: 'absent' },
      targets: { '2026': 'complete' },
    },
    {
      id: 'F1',
      theme: 'wog',
      title: 'Share',
      kind: 'formula',
      expression: '100 * a / b',
      inputs: ['a', 'b'],
      direction: 'increase',
      goalposts: { min: 0, max: 100 },
      disaggregation: { ageGroup: ['young', 'old'] },
    },
  ],
});

describe('defineMatrix', () => {
  it('returns its argument unchanged', () => {
    expect(defineMatrix(demo)).toBe(demo);
  });

  it('keeps indicator ids, kinds and level ids as literal types', () => {
    expectTypeOf<(typeof demo)['indicators'][number]['id']>().toEqualTypeOf<'R1' | 'W1' | 'F1'>();
    expectTypeOf<(typeof demo)['indicators'][number]['kind']>().toEqualTypeOf<
      'quantitative' | 'qualitative' | 'formula'
    >();
    expectTypeOf<(typeof demo)['indicators'][1]['levels'][number]['id']>().toEqualTypeOf<
      'absent' | 'partial' | 'complete'
    >();
    expectTypeOf(demo.id).toEqualTypeOf<'demo'>();
    expectTypeOf(demo).toExtend<Matrix>();
  });

  it('still rejects what is not a matrix', () => {
    // @ts-expect-error: "kind" must be one of the three kinds
    defineMatrix({ ...demo, indicators: [{ ...demo.indicators[0], kind: 'numeric' }] });
    // @ts-expect-error: a theme needs a title
    defineMatrix({ ...demo, themes: [{ id: 'rights' }] });
  });
});

describe('AssessmentOf<M>', () => {
  it('lists the reportable ids: non-formula indicators and formula inputs', () => {
    expectTypeOf<IndicatorIdOf<typeof demo>>().toEqualTypeOf<'R1' | 'W1' | 'a' | 'b'>();
  });

  it('gives each id its observation shape', () => {
    type W1 = ObservationFor<(typeof demo)['indicators'][1]>;
    expectTypeOf<{ level: 'partial' }>().toExtend<W1>();
    expectTypeOf<{ missing: 'not yet reported' }>().toExtend<W1>();
    expectTypeOf<{ level: 'unknown' }>().not.toExtend<W1>();
    expectTypeOf<{ value: 1 }>().not.toExtend<W1>();
    type R1 = ObservationFor<(typeof demo)['indicators'][0]>;
    expectTypeOf<{ value: 1; breakdown: { sex: { female: 1 } } }>().toExtend<R1>();
    expectTypeOf<{ value: 1; breakdown: { sex: { other: 1 } } }>().not.toExtend<R1>();
    expectTypeOf<{ level: 'partial' }>().not.toExtend<R1>();
  });

  it('is an Assessment, so score() takes typed assessments as they are', () => {
    expectTypeOf<AssessmentOf<typeof demo>>().toExtend<Assessment>();
    const a = defineAssessment(demo, {
      format: 'mgi-engine/assessment@1',
      matrix: 'demo@1.0.0',
      entity: 'XWE',
      year: 2021,
      observations: {
        R1: { value: 20, breakdown: { sex: { female: 12 } } },
        W1: { level: 'partial', note: 'strategy drafted' },
        a: { value: 3, breakdown: { ageGroup: { old: 1 } } },
        b: { missing: 'survey not run' },
      },
    });
    const report = score(demo, [a]);
    expect(report.scorecards).toHaveLength(1);
  });

  it('makes a wrong indicator id, level, kind, category or matrix version a type error', () => {
    const base = {
      format: 'mgi-engine/assessment@1',
      matrix: 'demo@1.0.0',
      entity: 'X',
      year: 2021,
    } as const;
    // @ts-expect-error: R2 is not an indicator of demo
    defineAssessment(demo, { ...base, observations: { R2: { value: 1 } } });
    // @ts-expect-error: F1 is a formula; its inputs are reported instead
    defineAssessment(demo, { ...base, observations: { F1: { value: 1 } } });
    // @ts-expect-error: "done" is not a level of W1
    defineAssessment(demo, { ...base, observations: { W1: { level: 'done' } } });
    // @ts-expect-error: W1 is qualitative
    defineAssessment(demo, { ...base, observations: { W1: { value: 50 } } });
    // @ts-expect-error: a level and a missing reason at once
    defineAssessment(demo, { ...base, observations: { W1: { level: 'partial', missing: 'x' } } });
    // @ts-expect-error: "other" is not a category of sex
    defineAssessment(demo, { ...base, observations: { R1: { value: 1, breakdown: { sex: { other: 1 } } } } });
    // @ts-expect-error: the assessment names another version of the matrix
    defineAssessment(demo, { ...base, matrix: 'demo@2.0.0', observations: {} });
    expect(true).toBe(true);
  });

  it('falls back to the generic Assessment shape for a matrix known only as Matrix', () => {
    expectTypeOf<IndicatorIdOf<Matrix>>().toEqualTypeOf<string>();
    const loose: AssessmentOf<Matrix> = {
      format: 'mgi-engine/assessment@1',
      matrix: 'any@1.0.0',
      entity: 'X',
      year: 2021,
      observations: { anything: { value: 1 }, other: { level: 'x' } },
    };
    expectTypeOf(loose).toExtend<Assessment>();
  });
});
