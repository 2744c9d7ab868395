import { describe, expect, it } from 'vitest';
import { scoreWith } from '../src/scoring/score';
import { workedAssessment, workedMatrix } from './fixtures/worked-example';

describe('the worked example of docs/method.md', () => {
  const report = scoreWith(workedMatrix, [
    workedAssessment(2020, 18, 42, 'partial'),
    workedAssessment(2021, 20, 45, 'partial'),
  ]);
  const card = report.scorecards.find((c) => c.year === 2021)!;
  const ind = (id: string) => card.indicators.find((i) => i.id === id)!;

  it('R1 has progress 0.5, expected 0.5, is on-track and scores 50', () => {
    expect(ind('R1')).toMatchObject({
      value: 20,
      progress: 0.5,
      expected: 0.5,
      status: 'on-track',
      score: 50,
    });
  });
  it('R2 has progress −0.25, is regressing and scores 0', () => {
    expect(ind('R2')).toMatchObject({ value: 45, progress: -0.25, status: 'regressing', score: 0 });
  });
  it('W1 scores 50 and is on-track', () => {
    expect(ind('W1')).toMatchObject({ level: 'partial', score: 50, status: 'on-track' });
  });
  it('themes score 25 and 50, overall 37.5', () => {
    expect(card.themes.map((t) => [t.id, t.score])).toEqual([
      ['rights', 25],
      ['wog', 50],
    ]);
    expect(card.overall.score).toBe(37.5);
    expect(card.overall.coverage).toBe(1);
  });
  it('dimensions: migrants-rights 25, whole-of-government 50, the other four null', () => {
    expect(card.dimensions.map((d) => [d.id, d.score])).toEqual([
      ['migrants-rights', 25],
      ['whole-of-government', 50],
      ['partnerships', null],
      ['well-being', null],
      ['mobility-crises', null],
      ['safe-orderly-migration', null],
    ]);
  });
  it('R1 changed +2 (improvement), R2 +3 (deterioration)', () => {
    expect(ind('R1').change).toMatchObject({ fromYear: 2020, absolute: 2, assessment: 'improvement' });
    expect(ind('R2').change).toMatchObject({ fromYear: 2020, absolute: 3, assessment: 'deterioration' });
  });
  it('reports a series for the entity with both years', () => {
    expect(report.series).toHaveLength(1);
    expect(report.series[0]!.years).toEqual([2020, 2021]);
    expect(report.errors).toEqual([]);
  });
});
