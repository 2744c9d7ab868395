import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Matrix, score, scoreColumns } from '../src/index';
import type { Assessment } from '../src/schema/assessment';
import { arbAssessment, arbMatrix } from './fixtures/arbitraries';
import { arbRichMatrix, arbSubmissions } from './fixtures/fuzz-scoring';
import { workedAssessment, workedMatrix } from './fixtures/worked-example';

const runs = { numRuns: Number(process.env.MGI_PROPERTY_RUNS ?? 150), seed: 15_2026 };

/** Every number of the columns equals the report's (NaN where the report has null), and every object is the same. */
function expectAgreement(
  m: Matrix,
  list: readonly Assessment[],
  options: { trace?: boolean; year?: number },
) {
  const report = score(m, list, options);
  const cols = scoreColumns(m, list, options);
  expect(cols.length).toBe(report.scorecards.length);
  const n = cols.indicatorIds.length;
  expect(cols.indicatorIds).toEqual(m.indicators.map((i) => i.id));
  expect(cols.indicatorScore.length).toBe(cols.length * n);
  report.scorecards.forEach((card, i) => {
    expect(cols.entity(i)).toBe(card.entity);
    expect(cols.year(i)).toBe(card.year);
    expect(cols.overall[i]).toBe(card.overall.score ?? Number.NaN);
    card.indicators.forEach((r, k) => {
      expect(cols.indicatorScore[i * n + k]).toBe(r.score ?? Number.NaN);
    });
    expect(cols.scorecard(i)).toEqual(card);
  });
  expect(JSON.stringify([...cols.scorecards()])).toBe(JSON.stringify(report.scorecards));
  expect(cols.seriesCount).toBe(report.series.length);
  expect(JSON.stringify([...cols.allSeries()])).toBe(JSON.stringify(report.series));
  expect(cols.warnings).toEqual(report.warnings);
  expect(cols.errors).toEqual(report.errors);
  expect(JSON.stringify(cols.report())).toBe(JSON.stringify(report));
}

describe('scoreColumns()', () => {
  it('gives the worked example in columns: R1 50, R2 0, W1 50, overall 37.5', () => {
    const cols = scoreColumns(workedMatrix, [workedAssessment(2021, 20, 45, 'partial')], { trace: false });
    expect(cols.length).toBe(1);
    expect(cols.entity(0)).toBe('XWE');
    expect(cols.year(0)).toBe(2021);
    expect([...cols.indicatorScore]).toEqual([50, 0, 50]);
    expect([...cols.overall]).toEqual([37.5]);
    expect(cols.scorecard(0).indicators[0]!.trace).toBeUndefined();
  });

  it('keeps only the rows of the year option, in order, with NaN for a null overall', () => {
    const list = [
      workedAssessment(2020, 18, 42, 'absent'),
      workedAssessment(2021, 20, 45, 'partial'),
      { ...workedAssessment(2021, 20, 45, 'partial'), entity: 'XWA', observations: {} },
    ];
    const cols = scoreColumns(workedMatrix, list, { year: 2021 });
    expect([cols.entity(0), cols.entity(1)]).toEqual(['XWA', 'XWE']);
    expect(Number.isNaN(cols.overall[0]!)).toBe(true);
    expect(cols.overall[1]).toBe(37.5);
    // 2020 still feeds the change of 2021
    expect(cols.scorecard(1).indicators[0]!.change?.absolute).toBe(2);
    expect(cols.seriesCount).toBe(0);
  });

  it('property: scoreColumns and score() agree on every number and object, for random rich matrices and batches of submissions', () => {
    fc.assert(
      fc.property(
        arbRichMatrix.chain((m) => arbSubmissions(m, 8).map((subs) => ({ m, subs }))),
        fc.constantFrom(undefined, 2020),
        fc.boolean(),
        ({ m, subs }, year, trace) => {
          expectAgreement(
            m,
            subs.map((s) => s.assessment),
            year === undefined ? { trace } : { trace, year },
          );
        },
      ),
      runs,
    );
  });

  it('property: scoreColumns and score() agree on every number for random matrices over several entities and years', () => {
    const batch = arbMatrix.chain((m) =>
      fc
        .array(fc.tuple(arbAssessment(m), fc.constantFrom('XAA', 'XAB', 'XAC')), {
          minLength: 1,
          maxLength: 8,
        })
        .map((list) => ({ m, list: list.map(([a, e]) => ({ ...a, entity: e })) })),
    );
    fc.assert(
      fc.property(batch, ({ m, list }) => expectAgreement(m, list, { trace: false })),
      runs,
    );
  });
});
