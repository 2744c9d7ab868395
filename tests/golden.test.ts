import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { goldenCases, goldenCli, goldenOutput } from './golden/cases';

// Reports recorded by `tests/golden/generate.ts`: score() must keep giving these bytes (issue 15).
const recorded = new Map<string, { report?: string; code?: number; stdout?: string }>(
  gunzipSync(readFileSync(join(import.meta.dirname, 'golden', 'reports.ndjson.gz')))
    .toString('utf8')
    .trim()
    .split('\n')
    .map((l) => {
      const o = JSON.parse(l) as { name: string; report?: string; code?: number; stdout?: string };
      return [o.name, o];
    }),
);

/** Where two texts first differ, with some context, so a failure says what changed. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}: got …${a.slice(Math.max(0, i - 80), i + 80)}… expected …${b.slice(Math.max(0, i - 80), i + 80)}…`;
}

describe('golden reports: score() gives the recorded bytes for every example and fixture', () => {
  const cases = goldenCases();
  it('has a recording for every case', () => {
    expect(cases.filter((c) => !recorded.has(c.name)).map((c) => c.name)).toEqual([]);
  });
  it.each(cases.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const want = recorded.get(name)!.report!;
    const got = goldenOutput(c);
    if (got !== want) expect.fail(firstDifference(got, want));
  });
});

describe('golden reports: the CLI prints the recorded bytes', () => {
  it.each(goldenCli.map((args) => [args.join(' '), args] as const))('mgi %s', (name, args) => {
    const want = recorded.get(`cli ${name}`)!;
    const r = spawnSync(process.execPath, [join(import.meta.dirname, '..', 'dist', 'cli.js'), ...args], {
      cwd: join(import.meta.dirname, '..'),
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    expect(r.status).toBe(want.code);
    if (r.stdout !== want.stdout) expect.fail(firstDifference(r.stdout, want.stdout!));
  });
});
