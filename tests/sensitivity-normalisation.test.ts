// Issue 18: sensitivity analysis varies the normalisation method too (a structure choice: each
// method is scored once, the other choices re-aggregate it).
import { describe, expect, it } from 'vitest';
import { MgiError, score, sensitivity } from '../src/index';
import type { Assessment } from '../src/schema/assessment';
import type { Matrix } from '../src/schema/matrix';

const matrix = (normalisation: 'target' | 'minmax'): Matrix => ({
  format: 'mgi-engine/matrix@1',
  id: 'n',
  version: '1.0.0',
  title: 'N',
  themes: [{ id: 't', title: 'T' }],
  indicators: [
    {
      id: 'A',
      theme: 't',
      title: 'A',
      kind: 'quantitative',
      direction: 'increase',
      baseline: { year: 2020, value: 10 },
      targets: { '2030': 30 },
      goalposts: { min: 0, max: 100 },
    },
  ],
  scoring: { normalisation },
});
const at = (entity: string, value: number): Assessment => ({
  format: 'mgi-engine/assessment@1',
  matrix: 'n@1.0.0',
  entity,
  year: 2024,
  observations: { A: { value } },
});

describe('sensitivity: the normalisation method', () => {
  it('target or goalposts, half the draws each: the interval spans both scores and the choice explains all the variance', () => {
    // A = 20: progress 0.5 (score 50) against the target, 20 between goalposts 0–100.
    const m = matrix('target');
    const goal = score({ ...m, scoring: { normalisation: 'goalposts' } }, [at('XAA', 20)]).scorecards[0]!;
    expect(goal.overall.score).toBe(20);
    const s = sensitivity(m, [at('XAA', 20)], { samples: 200, seed: 5, vary: [{ choice: 'normalisation' }] });
    expect(s.choices.map((c) => c.id)).toEqual(['normalisation']);
    const r = s.results[0]!;
    expect(r.nominal).toBe(50);
    expect(r.p05).toBe(20);
    expect(r.p95).toBe(50);
    expect(r.indices[0]!.first!).toBeCloseTo(1, 1);
    expect(r.indices[0]!.total!).toBeCloseTo(1, 1);
  });

  it('a sample matrix varies minmax, percentile and frontier by default; every draw is one of their scores', () => {
    const m = matrix('minmax');
    const batch = [at('XAA', 10), at('XBB', 20), at('XCC', 70)];
    const byMethod = (['minmax', 'percentile', 'frontier'] as const).map(
      (n) => score({ ...m, scoring: { normalisation: n } }, batch).scorecards[1]!.overall.score!,
    );
    const s = sensitivity(m, batch, { samples: 100, seed: 9, vary: [{ choice: 'normalisation' }] });
    expect(s.choices[0]!.description).toBe('default normalisation: minmax, percentile, frontier (1/3 each)');
    const xbb = s.results[1]!;
    expect(xbb.nominal).toBe(byMethod[0]);
    expect(byMethod).toContain(xbb.p05);
    expect(byMethod).toContain(xbb.p95);
    expect(xbb.p05!).toBeLessThan(xbb.p95!);
  });

  it('fewer than two methods, or an unknown one, is an MgiError at the option path', () => {
    const bad = (methods: unknown) => () =>
      sensitivity(matrix('target'), [at('XAA', 20)], {
        vary: [{ choice: 'normalisation', methods } as never],
      });
    expect(bad(['target'])).toThrow(MgiError);
    expect(bad(['target', 'zscore'])).toThrow(MgiError);
  });
});
