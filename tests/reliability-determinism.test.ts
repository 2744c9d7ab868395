/**
 * Determinism of the CLI: the Moldova series scored in every output format gives the same bytes
 * under different time zones and locales, and with the keys of every input object (matrix and
 * assessments) written in a shuffled order.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './fixtures/cli';
import { prng, writeJson } from './fixtures/fuzz-support';

const ROOT = resolve(__dirname, '..');
const FORMATS = ['json', 'md', 'csv', 'html'] as const;

/** The reference environment and two others that change the time zone and the locale. */
const ENVS = {
  reference: { TZ: 'UTC', LC_ALL: 'C', LANG: 'C' },
  aucklandFrench: { TZ: 'Pacific/Auckland', LC_ALL: '', LANG: 'fr_FR.UTF-8' },
  newfoundlandTurkish: { TZ: 'America/St_Johns', LC_ALL: 'tr_TR.UTF-8', LANG: 'tr_TR.UTF-8' },
} as const;

let work = '';
/** Same relative layout in both: `moldova/*.json` and `matrix.json`; B has every object's keys shuffled. */
let original = '';
let shuffled = '';

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'mgi-determinism-'));
  original = join(work, 'a');
  shuffled = join(work, 'b');
  const rand = prng(20_260_611);
  for (const dir of [original, shuffled]) mkdirSync(join(dir, 'moldova'), { recursive: true });
  const src = join(ROOT, 'examples', 'moldova');
  for (const name of readdirSync(src).filter((n) => n.endsWith('.json'))) {
    const text = readFileSync(join(src, name), 'utf8');
    writeFileSync(join(original, 'moldova', name), text);
    writeFileSync(join(shuffled, 'moldova', name), writeJson(JSON.parse(text), { rand, indent: 1 }));
  }
  const matrix = readFileSync(join(ROOT, 'indicators', 'moldova-dmd.json'), 'utf8');
  writeFileSync(join(original, 'matrix.json'), matrix);
  writeFileSync(join(shuffled, 'matrix.json'), writeJson(JSON.parse(matrix), { rand }));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function scoreIn(dir: string, format: string, env: Record<string, string>): string {
  const r = runCli(['score', 'moldova', '--matrix', 'matrix.json', '--format', format, '--quiet'], {
    cwd: dir,
    env,
  });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

/** JSON with every object's keys sorted, to compare content regardless of key order. */
function canonicalJson(text: string): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sort(JSON.parse(text)));
}

describe('determinism of mgi score', () => {
  it('the environments really differ (time zone, number format and case rules of the locale)', () => {
    const probe = (env: Record<string, string>) =>
      spawnSync(
        process.execPath,
        ['-e', 'process.stdout.write([new Date(0).getHours(), (1234.5).toLocaleString()].join(" "))'],
        { env: { ...process.env, ...env }, encoding: 'utf8' },
      ).stdout;
    const seen = new Set(Object.values(ENVS).map(probe));
    expect(seen.size).toBe(Object.keys(ENVS).length);
  });

  it('the shuffled copies really differ from the originals, byte for byte, and hold the same data', () => {
    const a = readFileSync(join(original, 'matrix.json'), 'utf8');
    const b = readFileSync(join(shuffled, 'matrix.json'), 'utf8');
    expect(b).not.toBe(a);
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  // Eight runs in all (each a fresh process of about a second): per format the reference, and the
  // same from shuffled keys in one of the two foreign environments (each environment twice).
  const plan: { format: (typeof FORMATS)[number]; env: keyof typeof ENVS; fromShuffled: boolean }[] = [
    { format: 'json', env: 'newfoundlandTurkish', fromShuffled: true },
    { format: 'md', env: 'aucklandFrench', fromShuffled: true },
    { format: 'csv', env: 'aucklandFrench', fromShuffled: true },
    { format: 'html', env: 'newfoundlandTurkish', fromShuffled: true },
  ];
  it.each(FORMATS)(
    '--format %s gives the same bytes in other time zones and locales, and from shuffled keys',
    (format) => {
      const reference = scoreIn(original, format, ENVS.reference);
      expect(reference.length).toBeGreaterThan(1000);
      for (const run of plan.filter((p) => p.format === format)) {
        const out = scoreIn(run.fromShuffled ? shuffled : original, format, ENVS[run.env]);
        if (format === 'json' && run.fromShuffled) {
          // Same content; the JSON report keeps the key order of language maps and breakdowns from
          // the input (see reliability-known-bugs.test.ts), so compare it with sorted keys.
          expect(canonicalJson(out)).toBe(canonicalJson(reference));
        } else {
          expect(out, `${format} in ${run.env}${run.fromShuffled ? ' from shuffled keys' : ''}`).toBe(
            reference,
          );
        }
      }
    },
  );
});
