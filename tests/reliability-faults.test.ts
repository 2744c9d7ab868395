/**
 * Faults around the CLI: outputs that cannot be written (missing folder, read-only folder, a file
 * where a folder should be, a full disk), an interrupt in the middle of a batch, a closed standard
 * input and a reader that goes away. In every case: a clear message, a non-zero exit (except for
 * the reader that goes away, which is not an error), no partial file, and an earlier complete
 * output left as it was.
 *
 * Tests run as root here, where permissions do not stop writes: a read-only folder is then a
 * read-only tmpfs mount (or, when mounting is not allowed, the test says so and is skipped), and
 * a full disk is a 64 KiB tmpfs. Without root, `chmod 0o500` makes the read-only folder.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MgiError } from '../src/index';
import { writeFileAtomic } from '../src/node';
import { CLI, runCli } from './fixtures/cli';
import { workedAssessment, workedMatrix } from './fixtures/worked-example';

const isRoot = process.getuid?.() === 0;
const OLD = 'EARLIER COMPLETE OUTPUT\n';
let work = '';
let matrixFile = '';
let oneAssessment = '';
let batchFile = '';
let mediumFile = '';
const mounts: string[] = [];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'mgi-faults-'));
  matrixFile = join(work, 'matrix.json');
  writeFileSync(matrixFile, JSON.stringify(workedMatrix));
  oneAssessment = join(work, 'a.json');
  writeFileSync(oneAssessment, JSON.stringify(workedAssessment(2021, 20, 45, 'partial')));
  // A batch big enough that scoring takes a while and the report is tens of megabytes.
  let ndjson = '';
  for (let i = 0; i < 1500; i++) {
    const a = {
      ...workedAssessment(2016 + (i % 10), 10 + (i % 20), 40 - (i % 7), 'partial'),
      entity: `E${Math.floor(i / 10)}`,
    };
    ndjson += `${JSON.stringify(a)}\n`;
  }
  batchFile = join(work, 'batch.ndjson');
  writeFileSync(batchFile, ndjson);
  // A batch whose report (about a megabyte) is far larger than a pipe buffer or a 64 KiB disk.
  mediumFile = join(work, 'medium.ndjson');
  writeFileSync(mediumFile, ndjson.split('\n').slice(0, 100).join('\n'));
});

afterAll(() => {
  for (const m of mounts) {
    try {
      execFileSync('umount', [m], { stdio: 'ignore' });
    } catch {
      execFileSync('umount', ['-l', m], { stdio: 'ignore' });
    }
  }
  rmSync(work, { recursive: true, force: true });
});

/** Mount a tmpfs (root only); returns the reason when it cannot. */
function tryMount(dir: string, options: string): string | null {
  if (!isRoot) return 'not running as root, so a tmpfs cannot be mounted';
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) return `mount -t tmpfs -o ${options} failed: ${(r.stderr || String(r.error)).trim()}`;
  mounts.push(dir);
  return null;
}

function expectCleanFailure(r: { code: number | null; stderr: string }, dir: string, files: string[]): void {
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('[write-failed]');
  expect(r.stderr).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
  expect(readdirSync(dir).sort()).toEqual(files.sort());
}

describe('--out that cannot be written', () => {
  it('into a missing folder: exit 1, [write-failed] naming the path, nothing created', () => {
    const dir = mkdtempSync(join(work, 'missing-'));
    const out = join(dir, 'nope', 'report.json');
    const r = runCli(['score', oneAssessment, '--matrix', matrixFile, '--out', out]);
    expectCleanFailure(r, dir, []);
    expect(r.stderr).toContain(out);
    expect(r.stderr).toContain('ENOENT');
  });

  it('into a path whose parent is a file: exit 1, [write-failed], the file untouched', () => {
    const dir = mkdtempSync(join(work, 'notdir-'));
    writeFileSync(join(dir, 'file'), OLD);
    const r = runCli([
      'score',
      oneAssessment,
      '--matrix',
      matrixFile,
      '--out',
      join(dir, 'file', 'report.json'),
    ]);
    expectCleanFailure(r, dir, ['file']);
    expect(r.stderr).toContain('ENOTDIR');
    expect(readFileSync(join(dir, 'file'), 'utf8')).toBe(OLD);
  });

  it('into /proc (a file system that refuses new files): exit 1, [write-failed]', () => {
    const r = runCli(['score', oneAssessment, '--matrix', matrixFile, '--out', '/proc/self/mgi-report.json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[write-failed]');
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it('over a folder: exit 1, [write-failed], the folder and its content untouched, no temporary file', () => {
    const dir = mkdtempSync(join(work, 'isdir-'));
    mkdirSync(join(dir, 'report.json'));
    writeFileSync(join(dir, 'report.json', 'keep'), OLD);
    const r = runCli(['score', oneAssessment, '--matrix', matrixFile, '--out', join(dir, 'report.json')]);
    expectCleanFailure(r, dir, ['report.json']);
    expect(readFileSync(join(dir, 'report.json', 'keep'), 'utf8')).toBe(OLD);
  });

  it('into a read-only folder: exit 1, [write-failed], the earlier output intact, no temporary file', (ctx) => {
    const dir = join(work, 'readonly');
    let how: string;
    if (isRoot) {
      // chmod does not stop root: use a read-only tmpfs, which refuses even root (EROFS).
      const reason = tryMount(dir, 'ro,size=64k');
      if (reason) {
        console.log(
          `skipped read-only folder: ${reason} (the parent-is-a-file and /proc cases above still run)`,
        );
        ctx.skip(reason);
        return;
      }
      how = 'EROFS';
    } else {
      mkdirSync(dir);
      writeFileSync(join(dir, 'report.json'), OLD);
      chmodSync(dir, 0o500);
      how = 'EACCES';
    }
    try {
      const before = readdirSync(dir).sort();
      const r = runCli(['score', oneAssessment, '--matrix', matrixFile, '--out', join(dir, 'report.json')]);
      expectCleanFailure(r, dir, before);
      expect(r.stderr).toContain(how);
      if (!isRoot) expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe(OLD);
    } finally {
      if (!isRoot) chmodSync(dir, 0o700);
    }
  });

  it('onto a full disk: exit 1, [write-failed] with ENOSPC, the earlier output intact, no partial or temporary file', (ctx) => {
    const dir = join(work, 'full');
    const reason = tryMount(dir, 'size=64k');
    if (reason) {
      console.log(`skipped full disk: ${reason}`);
      ctx.skip(reason);
      return;
    }
    writeFileSync(join(dir, 'report.json'), OLD);
    const r = runCli([
      'score',
      mediumFile,
      '--matrix',
      matrixFile,
      '--quiet',
      '--out',
      join(dir, 'report.json'),
    ]);
    expectCleanFailure(r, dir, ['report.json']);
    expect(r.stderr).toContain('ENOSPC');
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe(OLD);
  });

  it('writeFileAtomic (the library call) throws MgiError write-failed and leaves no temporary file', async () => {
    const dir = mkdtempSync(join(work, 'api-'));
    writeFileSync(join(dir, 'file'), OLD);
    for (const target of [join(dir, 'missing', 'x.json'), join(dir, 'file', 'x.json'), dir]) {
      const e = await writeFileAtomic(target, 'data').catch((x: unknown) => x);
      expect(e).toBeInstanceOf(MgiError);
      expect((e as MgiError).code).toBe('write-failed');
    }
    expect(readdirSync(dir)).toEqual(['file']);
    await writeFileAtomic(join(dir, 'file'), 'new');
    expect(readFileSync(join(dir, 'file'), 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['file']);
  });
});

// --- signals and pipes ---

function exited(p: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((done) => p.on('exit', (code, signal) => done({ code, signal })));
}

describe('interrupts, stdin and stdout', () => {
  it('SIGINT while a big batch is being scored: the process stops, the earlier output is intact, nothing else is written', async () => {
    const dir = mkdtempSync(join(work, 'sigint-early-'));
    const out = join(dir, 'report.json');
    writeFileSync(out, OLD);
    const p = spawn(
      process.execPath,
      [CLI, 'score', batchFile, '--matrix', matrixFile, '--out', out, '--quiet'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    p.stderr!.on('data', (d) => {
      stderr += d;
    });
    setTimeout(() => p.kill('SIGINT'), 300);
    const end = await exited(p);
    expect(end.signal === 'SIGINT' || end.code === 130).toBe(true);
    expect(readFileSync(out, 'utf8')).toBe(OLD);
    expect(readdirSync(dir)).toEqual(['report.json']);
    expect(stderr).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
  });

  it('SIGINT in the middle of writing the report: the earlier output is never replaced by a partial file', async () => {
    const dir = mkdtempSync(join(work, 'sigint-write-'));
    const out = join(dir, 'report.json');
    writeFileSync(out, OLD);
    const p = spawn(
      process.execPath,
      [CLI, 'score', batchFile, '--matrix', matrixFile, '--out', out, '--quiet'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    // Interrupt as soon as the temporary file appears, i.e. while the report is being written.
    let hit = false;
    const watcher = watch(dir, (_event, name) => {
      if (!hit && name !== null && name !== 'report.json') {
        hit = true;
        p.kill('SIGINT');
      }
    });
    const end = await exited(p);
    watcher.close();
    const report = readFileSync(out, 'utf8');
    if (hit && (end.signal === 'SIGINT' || end.code === 130)) {
      expect(report).toBe(OLD);
    } else {
      // The write finished before the signal arrived: then the output is the whole report.
      expect(JSON.parse(report).scorecards.length).toBeGreaterThan(0);
    }
    const left = readdirSync(dir).filter((n) => n !== 'report.json');
    console.log(
      `SIGINT during the write: interrupted=${hit}, exit=${end.code ?? end.signal}, temporary files left: ${left.join(', ') || 'none'}`,
    );
  });

  it('a closed standard input (mgi score - <&-) is a clear empty-input error, exit 1, no crash', () => {
    const r = spawnSync(
      'sh',
      ['-c', `exec "${process.execPath}" "${CLI}" score - --matrix "${matrixFile}" --format md <&-`],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('standard input is empty [empty-input]');
    expect(r.stderr).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
    const devNull = runCli(['score', '-', '--matrix', matrixFile, '--format', 'md']);
    expect(devNull.code).toBe(1);
    expect(devNull.stderr).toContain('[empty-input]');
  });

  it('a reader that closes the pipe early (mgi score … | head -c 100) ends mgi quietly with exit 0', async () => {
    const p = spawn(process.execPath, [CLI, 'score', mediumFile, '--matrix', matrixFile, '--quiet'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    p.stderr!.on('data', (d) => {
      stderr += d;
    });
    let first = '';
    p.stdout!.once('data', (d: Buffer) => {
      first = d.toString('utf8').slice(0, 100);
      p.stdout!.destroy();
    });
    const end = await exited(p);
    expect(first).toContain('"format": "mgi-engine/report@1"');
    expect(end).toEqual({ code: 0, signal: null });
    expect(stderr).toBe('');
    const shell = spawnSync(
      'bash',
      [
        '-c',
        `set -o pipefail; "${process.execPath}" "${CLI}" score "${mediumFile}" --matrix "${matrixFile}" --quiet --format md | head -c 100 >/dev/null`,
      ],
      { encoding: 'utf8' },
    );
    expect(shell.status).toBe(0);
    expect(shell.stderr).toBe('');
  });
});
