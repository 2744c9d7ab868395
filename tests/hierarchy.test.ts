import { describe, expect, it } from 'vitest';
import { score } from '../src/index';

const matrix = (themes: unknown[]) =>
  ({
    format: 'mgi-engine/matrix@1',
    id: 'h',
    version: '1.0.0',
    title: 'h',
    themes,
    indicators: ['a', 'b', 'c'].map((id, i) => ({
      id,
      theme: ['t1', 't1', 't2'][i],
      title: id,
      kind: 'quantitative',
      direction: 'increase',
      goalposts: { min: 0, max: 100 },
      normalisation: 'goalposts',
    })),
  }) as never;
const obs = [
  {
    format: 'mgi-engine/assessment@1',
    matrix: 'h@1.0.0',
    entity: 'X',
    year: 2021,
    observations: { a: { value: 20 }, b: { value: 80 }, c: { value: 40 } },
  },
] as never;

describe('theme hierarchy', () => {
  it('a sub-theme level aggregates its sub-themes with its own method and weights', () => {
    const r = score(
      matrix([
        { id: 'root', title: 'root', aggregation: 'harmonic', dimension: 'partnerships' },
        { id: 't1', title: 't1', parent: 'root', weight: 1 },
        { id: 't2', title: 't2', parent: 'root', weight: 3 },
      ]),
      obs,
    );
    const card = r.scorecards[0]!;
    expect(card.themes.map((t) => t.score)).toEqual([4 / (1 / 50 + 3 / 40), 50, 40]);
    expect(card.themes[1]!.parent).toBe('root');
    expect(card.themes[1]!.dimension).toBe('partnerships');
    expect(card.overall.score).toBe(4 / (1 / 50 + 3 / 40));
    expect(card.dimensions.find((d) => d.id === 'partnerships')!.themes).toEqual(['root']);
  });
  it('a cycle of parents is a clear error', () => {
    expect(() =>
      score(
        matrix([
          { id: 't1', title: 't1', parent: 't2' },
          { id: 't2', title: 't2', parent: 't1' },
        ]),
        obs,
      ),
    ).toThrow(/its own ancestor/);
  });
});
