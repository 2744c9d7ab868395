import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { render, score, scoreColumns } from '../src/index';

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

// --- every level in every output, and the property against the two-level result ----------------

const fourLevel = () =>
  ({
    format: 'mgi-engine/matrix@1',
    id: 'h4',
    version: '1.0.0',
    title: 'h4',
    themes: [
      { id: 'index', title: 'Index' },
      { id: 'sub', title: 'Sub-index', parent: 'index', weight: 2 },
      { id: 'other', title: 'Other sub-index', parent: 'index', aggregation: 'geometric' },
      { id: 'p1', title: 'Pillar 1', parent: 'sub' },
      { id: 'p2', title: 'Pillar 2', parent: 'sub', weight: 3 },
      { id: 'p3', title: 'Pillar 3', parent: 'other' },
    ],
    indicators: [
      ['a', 'p1'],
      ['b', 'p1'],
      ['c', 'p2'],
      ['d', 'p3'],
    ].map(([id, theme]) => ({
      id,
      theme,
      title: id,
      kind: 'quantitative',
      direction: 'increase',
      goalposts: { min: 0, max: 100 },
      normalisation: 'goalposts',
    })),
  }) as never;
const obs4 = [
  {
    format: 'mgi-engine/assessment@1',
    matrix: 'h4@1.0.0',
    entity: 'X',
    year: 2021,
    observations: { a: { value: 20 }, b: { value: 80 }, c: { value: 40 }, d: { value: 90 } },
  },
] as never;

describe('theme hierarchy: every level in every output', () => {
  // p1 = 50, p2 = 40, sub = (50 + 3·40) / 4 = 42.5, p3 = 90, other = 90, index = (2·42.5 + 90) / 3
  const index = (2 * 42.5 + 90) / 3;
  it('the JSON report has a score and a parent for every level', () => {
    const card = score(fourLevel(), obs4).scorecards[0]!;
    expect(card.themes.map((t) => [t.id, t.score, t.parent ?? null, t.reported, t.total])).toEqual([
      ['index', index, null, 4, 4],
      ['sub', 42.5, 'index', 3, 3],
      ['other', 90, 'index', 1, 1],
      ['p1', 50, 'sub', 2, 2],
      ['p2', 40, 'sub', 1, 1],
      ['p3', 90, 'other', 1, 1],
    ]);
    expect(card.overall.score).toBe(index);
  });
  it('scoreColumns() gives every level as theme columns with their parents', () => {
    const cols = scoreColumns(fourLevel(), obs4);
    expect(cols.themeIds).toEqual(['index', 'sub', 'other', 'p1', 'p2', 'p3']);
    expect([...cols.themeParent]).toEqual([-1, 0, 0, 1, 1, 2]);
    expect([...cols.themeScore]).toEqual([index, 42.5, 90, 50, 40, 90]);
    expect(cols.overall[0]).toBe(index);
  });
  it('the CSV scorecards add theme_path and theme_path_scores; the summary CSV a parent column', () => {
    const report = score(fourLevel(), obs4);
    const lines = render(report, { format: 'csv' }).trim().split('\r\n');
    const head = lines[0]!.split(',');
    expect(head.slice(-2)).toEqual(['theme_path', 'theme_path_scores']);
    const c = lines[3]!.split(',');
    expect(c[head.indexOf('indicator')]).toBe('c');
    expect(c[head.indexOf('theme_path')]).toBe('index/sub/p2');
    expect(c[head.indexOf('theme_path_scores')]).toBe(`${index};42.5;40`);
    const sum = render(report, { format: 'csv-summary' }).trim().split('\r\n');
    expect(sum[0]!.split(',').at(-1)).toBe('parent');
    const p2 = sum.find((l) => l.includes(',theme,p2,'))!.split(',');
    expect(p2.at(-1)).toBe('sub');
    expect(p2[8]).toBe('40');
  });
  it('Markdown and HTML list every level, sub-themes marked by depth', () => {
    const report = score(fourLevel(), obs4);
    const md = render(report, { format: 'md' });
    expect(md).toContain('| Index |');
    expect(md).toContain('| › Sub-index |');
    expect(md).toContain('| › › Pillar 2 |');
    expect(md).toContain('##### › Sub-index · 42.5');
    const html = render(report, { format: 'html' });
    expect(html).toContain('› › Pillar 3');
    expect(html).toContain('› Other sub-index');
  });
  it('a two-level matrix keeps its CSV header and markdown titles', () => {
    const report = score(
      matrix([
        { id: 't1', title: 'T one' },
        { id: 't2', title: 'T two' },
      ]),
      obs,
    );
    expect(render(report, { format: 'csv' }).split('\r\n')[0]).not.toContain('theme_path');
    expect(render(report, { format: 'csv-summary' }).split('\r\n')[0]!.endsWith('coverage_reported')).toBe(
      true,
    );
    expect(render(report, { format: 'md' })).not.toContain('›');
  });
  it('coverage and the missing-data rule apply at each level', () => {
    const few = [
      {
        format: 'mgi-engine/assessment@1',
        matrix: 'h4@1.0.0',
        entity: 'X',
        year: 2021,
        observations: { a: { value: 20 }, d: { value: 90 } },
      },
    ] as never;
    const card = score(fourLevel(), few).scorecards[0]!;
    const t = Object.fromEntries(card.themes.map((x) => [x.id, x]));
    expect(t.p1!.score).toBe(20);
    expect(t.p1!.coverage).toBe(0.5);
    expect(t.p2!.score).toBeNull();
    // sub: p1 has weight 1 of 4 and half its data: coverage 1/8 < 0.5, so no score, and a warning
    expect(t.sub!.coverage).toBe(0.125);
    expect(t.sub!.score).toBeNull();
    expect(card.warnings.some((w) => w.code === 'low-coverage' && w.message.startsWith('theme sub:'))).toBe(
      true,
    );
    // index: sub (weight 2, coverage 1/8) and other (weight 1, coverage 1): (2/8 + 1) / 3 < 0.5
    expect(t.index!.coverage).toBeCloseTo(1.25 / 3, 15);
    expect(t.index!.score).toBeNull();
    expect(card.overall.score).toBeNull();
  });
});

const weight = fc.integer({ min: 1, max: 8 });
const maybeValue = fc.option(
  fc.integer({ min: 0, max: 1000 }).map((x) => x / 10),
  { nil: undefined },
);

function twoLevel(spec: { weight: number; inds: { weight: number }[] }[], themesMethod: string) {
  const themes = spec.map((t, i) => ({ id: `t${i}`, title: `t${i}`, weight: t.weight }));
  const indicators = spec.flatMap((t, i) =>
    t.inds.map((ind, j) => ({
      id: `i${i}_${j}`,
      theme: `t${i}`,
      title: 'x',
      kind: 'quantitative',
      direction: 'increase',
      weight: ind.weight,
      goalposts: { min: 0, max: 100 },
      normalisation: 'goalposts',
    })),
  );
  return {
    format: 'mgi-engine/matrix@1',
    id: 'p',
    version: '1.0.0',
    title: 'p',
    themes,
    indicators,
    scoring: { aggregation: { themes: themesMethod } },
  };
}

describe('theme hierarchy: properties (fast-check)', () => {
  it("the hierarchy's overall equals today's two-level result for a two-level matrix", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            weight,
            inds: fc.array(fc.record({ weight, v: maybeValue }), { minLength: 1, maxLength: 4 }),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        fc.constantFrom('arithmetic', 'geometric'),
        (spec, method) => {
          const m = twoLevel(spec, method);
          const observations: Record<string, { value: number }> = {};
          spec.forEach((t, i) =>
            t.inds.forEach((ind, j) => {
              if (ind.v !== undefined) observations[`i${i}_${j}`] = { value: ind.v };
            }),
          );
          const a = [
            { format: 'mgi-engine/assessment@1', matrix: 'p@1.0.0', entity: 'X', year: 2020, observations },
          ];
          const flat = score(m as never, a as never).scorecards[0]!;
          // 1. Today's two-level rule, written out: theme = weighted mean of its reported
          //    indicators if they hold ≥ 50 % of its weight; overall = weighted mean of the themes
          //    with a score if the themes' weighted coverage reaches 50 %.
          const themeScores = spec.map((t) => {
            const w = t.inds.reduce((s, x) => s + x.weight, 0);
            const got = t.inds.filter((x) => x.v !== undefined);
            const cov = got.reduce((s, x) => s + x.weight, 0) / w;
            const sw = got.reduce((s, x) => s + x.weight, 0);
            const mean = got.reduce((s, x) => s + x.weight * x.v!, 0) / sw;
            return { score: got.length > 0 && cov + 1e-9 >= 0.5 ? mean : null, cov };
          });
          const tw = spec.reduce((s, t) => s + t.weight, 0);
          const tcov = spec.reduce((s, t, i) => s + t.weight * themeScores[i]!.cov, 0) / tw;
          const scored = spec
            .map((t, i) => ({ w: t.weight, s: themeScores[i]!.score }))
            .filter((x) => x.s !== null);
          const sw = scored.reduce((s, x) => s + x.w, 0);
          const expected =
            scored.length === 0 || tcov + 1e-9 < 0.5
              ? null
              : method === 'arithmetic'
                ? scored.reduce((s, x) => s + x.w * x.s!, 0) / sw
                : scored.some((x) => x.s === 0)
                  ? 0
                  : Math.exp(scored.reduce((s, x) => s + x.w * Math.log(x.s!), 0) / sw);
          flat.themes.forEach((t, i) => {
            if (themeScores[i]!.score === null) expect(t.score).toBeNull();
            else expect(t.score!).toBeCloseTo(themeScores[i]!.score!, 9);
          });
          if (expected === null) expect(flat.overall.score).toBeNull();
          else expect(flat.overall.score!).toBeCloseTo(expected, 9);
          // 2. The same themes under one root theme that aggregates like the overall did: the
          //    root's score and the new overall are the two-level overall.
          const nested = {
            ...m,
            themes: [
              { id: 'root', title: 'root', aggregation: method },
              ...m.themes.map((t) => ({ ...t, parent: 'root' })),
            ],
          };
          const deep = score(nested as never, a as never).scorecards[0]!;
          if (flat.overall.score === null) expect(deep.overall.score).toBeNull();
          else expect(deep.overall.score!).toBeCloseTo(flat.overall.score, 12);
          expect(deep.themes[0]!.score === null ? null : deep.themes[0]!.score).toBe(deep.overall.score);
          expect(deep.themes.slice(1).map((t) => t.score)).toEqual(flat.themes.map((t) => t.score));
        },
      ),
      { seed: 18, numRuns: 200 },
    );
  });
});
