/**
 * Goal 7 (issue 13 "any batch size", issue 19 #8): `mgi score` of 100,000 Moldova entity-years
 * (10,000 entities × 10 years, NDJSON in) with `--format json`, `csv` and `ndjson` (`--no-trace`),
 * each in a fresh process with Node's default heap, written to a file; peak RSS from the OS and
 * wall time. The JSON output is checked by a streaming parse (tests/fixtures/json-stream-check.ts:
 * valid JSON, 100,000 scorecards), never loaded. JSON and CSV run side by side (one per core).
 * Also `mgi convert --out folder/` at n and 2n assessments: the time ratio shows it is linear.
 * `MGI_BENCH_BATCH_ENTITIES` shrinks the batch to try the bench quickly.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkJsonStream } from '../tests/fixtures/json-stream-check';
import { CLI, type Goal, goal, progress, ROOT, r3 } from './_common';

const TIME = '/usr/bin/time';

export interface BatchRun {
  readonly format: string;
  readonly exitCode: number | null;
  readonly peakRssMb: number;
  readonly wallS: number;
  readonly outputMb: number;
}

export interface BatchFormats {
  readonly entityYears: number;
  readonly runs: BatchRun[];
  readonly json: { readonly valid: boolean; readonly scorecards: number; readonly checkS: number };
  readonly convert: { readonly n: number; readonly msN: number; readonly ms2N: number };
  readonly goals: Goal[];
  readonly checks: Record<string, boolean>;
}

function run(dir: string, file: string, format: string): Promise<BatchRun> {
  const out = join(dir, `batch-out.${format}`);
  const args = [
    CLI,
    'score',
    file,
    '--matrix',
    'moldova-dmd',
    '--format',
    format,
    '--no-trace',
    '--quiet',
    '--out',
    out,
  ];
  const timeFile = join(dir, `batch-${format}.time.txt`);
  const viaTime = existsSync(TIME);
  const t0 = process.hrtime.bigint();
  const child: ChildProcess = viaTime
    ? spawn(TIME, ['-v', '-o', timeFile, process.execPath, ...args], { cwd: ROOT, stdio: 'ignore' })
    : spawn(process.execPath, args, { cwd: ROOT, stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
      const m = viaTime
        ? /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(timeFile, 'utf8'))
        : null;
      resolve({
        format,
        exitCode: code,
        peakRssMb: r3(m ? Number(m[1]) / 1024 : Number.NaN),
        wallS: r3(wallS),
        outputMb: existsSync(out) ? r3(statSync(out).size / 2 ** 20) : 0,
      });
    });
  });
}

/** Time `mgi convert FILE --to json --out folder/` (one file per assessment) on the first `n` lines. */
function convertMs(dir: string, file: string, n: number): number {
  const lines = readFileSync(file, 'utf8').split('\n').slice(0, n).join('\n');
  const input = join(dir, `convert-${n}.ndjson`);
  writeFileSync(input, `${lines}\n`);
  const out = join(dir, `convert-${n}`);
  mkdirSync(out, { recursive: true });
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, 'convert', input, '--to', 'json', '--out', `${out}/`], {
    cwd: ROOT,
  });
  const ms = performance.now() - t0;
  rmSync(out, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`mgi convert exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** Goal 7: the three formats at 100k entity-years, and convert's scaling. `file` is the 100k NDJSON. */
export async function batchFormats(dir: string, file: string): Promise<BatchFormats> {
  const entityYears = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '').length;
  progress(
    `mgi score ${entityYears} entity-years --format json and --format csv (side by side), then ndjson`,
  );
  const [json, csv] = await Promise.all([run(dir, file, 'json'), run(dir, file, 'csv')]);
  const ndjson = await run(dir, file, 'ndjson');
  progress('checking the JSON output by a streaming parse');
  const t0 = performance.now();
  const check = await checkJsonStream(join(dir, 'batch-out.json'));
  const checkS = r3((performance.now() - t0) / 1000);
  for (const f of ['json', 'csv', 'ndjson']) rmSync(join(dir, `batch-out.${f}`), { force: true });
  progress('mgi convert --out folder/ at 10,000 and 20,000 assessments');
  const n = Math.min(10_000, Math.floor(entityYears / 2));
  const msN = convertMs(dir, file, n);
  const ms2N = convertMs(dir, file, 2 * n);
  const runs = [json, csv, ndjson];
  for (const r of runs)
    console.log(
      `   --format ${r.format.padEnd(6)} ${entityYears} entity-years: peak RSS ${r.peakRssMb} MB, ${r.wallS} s, ${r.outputMb} MB written, exit ${r.exitCode}`,
    );
  console.log(
    `   JSON output: ${check.valid ? 'valid' : `INVALID (${check.error})`} by a streaming parse, ${check.counts.scorecards ?? 0} scorecards (${checkS} s)`,
  );
  console.log(`   mgi convert --out folder/: ${r3(msN)} ms for ${n}, ${r3(ms2N)} ms for ${2 * n}`);
  return {
    entityYears,
    runs,
    json: { valid: check.valid, scorecards: check.counts.scorecards ?? 0, checkS },
    convert: { n, msN: r3(msN), ms2N: r3(ms2N) },
    goals: [
      goal('S1', `mgi score ${entityYears} entity-years --format json: peak RSS`, json.peakRssMb, 'MB', 1024),
      goal('S2', `mgi score ${entityYears} entity-years --format csv: peak RSS`, csv.peakRssMb, 'MB', 1024),
      goal(
        'S3',
        `mgi score ${entityYears} entity-years --format ndjson: peak RSS`,
        ndjson.peakRssMb,
        'MB',
        200,
      ),
      goal('S4', 'mgi convert --out folder/, 2n ÷ n assessments (time)', ms2N / msN, '×', 2.5),
    ],
    checks: {
      batchJsonValid: check.valid && check.counts.scorecards === entityYears,
      batchAllExitZero: runs.every((r) => r.exitCode === 0),
    },
  };
}

// `npx tsx bench/_stream.ts FILE` runs goal 7 alone on an NDJSON batch.
if (process.argv[1]?.endsWith('_stream.ts') && process.argv[2]) {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'mgi-bench-batch-'));
  try {
    const r = await batchFormats(dir, process.argv[2]);
    for (const g of r.goals)
      console.log(`   ${g.id} ${g.what}: ${g.value} ${g.unit} (goal ≤ ${g.max}) ${g.pass ? 'pass' : 'MISS'}`);
    console.log(JSON.stringify(r.checks));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
