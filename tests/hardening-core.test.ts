import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { capIssues, issue } from '../src/errors';
import { parseMatrix, safeParseAssessment, safeParseMatrix, score } from '../src/index';
import { DEFAULT_LIMITS } from '../src/limits';
import { assessmentsFromText } from '../src/node';
import {
  boundedDistance,
  closest,
  editDistance,
  SUGGEST_LIMITS,
  suggestionWork,
} from '../src/schema/_issues';
import type { Matrix } from '../src/schema/matrix';

// Issue 19, items 2, 3, 5 and 15: the library core stays linear, bounded and exception-free on
// hostile input. Work is counted (edit-distance cells), never timed.

function bigMatrix(indicators: number): Matrix {
  return {
    format: 'mgi-engine/matrix@1',
    id: 'big',
    version: '1.0.0',
    title: 'Big',
    themes: [{ id: 't', title: 'T' }],
    indicators: Array.from({ length: indicators }, (_, k) => ({
      id: `IND_${String(k).padStart(5, '0')}`,
      theme: 't',
      title: `Indicator ${k}`,
      kind: 'quantitative' as const,
      direction: 'increase' as const,
      baseline: { year: 2020, value: 0 },
      targets: { '2030': 10 },
    })),
  };
}

function assessmentWith(observations: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    format: 'mgi-engine/assessment@1',
    matrix: 'big@1.0.0',
    entity: 'XAA',
    year: 2024,
    observations,
    ...extra,
  };
}

describe('#2 "did you mean" hints are bounded', () => {
  it('property: the banded distance equals the full edit distance when it is within the bound, else bound + 1', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), fc.nat(6), (a, b, k) => {
        expect(boundedDistance(a, b, k)).toBe(Math.min(editDistance(a, b), k + 1));
      }),
      { seed: 19_2, numRuns: 2_000 },
    );
  });

  it('a 16 MiB unknown key costs no distance work and gets no hint', () => {
    const key = 'x'.repeat(16 * 1024 * 1024);
    const before = suggestionWork();
    const r = safeParseAssessment({ ...assessmentWith({}), [key]: 1 });
    expect(suggestionWork() - before).toBe(0);
    expect(r.success).toBe(false);
    const found = r.success ? undefined : r.issues.find((i) => i.code === 'unknown-field');
    expect(found?.hint).toBeUndefined();
    expect(closest('x'.repeat(SUGGEST_LIMITS.maxWordLength + 1), ['x'])).toBeUndefined();
  });

  it('many unknown ids against a 5,000-indicator matrix: hint work stays within one budget, whatever the count', () => {
    const m = parseMatrix(bigMatrix(5_000));
    const work = (n: number) => {
      const obs: Record<string, unknown> = {};
      for (let k = 0; k < n; k++) obs[`IDN_${String(k).padStart(5, '0')}`] = { value: 1 };
      const before = suggestionWork();
      const report = score(m, [assessmentWith(obs) as never], { trace: false });
      return { cells: suggestionWork() - before, errors: report.errors };
    };
    const small = work(2_000);
    const large = work(4_000);
    expect(small.cells).toBeLessThanOrEqual(SUGGEST_LIMITS.cellsPerCall + 5_000 * 64);
    expect(large.cells).toBeLessThanOrEqual(SUGGEST_LIMITS.cellsPerCall + 5_000 * 64);
    // the first unknown ids still get their hint (IDN_00000 is one swap away from IND_00000)
    expect(small.errors[0]?.hint).toBe('did you mean "IND_00000"?');
  });

  it('the hints of an ordinary typo are unchanged', () => {
    expect(closest('wieght', ['weight', 'width'])).toBe('weight');
    expect(closest('WB_1', ['WB_01', 'WB_10'])).toBe('WB_01');
    expect(closest('abc', ['xyz'])).toBeUndefined();
  });
});

describe('#3 no spread of unbounded arrays into calls, and a cap on issues per file', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
    });

  it('src/ has no f(...array) call: each argument takes a stack slot, and ~120k of them overflow', () => {
    const found: string[] = [];
    for (const file of files('src')) {
      const text = readFileSync(file, 'utf8');
      const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
      const visit = (node: ts.Node): void => {
        if (
          ts.isSpreadElement(node) &&
          (ts.isCallExpression(node.parent) || ts.isNewExpression(node.parent))
        ) {
          const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
          found.push(`${file}:${line + 1}: ${node.parent.getText().slice(0, 60)}`);
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    // `at(...p)` in compile.ts spreads a path of at most a few segments written in the source.
    expect(found.filter((f) => !/compile\.ts:\d+: at\(\.\.\./.test(f))).toEqual([]);
  });

  it('capIssues keeps the first maxIssues and counts the rest in one too-many-issues issue', () => {
    const many = Array.from({ length: 1_005 }, (_, k) =>
      issue('unknown-field', [`f${k}`], `unknown field "f${k}"`),
    );
    const capped = capIssues(many, 1_000);
    expect(capped).toHaveLength(1_001);
    expect(capped[999]!.path).toEqual(['f999']);
    expect(capped[1_000]).toMatchObject({
      code: 'too-many-issues',
      message: '5 more issue(s) not listed; the first 1000 are above',
    });
    expect(capIssues(many.slice(0, 3), 1_000)).toHaveLength(3);
  });

  it('an assessment file with 130,000 unknown fields gives 1,000 issues and a count, not a RangeError', async () => {
    const extra: Record<string, number> = {};
    for (let k = 0; k < 130_000; k++) extra[`field${k}`] = 1;
    const text = JSON.stringify(assessmentWith({}, extra));
    const r = await assessmentsFromText(text, 'many.json');
    expect(r.assessments).toEqual([]);
    expect(r.issues).toHaveLength(DEFAULT_LIMITS.maxIssues + 1);
    expect(r.issues.at(-1)).toMatchObject({ code: 'too-many-issues', source: 'many.json' });
    expect(r.issues.at(-1)!.message).toBe('129000 more issue(s) not listed; the first 1000 are above');
  });

  it('limits.maxIssues can be raised per call', () => {
    const extra: Record<string, number> = {};
    for (let k = 0; k < 30; k++) extra[`field${k}`] = 1;
    const r = safeParseAssessment(assessmentWith({}, extra), { limits: { maxIssues: 10 } });
    expect(r.success ? 0 : r.issues.length).toBe(11);
  });
});

/** A chain F0001 = F0000 + 1, F0002 = F0001 + 1, … over one reported input `x`. */
function formulaChain(length: number, cycle = false): Matrix {
  const id = (k: number) => `F${String(k).padStart(5, '0')}`;
  return {
    format: 'mgi-engine/matrix@1',
    id: 'chain',
    version: '1.0.0',
    title: 'Chain',
    themes: [{ id: 't', title: 'T' }],
    indicators: Array.from({ length }, (_, k) => ({
      id: id(k),
      theme: 't',
      title: id(k),
      kind: 'formula' as const,
      // listed from the end of the chain, so that the ordering has to walk it all
      expression: k === 0 ? (cycle ? `x + ${id(length - 1)}` : 'x') : `${id(k - 1)} + 1`,
      inputs: k === 0 ? ['x'] : [],
      direction: 'increase' as const,
    })).reverse(),
  };
}

describe('#5 deep formula chains', () => {
  it('a chain of 4,600 formulas is ordered without overflowing the stack, and scores', () => {
    const r = safeParseMatrix(formulaChain(4_600));
    expect(r.success ? 'ok' : r.issues.slice(0, 3)).toBe('ok');
    if (!r.success) return;
    const report = score(
      r.data,
      [
        {
          format: 'mgi-engine/assessment@1',
          matrix: 'chain@1.0.0',
          entity: 'XAA',
          year: 2024,
          observations: { x: { value: 1 } },
        },
      ],
      { trace: false },
    );
    const last = report.scorecards[0]!.indicators.find((i) => i.id === 'F04599');
    expect(last?.value).toBe(4_600);
  });

  it('a cycle through 4,600 formulas is one formula-cycle issue with a shortened path; the safe call does not throw', () => {
    const r = safeParseMatrix(formulaChain(4_600, true));
    expect(r.success).toBe(false);
    const cycles = r.success ? [] : r.issues.filter((i) => i.code === 'formula-cycle');
    expect(cycles).toHaveLength(1);
    expect(cycles[0]!.message).toMatch(/^formula cycle: F\d{5}( → F\d{5}){10} → … \(4589 more\) → F\d{5}$/);
  });

  it('a short cycle is still spelled out in full', () => {
    const r = safeParseMatrix(formulaChain(3, true));
    const cycle = r.success ? undefined : r.issues.find((i) => i.code === 'formula-cycle');
    expect(cycle?.message).toBe('formula cycle: F00002 → F00001 → F00000 → F00002');
  });
});

describe('#15 the safe calls never throw on hostile objects', () => {
  const valid = () => ({
    format: 'mgi-engine/assessment@1',
    matrix: 'worked@1.0.0',
    entity: 'XWE',
    year: 2021,
    observations: { R1: { value: 20 } },
  });

  const revoked = () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  };
  const throwingGetter = () => {
    const a = valid();
    Object.defineProperty(a, 'entity', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    return a;
  };
  const elementGetter = () => {
    const list: unknown[] = [{ id: 't', title: 'T' }];
    Object.defineProperty(list, 0, {
      enumerable: true,
      get() {
        throw new TypeError('element');
      },
    });
    return {
      format: 'mgi-engine/matrix@1',
      id: 'm',
      version: '1.0.0',
      title: 'M',
      themes: list,
      indicators: [],
    };
  };

  it.each([
    ['a revoked Proxy as the whole input', revoked, []],
    [
      'a revoked Proxy as the observations',
      () => ({ ...valid(), observations: revoked() }),
      ['observations'],
    ],
    ['a throwing getter', throwingGetter, ['entity']],
  ])('safeParseAssessment: %s is an unreadable-value issue at its path', (_what, make, path) => {
    const r = safeParseAssessment(make());
    expect(r.success).toBe(false);
    expect(r.success ? [] : r.issues.map((i) => [i.code, i.path])).toContainEqual(['unreadable-value', path]);
  });

  it.each([
    ['a revoked Proxy', revoked, []],
    ['an array element getter', elementGetter, ['themes', 0]],
  ])('safeParseMatrix: %s is an unreadable-value issue at its path', (_what, make, path) => {
    const r = safeParseMatrix(make());
    expect(r.success).toBe(false);
    expect(r.success ? [] : r.issues.map((i) => [i.code, i.path])).toContainEqual(['unreadable-value', path]);
  });

  it('an error whose message getter throws still gives an issue', () => {
    const a = valid();
    const evil = new Error('x');
    Object.defineProperty(evil, 'message', {
      get() {
        throw evil;
      },
    });
    Object.defineProperty(a, 'year', {
      enumerable: true,
      get() {
        throw evil;
      },
    });
    const r = safeParseAssessment(a);
    expect(r.success ? [] : r.issues.map((i) => i.code)).toContain('unreadable-value');
  });

  it('getters are read once: the schema check sees the copy, not the live object', () => {
    let reads = 0;
    const a = valid();
    Object.defineProperty(a, 'entity', {
      enumerable: true,
      get() {
        reads++;
        return reads === 1 ? 'XWE' : 42;
      },
    });
    const r = safeParseAssessment(a);
    expect(r.success).toBe(true);
    expect(reads).toBe(1);
  });
});
