import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../src/report/markdown';
import { render } from '../src/report/render';
import { hostileReport, multilingualReport, syntheticReport, workedReport } from './fixtures/report-fixtures';

describe('Markdown scorecards of the worked example', () => {
  const md = render(workedReport(), { format: 'md' });
  const card2021 = md.slice(md.indexOf('### XWE, 2021'), md.indexOf('### XWE, 2020'));

  it('has a headline with matrix, overall score and coverage', () => {
    expect(md.startsWith('# Scorecards · Worked example\n')).toBe(true);
    expect(md).toContain('Matrix: Worked example (`worked@1.0.0`)');
    expect(card2021).toContain('Worked example · `worked@1.0.0`');
    expect(card2021).toContain(
      '| Overall score | Band | Reported this year | Used, with carried-forward values |\n|---:|---|---:|---:|\n| **37.5** | — | 100% | 100% |',
    );
  });

  it('names the dimensions the matrix does not cover instead of listing them as no data', () => {
    // Themes map one-to-one onto two dimensions: the theme table says which, no second table repeats it.
    expect(card2021).not.toContain('#### Dimensions');
    expect(card2021).toContain(
      'Not covered by this matrix: Partnerships, Well-being of migrants, Mobility dimensions of crises, Safe, orderly and dignified migration.',
    );
    expect(card2021).toContain("| Rights | Migrants' rights | 25.0 | — | 100% | 2 / 2 |");
    expect(card2021).not.toMatch(/Partnerships \| —/);
  });

  it('has a table per theme with every indicator: value, target, progress, status and change', () => {
    expect(card2021).toContain('##### Rights · 25.0');
    expect(card2021).toContain(
      '| R1 | R1 | 20 | 30 by 2026 | 50.0 | 50% | 50% | ▲ on track | +2 (improvement) |',
    );
    expect(card2021).toContain(
      '| R2 | R2 | 45 | 20 by 2026 | 0.0 | −25% | 50% | ✖ regressing | +3 (deterioration) |',
    );
    expect(card2021).toContain('##### Whole of government · 50.0');
    expect(card2021).toContain(
      '| W1 | W1 | Partial | Complete by 2026 | 50.0 | 50% | 50% | ▲ on track | Partial (unchanged) |',
    );
  });

  it('shows the latest year first and a trends section for the series', () => {
    expect(md.indexOf('### Trends, 2020–2021')).toBeLessThan(md.indexOf('### XWE, 2021'));
    expect(md.indexOf('### XWE, 2021')).toBeLessThan(md.indexOf('### XWE, 2020'));
    expect(md).toContain('| **Overall score** | 35.0 | 37.5 |');
    expect(md).toContain('| Rights | 20.0 | 25.0 |');
    expect(md).toContain(
      '| R1 | R1 | +2 (improvement, since 2020) | +11.1% a year (relative) | target reached in 2026 at this rate |',
    );
    expect(md).toContain(
      '| R2 | R2 | +3 (deterioration, since 2020) | +7.1% a year (relative) | not at this rate |',
    );
  });

  it('ends with the methodology note stating the scoring settings; a "not a ranking" note only comes from the matrix', () => {
    const method = md.slice(md.indexOf('## Methodology'));
    expect(method).toContain('p = (a − b) / (T − b)');
    expect(method).toContain('weighted arithmetic mean');
    expect(method).toContain('at least 50% of its weight');
    expect(md).not.toContain('The MGI is not a ranking');
    expect(md.endsWith('\n')).toBe(true);
    expect(md.endsWith('\n\n')).toBe(false);
  });

  it('has no raw HTML', () => {
    expect(md).not.toMatch(/</);
  });
});

describe('Markdown with missing values, bands and reporting', () => {
  const md = renderMarkdown(multilingualReport());
  const card2022 = md.slice(md.indexOf('### XWE, 2022'), md.indexOf('### XWE, 2021'));

  it('shows a missing indicator as no data with the reason, and reporting compliance', () => {
    expect(card2022).toContain(
      '| R2 | Waiting days | — | 20 by 2026 | — | — | — | ○ no data (not reported) | — |',
    );
    expect(card2022).toContain('| Institution | Expected | Reported | Missing |');
    expect(card2022).toContain('| BRD | 3 | 2 | R2 |');
    expect(card2022).toContain('| **85.0** | Partially meets | 75% | 75% |');
    expect(card2022).toContain(
      '| W1 | Migration strategy | Complete | Complete by 2026 | 100.0 | 100% | 60% | ✔ achieved | Partial → Complete (improvement) |',
    );
  });

  it('lists band thresholds in the methodology', () => {
    expect(md).toContain('Bands: Requires further progress from 0; Partially meets from 40.');
  });
});

describe('Markdown escaping', () => {
  const md = render(hostileReport(), { format: 'md' });

  it('lets no HTML, link or image through', () => {
    expect(md).not.toMatch(/</);
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(md).not.toMatch(/(?<!\\)\[/); // every [ is escaped, so no link or image can start
    expect(md).toContain('\\*bold\\* \\_x\\_ \\`code\\`');
  });

  it('keeps every table row to its header width (a | in a title cannot add a cell)', () => {
    const cells = (line: string) => line.replace(/\\\\/g, '').split(/(?<!\\)\|/).length;
    const lines = md.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i]!.startsWith('|')) continue;
      let h = i;
      while (h > 0 && lines[h - 1]!.startsWith('|')) h--;
      expect(cells(lines[i]!), lines[i]).toBe(cells(lines[h]!));
    }
  });

  it('folds line breaks in user text into spaces', () => {
    expect(md).toContain('next line');
    expect(md).not.toMatch(/\)\nnext line/);
  });

  it('keeps the provenance line', () => {
    expect(md).toContain('Provenance: illustrative: illustrative reconstruction &lt;img');
  });
});

describe('Markdown of a large report', () => {
  it('renders 65 indicators × 10 years with a table row per indicator and year', () => {
    const report = syntheticReport();
    const md = render(report, { format: 'md' });
    const rows = md.split('\n').filter((l) => /^\| I\d\d \|/.test(l));
    // one row per indicator and year, plus one per indicator in the trends table
    expect(rows).toHaveLength(65 * 10 + 65);
  });
});
