import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerFormulaEngine } from '../src/formula/_registry';
import { formulaEngine } from '../src/formula/register';
import { MgiError, parseMatrix, safeParseMatrix, score } from '../src/index';
import { mgiStarter, moldovaDmd, sdg1072 } from '../src/matrices';
import { safeLoadMatrix } from '../src/node';

// The formula engine (mathjs) is opt-in: `import 'mgi-engine/formula'` registers it. The vitest
// setup file registers it for every test file; here it is taken away again.
describe('without the formula engine registered', () => {
  beforeEach(() => registerFormulaEngine(undefined));
  afterEach(() => registerFormulaEngine(formulaEngine));

  it('a matrix with formula indicators is one formula-unsupported issue naming the fix', () => {
    const r = safeParseMatrix(moldovaDmd);
    expect(r.success).toBe(false);
    const issues = r.success ? [] : r.issues;
    const formulas = moldovaDmd.indicators.filter((i) => i.kind === 'formula');
    const first = moldovaDmd.indicators.findIndex((i) => i.kind === 'formula');
    expect(issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['formula-unsupported', `indicators.${first}.expression`],
    ]);
    expect(issues[0]!.message).toBe(
      `${formulas[0]!.id} and ${formulas.length - 1} more formula indicator(s) need the formula engine, which is not loaded`,
    );
    expect(issues[0]!.hint).toContain("import 'mgi-engine/formula'");
  });

  it('parseMatrix and score throw MgiError with that code', () => {
    expect(() => parseMatrix(moldovaDmd)).toThrow(MgiError);
    try {
      score(structuredClone(moldovaDmd), []);
      expect.unreachable();
    } catch (e) {
      expect((e as MgiError).code).toBe('formula-unsupported');
    }
  });

  it('matrices without formulas parse and score as before', () => {
    expect(parseMatrix(sdg1072).indicators).toHaveLength(30);
    expect(parseMatrix(mgiStarter).indicators).toHaveLength(27);
    expect(score(sdg1072, []).scorecards).toEqual([]);
  });

  it('mgi-engine/node loads a formula matrix by itself', async () => {
    const r = await safeLoadMatrix('moldova-dmd');
    expect(r.success).toBe(true);
    if (r.success) expect(score(r.data, []).matrix).toMatchObject({ id: 'moldova-dmd', version: '1.0.0' });
  });
});

describe('with the formula engine registered', () => {
  it('the Moldova matrix parses with its formula indicators', () => {
    const m = parseMatrix(moldovaDmd);
    expect(m.indicators.filter((i) => i.kind === 'formula').length).toBeGreaterThan(0);
  });
});

describe('mgi-engine/matrices', () => {
  it.each([
    ['mgi-starter', mgiStarter],
    ['moldova-dmd', moldovaDmd],
    ['sdg-10-7-2', sdg1072],
  ])('%s is the built-in matrix file and a valid matrix', async (id, m) => {
    const { readFileSync } = await import('node:fs');
    expect(m).toEqual(JSON.parse(readFileSync(`indicators/${id}.json`, 'utf8')));
    expect(safeParseMatrix(m).success).toBe(true);
    expect(m.id).toBe(id);
  });
});
