import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IssueCode, type IssuePath, issueCodes } from '../src/errors';
import { FORMULA_LIMITS, formulaEngine } from '../src/formula/engine';

const PATH: IssuePath = ['indicators', 0, 'expression'];
const FORMULA_CODES: ReadonlySet<string> = new Set(issueCodes.filter((c) => c.startsWith('formula-')));

type Sentinel = { __mgiSentinel?: unknown };
const globals = globalThis as typeof globalThis & Sentinel;

function snapshot(): Record<string, string[]> {
  return {
    object: Object.getOwnPropertyNames(Object.prototype).sort(),
    function: Object.getOwnPropertyNames(Function.prototype).sort(),
    array: Object.getOwnPropertyNames(Array.prototype).sort(),
    globals: Object.getOwnPropertyNames(globalThis).sort(),
  };
}

/** Hostile expressions and the exact code each must be rejected with. */
const hostile: [string, IssueCode][] = [
  ['import({}, {override: true})', 'formula-forbidden'],
  ['import', 'formula-forbidden'],
  ['createUnit("x")', 'formula-forbidden'],
  ['createUnit', 'formula-forbidden'],
  ['evaluate("1+1")', 'formula-forbidden'],
  ['evaluate', 'formula-forbidden'],
  ['parse("1")', 'formula-forbidden'],
  ['compile("1")', 'formula-forbidden'],
  ['simplify("x")', 'formula-forbidden'],
  ['derivative("x^2","x")', 'formula-forbidden'],
  ['resolve(x)', 'formula-forbidden'],
  ['config({number: "BigNumber"})', 'formula-forbidden'],
  ['chain(1)', 'formula-forbidden'],
  ['typed(x)', 'formula-forbidden'],
  ['a = 5', 'formula-forbidden'],
  ['a\n= 5', 'formula-forbidden'],
  ['__mgiSentinel = 1', 'formula-forbidden'],
  ['f(x) = x^2', 'formula-forbidden'],
  ['f(x) = f(x)', 'formula-forbidden'],
  ['cos.constructor', 'formula-forbidden'],
  ['cos["constructor"]', 'formula-forbidden'],
  ["cos['constructor']", 'formula-forbidden'],
  ['sqrt.constructor("return globalThis")()', 'formula-forbidden'],
  ['max.apply', 'formula-forbidden'],
  ['(sqrt)(4)', 'formula-forbidden'],
  ['[1,2,3]', 'formula-forbidden'],
  ['zeros(1e9)', 'formula-forbidden'],
  ['ones(1e9, 1e9)', 'formula-forbidden'],
  ['range(1, 1e9)', 'formula-forbidden'],
  ['1:1e9', 'formula-forbidden'],
  ['a ? 1 : 2:3', 'formula-forbidden'],
  [`${'2^'.repeat(50)}2`, 'formula-too-deep'],
  [`${'2^'.repeat(999)}2`, 'formula-too-deep'],
  [`${'('.repeat(999)}1${')'.repeat(999)}`, 'formula-too-deep'],
  [`${'-'.repeat(1999)}1`, 'formula-too-deep'],
  [`${'not '.repeat(499)}1`, 'formula-too-deep'],
  [`${'a ? b : '.repeat(200)}c`, 'formula-too-deep'],
  [`sum(${Array.from({ length: 600 }, () => 'a').join(',')})`, 'formula-too-deep'],
  ['"text"', 'formula-forbidden'],
  ["'text'", 'formula-forbidden'],
  ['"unterminated', 'formula-forbidden'],
  ['5 cm', 'formula-forbidden'],
  ['5 inch to cm', 'formula-forbidden'],
  ['__proto__', 'formula-forbidden'],
  ['constructor', 'formula-forbidden'],
  ['prototype', 'formula-forbidden'],
  ['toString()', 'formula-forbidden'],
  ['valueOf', 'formula-forbidden'],
  ['__defineGetter__', 'formula-forbidden'],
  ['\u0441onstructor', 'formula-forbidden'], // Cyrillic "с": a look-alike name
  ['x.y', 'formula-forbidden'],
  ['x?.y', 'formula-forbidden'],
  ['{a: 1}', 'formula-forbidden'],
  ['a; b', 'formula-forbidden'],
  ['a # comment', 'formula-forbidden'],
  ['a\u0000', 'formula-forbidden'],
  ['a\u2028b', 'formula-forbidden'],
  ['0x7FFFFFFF', 'formula-forbidden'],
  ['a & b', 'formula-forbidden'],
  ['1e999', 'formula-forbidden'],
  ['-1e999', 'formula-forbidden'],
  [`1${'%(1'.repeat(25)}${')'.repeat(25)}`, 'formula-forbidden'], // mathjs backtracks exponentially on %
  [`a + ${'x'.repeat(5000)}`, 'formula-too-long'],
];

describe('formula sandbox: hostile expressions', () => {
  let before: Record<string, string[]>;
  beforeAll(() => {
    globals.__mgiSentinel = 'untouched';
    before = snapshot();
    formulaEngine.compile('1 + 1', PATH); // create the mathjs instance outside the timed cases
  });
  afterAll(() => {
    delete globals.__mgiSentinel;
  });

  it.each(
    hostile.map(([expression, code]) => [
      expression.length > 60 ? `${expression.slice(0, 57)}…` : expression,
      code,
      expression,
    ]),
  )('%j is rejected with %s', (_label, code, expression) => {
    const started = performance.now();
    const res = formulaEngine.compile(expression, PATH);
    expect(performance.now() - started).toBeLessThan(500);
    expect(res.success).toBe(false);
    if (res.success) return;
    expect(res.issues.length).toBeGreaterThan(0);
    expect(res.issues[0]!.code).toBe(code);
    for (const i of res.issues) {
      expect(FORMULA_CODES.has(i.code)).toBe(true);
      expect(i.path).toEqual(PATH);
    }
  });

  it('names the offending token and its position in forbidden-expression messages', () => {
    const res = formulaEngine.compile('total * createUnit("x")', PATH);
    expect(res.success).toBe(false);
    if (res.success) return;
    expect(res.issues[0]).toMatchObject({ code: 'formula-forbidden', received: 'createUnit' });
    expect(res.issues[0]!.message).toContain('createUnit');
    expect(res.issues[0]!.message).toContain('(at char 9)');
  });

  it('ran nothing: the sentinel and the built-in prototypes are untouched after the whole corpus', () => {
    for (const [expression] of hostile) formulaEngine.compile(expression, PATH);
    expect(globals.__mgiSentinel).toBe('untouched');
    expect(snapshot()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('still works after the corpus', () => {
    for (const [expression] of hostile) formulaEngine.compile(expression, PATH);
    const res = formulaEngine.compile('formal / total * 100', PATH);
    expect(res.success).toBe(true);
    if (res.success) expect(res.data.evaluate({ formal: 300, total: 500 })).toBe(60);
  });

  it('never reads a variable from the prototype chain of the scope', () => {
    const res = formulaEngine.compile('a + 1', PATH);
    expect(res.success).toBe(true);
    if (!res.success) return;
    const scope = Object.create({ a: 41 }) as Record<string, number>;
    expect(res.data.evaluate(scope)).toBeNaN();
  });

  it('evaluates the largest allowed tree quickly: no loops, each node once', () => {
    const terms = Array.from({ length: 240 }, (_, k) => `a${k % 10}`).join(', ');
    const res = formulaEngine.compile(
      `sum(${terms}) + mean(${terms.split(', ').slice(0, 10).join(', ')})`,
      PATH,
    );
    expect(res.success).toBe(true);
    if (!res.success) return;
    const scope = Object.fromEntries(Array.from({ length: 10 }, (_, k) => [`a${k}`, k]));
    const started = performance.now();
    for (let n = 0; n < 2000; n++) res.data.evaluate(scope);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(res.data.evaluate(scope)).toBe(24 * 45 + 4.5);
  });
});

// --- properties (fast-check) ---

const tokens = fc.constantFrom(
  // identifiers: variables, allowed and forbidden functions, reserved words
  'a',
  'b',
  'total',
  'x1',
  '_y',
  'pi',
  'e',
  'i',
  'true',
  'NaN',
  'Infinity',
  'null',
  'end',
  'min',
  'max',
  'round',
  'log',
  'sqrt',
  'mean',
  'sum',
  'abs',
  'cos',
  'zeros',
  'import',
  'evaluate',
  'parse',
  'createUnit',
  'constructor',
  '__proto__',
  'prototype',
  'toString',
  'cm',
  'mod',
  'and',
  'or',
  'not',
  'xor',
  'to',
  'in',
  // numbers
  '0',
  '1',
  '2.5',
  '.5',
  '1e3',
  '1e999',
  '0x1F',
  '1e9',
  // operators and punctuation
  '+',
  '-',
  '*',
  '/',
  '^',
  '%',
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '=',
  '!',
  '?',
  ':',
  ',',
  ';',
  '.',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '#',
  '&',
  '|',
  '~',
  '??',
  '\n',
);
const tokenSequence = fc
  .array(fc.tuple(tokens, fc.constantFrom('', ' ')), { minLength: 1, maxLength: 40 })
  .map((parts) => parts.map(([t, sep]) => t + sep).join(''));
const finiteScope = fc.dictionary(
  fc.constantFrom('a', 'b', 'total', 'x1', '_y', 'end', 'cm'),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

function checkNeverThrows(expression: string, scope: Record<string, number>): void {
  const res = formulaEngine.compile(expression, PATH);
  if (res.success) {
    const full = { ...scope };
    for (const s of res.data.symbols) if (!(s in full)) full[s] = 1;
    expect(typeof res.data.evaluate(full)).toBe('number');
  } else {
    expect(res.issues.length).toBeGreaterThan(0);
    for (const i of res.issues) {
      if (!FORMULA_CODES.has(i.code))
        throw new Error(`unexpected code ${i.code} for ${JSON.stringify(expression)}`);
      expect(i.path).toEqual(PATH);
    }
  }
}

describe('formula sandbox: properties (fast-check)', () => {
  it('random token sequences either compile to an allowed tree or are rejected with an MgiError code, never anything else', () => {
    fc.assert(
      fc.property(tokenSequence, finiteScope, (expression, scope) => {
        checkNeverThrows(expression, scope);
      }),
      { numRuns: 2000 },
    );
  });

  it('arbitrary strings (any Unicode, up to twice the length limit) never make compile throw', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 2 * FORMULA_LIMITS.maxLength }),
        finiteScope,
        (expression, scope) => {
          checkNeverThrows(expression, scope);
        },
      ),
      { numRuns: 500 },
    );
  });
});
