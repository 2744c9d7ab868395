import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeParseMatrix, score } from '../src/index';
import type { Matrix } from '../src/schema/matrix';
import { scoreWith } from '../src/scoring/score';
import { runCli, tempFiles } from './fixtures/cli';

function formulaMatrix(expression: string, extra: Partial<Matrix['indicators'][number]> = {}): Matrix {
  return {
    format: 'mgi-engine/matrix@1',
    id: 'formal',
    version: '1.0.0',
    title: 'Formula test',
    themes: [{ id: 'wb', title: 'Well-being', dimension: 'well-being' }],
    indicators: [
      {
        id: 'F1',
        theme: 'wb',
        title: 'Share of formal remittances',
        kind: 'formula',
        expression,
        inputs: ['formal', 'total'],
        unit: '%',
        direction: 'increase',
        baseline: { year: 2016, value: 40 },
        targets: { '2026': 80 },
        disaggregation: { sex: ['female', 'male'] },
        ...extra,
      } as Matrix['indicators'][number],
    ],
  };
}

const assessment = (observations: Record<string, unknown>, year = 2021) =>
  ({ format: 'mgi-engine/assessment@1', matrix: 'formal@1.0.0', entity: 'XFO', year, observations }) as never;

describe('formula indicators in scoring', () => {
  it('formal / total * 100 with 300 and 500, baseline 40 (2016), target 80 (2026), observed 2021: score 50, on-track', () => {
    const report = score(formulaMatrix('formal / total * 100'), [
      assessment({ formal: { value: 300 }, total: { value: 500 } }),
    ]);
    const r = report.scorecards[0]!.indicators[0]!;
    expect(r).toMatchObject({ value: 60, progress: 0.5, expected: 0.5, status: 'on-track', score: 50 });
    expect(r.trace![0]).toEqual({
      step: 'formula',
      formula: 'formal / total * 100',
      inputs: { formal: 300, total: 500 },
      result: 60,
    });
  });

  it('division by zero is no-data with the reason, never Infinity', () => {
    const report = score(formulaMatrix('formal / total * 100'), [
      assessment({ formal: { value: 3 }, total: { value: 0 } }),
    ]);
    const r = report.scorecards[0]!.indicators[0]!;
    expect(r.status).toBe('no-data');
    expect(r.score).toBeNull();
    expect(r.reason).toMatch(/not a finite number/);
    expect(r.value).toBeNull();
    expect(report.scorecards[0]!.overall.score).toBeNull();
  });

  it('a missing input is no-data naming the input and the reason given', () => {
    const report = score(formulaMatrix('formal / total * 100'), [
      assessment({ formal: { value: 3 }, total: { missing: 'survey not run' } }),
    ]);
    expect(report.scorecards[0]!.indicators[0]!.reason).toBe(
      'missing input: total (reported missing: survey not run)',
    );
  });

  it('is evaluated per category when every input has the same breakdown', () => {
    const report = score(formulaMatrix('formal / total * 100'), [
      assessment({
        formal: { value: 300, breakdown: { sex: { female: 100, male: 200 } } },
        total: { value: 500, breakdown: { sex: { female: 250, male: 250 } } },
      }),
    ]);
    expect(report.scorecards[0]!.indicators[0]!.breakdown).toEqual({ sex: { female: 40, male: 80 } });
  });

  it('reading another indicator works, in dependency order', () => {
    const m = formulaMatrix('formal / total * 100');
    m.indicators.unshift({
      id: 'F0',
      theme: 'wb',
      title: 'Double share',
      kind: 'formula',
      expression: 'F1 * 2',
      inputs: [],
      direction: 'increase',
    });
    const card = score(m, [assessment({ formal: { value: 300 }, total: { value: 500 } })]).scorecards[0]!;
    expect(card.indicators.map((i) => [i.id, i.value])).toEqual([
      ['F0', 120],
      ['F1', 60],
    ]);
  });

  it('rejects a cycle with its full path', () => {
    const m = formulaMatrix('formal / total * 100');
    m.indicators.push(
      { id: 'F3', theme: 'wb', title: 'F3', kind: 'formula', expression: 'F7 + 1', direction: 'increase' },
      { id: 'F7', theme: 'wb', title: 'F7', kind: 'formula', expression: 'F3 + 1', direction: 'increase' },
    );
    const r = safeParseMatrix(m);
    expect(!r.success && r.issues.map((i) => [i.code, i.message])).toEqual([
      ['formula-cycle', 'formula cycle: F3 → F7 → F3'],
    ]);
  });

  it('rejects a symbol that is neither an input nor an indicator, with a hint', () => {
    const r = safeParseMatrix(formulaMatrix('formal / totl * 100'));
    expect(!r.success && r.issues[0]).toMatchObject({
      code: 'formula-undeclared-input',
      path: ['indicators', 0, 'expression'],
      hint: 'did you mean "total"? Otherwise add "totl" to "inputs"',
    });
  });

  it('scoring a matrix with a hostile expression is refused before any evaluation', () => {
    expect(() =>
      score(formulaMatrix('import({}, {override: true})'), [
        assessment({ formal: { value: 1 }, total: { value: 1 } }),
      ]),
    ).toThrow(/formula-forbidden/);
  });

  it('the core without a formula engine refuses formula matrices with a clear issue', () => {
    expect(() => scoreWith(formulaMatrix('formal / total'), [])).toThrow(/formula-unsupported/);
  });
});

describe('mgi validate rejects every hostile expression with exit 1 and its code', () => {
  const corpus: [string, string][] = [
    ['import({}, {override: true})', 'formula-forbidden'],
    ['createUnit("x")', 'formula-forbidden'],
    ['evaluate("1+1")', 'formula-forbidden'],
    ['parse("1")', 'formula-forbidden'],
    ['compile("1")', 'formula-forbidden'],
    ['a = 5', 'formula-forbidden'],
    ['f(x) = x^2', 'formula-forbidden'],
    ['cos.constructor', 'formula-forbidden'],
    ['__proto__', 'formula-forbidden'],
    ['zeros(1e9)', 'formula-forbidden'],
    ['1:1e9', 'formula-forbidden'],
    ['"text"', 'formula-forbidden'],
    ['5 cm', 'formula-forbidden'],
    [`${'2^'.repeat(60)}2`, 'formula-too-deep'],
    [`formal + ${'1 + '.repeat(600)}1`, 'formula-too-long'],
    ['formal / (total', 'formula-syntax'],
  ];
  const files: Record<string, object> = {};
  corpus.forEach(([expr], i) => {
    files[`m${i}.json`] = formulaMatrix(expr);
  });
  const dir = tempFiles(files);

  it('each corpus expression fails validation with its code at indicators[0].expression (one run, exit 1)', () => {
    const r = runCli(['validate', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      files: { file: string; issues: { code: string; path: unknown[] }[] }[];
    };
    corpus.forEach(([expr, code], i) => {
      const f = out.files.find((x) => x.file.endsWith(`/m${i}.json`))!;
      expect([expr, f.issues.map((x) => x.code)]).toEqual([expr, [code]]);
      expect(f.issues[0]!.path).toEqual(['indicators', 0, 'expression']);
    });
  });

  it('mgi score refuses such a matrix (exit 1) and scores nothing', () => {
    const d = tempFiles({ 'a.json': assessment({ formal: { value: 1 }, total: { value: 2 } }) });
    const r = runCli(['score', join(d, 'a.json'), '--matrix', join(dir, 'm0.json')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('[formula-forbidden]');
  });
});
