/**
 * Goals 3 and 4, measured on fresh processes of the built CLI (`dist/cli.js`):
 * - CLI start: `mgi score` of the Moldova series against `node -e 0`, and against the same command
 *   for a formula-free variant of the matrix and assessments (formula indicators and their inputs
 *   dropped), which never loads mathjs. Rounds run the three commands in turn, so that noise falls
 *   on all three alike; medians over the rounds.
 * - Streaming memory: `mgi score --format ndjson` over NDJSON files of synthetic assessments, with
 *   peak RSS from the OS (`/usr/bin/time -v`, else VmHWM polled from /proc/<pid>/status).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Matrix } from '../src/schema/matrix';
import { CLI, type Goal, goal, type Lib, MOLDOVA, median, ROOT, r3 } from './_common';
import { restrictTo, synth, withoutFormulas } from './_synth';

const TIME = '/usr/bin/time';

// --- goal 3: CLI start ---

export interface StartResult {
  readonly rounds: number;
  readonly medianMs: {
    readonly nodeE0: number;
    readonly scoreNoFormulas: number;
    readonly scoreFormulas: number;
  };
  readonly goals: Goal[];
  readonly info: { readonly formulasOverNodeE0: number; readonly formulasOverNoFormulas: number };
}

/** Write the formula-free matrix and the Moldova series restricted to it; returns [matrix, folder]. */
export function formulaFreeFixture(dir: string): [string, string] {
  const matrix = withoutFormulas(JSON.parse(readFileSync(MOLDOVA, 'utf8')) as Matrix);
  const series = join(dir, 'moldova-noformula');
  mkdirSync(series, { recursive: true });
  const matrixFile = join(dir, 'moldova-noformula.matrix.json');
  writeFileSync(matrixFile, JSON.stringify(matrix, null, 2));
  const examples = join(ROOT, 'examples', 'moldova');
  for (const f of readdirSync(examples).filter((n) => n.endsWith('.json'))) {
    const a = JSON.parse(readFileSync(join(examples, f), 'utf8'));
    writeFileSync(join(series, f), JSON.stringify(restrictTo(a, matrix), null, 2));
  }
  return [matrixFile, series];
}

function wallMs(args: readonly string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore', cwd: ROOT });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  // Exit 1 would mean bad input; the series must score cleanly (warnings only).
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited with ${r.status}`);
  return ms;
}

export function cliStart(dir: string, rounds = 10): StartResult {
  const [matrixFile, series] = formulaFreeFixture(dir);
  const commands = {
    nodeE0: ['-e', '0'],
    scoreNoFormulas: [CLI, 'score', series, '--matrix', matrixFile],
    scoreFormulas: [CLI, 'score', join(ROOT, 'examples', 'moldova'), '--matrix', 'moldova-dmd'],
  };
  const times: Record<keyof typeof commands, number[]> = {
    nodeE0: [],
    scoreNoFormulas: [],
    scoreFormulas: [],
  };
  for (const args of Object.values(commands)) wallMs(args); // warm the file cache
  for (let i = 0; i < rounds; i++) {
    for (const [k, args] of Object.entries(commands)) times[k as keyof typeof commands].push(wallMs(args));
  }
  const m = {
    nodeE0: median(times.nodeE0),
    scoreNoFormulas: median(times.scoreNoFormulas),
    scoreFormulas: median(times.scoreFormulas),
  };
  return {
    rounds,
    medianMs: {
      nodeE0: r3(m.nodeE0),
      scoreNoFormulas: r3(m.scoreNoFormulas),
      scoreFormulas: r3(m.scoreFormulas),
    },
    goals: [goal('3', 'mgi score start, no formulas ÷ node -e 0', m.scoreNoFormulas / m.nodeE0, '×', 4)],
    info: {
      formulasOverNodeE0: r3(m.scoreFormulas / m.nodeE0),
      formulasOverNoFormulas: r3(m.scoreFormulas / m.scoreNoFormulas),
    },
  };
}

// --- goal 4: streaming ---

/** Write `entities × 10` synthetic assessments as NDJSON, grouped by entity; also the first `heads`. */
export async function writeNdjson(
  lib: Lib,
  file: string,
  entities: number,
  heads: readonly { file: string; entities: number }[] = [],
): Promise<void> {
  const matrix = lib.parseMatrix(readFileSync(MOLDOVA, 'utf8'));
  const s = synth(matrix);
  const outs = [{ file, entities }, ...heads].map((h) => ({ ...h, w: createWriteStream(h.file) }));
  for (let e = 0; e < entities; e++) {
    let chunk = '';
    for (let y = 0; y < 10; y++) chunk += `${JSON.stringify(s.assessment(e, y))}\n`;
    for (const o of outs) {
      if (e < o.entities && !o.w.write(chunk)) await new Promise<void>((r) => o.w.once('drain', () => r()));
    }
  }
  await Promise.all(outs.map((o) => new Promise<void>((r) => o.w.end(() => r()))));
}

export interface StreamRun {
  readonly label: string;
  readonly assessments: number;
  readonly trace: boolean;
  readonly exitCode: number | null;
  /** Problems reported on stderr (`N problem(s); …`); 0 for a clean run. */
  readonly problems: number;
  readonly wallS: number;
  readonly peakRssMb: number;
  readonly rssFrom: string;
}

/**
 * Run `mgi score FILE --matrix moldova-dmd --format ndjson` in a fresh process with its output to
 * /dev/null (as `> file` would: Node writes files synchronously), and report the peak RSS of the
 * `mgi` process from the OS. The content of the output is checked on a smaller file by
 * {@link streamIdentity}.
 */
export function streamRun(
  dir: string,
  label: string,
  file: string,
  n: number,
  trace: boolean,
): Promise<StreamRun> {
  const args = [
    CLI,
    'score',
    file,
    '--matrix',
    'moldova-dmd',
    '--format',
    'ndjson',
    ...(trace ? [] : ['--no-trace']),
  ];
  const t0 = process.hrtime.bigint();
  const timeFile = join(dir, `${label}.time.txt`);
  const viaTime = existsSync(TIME);
  const child = viaTime
    ? spawn(TIME, ['-v', '-o', timeFile, process.execPath, ...args], {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
      })
    : spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-100_000);
  });
  const poll = viaTime ? undefined : pollHwm(child);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
      let peakKb = poll?.stop() ?? 0;
      if (viaTime) {
        const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(timeFile, 'utf8'));
        peakKb = m ? Number(m[1]) : 0;
      }
      if (code !== 0) process.stderr.write(stderr.slice(-2000));
      resolve({
        label,
        assessments: n,
        trace,
        exitCode: code,
        problems: Number(/(\d+) problem\(s\)/.exec(stderr)?.[1] ?? 0),
        wallS: r3(wallS),
        peakRssMb: r3(peakKb / 1024),
        rssFrom: viaTime
          ? '/usr/bin/time -v (maximum resident set size)'
          : '/proc/<pid>/status VmHWM, polled',
      });
    });
  });
}

/** Fallback without /usr/bin/time: the process's VmHWM (its own peak RSS), polled until it exits. */
function pollHwm(child: ChildProcess): { stop(): number } {
  let peak = 0;
  const read = () => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]));
    } catch {
      // gone already
    }
  };
  const timer = setInterval(read, 50);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

export interface IdentityResult {
  readonly assessments: number;
  readonly linesStreamed: number;
  readonly linesInMemory: number;
  readonly identical: boolean;
  readonly firstDifferentLine: number | null;
  readonly exitCode: number | null;
  /** Peak RSS of this streaming run (traces on). */
  readonly peakRssMb: number | null;
}

/**
 * The streamed output of `mgi score FILE --format ndjson` (traces on) against the in-memory
 * `score()` of the same assessments with the same source labels (`FILE:line`), serialised as the
 * in-memory `--format ndjson` does: one `JSON.stringify(scorecard)` per line.
 */
export function streamIdentity(lib: Lib, dir: string, file: string): IdentityResult {
  const args = [CLI, 'score', file, '--matrix', 'moldova-dmd', '--format', 'ndjson'];
  const timeFile = join(dir, 'identity.time.txt');
  const viaTime = existsSync(TIME);
  const r = viaTime
    ? spawnSync(TIME, ['-v', '-o', timeFile, process.execPath, ...args], opts)
    : spawnSync(process.execPath, args, opts);
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n').filter((l) => l !== '');
  const matrix = lib.parseMatrix(readFileSync(MOLDOVA, 'utf8'));
  const list = lines.map((l) => lib.parseAssessment(l));
  const report = lib.score(matrix, list, { sources: lines.map((_, i) => `${file}:${i + 1}`) });
  const expected = report.scorecards.map((c) => JSON.stringify(c));
  const got = r.stdout.split('\n');
  if (got[got.length - 1] === '') got.pop();
  let first: number | null = null;
  for (let i = 0; i < Math.max(expected.length, got.length); i++) {
    if (expected[i] !== got[i]) {
      first = i + 1;
      break;
    }
  }
  const m = viaTime
    ? /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(timeFile, 'utf8'))
    : null;
  return {
    assessments: lines.length,
    linesStreamed: got.length,
    linesInMemory: expected.length,
    identical: first === null,
    firstDifferentLine: first,
    exitCode: r.status,
    peakRssMb: m ? r3(Number(m[1]) / 1024) : null,
  };
}

const opts = { cwd: ROOT, maxBuffer: 2 ** 31 - 1, encoding: 'utf8' } as const;
