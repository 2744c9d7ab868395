import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAssessment, parseMatrix, render, score } from '../src/index';
import { categoryCsvColumns } from '../src/report/render';
import { runCli } from './fixtures/cli';

// Issue 16: per-category results everywhere the user looks: Markdown and HTML (category table, a
// gap chart per disaggregated indicator, a parity line in the executive summary, five languages),
// the category CSV, and the streaming CLI output.
const DIR = 'examples/gdi';
const matrix = parseMatrix(readFileSync(join(DIR, 'matrix.json'), 'utf8'));
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.json') && f !== 'matrix.json')
  .sort();
const assessments = files.map((f) => parseAssessment(readFileSync(join(DIR, f), 'utf8')));
const report = score(matrix, assessments);
const afg = score(matrix, [assessments[0]!]);

describe('disaggregated scoring in the human-readable reports', () => {
  it('Markdown: a parity line in the summary, the category table and a gap chart per indicator', () => {
    const md = render(afg, { format: 'md' });
    // A matrix reported by category only: the summary gives the categories' scores, not just "—",
    // and the dimension's parity in the same paragraph.
    expect(md).toContain(
      '**Overall score by sex, out of 100: female 36.5 · male 53.6. Parity female ÷ male (sex): 0.681 (Low equality (&gt; 0.1), 5); gap −17.1 points.**',
    );
    const fr = render(afg, { format: 'md', lang: 'fr' });
    expect(fr).toContain(
      '**Score global par sex, sur 100 : female 36,5 · male 53,6. Parité female ÷ male (sex)',
    );
    expect(fr).toContain('transmis par catégorie seulement');
    expect(fr).not.toContain('reported by category only');
    expect(md).toContain('| By sex | female | male | Gap (female − male) | Parity |');
    expect(md).toContain('| **Overall score** | 36.5 | 53.6 | −17.1 | 0.681 |');
    expect(md).toContain('| Life expectancy at birth | 65.8 | 63.7 | +2.1 | 1.033 |');
    expect(md).toContain('##### Scores by sex, per indicator');
    expect(md).toContain('  - `female` ██████▋ 65.8');
    expect(md).toContain('Each category is scored by the same method as the total');
  });

  it('HTML: the same table, one bar chart per disaggregated indicator, the parity line', () => {
    const html = render(afg, { format: 'html' });
    expect(html).toContain(
      '<p class="parity"><strong>Overall score by sex, out of 100: female 36.5 · male 53.6. Parity female ÷ male (sex): 0.681',
    );
    expect(html).toContain('<table class="cat">');
    expect(html).toContain('<td class="n" data-l="female">36.5</td>');
    expect((html.match(/<h5>/g) ?? []).length).toBe(4);
    expect(html).toContain('aria-label="Life expectancy at birth, 2021"');
  });

  it('Moldova: results by sex and age group, each dimension saying what share of the weight its categories rest on', async () => {
    const { loadMatrix } = await import('../src/node');
    const md = await loadMatrix('moldova-dmd');
    const dir = 'examples/moldova';
    const list = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => parseAssessment(readFileSync(join(dir, f), 'utf8')));
    const r = score(md, list, { year: 2024 });
    const card = r.scorecards[0]!;
    // 10 of 65 indicators by sex, 2 by age group; minCoverage 0 lets their aggregates be scored.
    expect(card.byCategory!.sex!.female!.overall.coverage).toBeCloseTo(0.15, 2);
    expect(card.byCategory!.ageGroup!['15-34']!.overall.score).not.toBeNull();
    // Returned women found a job less often than men: 176/540 against 244/660 (WB_09, a rate).
    const wb09 = card.indicators.find((x) => x.id === 'WB_09')!;
    expect(wb09.byCategory!.sex!.female!.value).toBeCloseTo((176 / 540) * 100, 9);
    expect(wb09.byCategory!.sex!.male!.value).toBeCloseTo((244 / 660) * 100, 9);
    expect(wb09.parity!.sex!.parity).toBeLessThan(0.7);
    const text = render(r, { format: 'md' });
    expect(text).toContain('**Overall score by sex, out of 100, with data for 15% of the weight: female ');
    // Romanian writes "15 %" with a narrow no-break space.
    expect(render(r, { format: 'md', lang: 'ro' })).toMatch(
      /\*\*Scor general pe sex, din 100, cu date pentru 15\s%\s?din pondere: female /u,
    );
  });

  it.each([
    [
      'fr',
      'Parité female ÷ male (sex) : 0,681',
      '| Par sex | female | male | Écart (female − male) | Parité |',
    ],
    [
      'es',
      'Paridad female ÷ male (sex): 0,681',
      '| Por sex | female | male | Brecha (female − male) | Paridad |',
    ],
    [
      'ro',
      'Paritate female ÷ male (sex): 0,681',
      '| După sex | female | male | Decalaj (female − male) | Paritate |',
    ],
    [
      'ru',
      'Паритет female ÷ male (sex): 0,681',
      '| По признаку «sex» | female | male | Разрыв (female − male) | Паритет |',
    ],
  ] as const)(
    'Markdown in %s: the parity line and the category table are translated',
    (lang, parity, head) => {
      const md = render(afg, { format: 'md', lang });
      expect(md).toContain(parity);
      expect(md).toContain(head);
    },
  );

  it('a report without disaggregations renders no category section', () => {
    const { disaggregations: _d, ...plain } = matrix;
    const md = render(score(plain, [assessments[0]!]), { format: 'md' });
    expect(md).not.toContain('By sex');
    expect(md).not.toContain('Parity');
    expect(render(score(plain, [assessments[0]!]), { format: 'csv-categories' })).toBe(
      `${categoryCsvColumns.join(',')}\r\n`,
    );
  });
});

describe('the category CSV (--format csv-categories)', () => {
  const csv = render(report, { format: 'csv-categories' });
  const lines = csv.split('\r\n').filter((l) => l !== '');

  it('has the fixed columns and one row per entity × year × category × overall/theme/indicator', () => {
    expect(lines[0]).toBe(categoryCsvColumns.join(','));
    // 6 countries × 2 categories × (overall + 3 themes + 4 indicators)
    expect(lines.length - 1).toBe(6 * 2 * 8);
  });

  it('gives the gap, parity and GDI group on the numerator rows, compared with the denominator', () => {
    const row = lines.find((l) => l.startsWith('NOR,Norway,2021,gdi,1.0.0,sex,female,overall,'))!;
    const cells = row.split(',');
    const at = (c: (typeof categoryCsvColumns)[number]) => cells[categoryCsvColumns.indexOf(c)];
    expect(Number(at('score'))).toBeCloseTo(94.9899881, 6);
    expect(at('compared_with')).toBe('male');
    expect(Number(at('parity'))).toBeCloseTo(0.983, 3);
    expect(at('parity_band')).toBe('group-1');
    expect(at('parity_band_code')).toBe('1');
    const male = lines.find((l) => l.startsWith('NOR,Norway,2021,gdi,1.0.0,sex,male,overall,'))!.split(',');
    expect(male[categoryCsvColumns.indexOf('compared_with')]).toBe('');
  });
});

describe('the CLI', () => {
  it('streams per-category results in NDJSON and JSON, the same objects score() gives', () => {
    const nd = runCli([
      'score',
      DIR,
      '--matrix',
      join(DIR, 'matrix.json'),
      '--format',
      'ndjson',
      '--no-trace',
    ]);
    expect(nd.code).toBe(0);
    const cards = nd.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(cards).toHaveLength(6);
    expect(cards[0].byCategory.sex.female.overall.score).toBe(36.4840229737);
    expect(cards[0].parity.sex.bandCode).toBe(5);
    const js = runCli(['score', DIR, '--matrix', join(DIR, 'matrix.json'), '--format', 'json']);
    expect(js.code).toBe(0);
    const r = JSON.parse(js.stdout);
    expect(r.matrix.disaggregations.sex.categories).toEqual(['female', 'male']);
    expect(r.scorecards.map((c: { parity: { sex: { overall: number } } }) => c.parity.sex.overall)).toEqual(
      report.scorecards.map((c) => c.parity!.sex!.overall),
    );
  });

  it('writes the category CSV, also into a .csv file', () => {
    const r = runCli(['score', DIR, '--matrix', join(DIR, 'matrix.json'), '--format', 'csv-categories']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(render(report, { format: 'csv-categories' }));
  });
});
