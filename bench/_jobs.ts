/**
 * `mgi score --jobs N` (issue 15): the same NDJSON assessments (bench/_synth.ts, 10 years per
 * entity) streamed through the built CLI with `--jobs 1` and `--jobs 2`, `--no-trace`, `--out` a
 * file, one after the other; the goal is a wall-time ratio `--jobs 2 ÷ --jobs 1` ≤ 1/1.7 (a speed-up
 * of at least 1.7× on 2 cores), and the two outputs must be the same bytes (`cmp`).
 *
 * Run alone: `npm run build && npx tsx bench/_jobs.ts [assessments]` (default 100,000).
 */
import { execFileSync, spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeNdjson } from './_cli';
import { CLI, type Goal, goal, loadLib, progress, ROOT, r3, scratch } from './_common';

export interface JobsResult {
  readonly assessments: number;
  readonly cores: number;
  readonly loadAverageBefore: number;
  readonly jobs1S: number;
  readonly jobs2S: number;
  readonly speedup: number;
  readonly sameBytes: boolean;
  readonly exitCodes: readonly (number | null)[];
}

/** Wall time and exit code of `mgi score FILE --format ndjson --no-trace --jobs J --out OUT`. */
function timed(file: string, out: string, jobs: number): Promise<{ s: number; code: number | null }> {
  const args = [CLI, 'score', file, '--matrix', 'moldova-dmd', '--format', 'ndjson', '--no-trace'];
  args.push('--jobs', String(jobs), '--out', out);
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'ignore'] });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ s: (performance.now() - t0) / 1000, code }));
  });
}

/** The `--jobs` row on an NDJSON file of `n` assessments (written by `writeNdjson` when absent). */
export async function jobsSpeed(
  dir: string,
  file: string,
  n: number,
): Promise<{ result: JobsResult; goals: Goal[] }> {
  const out1 = join(dir, 'jobs-1.ndjson');
  const out2 = join(dir, 'jobs-2.ndjson');
  const loadAverageBefore = r3(loadavg()[0]!);
  const one = await timed(file, out1, 1);
  const two = await timed(file, out2, 2);
  let sameBytes = false;
  try {
    execFileSync('cmp', ['-s', out1, out2]);
    sameBytes = true;
  } catch {
    sameBytes = false;
  }
  const result: JobsResult = {
    assessments: n,
    cores: availableParallelism(),
    loadAverageBefore,
    jobs1S: r3(one.s),
    jobs2S: r3(two.s),
    speedup: r3(one.s / two.s),
    sameBytes,
    exitCodes: [one.code, two.code],
  };
  const goals = [
    goal(
      'J',
      'mgi score --jobs 2 ÷ --jobs 1, 100k NDJSON (goal: ≥ 1.7× faster)',
      two.s / one.s,
      '×',
      1 / 1.7,
    ),
  ];
  return { result, goals };
}

/** Print the row as run.ts prints goals. */
export function printJobs(r: JobsResult, goals: readonly Goal[]): void {
  console.log(
    `   --jobs 1 ${r.jobs1S} s · --jobs 2 ${r.jobs2S} s · speed-up ${r.speedup}× on ${r.cores} cores (load average before: ${r.loadAverageBefore}) · output ${r.sameBytes ? 'byte-identical' : 'DIFFERS'} · exit ${r.exitCodes.join('/')}`,
  );
  for (const g of goals)
    console.log(
      `   ${g.id} ${g.what}: ${g.value} ${g.unit} (goal ≤ ${r3(g.max)} ${g.unit}) ${g.pass ? 'pass' : 'MISS'}`,
    );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const n = Number(process.argv[2] ?? 100_000);
  const tmp = scratch();
  try {
    const file = join(tmp.dir, `jobs-${n}.ndjson`);
    progress(`writing ${n} synthetic assessments as NDJSON`);
    await writeNdjson(await loadLib(), file, Math.ceil(n / 10));
    progress('mgi score --jobs 1, then --jobs 2');
    const { result, goals } = await jobsSpeed(tmp.dir, file, n);
    printJobs(result, goals);
    console.log(JSON.stringify(result));
  } finally {
    tmp.dispose();
  }
}
