import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempFiles } from './fixtures/cli';
import { workedAssessment, workedMatrix } from './fixtures/worked-example';

// End-to-end: these run dist/cli.js in a fresh process (npm test builds first).
describe('mgi (CLI end to end)', () => {
  it('prints help and version', () => {
    const help = runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: mgi <command> [options]');
    expect(help.stdout).toMatch(/score +score assessments/);
    const v = runCli(['--version']);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('an unknown command is a usage error with a hint', () => {
    const r = runCli(['scroe']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "scroe"');
    expect(r.stderr).toContain('did you mean "mgi score"?');
  });

  it('an unknown flag is a usage error with a hint', () => {
    const r = runCli(['validate', 'x.json', '--matirx', 'm']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown option --matirx');
    expect(r.stderr).toContain('did you mean --matrix?');
  });

  it('validate reports a duplicate indicator id and an unknown theme, each with path and code (exit 1)', () => {
    const m = structuredClone(workedMatrix);
    m.indicators[1]!.id = 'R1';
    m.indicators[2]!.theme = 'nowhere';
    const dir = tempFiles({ 'bad.json': m });
    const r = runCli(['validate', join(dir, 'bad.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'bad.json: indicators[1].id: indicator id "R1" is used again (first at indicators[0])',
    );
    expect(r.stderr).toContain('[duplicate-id]');
    expect(r.stderr).toContain('indicators[2].theme: theme "nowhere" does not exist in "themes"');
    expect(r.stderr).toContain('[unknown-theme]');
  });

  it('validate reports every problem in every file, and names files that do not exist, folders and empty files', () => {
    const dir = tempFiles({
      'broken.json': '{\n  "format": "mgi-engine/matrix@1",\n  "id": }\n',
      'empty.json': '',
      'wrong.json': { format: 'something-else' },
    });
    mkdirSync(join(dir, 'folder.json'));
    const r = runCli([
      'validate',
      join(dir, 'broken.json'),
      join(dir, 'empty.json'),
      join(dir, 'wrong.json'),
      join(dir, 'missing.json'),
      join(dir, 'folder.json'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.json: .*line 3, column 9.*\[invalid-json\]/);
    expect(r.stderr).toMatch(/empty\.json.*\[empty-input\]/);
    expect(r.stderr).toMatch(/wrong\.json: format: unknown format "something-else".*\[unknown-format\]/);
    expect(r.stderr).toMatch(/missing\.json.*\[file-not-found\]/);
    expect(r.stderr).toMatch(/folder\.json has no \.json, \.ndjson or \.csv files \[empty-input\]/);
  });

  it('validate --format json prints a machine-readable result', () => {
    const dir = tempFiles({
      'm.json': workedMatrix,
      'a.json': { ...workedAssessment(2021, 20, 45, 'partial'), observations: { R9: { value: 1 } } },
    });
    const r = runCli(['validate', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.valid).toBe(false);
    expect(out.files.find((f: { file: string }) => f.file.endsWith('a.json')).issues[0]).toMatchObject({
      code: 'unknown-indicator',
      path: ['observations', 'R9'],
    });
  });

  it('validate accepts every built-in matrix and example', () => {
    const r = runCli(['validate', 'indicators', 'examples/moldova', 'examples/sdg']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('matrix moldova-dmd@1.0.0: 65 indicators in 6 themes');
    expect(r.stdout).toContain('matrix sdg-10-7-2@1.0.0: 30 indicators in 6 themes');
  });

  it('schema prints the JSON Schemas', () => {
    for (const kind of ['matrix', 'assessment', 'scorecard', 'report']) {
      const r = runCli(['schema', kind]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(`schemas/${kind}.schema.json`, 'utf8')));
    }
    expect(runCli(['schema', 'nothing']).code).toBe(2);
  });

  it('matrices lists the built-in matrices with counts and provenance', () => {
    const r = runCli(['matrices', '--format', 'json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as {
      id: string;
      indicators: number;
      themes: number;
      provenance: string;
    }[];
    expect(list.map((m) => [m.id, m.indicators, m.themes, m.provenance])).toEqual([
      ['mgi-starter', 27, 6, 'adapted'],
      ['moldova-dmd', 65, 6, 'illustrative'],
      ['sdg-10-7-2', 30, 6, 'paraphrased'],
    ]);
  });

  it('score reproduces the worked example (JSON on stdout)', () => {
    const dir = tempFiles({
      'm.json': workedMatrix,
      'a2020.json': workedAssessment(2020, 18, 42, 'partial'),
      'a2021.json': workedAssessment(2021, 20, 45, 'partial'),
    });
    const r = runCli([
      'score',
      join(dir, 'a2020.json'),
      join(dir, 'a2021.json'),
      '--matrix',
      join(dir, 'm.json'),
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const card = report.scorecards[1];
    expect(card.overall.score).toBe(37.5);
    expect(card.themes.map((t: { score: number }) => t.score)).toEqual([25, 50]);
    expect(card.dimensions.map((d: { score: number | null }) => d.score)).toEqual([
      25,
      50,
      null,
      null,
      null,
      null,
    ]);
    expect(card.indicators.map((i: { status: string }) => i.status)).toEqual([
      'on-track',
      'regressing',
      'on-track',
    ]);
    expect(card.indicators[0].change.absolute).toBe(2);
    expect(card.indicators[1].change).toMatchObject({ absolute: 3, assessment: 'deterioration' });
  });

  it('score keeps scoring when one file of a batch is broken, names it, and exits 1', () => {
    const dir = tempFiles({
      'a2020.json': workedAssessment(2020, 18, 42, 'partial'),
      'a2021.json': '{ "format": "mgi-engine/assessment@1", ',
      'm.json': workedMatrix,
    });
    const r = runCli([
      'score',
      join(dir, 'a2020.json'),
      join(dir, 'a2021.json'),
      '--matrix',
      join(dir, 'm.json'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('a2021.json');
    expect(r.stderr).toContain('[invalid-json]');
    expect(JSON.parse(r.stdout).scorecards).toHaveLength(1);
  });

  it('score reads an assessment from stdin and infers a built-in matrix', () => {
    const text = readFileSync('examples/sdg/xaa-2021.json', 'utf8');
    const r = runCli(['score', '-', '--no-trace'], { input: text });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.scorecards[0].overall).toMatchObject({ score: 40, band: 'partially-meets' });
    expect(report.scorecards[0].indicators[0].trace).toBeUndefined();
  });

  it('score of the Moldova series exits 0 with a series carrying changes and projections', () => {
    const r = runCli(['score', 'examples/moldova', '--matrix', 'moldova-dmd', '--quiet']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.scorecards.map((c: { year: number }) => c.year)).toEqual([
      2018, 2019, 2020, 2021, 2022, 2023, 2024,
    ]);
    expect(report.series).toHaveLength(1);
    const rt03 = report.series[0].indicators.find((i: { id: string }) => i.id === 'RT_03');
    expect(rt03.projection).toEqual({ reachesTargetIn: 2021, note: 'achieved' });
  });

  it('score --year scores one year, with change from the earlier years', () => {
    const r = runCli([
      'score',
      'examples/moldova',
      '--matrix',
      'moldova-dmd',
      '--year',
      '2024',
      '--quiet',
      '--no-trace',
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.scorecards.map((c: { year: number }) => c.year)).toEqual([2024]);
    expect(
      report.scorecards[0].indicators.find((i: { id: string }) => i.id === 'RT_01').change.fromYear,
    ).toBe(2023);
  });

  it('score --out writes the file atomically and prints nothing to stdout', () => {
    const dir = tempFiles({});
    const out = join(dir, 'report.json');
    const r = runCli(['score', 'examples/sdg/xab-2021.json', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).scorecards[0].overall.score).toBe(80);
  });

  it('score --out into a missing folder fails clearly and leaves no file', () => {
    const dir = tempFiles({});
    const out = join(dir, 'nope', 'report.json');
    const r = runCli(['score', 'examples/sdg/xab-2021.json', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('[write-failed]');
    expect(existsSync(out)).toBe(false);
  });
});
