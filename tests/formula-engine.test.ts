import fc from 'fast-check';
import { all, create } from 'mathjs';
import { describe, expect, it } from 'vitest';
import type { IssuePath } from '../src/errors';
import { FORMULA_LIMITS, formulaEngine } from '../src/formula/engine';
import type { CompiledFormula } from '../src/formula/types';

const PATH: IssuePath = ['indicators', 4, 'expression'];

function compiled(expression: string): CompiledFormula {
  const res = formulaEngine.compile(expression, PATH);
  if (!res.success)
    throw new Error(`expected ${expression} to compile: ${res.issues.map((i) => i.message).join('; ')}`);
  return res.data;
}

function codes(expression: string): string[] {
  const res = formulaEngine.compile(expression, PATH);
  return res.success ? [] : res.issues.map((i) => i.code);
}

describe('formula engine: valid expressions', () => {
  it.each<[string, Record<string, number>, number]>([
    ['formal / total * 100', { formal: 300, total: 500 }, 60],
    ['(formal + informal) / total', { formal: 1, informal: 2, total: 4 }, 0.75],
    ['-a + +b', { a: 2, b: 5 }, 3],
    ['2 ^ 3 ^ 2', {}, 512],
    ['-2 ^ 2', {}, -4],
    ['a mod 3', { a: 7 }, 1],
    ['-7 mod 3', {}, 2],
    ['7 mod -3', {}, -2],
    ['5 mod 0', {}, 5],
    ['a > b ? a : b', { a: 2, b: 9 }, 9],
    ['a >= 10 ? 100 : a >= 5 ? 50 : 0', { a: 7 }, 50],
    ['a == b', { a: 1, b: 1 }, 1],
    ['a != b', { a: 1, b: 1 }, 0],
    ['0.1 + 0.2 == 0.3', {}, 1],
    ['a < b < c', { a: 1, b: 2, c: 3 }, 1],
    ['a < b < c', { a: 1, b: 5, c: 3 }, 0],
    ['a <= b and b <= c', { a: 1, b: 1, c: 0 }, 0],
    ['a or b', { a: 0, b: 3 }, 1],
    ['not a', { a: 0 }, 1],
    ['x != 0 and y / x > 1', { x: 0, y: 5 }, 0],
    ['x == 0 or y / x > 1', { x: 0, y: 0 }, 1],
    ['min(a, b, 3)', { a: 4, b: 5 }, 3],
    ['max(a, b)', { a: 4, b: 5 }, 5],
    ['round(a, 2)', { a: 12.34567 }, 12.35],
    ['round(1.005, 2)', {}, 1.01],
    ['round(2.5)', {}, 3],
    ['round(-2.5)', {}, -3],
    ['round(0.006, 2)', {}, 0.01],
    ['round(123456.789, 0)', {}, 123457],
    ['floor(a)', { a: -1.5 }, -2],
    ['ceil((0.1 + 0.2) * 10)', {}, 3],
    ['abs(a - b)', { a: 2, b: 7 }, 5],
    ['sqrt(16)', {}, 4],
    ['log(100, 10)', {}, 2],
    ['log(exp(2))', {}, 2],
    ['sum(a, b, c)', { a: 1, b: 2, c: 3.5 }, 6.5],
    ['mean(a, b, c)', { a: 1, b: 2, c: 6 }, 3],
    ['mean(a)', { a: 7 }, 7],
    ['1e3 + .5 + 2.', {}, 1002.5],
    ['(a\n + b)', { a: 1, b: 2 }, 3],
    ['a\t*\tb', { a: 3, b: 2 }, 6],
  ])('%s with %o is %d', (expression, scope, expected) => {
    expect(compiled(expression).evaluate(scope)).toBeCloseTo(expected, 12);
  });

  it('lists the variables read, sorted and without duplicates, and not the function names', () => {
    expect(compiled('max(total, b) + a * total / round(c)').symbols).toEqual(['a', 'b', 'c', 'total']);
    expect(compiled('1 + 2').symbols).toEqual([]);
  });

  it('returns non-finite numbers for the caller to map to no-data', () => {
    expect(compiled('a / b').evaluate({ a: 1, b: 0 })).toBe(Number.POSITIVE_INFINITY);
    expect(compiled('a / b').evaluate({ a: 0, b: 0 })).toBeNaN();
    expect(compiled('sqrt(a)').evaluate({ a: -1 })).toBeNaN();
    expect(compiled('log(a)').evaluate({ a: -1 })).toBeNaN();
    expect(compiled('a ^ 0.5').evaluate({ a: -8 })).toBeNaN();
    expect(compiled('round(a, b)').evaluate({ a: 1, b: 16 })).toBeNaN();
    expect(compiled('round(a, b)').evaluate({ a: 1, b: 0.5 })).toBeNaN();
  });

  it('reads a missing, non-numeric or inherited variable as NaN', () => {
    const f = compiled('a + 1');
    expect(f.evaluate({})).toBeNaN();
    expect(f.evaluate({ a: '1' } as unknown as Record<string, number>)).toBeNaN();
    expect(f.evaluate(Object.create({ a: 1 }) as Record<string, number>)).toBeNaN();
    expect(f.evaluate(null as unknown as Record<string, number>)).toBeNaN();
  });

  it('never lets NaN pick a branch or answer a comparison', () => {
    expect(compiled('a > 0 ? 1 : 2').evaluate({ a: Number.NaN })).toBeNaN();
    expect(compiled('a == a').evaluate({ a: Number.NaN })).toBeNaN();
    expect(compiled('not a').evaluate({ a: Number.NaN })).toBeNaN();
    expect(compiled('a and 1').evaluate({ a: Number.NaN })).toBeNaN();
    expect(compiled('min(a, 1)').evaluate({ a: Number.NaN })).toBeNaN();
    // the branch not taken may be NaN
    expect(compiled('a > 0 ? b : 0').evaluate({ a: -1, b: Number.NaN })).toBe(0);
  });

  it('compiles once and evaluates many times with different scopes', () => {
    const f = compiled('formal / total * 100');
    for (let k = 1; k <= 1000; k++) expect(f.evaluate({ formal: k, total: 1000 })).toBeCloseTo(k / 10, 10);
  });

  it('returns frozen results', () => {
    const f = compiled('a + b');
    expect(Object.isFrozen(f)).toBe(true);
    expect(Object.isFrozen(f.symbols)).toBe(true);
  });
});

describe('formula engine: rejections', () => {
  it('reports issues at the given path, with the position of the offending token', () => {
    const res = formulaEngine.compile('a + zeros(3)', PATH);
    expect(res.success).toBe(false);
    if (res.success) return;
    expect(res.issues).toHaveLength(1);
    expect(res.issues[0]).toMatchObject({ code: 'formula-forbidden', path: PATH, received: 'zeros' });
    expect(res.issues[0]!.message).toContain('(at char 5)');
  });

  it('keeps the position of mathjs syntax errors', () => {
    const res = formulaEngine.compile('a + * b', PATH);
    expect(res.success).toBe(false);
    if (res.success) return;
    expect(res.issues[0]).toMatchObject({ code: 'formula-syntax' });
    expect(res.issues[0]!.message).toMatch(/at char 5/);
  });

  it('reports every forbidden function, once each', () => {
    const res = formulaEngine.compile('sin(a) + cos(b) + sin(c)', PATH);
    expect(res.success).toBe(false);
    if (res.success) return;
    expect(res.issues.map((i) => i.received)).toEqual(['sin', 'cos']);
  });

  it.each<[string, string]>([
    ['', 'formula-syntax'],
    ['   ', 'formula-syntax'],
    ['a +', 'formula-syntax'],
    ['(a + b', 'formula-syntax'],
    ['a ? b', 'formula-syntax'],
    ['round(a, 2, 3)', 'formula-syntax'],
    ['log()', 'formula-syntax'],
    ['mean()', 'formula-syntax'],
    ['sqrt(a, b)', 'formula-syntax'],
    ['sqrt', 'formula-forbidden'],
    ['min + 1', 'formula-forbidden'],
    ['pi * 2', 'formula-forbidden'],
    ['e', 'formula-forbidden'],
    ['2e', 'formula-forbidden'],
    ['i', 'formula-forbidden'],
    ['true', 'formula-forbidden'],
    ['null', 'formula-forbidden'],
    ['undefined', 'formula-forbidden'],
    ['NaN', 'formula-forbidden'],
    ['Infinity', 'formula-forbidden'],
    ['-Infinity', 'formula-forbidden'],
    ['2x', 'formula-forbidden'],
    ['2 (a + 1)', 'formula-forbidden'],
    ['a!', 'formula-forbidden'],
    ['a xor b', 'formula-forbidden'],
    ['a << 2', 'formula-forbidden'],
    ['a ?? b', 'formula-forbidden'],
    ['a to b', 'formula-forbidden'],
    ['50%', 'formula-forbidden'],
    ['a % b', 'formula-forbidden'],
    ['0x1F', 'formula-forbidden'],
    ['0b101', 'formula-forbidden'],
    ['a .* b', 'formula-forbidden'],
    ['toString', 'formula-forbidden'],
    ['valueOf + 1', 'formula-forbidden'],
    ['hasOwnProperty', 'formula-forbidden'],
    ['cos(a)', 'formula-forbidden'],
    ['(a)(b)', 'formula-forbidden'],
  ])('%j is rejected with %s', (expression, code) => {
    expect(codes(expression)).toContain(code);
  });
});

describe('formula engine: limits', () => {
  it('exports the limits', () => {
    expect(FORMULA_LIMITS).toEqual({ maxLength: 2000, maxDepth: 40, maxNodes: 500 });
    expect(Object.isFrozen(FORMULA_LIMITS)).toBe(true);
  });

  it('accepts an expression of exactly maxLength characters and rejects one more', () => {
    const exact = `a${' '.repeat(FORMULA_LIMITS.maxLength - 2)}1`.replace(/ 1$/, '+1');
    expect(exact).toHaveLength(FORMULA_LIMITS.maxLength);
    expect(compiled(exact).evaluate({ a: 1 })).toBe(2);
    expect(codes(`${exact} `)).toEqual(['formula-too-long']);
  });

  it('accepts a tree exactly maxDepth deep and rejects one level more', () => {
    // n nested unary minus signs over a variable: a tree n + 1 nodes deep
    const deep = (n: number) => `${'-'.repeat(n)}a`;
    expect(compiled(deep(FORMULA_LIMITS.maxDepth - 1)).evaluate({ a: 1 })).toBe(-1);
    expect(codes(deep(FORMULA_LIMITS.maxDepth))).toEqual(['formula-too-deep']);
  });

  it('rejects more than maxNodes nodes even when shallow', () => {
    const args = (n: number) => `sum(${Array.from({ length: n }, () => 'a').join(',')})`;
    expect(compiled(args(FORMULA_LIMITS.maxNodes - 1)).evaluate({ a: 1 })).toBe(FORMULA_LIMITS.maxNodes - 1);
    expect(codes(args(FORMULA_LIMITS.maxNodes))).toEqual(['formula-too-deep']);
  });

  it('suggests sum() for long chains of additions', () => {
    const res = formulaEngine.compile(Array.from({ length: 60 }, (_, k) => `a${k}`).join(' + '), PATH);
    expect(res.success).toBe(false);
    if (res.success) return;
    expect(res.issues[0]).toMatchObject({ code: 'formula-too-deep' });
    expect(res.issues[0]!.hint).toContain('sum(');
  });
});

// --- the closures agree with mathjs itself ---

const mathjs = create(all!, { number: 'number', predictable: true }); // `all` types as possibly undefined

const leaf = fc.oneof(
  fc.constantFrom('a', 'b', 'c'),
  fc.integer({ min: -5, max: 12 }).map(String),
  fc.constantFrom('0.5', '2.5', '0.1', '1.005', '1e-3'),
);
const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', maxDepth: 5 },
    leaf,
    fc
      .tuple(
        tie('expr'),
        fc.constantFrom('+', '-', '*', '/', '^', 'mod', '<', '<=', '>', '>=', '==', '!=', 'and', 'or'),
        tie('expr'),
      )
      .map(([x, op, y]) => `(${x} ${op} ${y})`),
    fc.tuple(fc.constantFrom('-', '+', 'not '), tie('expr')).map(([op, x]) => `(${op}${x})`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, x, y]) => `(${c} ? ${x} : ${y})`),
    fc
      .tuple(fc.constantFrom('abs', 'floor', 'ceil', 'sqrt', 'exp', 'round', 'log'), tie('expr'))
      .map(([f, x]) => `${f}(${x})`),
    fc.tuple(tie('expr'), fc.integer({ min: 0, max: 15 })).map(([x, n]) => `round(${x}, ${n})`), // mathjs throws on other decimals
    fc.tuple(tie('expr'), tie('expr')).map(([x, base]) => `log(${x}, ${base})`),
    fc
      .tuple(
        fc.constantFrom('min', 'max', 'sum', 'mean'),
        fc.array(tie('expr'), { minLength: 1, maxLength: 4 }),
      )
      .map(([f, xs]) => `${f}(${xs.join(', ')})`),
  ),
}));
const finite = fc.oneof(
  fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: -20, max: 20 }).map((k) => k / 2), // ties for round, floor, ceil, mod
  fc.constantFrom(0.1, 0.2, 0.3, 1.005, 2.675, 1e21, -1e-7, 0.49999999999999994),
);

describe('formula engine: agreement with mathjs (fast-check)', () => {
  it('whenever the closure result is a number other than NaN, mathjs evaluates the same expression to the same value', () => {
    fc.assert(
      fc.property(expr, fc.record({ a: finite, b: finite, c: finite }), (expression, scope) => {
        const mine = compiled(expression).evaluate(scope);
        if (Number.isNaN(mine)) return; // NaN propagates on purpose where mathjs would pick a branch
        let theirs: unknown;
        try {
          theirs = mathjs.evaluate(expression, { ...scope });
        } catch {
          throw new Error(`mathjs threw on ${expression} but the engine returned ${mine}`);
        }
        const value = typeof theirs === 'boolean' ? Number(theirs) : theirs;
        expect(typeof value).toBe('number');
        const v = value as number;
        const close = v === mine || Math.abs(v - mine) <= 1e-9 * Math.max(Math.abs(v), Math.abs(mine));
        if (!close)
          throw new Error(`${expression} with ${JSON.stringify(scope)}: engine ${mine}, mathjs ${v}`);
      }),
      { numRuns: 1000 },
    );
  });
});
