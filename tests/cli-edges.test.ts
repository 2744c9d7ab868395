/**
 * The CLI edges of issue 13 and the CLI items of issue 19: help, `-`, format from `--out`, folders
 * that hold the matrix, stderr with --format json, streaming writers, progress, `--out` onto
 * special files, signals during writes, terminal and Markdown injection, `mgi init` on files.
 * End-to-end tests run dist/cli.js (npm test builds first); writer tests run in process.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { batch } from '../src/cli/_batch';
import { forTerminal, type Io } from '../src/cli/_io';
import { Progress } from '../src/cli/_progress';
import { writeReportCsv, writeReportJson, writeScorecardsNdjson } from '../src/cli/_write-report';
import { fileNames } from '../src/cli/convert';
import { markdownCode } from '../src/cli/init';
import { outputFormat } from '../src/cli/score';
import { parseAssessment, parseMatrix, score } from '../src/index';
import { renderCsv } from '../src/report/csv';
import type { Assessment } from '../src/schema/assessment';

import { CLI, runCli, tempFiles } from './fixtures/cli';
import { checkJsonStream } from './fixtures/json-stream-check';
import { workedAssessment, workedMatrix } from './fixtures/worked-example';

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const ESC = '\u001b[2J\u001b]0;pwned\u0007\b\u009b';

function exampleBatch(dir: string): {
  matrix: ReturnType<typeof parseMatrix>;
  list: Assessment[];
  sources: string[];
} {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const list = files.map((f) => parseAssessment(readFileSync(join(dir, f), 'utf8')));
  const matrixId = list[0]!.matrix.split('@')[0]!;
  const matrix = parseMatrix(readFileSync(join('indicators', `${matrixId}.json`), 'utf8'));
  return { matrix, list, sources: files.map((f) => join(dir, f)) };
}

function stringSink(): { text: () => string; write: (t: string) => Promise<void> } {
  const parts: string[] = [];
  return { text: () => parts.join(''), write: async (t) => void parts.push(t) };
}

describe('streaming writers give the bytes of the in-memory output', () => {
  const cases = ['examples/moldova', 'examples/sdg'];
  it.each(cases)('writeReportJson of score(%s) equals JSON.stringify(report, null, 2)', async (dir) => {
    const { matrix, list, sources } = exampleBatch(dir);
    const report = score(matrix, list, { sources });
    const sink = stringSink();
    await writeReportJson(sink, { header: report, ...report });
    expect(sink.text()).toBe(`${JSON.stringify(report, null, 2)}\n`);
  });

  it.each(cases)('the entity-by-entity batch of %s writes the same JSON, CSV and NDJSON', async (dir) => {
    const { matrix, list, sources } = exampleBatch(dir);
    const report = score(matrix, list, { sources });
    for (const keep of ['memory', 'disk'] as const) {
      const b = batch(matrix, list, sources, {}, undefined, [], undefined, keep);
      const sink = stringSink();
      await writeReportJson(sink, b);
      await b.dispose();
      expect(sink.text()).toBe(`${JSON.stringify(report, null, 2)}\n`);
    }
    const csv = stringSink();
    await writeReportCsv(csv, batch(matrix, list, sources, {}, undefined, [], undefined, 'drop'));
    expect(csv.text()).toBe(renderCsv(report));
    const nd = stringSink();
    await writeScorecardsNdjson(nd, batch(matrix, list, sources, {}, undefined, []).scorecards);
    expect(nd.text()).toBe(report.scorecards.map((c) => `${JSON.stringify(c)}\n`).join(''));
  });

  it('errors of a batch scored entity by entity come in the order of the whole batch (conflicts, wrong kinds, unknown ids)', async () => {
    const matrix = parseMatrix(workedMatrix);
    const list: Assessment[] = [];
    const sources: string[] = [];
    for (const [i, e] of ['ZZZ', 'AAA', 'MMM', 'AAA', 'ZZZ'].entries()) {
      const a = workedAssessment(2020 + (i % 2), 10 + i, 40, 'partial');
      list.push({
        ...a,
        entity: e,
        year: 2021,
        observations: { ...a.observations, [`X${i}`]: { value: 1 }, R1: { value: i } },
      });
      sources.push(`file-${i}.json`);
    }
    const report = score(matrix, list, { sources });
    expect(report.errors.length).toBeGreaterThan(5);
    const b = batch(matrix, list, sources, {}, undefined, [], undefined, 'disk');
    const sink = stringSink();
    await writeReportJson(sink, b);
    await b.dispose();
    expect(sink.text()).toBe(`${JSON.stringify(report, null, 2)}\n`);
  });

  it('a report with no scorecard is written as an empty report, and CSV as its header row', async () => {
    const matrix = parseMatrix(workedMatrix);
    const report = score(matrix, []);
    const sink = stringSink();
    await writeReportJson(sink, batch(matrix, [], [], {}, undefined, []));
    expect(sink.text()).toBe(`${JSON.stringify(report, null, 2)}\n`);
    const csv = stringSink();
    await writeReportCsv(csv, batch(matrix, [], [], {}, undefined, []));
    expect(csv.text()).toBe(renderCsv(report));
  });
});

describe('mgi score of a batch with --format json writes valid JSON (streaming parse)', () => {
  it('300 entity-years: valid JSON by a streaming parse, 300 scorecards, 30 series, exit 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mgi-edges-'));
    writeFileSync(join(dir, 'm.json'), JSON.stringify(workedMatrix));
    let nd = '';
    for (let e = 0; e < 30; e++)
      for (let y = 0; y < 10; y++)
        nd += `${JSON.stringify({ ...workedAssessment(2016 + y, 10 + y, 40 - y, 'partial'), entity: `E${String(e).padStart(3, '0')}` })}\n`;
    writeFileSync(join(dir, 'b.ndjson'), nd);
    const out = join(dir, 'report.json');
    const r = runCli([
      'score',
      join(dir, 'b.ndjson'),
      '--matrix',
      join(dir, 'm.json'),
      '--out',
      out,
      '--quiet',
    ]);
    expect(r.code).toBe(0);
    const check = await checkJsonStream(out);
    expect(check).toMatchObject({
      valid: true,
      counts: { scorecards: 300, series: 30, warnings: 0, errors: 0 },
    });
    expect(readdirSync(dir).sort()).toEqual(['b.ndjson', 'm.json', 'report.json']);
    expect(readdirSync(tmpdir()).filter((n) => n.startsWith(`.mgi-spill-${r.code}`))).toEqual([]);
  });
});

describe('CLI edges', () => {
  const dir = tempFiles({
    'matrix.json': workedMatrix,
    'a-2021.json': workedAssessment(2021, 20, 45, 'partial'),
  });
  const csv =
    'entity,year,matrix,indicator,value,level\nXWE,2021,worked@1.0.0,R1,20,\nXWE,2021,worked@1.0.0,W1,,partial\n';

  it('mgi help score and mgi score --help print the same per-command help, with the exit codes', () => {
    const a = runCli(['help', 'score']);
    const b = runCli(['score', '--help']);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toContain('mgi score <assessment.json');
    expect(a.stdout).toContain('--input-format');
    expect(a.stdout).toMatch(/70 +internal error/);
    expect(runCli(['help', 'validate']).stdout).toBe(runCli(['validate', '-h']).stdout);
    const bad = runCli(['help', 'scroe']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('did you mean "mgi help score"?');
  });

  it('mgi with no arguments prints the usage to stderr and exits 2; mgi --help documents exit 70', () => {
    const r = runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Usage: mgi <command> [options]');
    expect(runCli(['--help']).stdout).toMatch(/70 +internal error/);
  });

  it('--out - writes to stdout and creates no file named "-"', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'mgi-dash-'));
    const r = runCli(
      ['score', join(dir, 'a-2021.json'), '--matrix', join(dir, 'matrix.json'), '--out', '-'],
      { cwd },
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).scorecards[0].overall.score).toBe(37.5);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('score - and validate - read standard input by content: JSON, NDJSON or CSV; --input-format overrides', () => {
    const m = join(dir, 'matrix.json');
    const json = JSON.stringify(workedAssessment(2021, 20, 45, 'partial'));
    for (const input of [
      json,
      `${json}\n${JSON.stringify(workedAssessment(2020, 18, 42, 'partial'))}\n`,
      csv,
    ]) {
      const r = runCli(['score', '-', '--matrix', m, '--format', 'csv'], { input });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^entity,entity_name,year/);
      expect(r.stdout).toContain('XWE,,2021,worked,1.0.0,rights,migrants-rights,R1');
    }
    const v = runCli(['validate', '-', '--matrix', m], { input: csv });
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('✓ <stdin>: assessment XWE 2021 for worked@1.0.0: 2 observations');
    const vj = runCli(['validate', '-'], { input: JSON.stringify(workedMatrix) });
    expect(vj.code).toBe(0);
    expect(vj.stdout).toContain('✓ <stdin>: matrix worked@1.0.0');
    const forced = runCli(['score', '-', '--matrix', m, '--input-format', 'json'], { input: csv });
    expect(forced.code).toBe(1);
    expect(forced.stderr).toContain('<stdin>');
  });

  it("the format follows --out's extension; a --format that contradicts it is a usage error", () => {
    const out = mkdtempSync(join(tmpdir(), 'mgi-ext-'));
    const args = ['score', join(dir, 'a-2021.json'), '--matrix', join(dir, 'matrix.json')];
    for (const [name, start] of [
      ['x.html', '<!DOCTYPE html>'],
      ['x.md', '# '],
      ['x.csv', 'entity,entity_name'],
      ['x.ndjson', '{"format":"mgi-engine/scorecard@1"'],
      ['x.json', '{\n  "format": "mgi-engine/report@1"'],
      ['x.txt', '{\n  "format": "mgi-engine/report@1"'],
    ] as const) {
      const r = runCli([...args, '--out', join(out, name)]);
      expect(r.code).toBe(0);
      expect(readFileSync(join(out, name), 'utf8').startsWith(start)).toBe(true);
    }
    const bad = runCli([...args, '--out', join(out, 'y.html'), '--format', 'json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format json contradicts --out');
    expect(readdirSync(out)).not.toContain('y.html');
    expect(outputFormat('csv', 'x.CSV')).toBe('csv');
    expect(outputFormat(undefined, '-')).toBe('json');
    expect(() => outputFormat('md', 'x.html')).toThrow(/contradicts/);
  });

  it('a folder holding the --matrix file is scored without it; mgi validate . reads a CSV against the matrix of the run', () => {
    const project = tempFiles({
      'matrix.json': workedMatrix,
      'a-2021.json': workedAssessment(2021, 20, 45, 'partial'),
      'b-2020.csv': csv.replaceAll('2021', '2020'),
    });
    const s = runCli(['score', '.', '--matrix', 'matrix.json', '--format', 'csv'], { cwd: project });
    expect(s.stderr).toBe('');
    expect(s.code).toBe(0);
    const v = runCli(['validate', '.'], { cwd: project });
    expect(v.stderr).toBe('');
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('✓ b-2020.csv: assessment XWE 2020 for worked@1.0.0: 2 observations');
    const nd = runCli(['score', '.', '--matrix', 'matrix.json', '--format', 'ndjson'], { cwd: project });
    expect(nd.code).toBe(0);
  });

  it('with --format json, every stderr line is JSON: errors, warnings, the summary, usage errors', () => {
    const files = tempFiles({
      'matrix.json': { ...workedMatrix, scoring: { missing: { policy: 'carryForward' } } },
      'a-2020.json': workedAssessment(2020, 18, 42, 'partial'),
      'a-2021.json': {
        ...workedAssessment(2021, 20, 45, 'partial'),
        observations: { W1: { level: 'partial' } },
      },
      'bad.json': '{"format":',
    });
    const r = runCli(['score', files, '--matrix', join(files, 'matrix.json'), '--format', 'json']);
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed.some((p) => Array.isArray(p.warnings) && p.warnings.length > 0)).toBe(true);
    expect(parsed.at(-1)).toEqual({ summary: { problems: 1, scorecards: 2 } });
    const usage = runCli(['score', files, '--format', 'json', '--year', 'x']);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stderr)).toMatchObject({ errors: [{ code: 'usage' }] });
  });
});

describe('honest limits: Markdown and HTML have a stated memory budget (issue 19 #4)', () => {
  it('a batch over the budget is refused up front for md and html (exit 2, no file), and scored as json or csv', () => {
    const files = tempFiles({ 'matrix.json': workedMatrix });
    let nd = '';
    for (let e = 0; e < 4; e++)
      for (const y of [2020, 2021])
        nd += `${JSON.stringify({ ...workedAssessment(y, 20, 45, 'partial'), entity: `E${e}` })}\n`;
    writeFileSync(join(files, 'b.ndjson'), nd);
    const env = { MGI_RENDER_BUDGET: '5' };
    const args = ['score', join(files, 'b.ndjson'), '--matrix', join(files, 'matrix.json'), '--quiet'];
    for (const format of ['md', 'html']) {
      const r = runCli([...args, '--format', format, '--out', join(files, `x.${format}`)], { env });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('this batch has 8 entity-years, over the budget of 5');
      expect(r.stderr).toContain('use --format json, ndjson or csv');
    }
    expect(readdirSync(files).sort()).toEqual(['b.ndjson', 'matrix.json']);
    expect(runCli([...args, '--format', 'md', '--year', '2021'], { env }).code).toBe(0);
    for (const format of ['json', 'csv']) expect(runCli([...args, '--format', format], { env }).code).toBe(0);
  });
});

describe('progress on long runs', () => {
  const io = (): Io & { errs: string[] } => {
    const errs: string[] = [];
    return { errs, out: () => {}, err: (t) => void errs.push(t), stdin: async () => '' };
  };

  it('shows nothing before the threshold, then at most one line per interval (fake clock)', () => {
    let now = 0;
    const sink = io();
    const p = new Progress(sink, {
      flag: true,
      json: false,
      total: 100,
      tty: false,
      now: () => now,
      env: {},
    });
    for (let i = 1; i <= 100; i++) {
      now += 50; // 5 s in all, 50 ms per assessment
      p.update(i);
    }
    // first line at 2,000 ms (assessment 40), then every 250 ms: 40, 45, …, 100
    expect(sink.errs.length).toBe(13);
    expect(sink.errs[0]).toBe('mgi: 40 of 100 assessments (40.0 %), 20/s, 2.0 s elapsed\n');
    p.end();
    expect(sink.errs.length).toBe(13);
  });

  it('is off on a pipe unless --progress, off with --no-progress even on a terminal, JSON lines with --format json', () => {
    let now = 0;
    const quiet = io();
    const off = new Progress(quiet, {
      flag: undefined,
      json: false,
      total: 1,
      tty: false,
      now: () => (now += 5000),
    });
    off.update(1);
    const never = new Progress(quiet, {
      flag: false,
      json: false,
      total: 1,
      tty: true,
      now: () => (now += 5000),
    });
    never.update(1);
    expect(quiet.errs).toEqual([]);
    const tty = io();
    const t = new Progress(tty, {
      flag: undefined,
      json: false,
      total: 2,
      tty: true,
      now: () => (now += 5000),
      env: {},
    });
    t.update(1);
    t.end();
    expect(tty.errs[0]).toMatch(/^\r mgi: 1 of 2 assessments|^\rmgi: 1 of 2 assessments/);
    expect(tty.errs.at(-1)).toBe('\r\u001b[K');
    const js = io();
    new Progress(js, {
      flag: true,
      json: true,
      total: 2,
      tty: false,
      now: () => (now += 5000),
      env: {},
    }).update(2);
    expect(JSON.parse(js.errs[0]!)).toMatchObject({ progress: { done: 2, total: 2 } });
  });

  it('mgi score --progress prints progress lines to a pipe when the threshold is 0; without it, none', () => {
    const files = tempFiles({ 'matrix.json': workedMatrix });
    let nd = '';
    for (let e = 0; e < 5; e++)
      nd += `${JSON.stringify({ ...workedAssessment(2021, 20, 45, 'partial'), entity: `E${e}` })}\n`;
    writeFileSync(join(files, 'b.ndjson'), nd);
    const env = { MGI_PROGRESS_AFTER_MS: '0', MGI_PROGRESS_EVERY_MS: '0' };
    const args = ['score', join(files, 'b.ndjson'), '--matrix', join(files, 'matrix.json'), '--quiet'];
    for (const format of ['json', 'ndjson']) {
      const on = runCli([...args, '--format', format, '--progress'], { env });
      expect(on.code).toBe(0);
      expect(on.stderr.split('\n').filter((l) => l.includes('progress')).length).toBe(5);
      const off = runCli([...args, '--format', format], { env });
      expect(off.stderr).toBe('');
    }
    const text = runCli([...args, '--format', 'csv', '--progress'], { env });
    expect(text.stderr).toMatch(/^mgi: 1 of 5 assessments \(20\.0 %\), \d+\/s, \d+\.\d s elapsed$/m);
  });
});

describe('--out onto special files (issue 19 #1)', () => {
  const base = tempFiles({
    'matrix.json': workedMatrix,
    'a.json': workedAssessment(2021, 20, 45, 'partial'),
  });
  const args = ['score', join(base, 'a.json'), '--matrix', join(base, 'matrix.json')];

  it('an existing file keeps its mode (0600 stays 0600)', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'mgi-mode-')), 'r.json');
    writeFileSync(out, 'OLD');
    chmodSync(out, 0o600);
    expect(runCli([...args, '--out', out]).code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readFileSync(out, 'utf8')).toContain('mgi-engine/report@1');
  });

  it('a symbolic link stays a link and its target gets the output', () => {
    const d = mkdtempSync(join(tmpdir(), 'mgi-link-'));
    writeFileSync(join(d, 'target.out'), 'OLD');
    symlinkSync(join(d, 'target.out'), join(d, 'link.out'));
    for (const extra of [[], ['--format', 'ndjson']]) {
      expect(runCli([...args, ...extra, '--out', join(d, 'link.out')]).code).toBe(0);
      expect(lstatSync(join(d, 'link.out')).isSymbolicLink()).toBe(true);
      expect(readFileSync(join(d, 'target.out'), 'utf8')).toContain('mgi-engine/');
    }
    expect(readdirSync(d).sort()).toEqual(['link.out', 'target.out']);
  });

  it('a FIFO is written in place (and stays a FIFO); /dev/stdout writes to standard output', async () => {
    const d = mkdtempSync(join(tmpdir(), 'mgi-fifo-'));
    const fifo = join(d, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
    let got = '';
    reader.stdout!.on('data', (c) => {
      got += c;
    });
    const p = spawn(process.execPath, [CLI, ...args, '--format', 'csv', '--out', fifo], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    p.stderr!.on('data', (c) => {
      stderr += c;
    });
    const [code] = await Promise.all([exitOf(p), exitOf(reader)]);
    expect([code.code, stderr]).toEqual([0, '']);
    expect(got).toMatch(/^entity,entity_name/);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(d)).toEqual(['pipe']);
    const r = runCli([...args, '--format', 'csv', '--out', '/dev/stdout']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^entity,entity_name/);
    expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);
  });

  it('--out equal to an input or the matrix is a usage error and leaves the input alone', () => {
    const before = readFileSync(join(base, 'a.json'), 'utf8');
    for (const out of [join(base, 'a.json'), join(base, 'matrix.json')]) {
      const r = runCli([...args, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('is also an input');
    }
    const folder = runCli([
      'score',
      base,
      '--matrix',
      join(base, 'matrix.json'),
      '--out',
      join(base, 'a.json'),
    ]);
    expect(folder.code).toBe(2);
    expect(readFileSync(join(base, 'a.json'), 'utf8')).toBe(before);
    const conv = runCli(['convert', join(base, 'a.json'), '--to', 'csv', '--out', join(base, 'a.json')]);
    expect(conv.code).toBe(2);
  });
});

function exitOf(p: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((done) => p.on('exit', (code, signal) => done({ code, signal })));
}

describe('signals during writes (issue 19 #9, issue 13 KB5 race)', () => {
  const base = mkdtempSync(join(tmpdir(), 'mgi-sig-'));
  writeFileSync(join(base, 'm.json'), JSON.stringify(workedMatrix));
  let nd = '';
  for (let i = 0; i < 3000; i++)
    nd += `${JSON.stringify({ ...workedAssessment(2016 + (i % 10), 10, 40, 'partial'), entity: `E${String(Math.floor(i / 10)).padStart(4, '0')}` })}\n`;
  writeFileSync(join(base, 'batch.ndjson'), nd);

  const interrupt = async (signal: NodeJS.Signals, times: number, format: string) => {
    const dir = mkdtempSync(join(base, 'out-'));
    const name = `report.${format}`;
    writeFileSync(join(dir, name), 'OLD');
    const args = [
      'score',
      join(base, 'batch.ndjson'),
      '--matrix',
      join(base, 'm.json'),
      '--out',
      join(dir, name),
    ];
    const p = spawn(process.execPath, [CLI, ...args], { stdio: 'ignore' });
    let sent = false;
    // Interrupt as soon as the temporary file appears, i.e. while the report is being written.
    const w = watch(dir, (_e, file) => {
      if (sent || !file || file === name) return;
      sent = true;
      for (let i = 0; i < times; i++) p.kill(signal);
    });
    const end = await exitOf(p);
    w.close();
    return { dir, name, end, sent };
  };

  it.each([
    ['SIGINT', 1, 130],
    ['SIGINT', 3, 130],
    ['SIGTERM', 1, 143],
    ['SIGHUP', 1, 129],
  ] as const)(
    '%s ×%i while the report is written (JSON and streamed NDJSON): no temporary file, the old output intact',
    async (signal, times, code) => {
      for (const format of ['json', 'ndjson']) {
        const { dir, name, end, sent } = await interrupt(signal, times, format);
        expect(readdirSync(dir)).toEqual([name]);
        if (sent && end.code === code) expect(readFileSync(join(dir, name), 'utf8')).toBe('OLD');
        else expect(end.code).toBe(0); // finished before the signal landed
      }
    },
  );
});

describe('signals during long reads and checks (issue 19 #9: validate and convert)', () => {
  // 10,000 Moldova assessments (about 70 MB): reading and checking take about 5 s of CPU, so a
  // signal 1.5 s after the start lands while the file is read or checked, on any machine.
  const base = mkdtempSync(join(tmpdir(), 'mgi-sig-read-'));
  const one = JSON.parse(readFileSync('examples/moldova/mda-2024.json', 'utf8')) as Assessment;
  let nd = '';
  for (let i = 0; i < 10000; i++)
    nd += `${JSON.stringify({ ...one, entity: `E${String(i).padStart(5, '0')}` })}\n`;
  const file = join(base, 'big.ndjson');
  writeFileSync(file, nd);

  it.each([
    ['validate', [file, '--matrix', 'moldova-dmd']],
    ['convert', [file, '--to', 'json', '--out', `${join(base, 'files')}/`]],
  ])(
    'SIGINT during mgi %s of a long NDJSON stops it there (exit 130), before any output',
    async (cmd, rest) => {
      const p = spawn(process.execPath, [CLI, cmd, ...rest], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      p.stdout!.on('data', (d) => {
        stdout += d;
      });
      let stderr = '';
      p.stderr!.on('data', (d) => {
        stderr += d;
      });
      setTimeout(() => p.kill('SIGINT'), 1500);
      const end = await exitOf(p);
      expect(end.signal === 'SIGINT' || end.code === 130).toBe(true);
      // Before the fix the whole file was read and checked first: validate printed its summary, and
      // convert created the output folder before the signal was handled.
      expect(existsSync(join(base, 'files'))).toBe(false);
      expect(stdout).toBe('');
      expect(stderr).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
    },
  );
});

describe('terminal and Markdown injection (issue 19 #10), mgi init on files (#16)', () => {
  it('forTerminal escapes ESC, OSC, BEL, backspace, C1 and a lone CR, and keeps tab, LF and CRLF', () => {
    expect(forTerminal(`a${ESC}\tb\r\nc\rd`)).toBe(
      'a\\u001b[2J\\u001b]0;pwned\\u0007\\u0008\\u009b\tb\r\nc\\u000dd',
    );
    expect(forTerminal('plain, "text" é')).toBe('plain, "text" é');
  });

  it('mgi types and --format md to a terminal show no raw control character from a matrix title', () => {
    const m = structuredClone(workedMatrix) as unknown as Record<string, unknown>;
    m.title = 'Evil title';
    (m.indicators as { title: string }[])[0]!.title = 'R1 evil';
    const dir = tempFiles({ 'm.json': m, 'a.json': workedAssessment(2021, 20, 45, 'partial') });
    // The schema refuses control characters in titles; file names are the untrusted text left.
    const evil = join(dir, `x${ESC}.json`);
    writeFileSync(evil, JSON.stringify(workedAssessment(2021, 20, 45, 'partial')));
    for (const cmd of [
      `node ${CLI} types ${join(dir, 'm.json')}`,
      `node ${CLI} score ${join(dir, 'a.json')} --matrix ${join(dir, 'm.json')} --format md`,
      `node ${CLI} validate ${dir} --matrix ${join(dir, 'm.json')}`,
    ]) {
      const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      // script adds CRs to every line (the pty's line discipline), the rest must be free of controls
      expect(r.stdout.replace(/\r\n/g, '\n')).not.toMatch(CONTROL);
    }
    const v = runCli(['validate', evil, '--matrix', join(dir, 'm.json')]);
    expect(v.stdout).toContain('\\u001b');
    expect(v.stdout).not.toMatch(CONTROL);
  });

  it('mgi init --matrix FILE writes the title into the README as inert Markdown', () => {
    const title =
      '![x](https://evil.example/p.png) <img src=x onerror=alert(1)>\n# Fake heading ops@evil.example www.evil.example';
    const m = { ...structuredClone(workedMatrix), title: title.replace('\n', ' ') };
    const dir = tempFiles({ 'm.json': m });
    const r = runCli(['init', join(dir, 'proj'), '--matrix', join(dir, 'm.json'), '--year', '2024']);
    expect(r.code).toBe(0);
    const first = readFileSync(join(dir, 'proj', 'README.md'), 'utf8').split('\n')[0]!;
    expect(first).toBe(`# Migration governance monitoring: \`${title.replace('\n', ' ')}\``);
    expect(markdownCode('a `b` c')).toBe('``a `b` c``');
    expect(markdownCode('`x`')).toBe('`` `x` ``');
    expect(markdownCode('Line\n# heading')).toBe('`Line # heading`');
    expect(markdownCode('Moldova – Diaspora (2024)')).toBe('Moldova – Diaspora (2024)');
  });

  it('mgi init onto an existing file, or a path through a file, is a clear error (exit 1), not a stack trace', () => {
    const dir = tempFiles({ afile: 'x' });
    for (const target of [join(dir, 'afile'), join(dir, 'afile', 'sub')]) {
      const r = runCli(['init', target]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('is a file, not a folder');
      expect(r.stderr).toContain('[write-failed]');
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    }
  });
});

describe('mgi convert --out folder/ names files in linear work (issue 19 #8)', () => {
  it('names are <entity>-<year>.json, with -<submittedBy> only where an entity-year is shared', () => {
    const a = (entity: string, year: number, submittedBy?: string): Assessment =>
      ({
        ...workedAssessment(year, 1, 2, 'partial'),
        entity,
        ...(submittedBy ? { submittedBy } : {}),
      }) as Assessment;
    expect(
      fileNames([a('MDA', 2021), a('MDA', 2022, 'x'), a('MDA', 2021, 'Min. B'), a('Ünï', 2020)]),
    ).toEqual(['mda-2021.json', 'mda-2022.json', 'mda-2021-min-b.json', 'uni-2020.json']);
  });

  it('40,000 assessments are named (a quadratic version did 1.6 billion comparisons here)', () => {
    const list: Assessment[] = [];
    for (let i = 0; i < 40_000; i++)
      list.push({ ...workedAssessment(2021, 1, 2, 'partial'), entity: `E${i}` } as Assessment);
    const names = fileNames(list);
    expect(new Set(names).size).toBe(40_000);
    expect(names[39_999]).toBe('e39999-2021.json');
  });
});

describe('the summary CSV from the CLI (issue 14)', () => {
  it('mgi score --format csv-summary writes one row per entity × year × overall/dimension/theme, and goes into a .csv file', async () => {
    const r = runCli(['score', 'examples/sdg', '--matrix', 'sdg-10-7-2', '--format', 'csv-summary']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\r\n');
    expect(lines[0]).toBe(
      'entity,entity_name,year,matrix_id,matrix_version,level,id,title,score,band,band_code,band_label,coverage,coverage_reported',
    );
    expect(lines[1]).toBe(
      'XAA,Fictitia,2021,sdg-10-7-2,1.0.0,overall,overall,,40,partially-meets,2,Partially meets,1,1',
    );
    const dir = mkdtempSync(join(tmpdir(), 'mgi-summary-'));
    const out = join(dir, 'summary.csv');
    const w = runCli([
      'score',
      'examples/sdg',
      '--matrix',
      'sdg-10-7-2',
      '--format',
      'csv-summary',
      '--out',
      out,
    ]);
    expect(w.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(r.stdout);
    rmSync(dir, { recursive: true, force: true });
  });
});
