import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempFiles } from './fixtures/cli';

// NDJSON in and NDJSON out is scored entity by entity in bounded memory (src/cli/_stream.ts);
// the output must be the same bytes as the in-memory path.
const jsonFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
const read = (dir: string) =>
  jsonFiles(dir).map((f) => JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>);
const moldova = read('examples/moldova');
const sdg = read('examples/sdg');
const ndjson = (rows: unknown[]) => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;

describe('mgi score with NDJSON in and out (streaming)', () => {
  it('gives the same scorecards, byte for byte apart from their sources, as the in-memory path', () => {
    // Two entities of the SDG matrix, each a different fictitious country, one line per assessment.
    const dir = tempFiles({ 'batch.ndjson': ndjson(sdg) });
    const streamed = runCli([
      'score',
      join(dir, 'batch.ndjson'),
      '--format',
      'ndjson',
      '--matrix',
      'sdg-10-7-2',
    ]);
    const inMemory = runCli([
      'score',
      ...jsonFiles('examples/sdg'),
      '--format',
      'ndjson',
      '--matrix',
      'sdg-10-7-2',
    ]);
    expect(streamed.code).toBe(0);
    expect(streamed.stdout.split('\n').filter(Boolean)).toHaveLength(6);
    // Everything but where each assessment came from (a file name, or file:line) is identical.
    const strip = (out: string) =>
      out
        .replace(/"submissions":\[[^\]]*\]/g, '"submissions":[]')
        .replace(/"submission":"[^"]*"/g, '"submission":""');
    expect(strip(streamed.stdout)).toBe(strip(inMemory.stdout));
  });

  it('scores a multi-year series per entity the same way (Moldova, merged 2023 submissions)', () => {
    const dir = tempFiles({ 'mda.ndjson': ndjson(moldova) });
    const streamed = runCli([
      'score',
      join(dir, 'mda.ndjson'),
      '--format',
      'ndjson',
      '--matrix',
      'moldova-dmd',
      '-q',
    ]);
    const inMemory = runCli([
      'score',
      'examples/moldova',
      '--format',
      'ndjson',
      '--matrix',
      'moldova-dmd',
      '-q',
    ]);
    expect(streamed.code).toBe(0);
    const years = streamed.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { year: number }).year);
    expect(years).toEqual([2018, 2019, 2020, 2021, 2022, 2023, 2024]);
    // Sources differ (file:line instead of file names), so compare the scores, not the bytes.
    const scores = (out: string) =>
      out
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { overall: unknown }).overall);
    expect(scores(streamed.stdout)).toEqual(scores(inMemory.stdout));
  });

  it('a bad line is reported with its line number; the other lines are still scored (exit 1)', () => {
    const dir = tempFiles({
      'batch.ndjson': `${JSON.stringify(sdg[0])}\n{"format": \n${JSON.stringify(sdg[1])}\n`,
    });
    const r = runCli(['score', join(dir, 'batch.ndjson'), '--format', 'ndjson', '--matrix', 'sdg-10-7-2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 2/);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('an entity that reappears after another one is an error naming it, and the rest is written', () => {
    const a = sdg[0]!;
    const b = sdg[1]!;
    const dir = tempFiles({ 'batch.ndjson': ndjson([a, b, { ...a, year: 2022 }]) });
    const r = runCli(['score', join(dir, 'batch.ndjson'), '--format', 'ndjson', '--matrix', 'sdg-10-7-2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(String(a.entity));
    expect(r.stdout.split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(2);
  });

  it('--out writes the NDJSON atomically; into a missing folder it fails and leaves nothing', () => {
    const dir = tempFiles({ 'batch.ndjson': ndjson(sdg) });
    const out = join(dir, 'out.ndjson');
    const ok = runCli([
      'score',
      join(dir, 'batch.ndjson'),
      '--format',
      'ndjson',
      '--matrix',
      'sdg-10-7-2',
      '--out',
      out,
    ]);
    expect(ok.code).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n').filter(Boolean)).toHaveLength(6);
    const bad = join(dir, 'missing', 'out.ndjson');
    const r = runCli([
      'score',
      join(dir, 'batch.ndjson'),
      '--format',
      'ndjson',
      '--matrix',
      'sdg-10-7-2',
      '--out',
      bad,
    ]);
    expect(r.code).toBe(1);
    expect(existsSync(bad)).toBe(false);
  });
});
