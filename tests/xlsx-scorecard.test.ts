import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../src/cli/_io';
import { main } from '../src/cli/main';
import { render, score } from '../src/index';
import { loadMatrix } from '../src/node';
import type { Assessment } from '../src/schema/assessment';
import { readWorkbook } from '../src/xlsx/_read';
import { reportToXlsx } from '../src/xlsx/index';

const ROOT = join(__dirname, '..');

/** The sheets of a scorecard whose matrix scores by category (issue 16). */
const WITH_CATEGORY_RESULTS = ['Summary', 'Indicators', 'Categories', 'Category results', 'Series'];

describe('Excel scorecards (issue 17)', async () => {
  const matrix = await loadMatrix('moldova-dmd');
  const dir = join(ROOT, 'examples', 'moldova');
  const assessments = readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')) as Assessment);
  const report = score(matrix, assessments);

  it('has summary, indicators, categories, category results and series sheets, numbers as numbers and statuses as words', () => {
    const bytes = reportToXlsx(report, { lang: 'fr' });
    const book = readWorkbook(bytes, (names) => names);
    if (!book.success) throw new Error('unreadable');
    // The Moldova matrix scores by sex and age group (issue 16): it has a "Category results" sheet.
    expect(book.data.sheetNames).toEqual(WITH_CATEGORY_RESULTS);
    const summary = book.data.sheets.get('Summary')!.rows;
    expect(summary).toHaveLength(1 + report.scorecards.length);
    const last = report.scorecards[report.scorecards.length - 1]!;
    const lastRow = summary[summary.length - 1]!.cells;
    expect(lastRow.slice(0, 3)).toEqual([last.entity, last.year, last.overall.score]);
    const ind = book.data.sheets.get('Indicators')!.rows;
    const header = ind[0]!.cells as string[];
    expect(header.slice(0, 3)).toEqual(['Entité', 'entity_name', 'Année']);
    const status = header.indexOf('Statut');
    expect(ind.slice(1).map((r) => r.cells[status])).toContain('en bonne voie');
    expect(typeof ind[1]!.cells[header.indexOf('Score')]).toBe('number');
    expect(book.data.sheets.get('Series')!.rows.length).toBe(
      1 + report.series.reduce((n, s) => n + s.years.length, 0),
    );
    expect(book.data.sheets.get('Categories')!.rows.length).toBeGreaterThan(1);
  });

  it('is deterministic, and mgi score --format xlsx needs --out', async () => {
    expect(Buffer.from(reportToXlsx(report)).equals(Buffer.from(reportToXlsx(report)))).toBe(true);
    const out = join(mkdtempSync(join(tmpdir(), 'mgi-xlsx-')), 'moldova.xlsx');
    let err = '';
    const io: Io = {
      out: () => {},
      err: (t) => {
        err += t;
      },
      stdin: async () => '',
    };
    expect(
      await main(['score', dir, '--matrix', 'moldova-dmd', '--format', 'xlsx', '--out', out, '--quiet'], io),
    ).toBe(0);
    expect(readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    expect(await main(['score', dir, '--matrix', 'moldova-dmd', '--format', 'xlsx'], io)).toBe(2);
    expect(err).toContain('--format xlsx needs --out');
  });

  it('gives a disaggregated matrix a "Category results" sheet: the female and male HDI and the GDI of examples/gdi', async () => {
    const gdiDir = join(ROOT, 'examples', 'gdi');
    const gdi = await loadMatrix(join(gdiDir, 'matrix.json'));
    const list = readdirSync(gdiDir)
      .filter((n) => n.endsWith('.json') && n !== 'matrix.json')
      .sort()
      .map((n) => JSON.parse(readFileSync(join(gdiDir, n), 'utf8')) as Assessment);
    const r = score(gdi, list);
    const book = readWorkbook(reportToXlsx(r, { lang: 'fr' }), (names) => names);
    if (!book.success) throw new Error('unreadable');
    expect(book.data.sheetNames).toEqual(WITH_CATEGORY_RESULTS);
    const rows = book.data.sheets.get('Category results')!.rows.map((x) => x.cells);
    const head = rows[0] as string[];
    expect(head.slice(0, 3)).toEqual(['Entité', 'entity_name', 'Année']);
    const col = (name: string) => head.indexOf(name);
    const overall = (entity: string, category: string) =>
      rows.find((x) => x[0] === entity && x[col('category')] === category && x[col('level')] === 'overall')!;
    const mda = r.scorecards.find((c) => c.entity === 'MDA')!;
    // Numbers as numbers, the same as the report's: HDI_f and HDI_m × 100, and the GDI as parity.
    expect(overall('MDA', 'female')[col('Score')]).toBe(mda.byCategory!.sex!.female!.overall.score);
    expect(overall('MDA', 'male')[col('Score')]).toBe(mda.byCategory!.sex!.male!.overall.score);
    expect(overall('MDA', 'female')[col('parity')]).toBe(mda.parity!.sex!.overall);
    expect(overall('MDA', 'female')[col('compared_with')]).toBe('male');
    expect(Math.abs((overall('MDA', 'female')[col('parity')] as number) - 1.01)).toBeLessThan(0.0005);
    // The GDI group as the matrix labels it (English only: the French sheet falls back to it).
    expect(overall('MDA', 'female')[col('parity_band')]).toBe('High equality (|1 − GDI| ≤ 0.025)');
    // Every row of the category CSV is a row of the sheet.
    const csvRows = render(r, { format: 'csv-categories' }).trim().split('\r\n').length;
    expect(rows.length).toBe(csvRows);
    // The Moldova matrix without its disaggregations: no such sheet.
    const { disaggregations: _d, ...rest } = matrix;
    const plain = readWorkbook(reportToXlsx(score(rest, assessments)), (names) => names);
    if (!plain.success) throw new Error('unreadable');
    expect(plain.data.sheetNames).not.toContain('Category results');
  });
});
