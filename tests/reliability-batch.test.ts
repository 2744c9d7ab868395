/**
 * Batch isolation: one broken file among many never stops the others from being scored, and every
 * problem is reported with the name of its file (and line or row).
 */
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempFiles } from './fixtures/cli';

const good = ['xaa', 'xab', 'xac', 'xad', 'xae'];
let dir = '';
let mixed = '';

beforeAll(() => {
  const files: Record<string, string> = {};
  for (const g of good) files[`${g}-2021.json`] = readFileSync(`examples/sdg/${g}-2021.json`, 'utf8');
  const xaf = readFileSync('examples/sdg/xaf-2021.json', 'utf8');
  files['broken.json'] = xaf.slice(0, Math.floor(xaf.length / 2)); // a truncated file
  files['wrong-matrix.json'] = readFileSync('examples/moldova/mda-2021.json', 'utf8');
  dir = tempFiles(files);

  // The same kind of problems inside files: a bad NDJSON line and a bad CSV row.
  const line = (entity: string) => JSON.stringify({ ...JSON.parse(xaf), entity });
  const csvHead = 'entity,year,matrix,indicator,level';
  const firstId = Object.keys(JSON.parse(xaf).observations)[0];
  mixed = tempFiles({
    'batch.ndjson': `${line('XBA')}\n{"format": "mgi-engine/assessment@1", "matrix": \n${line('XBB')}\n`,
    'rows.csv': `${csvHead}\nXCA,2021,sdg-10-7-2@1.0.0,${firstId},yes\nXCA,2021,sdg-10-7-2@1.0.0,NOT_AN_INDICATOR,yes\n`,
  });
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(mixed, { recursive: true, force: true });
});

interface ReportJson {
  scorecards: { entity: string; overall: { score: number | null } }[];
  errors: { code: string; source?: string; message: string }[];
}

describe('batch isolation', () => {
  it('a folder with 5 good files, a truncated one and one for another matrix: 5 scorecards, each problem named by file, exit 1', () => {
    const r = runCli(['score', dir, '--matrix', 'sdg-10-7-2', '--format', 'json', '--no-trace']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as ReportJson;
    expect(report.scorecards.map((c) => c.entity)).toEqual(['XAA', 'XAB', 'XAC', 'XAD', 'XAE']);
    for (const c of report.scorecards) expect(c.overall.score).not.toBeNull();
    const bySource = (name: string) => report.errors.filter((e) => (e.source ?? '').includes(name));
    expect(bySource('broken.json').map((e) => e.code)).toEqual(['invalid-json']);
    expect(bySource('wrong-matrix.json').map((e) => e.code)).toEqual(['matrix-mismatch']);
    expect(report.errors).toHaveLength(2);
    // stderr: JSON lines only (with --format json): the errors, naming both files, then the summary
    expect(r.stderr).toContain('broken.json');
    expect(r.stderr).toContain('wrong-matrix.json');
    const lines = r.stderr
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.at(-1)).toEqual({ summary: { problems: 2, scorecards: 5 } });
  });

  it('mgi validate on the same folder marks each file valid or not, and names every problem by file', () => {
    const r = runCli(['validate', dir, '--matrix', 'sdg-10-7-2']);
    expect(r.code).toBe(1);
    for (const g of good) expect(r.stdout).toMatch(new RegExp(`✓ .*${g}-2021\\.json`));
    expect(r.stdout).toMatch(/✗ .*broken\.json/);
    expect(r.stdout).toMatch(/✗ .*wrong-matrix\.json/);
    expect(r.stderr).toMatch(/broken\.json: .*\[invalid-json\]/);
    expect(r.stderr).toMatch(/wrong-matrix\.json: .*\[matrix-mismatch\]/);
  });

  it('inside files too: a bad NDJSON line and a bad CSV row are named by line and row, the rest is scored', () => {
    const r = runCli(['score', mixed, '--matrix', 'sdg-10-7-2', '--format', 'json', '--no-trace']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as ReportJson;
    expect(report.scorecards.map((c) => c.entity)).toEqual(['XBA', 'XBB', 'XCA']);
    const messages = report.errors.map((e) => `${e.source}: ${e.message} [${e.code}]`);
    expect(messages.some((m) => /batch\.ndjson.*line 2/.test(m))).toBe(true);
    expect(messages.some((m) => /rows\.csv.*row 3/.test(m) && m.includes('NOT_AN_INDICATOR'))).toBe(true);
    expect(report.errors).toHaveLength(2);
  });
});
