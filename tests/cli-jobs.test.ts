import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessments as synthetic } from '../bench/_synth';
import { fnv1a, shardOf } from '../src/cli/_shard';
import type { Assessment } from '../src/schema/assessment';
import { runCli, tempFiles } from './fixtures/cli';

// `mgi score --jobs N` parses and scores on worker threads; everything it writes (stdout, stderr,
// exit code) must be what --jobs 1 writes. `--shard K/N` scores the entities of one shard.
const jsonFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
const read = (dir: string) => jsonFiles(dir).map((f) => JSON.parse(readFileSync(f, 'utf8')) as Assessment);
const ndjson = (rows: readonly unknown[]) => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
/** Spawning the CLI dozens of times takes minutes on a loaded machine. */
const SLOW = 300_000;
const moldovaMatrix = JSON.parse(readFileSync('indicators/moldova-dmd.json', 'utf8'));

/** Run with each --jobs value; assert the runs agree in every byte and return the first. */
function sameForEveryJobs(
  args: string[],
  options: { input?: string; env?: Record<string, string> } = {},
  jobs: readonly string[] = ['1', '2', 'auto'],
) {
  const runs = jobs.map((j) => ({ j, ...runCli([...args, '--jobs', j], options) }));
  const [first] = runs;
  for (const r of runs.slice(1)) {
    expect({ j: r.j, code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      j: r.j,
      code: first!.code,
      stdout: first!.stdout,
      stderr: first!.stderr,
    });
  }
  return first!;
}

/**
 * A synthetic Moldova batch (`entities` × `years`) as NDJSON lines, with what goes wrong in real
 * batches: a line that is not JSON, one that is not an assessment, a blank line, a conflicting
 * second submission of an entity-year, and an entity that reappears after others.
 */
function messyBatch(entities: number, years: number, seed: number): string[] {
  const list = synthetic(moldovaMatrix, entities, years, seed);
  const lines = list.map((a) => JSON.stringify(a));
  const conflict = structuredClone(list[Math.min(3, list.length - 1)]!) as Assessment &
    Record<string, unknown>;
  const key = Object.keys(conflict.observations)[0]!;
  const obs = conflict.observations as Record<string, unknown>;
  const old = obs[key] as { value?: number };
  obs[key] = typeof old?.value === 'number' ? { value: old.value + 1 } : { missing: 'not collected' };
  conflict.submittedBy = 'A second ministry';
  lines.splice(Math.min(4, lines.length), 0, JSON.stringify(conflict));
  lines.splice(Math.min(2, lines.length), 0, '{"entity": broken');
  lines.splice(Math.min(7, lines.length), 0, JSON.stringify({ ...list[0], year: 'soon' }));
  lines.splice(Math.min(9, lines.length), 0, '');
  if (entities > 2) lines.push(JSON.stringify(list[0])); // the first entity again, at the end
  return lines;
}

describe('mgi score --jobs N', () => {
  it(
    'writes the same bytes, messages and exit code as --jobs 1 for the examples, in every format',
    () => {
      for (const [dir, matrix] of [
        ['examples/moldova', 'moldova-dmd'],
        ['examples/sdg', 'sdg-10-7-2'],
      ] as const) {
        for (const format of ['json', 'ndjson', 'csv', 'md', 'csv-summary']) {
          const r = sameForEveryJobs(['score', dir, '--matrix', matrix, '--format', format]);
          expect(r.code).toBe(0);
          expect(r.stdout.length).toBeGreaterThan(1000);
        }
      }
      // The examples as one NDJSON stream (the streaming path), traces on.
      const lines = ndjson(read('examples/moldova'));
      const streamed = sameForEveryJobs(['score', '-', '--matrix', 'moldova-dmd', '--format', 'ndjson'], {
        input: lines,
      });
      expect(streamed.code).toBe(0);
      expect(streamed.stdout.trim().split('\n')).toHaveLength(7); // MDA 2018–2024
    },
    SLOW,
  );

  it(
    'gives the same output and stderr for a batch with bad lines, conflicts and a reappearing entity',
    () => {
      const dir = tempFiles({ 'batch.ndjson': `${messyBatch(40, 6, 7).join('\n')}\n` });
      const file = join(dir, 'batch.ndjson');
      const base = ['score', file, '--matrix', 'moldova-dmd', '--no-trace'];
      // Streaming (NDJSON out), with chunks small enough (at most 4 lines) that entities straddle
      // chunks parsed by different workers.
      const stream = sameForEveryJobs(
        [...base, '--format', 'ndjson'],
        { env: { MGI_JOBS_CHUNK_LINES: '1' } },
        ['1', '2', '3'],
      );
      expect(stream.code).toBe(1);
      expect(stream.stdout.trim().split('\n')).toHaveLength(40 * 6);
      expect(stream.stderr).toContain('appears again');
      expect(stream.stderr).toContain('"source":');
      // Default chunks too.
      expect(sameForEveryJobs([...base, '--format', 'ndjson']).stdout).toBe(stream.stdout);
    },
    SLOW,
  );

  it(
    'gives the same report, CSV and NDJSON for that batch scored in memory',
    () => {
      const dir = tempFiles({ 'batch.ndjson': `${messyBatch(40, 6, 7).join('\n')}\n` });
      const file = join(dir, 'batch.ndjson');
      const base = ['score', file, '--matrix', 'moldova-dmd', '--no-trace'];
      // In memory: JSON (the report, with series and every error), CSV and NDJSON.
      for (const format of ['json', 'csv', 'ndjson']) {
        const r = sameForEveryJobs([...base, '--format', format, '--input-format', 'ndjson']);
        expect(r.code).toBe(1);
      }
      const json = sameForEveryJobs([...base, '--format', 'json']);
      const report = JSON.parse(json.stdout) as { scorecards: unknown[]; errors: { code: string }[] };
      expect(report.scorecards).toHaveLength(40 * 6);
      expect(report.errors.length).toBeGreaterThanOrEqual(2);
    },
    SLOW,
  );

  it(
    'passes --year, --limit, --quiet and --lang to the workers: the same bytes as --jobs 1',
    () => {
      const dir = tempFiles({ 'b.ndjson': `${messyBatch(8, 5, 11).join('\n')}\n` });
      const file = join(dir, 'b.ndjson');
      const base = ['score', file, '--matrix', 'moldova-dmd', '--no-trace'];
      const year = sameForEveryJobs([...base, '--format', 'ndjson', '--year', '2020']);
      expect(year.stdout.trim().split('\n')).toHaveLength(8);
      // Over the limit of years: every entity is an error, in the same order.
      const limited = sameForEveryJobs([...base, '--format', 'json', '--limit', 'maxYears=4', '--quiet']);
      expect(limited.code).toBe(1);
      expect((JSON.parse(limited.stdout) as { scorecards: unknown[] }).scorecards).toHaveLength(0);
      expect(limited.stderr).toContain('5 years for entity E00000; the limit is 4');
      const streamedLimit = sameForEveryJobs([...base, '--format', 'ndjson', '--limit', 'maxYears=4']);
      expect(streamedLimit.stdout).toBe('');
      expect(sameForEveryJobs([...base, '--format', 'csv', '--lang', 'fr', '--year', '2021']).code).toBe(1);
    },
    SLOW,
  );

  it(
    'property: for random batches, --jobs 2 and 3 write exactly what --jobs 1 writes',
    () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 12 }),
          fc.integer({ min: 1, max: 4 }),
          fc.integer({ min: 1, max: 1000 }),
          fc.integer({ min: 1, max: 5 }),
          fc.boolean(),
          (entities, years, seed, chunk, trace) => {
            const dir = tempFiles({ 'b.ndjson': `${messyBatch(entities, years, seed).join('\n')}\n` });
            const args = ['score', join(dir, 'b.ndjson'), '--matrix', 'moldova-dmd', '--format', 'ndjson'];
            if (!trace) args.push('--no-trace');
            const r = sameForEveryJobs(args, { env: { MGI_JOBS_CHUNK_LINES: String(chunk) } }, [
              '1',
              '2',
              '3',
            ]);
            expect(r.code).toBe(1); // the bad lines
            expect(r.stdout.trim().split('\n')).toHaveLength(entities * years);
          },
        ),
        { numRuns: 4, seed: 15 },
      );
    },
    SLOW,
  );

  it('refuses --jobs values that are not a whole number of threads or auto (exit 2)', () => {
    for (const bad of ['0', 'x', '-1', '1.5', '', '257']) {
      const r = runCli(['score', 'examples/moldova', '--matrix', 'moldova-dmd', `--jobs=${bad}`]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        `--jobs takes a whole number of worker threads from 1 to 256, or auto; got "${bad}"`,
      );
      expect(r.stdout).toBe('');
    }
  });
});

describe('mgi score --shard K/N', () => {
  it('hashes entity ids with FNV-1a 32-bit over UTF-8 (known values)', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
    // Non-ASCII ids hash their UTF-8 bytes: "ș" is C8 99.
    expect(fnv1a('Chișinău')).toBe(0x4411870f);
    expect(fnv1a('😀x')).toBe(0xb8f2d250);
    expect(shardOf('MDA', 4)).toBe((0x27605f8f % 4) + 1);
  });

  it(
    'shards that, concatenated and sorted by entity, give the unsharded NDJSON; JSON and CSV shards hold its parts',
    () => {
      const list = synthetic(moldovaMatrix, 30, 3, 3);
      const dir = tempFiles({ 'b.ndjson': ndjson(list) });
      const file = join(dir, 'b.ndjson');
      const args = ['score', file, '--matrix', 'moldova-dmd', '--no-trace'];
      const whole = runCli([...args, '--format', 'ndjson']);
      expect(whole.code).toBe(0);
      const entityOf = (line: string) => (JSON.parse(line) as { entity: string }).entity;
      const byEntity = (lines: string[]) =>
        lines
          .map((l, i) => ({ l, i, e: entityOf(l) }))
          .sort((a, b) => (a.e < b.e ? -1 : a.e > b.e ? 1 : a.i - b.i))
          .map((x) => x.l);
      const n = 3;
      const shards = [1, 2, 3].map((k) =>
        runCli([...args, '--format', 'ndjson', '--shard', `${k}/${n}`, '--jobs', '2']),
      );
      for (const s of shards) expect(s.code).toBe(0);
      const concatenated = shards.flatMap((s) => s.stdout.split('\n').filter(Boolean));
      expect(byEntity(concatenated)).toEqual(byEntity(whole.stdout.split('\n').filter(Boolean)));
      // Every shard scored some entities, and each only its own.
      shards.forEach((s, k) => {
        const mine = s.stdout.split('\n').filter(Boolean).map(entityOf);
        expect(mine.length).toBeGreaterThan(0);
        for (const e of mine) expect(shardOf(e, n)).toBe(k + 1);
      });

      // JSON: each shard is a report with the same header and the unsharded report's scorecards
      // and series of its entities, in the same order.
      const full = JSON.parse(runCli([...args, '--format', 'json']).stdout) as Record<string, unknown[]>;
      const parts = [1, 2, 3].map(
        (k) =>
          JSON.parse(runCli([...args, '--format', 'json', '--shard', `${k}/${n}`]).stdout) as Record<
            string,
            unknown[]
          >,
      );
      for (const [k, p] of parts.entries()) {
        expect(p.matrix).toEqual(full.matrix);
        const own = (xs: unknown[]) =>
          xs.filter((x) => shardOf((x as { entity: string }).entity, n) === k + 1);
        expect(p.scorecards).toEqual(own(full.scorecards!));
        expect(p.series).toEqual(own(full.series!));
      }
      // CSV: the same header row in every shard; the data rows together are the unsharded rows.
      const csvRows = (t: string) => t.split('\r\n').filter(Boolean);
      const fullCsv = csvRows(runCli([...args, '--format', 'csv']).stdout);
      const csvShards = [1, 2, 3].map((k) =>
        csvRows(runCli([...args, '--format', 'csv', '--shard', `${k}/${n}`]).stdout),
      );
      for (const c of csvShards) expect(c[0]).toBe(fullCsv[0]);
      expect(csvShards.flatMap((c) => c.slice(1)).sort()).toEqual(fullCsv.slice(1).sort());
    },
    SLOW,
  );

  it('an empty shard exits 0; bad K/N are usage errors (exit 2)', () => {
    const dir = tempFiles({ 'one.ndjson': ndjson(read('examples/moldova')) });
    const k = shardOf('MDA', 2) === 1 ? 2 : 1;
    const empty = runCli([
      'score',
      join(dir, 'one.ndjson'),
      '--matrix',
      'moldova-dmd',
      '--format',
      'ndjson',
      '--shard',
      `${k}/2`,
    ]);
    expect(empty.code).toBe(0);
    expect(empty.stdout).toBe('');
    for (const bad of ['0/2', '3/2', '1/0', 'x', '1', '1/2/3', '-1/2', '1.5/2']) {
      const r = runCli(['score', 'examples/moldova', '--matrix', 'moldova-dmd', '--shard', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--shard takes K/N with whole numbers 1 ≤ K ≤ N ≤ 1000000; got "${bad}"`);
    }
  });
});
