import { describe, expect, it } from 'vitest';
import { score } from '../src/index';
import type { Matrix } from '../src/schema/matrix';

const matrix = (extra: object): Matrix => ({
  format: 'mgi-engine/matrix@1',
  id: 'keep',
  version: '1.0.0',
  title: 'Maintain',
  themes: [{ id: 't', title: 'T' }],
  indicators: [
    {
      id: 'M',
      theme: 't',
      title: 'M',
      kind: 'quantitative',
      direction: 'maintain',
      tolerance: 5,
      ...extra,
    } as never,
  ],
});
const at = (year: number, value: number) =>
  ({
    format: 'mgi-engine/assessment@1',
    matrix: 'keep@1.0.0',
    entity: 'X',
    year,
    observations: { M: { value } },
  }) as const;

describe('maintain indicators', () => {
  it.each([
    [2020, 103, 'achieved', 100],
    [2020, 106, 'regressing', 0],
    [2020, 95, 'achieved', 100],
    [2017, 50, 'no-target', null],
  ])('in %i, value %d is %s with score %s', (year, value, status, s) => {
    const r = score(matrix({ baseline: { year: 2018, value: 100 }, targets: { '2025': 100 } }), [
      at(year, value),
    ]).scorecards[0]!.indicators[0]!;
    expect([r.status, r.score]).toEqual([status, s]);
  });

  it('without a target there is nothing to maintain: no-target, no score', () => {
    const r = score(matrix({ baseline: { year: 2018, value: 100 } }), [at(2020, 100)]).scorecards[0]!
      .indicators[0]!;
    expect([r.status, r.score]).toEqual(['no-target', null]);
  });
});
