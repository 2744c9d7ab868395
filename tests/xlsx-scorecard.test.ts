import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../src/cli/_io';
import { main } from '../src/cli/main';
import { score } from '../src/index';
import { loadMatrix } from '../src/node';
import type { Assessment } from '../src/schema/assessment';
import { readWorkbook } from '../src/xlsx/_read';
import { reportToXlsx } from '../src/xlsx/index';

const ROOT = join(__dirname, '..');

describe('Excel scorecards (issue 17)', async () => {
  const matrix = await loadMatrix('moldova-dmd');
  const dir = join(ROOT, 'examples', 'moldova');
  const assessments = readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')) as Assessment);
  const report = score(matrix, assessments);

  it('has summary, indicators, categories and series sheets, numbers as numbers and statuses as words', () => {
    const bytes = reportToXlsx(report, { lang: 'fr' });
    const book = readWorkbook(bytes, (names) => names);
    if (!book.success) throw new Error('unreadable');
    expect(book.data.sheetNames).toEqual(['Summary', 'Indicators', 'Categories', 'Series']);
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
});
