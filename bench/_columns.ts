/**
 * Goals of the columnar core that need processes of their own: 7 and 8 (`_retained.ts`, Node's
 * default heap), and 9: streaming 100,000 NDJSON assessments through `mgi score` against the CLI
 * as it was before the columnar core (built from git into the scratch folder), in the same run.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { type Goal, goal, progress, ROOT, r3 } from './_common';

export interface RetainedResult {
  /** V8 heap plus typed-array memory, per entity-year (the goal's measure). */
  readonly retainedKbPerEntityYear: number;
  readonly heapKbPerEntityYear?: number;
  readonly buffersKbPerEntityYear?: number;
  /** The same after every scorecard was read (built and kept by the report). */
  readonly readKbPerEntityYear?: number;
  /** `renderChunks(cols, {format: 'json'})` of the same 10,000 entity-years: size, peak heap, and the heap holding the read report. */
  readonly streamJson?: {
    readonly mb: number;
    readonly peakHeapMb: number;
    readonly heapWithReportReadMb: number;
  };
  readonly score100k: { completed: boolean; scorecards: number; seconds: number; heapMbWithReport: number };
  readonly heapLimitMb: number;
  readonly exitCode: number | null;
}

/** Run `_retained.ts` with the default heap; a crash (out of memory) gives `completed: false`. */
export function retained(): Promise<RetainedResult> {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(ROOT, 'bench', '_retained.ts')],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', () => {});
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.trim().split('\n').pop();
      if (code === 0 && line)
        resolve({ ...(JSON.parse(line) as Omit<RetainedResult, 'exitCode'>), exitCode: 0 });
      else
        resolve({
          retainedKbPerEntityYear: Number.NaN,
          score100k: { completed: false, scorecards: 0, seconds: 0, heapMbWithReport: 0 },
          heapLimitMb: 0,
          exitCode: code,
        });
    });
  });
}

/** The commit before the columnar core: the bench's "today". */
export const BASELINE_COMMIT = 'd2d0cf0';

/**
 * Build the CLI of {@link BASELINE_COMMIT} into `dir/baseline` (git archive, the worktree's
 * node_modules, tsup). Returns the path of its `cli.js`, or null when that is not possible.
 */
export function baselineCli(dir: string): string | null {
  const to = join(dir, 'baseline');
  try {
    mkdirSync(to, { recursive: true });
    const tar = execFileSync('git', ['-C', ROOT, 'archive', BASELINE_COMMIT], { maxBuffer: 1 << 28 });
    execFileSync('tar', ['-x', '-C', to], { input: tar });
    symlinkSync(join(ROOT, 'node_modules'), join(to, 'node_modules'));
    execFileSync(join(ROOT, 'node_modules', '.bin', 'tsup'), [], { cwd: to, stdio: 'ignore' });
    const cli = join(to, 'dist', 'cli.js');
    return existsSync(cli) ? cli : null;
  } catch (e) {
    progress(`baseline CLI not built: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    return null;
  }
}

/** Wall time of `cli score FILE --matrix moldova-dmd --format ndjson [--no-trace] --out OUT`. */
export function timedStream(cli: string, file: string, out: string, trace: boolean): Promise<number> {
  const args = [cli, 'score', file, '--matrix', 'moldova-dmd', '--format', 'ndjson', '--out', out];
  if (!trace) args.push('--no-trace');
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'ignore'] });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve((performance.now() - t0) / 1000) : reject(new Error(`${cli} exited ${code}`)),
    );
  });
}

export interface StreamSpeed {
  readonly assessments: number;
  readonly baselineS: number;
  readonly columnarS: number;
  readonly msPerAssessment: { readonly baseline: number; readonly columnar: number };
  readonly sameBytes: boolean;
}

/** Goal 9: the same 100,000-assessment NDJSON through both CLIs, one after the other, same bytes. */
export async function streamSpeed(cli: string, base: string, dir: string, file: string, n: number) {
  const outB = join(dir, 'stream-baseline.ndjson');
  const outC = join(dir, 'stream-columnar.ndjson');
  const baselineS = await timedStream(base, file, outB, false);
  const columnarS = await timedStream(cli, file, outC, false);
  // Files of gigabytes: compared by cmp(1), not read into memory.
  let sameBytes = false;
  try {
    execFileSync('cmp', ['-s', outB, outC]);
    sameBytes = true;
  } catch {
    sameBytes = false;
  }
  const r: StreamSpeed = {
    assessments: n,
    baselineS: r3(baselineS),
    columnarS: r3(columnarS),
    msPerAssessment: { baseline: r3((baselineS * 1000) / n), columnar: r3((columnarS * 1000) / n) },
    sameBytes,
  };
  const goals: Goal[] = [
    goal(
      '9',
      'mgi score NDJSON 100k: time per assessment, columnar ÷ before',
      columnarS / baselineS,
      '×',
      1 / 3,
    ),
  ];
  return { result: r, goals };
}
