/**
 * The sandboxed formula engine: expressions in indicator matrices are written by people we do not
 * trust, so mathjs is used **only as a parser**, and only for a small, allow-listed grammar. The
 * checked tree is then compiled into a tree of plain JavaScript closures; mathjs never evaluates
 * anything, and no `eval`/`new Function` is involved.
 *
 * An expression is checked in three steps, each denying by default, and the first step that finds a
 * problem reports it with the offending token and its 1-based character position (`char N`, as in
 * mathjs's own syntax errors):
 *
 * 1. **Characters and names** (before mathjs sees the text). Allowed: ASCII letters, digits, `_`,
 *    spaces, tabs and line breaks, and `+ - * / ^ ( ) , < > = ! ? :`, with `.` only as a decimal
 *    point. Everything else is `formula-forbidden`: quotes (strings), `[ ]` (matrices, indexing),
 *    `{ }` (objects), `;` (several statements), `.` outside a number (property access,
 *    element-wise operators), `%` (see below), `#` (comments), `& | ~` (bitwise), `$`, non-ASCII
 *    letters (look-alike identifiers), hexadecimal/binary/octal literals. Names that reach into
 *    mathjs or JavaScript internals are rejected wherever they appear: `import`, `createUnit`,
 *    `evaluate`, `parse`, `compile`, `simplify`, `derivative`, `resolve`, `reviver`, `config`,
 *    `create`, … and every `Object.prototype` member (`__proto__`, `constructor`, `toString`, …),
 *    plus `prototype`. More than {@link FORMULA_LIMITS}.maxDepth nested parentheses is
 *    `formula-too-deep` here already, so that the recursive-descent parser cannot overflow the stack.
 * 2. **Syntax**: mathjs `parse` (a minimal instance, sandboxed as in DESIGN.md section 6); its
 *    errors are `formula-syntax` with mathjs's position.
 * 3. **Tree allow-list**: every node of the parsed tree must be one of
 *    - a finite number literal (`1e999`, `NaN`, `Infinity` are `formula-forbidden`);
 *    - a variable: any identifier that is not an allowed function, not a reserved word and not a
 *      mathjs constant. `pi`, `e`, `E`, `i`, `tau`, `phi`, `PI`, `LN2`, `LN10`, `LOG2E`, `LOG10E`,
 *      `SQRT1_2`, `SQRT2`, `version`, `true`, `false`, `null`, `undefined`, `NaN`, `Infinity` are
 *      rejected rather than read as variables or constants, so that nobody can misread a formula:
 *      write the number (`3.14159`) or `1`/`0` instead;
 *    - parentheses;
 *    - the operators `+ - * / ^`, unary `-` and `+`, `a mod b` (remainder, as mathjs: the sign of
 *      the divisor; `mod 0` returns `a`), comparisons `< <= > >= == !=` (also chained, `a < b < c`;
 *      equality with mathjs's tolerance: relative 1e-12, absolute 1e-15), `and`, `or`, `not`,
 *      and the conditional `c ? a : b`;
 *    - calls to exactly `min`, `max`, `sum`, `mean` (one or more arguments), `abs`, `floor`,
 *      `ceil`, `sqrt`, `exp` (one argument), `round` and `log` (one or two: `round(x, decimals)`
 *      with 0–15 decimals, `log(x, base)`).
 *
 *    Everything else is `formula-forbidden`: assignment (`a = 5`), function definitions
 *    (`f(x) = x^2`), property or index access, matrices, ranges (`1:10`), objects, blocks, strings,
 *    implicit multiplication (`2x`, `5 cm`: units are not supported; write `*`), factorial,
 *    bit shifts, `xor`, `to`/`in` (unit conversion), `??`, any other function (`zeros`, `cos`, …),
 *    an allowed function's name used as a variable (bare `sqrt`), and a call of anything that is not
 *    a plain name. A wrong number of arguments is `formula-syntax`. Trees deeper than
 *    `maxDepth` nodes or larger than `maxNodes` nodes (e.g. exponent towers `2^2^2^…`) are
 *    `formula-too-deep`; a long chain such as `a + b + c + …` counts one level per operator, so
 *    write `sum(a, b, c, …)` instead.
 *
 * `%` is left out on purpose: mathjs reads it as both percent (`50%` is 0.5) and modulo, and its
 * parser backtracks on it, taking time exponential in the nesting depth (`1%(1%(…))` 20 levels deep
 * takes seconds). Use `a mod b` or `/ 100`.
 *
 * Evaluation: each node is evaluated at most once per call, there are no loops, no recursion other
 * than the (bounded) tree depth and no user-defined functions, so a call takes time linear in the
 * tree size (at most {@link FORMULA_LIMITS}.maxNodes). Only numbers flow: comparisons and logic give
 * 1 or 0; a variable missing from the scope (or not a number) reads as NaN; division by zero gives
 * ±Infinity or NaN, as do `sqrt`/`log`/`^` outside the real numbers (where mathjs would return a
 * complex number). Unlike mathjs, NaN is never taken as "false": a comparison, `and`, `or`, `not`
 * or a condition on NaN gives NaN (so a missing value never silently picks a branch), while `and`,
 * `or` and `c ? a : b` still short-circuit, so `x != 0 and y / x > 1` is safe. `round`, `floor`,
 * `ceil` and `mod` reproduce mathjs's number semantics (decimal rounding half away from zero,
 * with its 1e-12 relative tolerance).
 */
import { create, parseDependencies } from 'mathjs/number';
import { type IssuePath, issue, type MgiIssue, type SafeParseResult } from '../errors';
import type { CompiledFormula, FormulaEngine } from './types';

/** Limits on formula expressions; anything beyond is rejected at compile time. */
export const FORMULA_LIMITS = Object.freeze({
  /** Longest expression, in characters (`formula-too-long`). */
  maxLength: 2000,
  /** Deepest expression tree, in nodes from the root (`formula-too-deep`). */
  maxDepth: 40,
  /** Most nodes in an expression tree (`formula-too-deep`). */
  maxNodes: 500,
});

/**
 * The default formula engine: a sandboxed mathjs parser with an allow-listed grammar, compiling each
 * expression once into plain JavaScript closures. See the top of `src/formula/engine.ts` for the
 * exact allow-list.
 *
 * @example
 * ```ts
 * const res = formulaEngine.compile('formal / total * 100', ['indicators', 3, 'expression']);
 * if (res.success) res.data.evaluate({ formal: 300, total: 500 }); // 60
 * ```
 */
export const formulaEngine: FormulaEngine = Object.freeze({
  compile(expression: string, path: IssuePath): SafeParseResult<CompiledFormula> {
    return compileFormula(expression, path);
  },
});

// --- internal ---

type Scope = Readonly<Record<string, number>>;
type Evaluator = (scope: Scope) => number;

/** The subset of a mathjs node that the checker reads; everything is checked before use. */
interface AnyNode {
  readonly type: string;
  readonly [key: string]: unknown;
}

interface Token {
  readonly kind: 'number' | 'name' | 'op';
  readonly text: string;
  /** 0-based index in the expression. */
  readonly at: number;
}

interface Context {
  readonly path: IssuePath;
  readonly tokens: readonly Token[];
  readonly issues: MgiIssue[];
  readonly symbols: Set<string>;
  readonly seen: Set<string>;
  nodes: number;
  stopped: boolean;
}

const words = (list: string): string[] => list.split(' ');

/** Names that reach into mathjs or JavaScript internals: never a variable, never a function. */
const DENIED_NAMES: ReadonlySet<string> = new Set([
  ...words(
    'import createUnit evaluate parse compile simplify derivative resolve reviver replacer config create factory typed chain help prototype __proto__',
  ),
  ...Object.getOwnPropertyNames(Object.prototype),
]);

/** mathjs constants and literal words: rejected as variables so that nobody misreads a formula. */
const RESERVED_NAMES: ReadonlySet<string> = new Set(
  words(
    'pi PI e E i tau phi LN2 LN10 LOG2E LOG10E SQRT1_2 SQRT2 version true false null undefined NaN Infinity',
  ),
);

/** Words the mathjs tokenizer reads as operators; never variables. */
const KEYWORD_OPERATORS: ReadonlySet<string> = new Set(['and', 'or', 'not', 'xor', 'mod', 'to', 'in']);

const REL_TOL = 1e-12;
const ABS_TOL = 1e-15;

interface FunctionSpec {
  readonly min: number;
  readonly max: number;
  readonly build: (args: readonly Evaluator[]) => Evaluator;
}

const unary =
  (f: (x: number) => number) =>
  (args: readonly Evaluator[]): Evaluator => {
    const a = args[0]!;
    return (s) => f(a(s));
  };

const variadic =
  (f: (values: number[]) => number) =>
  (args: readonly Evaluator[]): Evaluator =>
  (s) =>
    f(args.map((a) => a(s)));

const sumOf = (values: readonly number[]): number => {
  let total = 0;
  for (const v of values) total += v;
  return total;
};

/** The allowed functions and their arity. A Map, so that no name can reach a prototype. */
const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map<string, FunctionSpec>([
  ['min', { min: 1, max: Number.POSITIVE_INFINITY, build: variadic((v) => extremum(v, -1)) }],
  ['max', { min: 1, max: Number.POSITIVE_INFINITY, build: variadic((v) => extremum(v, 1)) }],
  ['sum', { min: 1, max: Number.POSITIVE_INFINITY, build: variadic(sumOf) }],
  ['mean', { min: 1, max: Number.POSITIVE_INFINITY, build: variadic((v) => sumOf(v) / v.length) }],
  ['abs', { min: 1, max: 1, build: unary(Math.abs) }],
  ['floor', { min: 1, max: 1, build: unary(floorNumber) }],
  ['ceil', { min: 1, max: 1, build: unary(ceilNumber) }],
  ['sqrt', { min: 1, max: 1, build: unary(Math.sqrt) }],
  ['exp', { min: 1, max: 1, build: unary(Math.exp) }],
  [
    'round',
    {
      min: 1,
      max: 2,
      build: (args) => {
        const [x, n] = args as [Evaluator, Evaluator | undefined];
        return n ? (s) => roundNumber(x(s), n(s)) : (s) => roundNumber(x(s), 0);
      },
    },
  ],
  [
    'log',
    {
      min: 1,
      max: 2,
      build: (args) => {
        const [x, base] = args as [Evaluator, Evaluator | undefined];
        return base ? (s) => Math.log(x(s)) / Math.log(base(s)) : (s) => Math.log(x(s));
      },
    },
  ],
]);

const ARITHMETIC: ReadonlyMap<string, (a: number, b: number) => number> = new Map([
  ['add', (a: number, b: number) => a + b],
  ['subtract', (a: number, b: number) => a - b],
  ['multiply', (a: number, b: number) => a * b],
  ['divide', (a: number, b: number) => a / b],
  ['pow', powNumber],
  ['mod', modNumber],
]);

const COMPARISONS: ReadonlyMap<string, (a: number, b: number) => boolean> = new Map([
  ['equal', (a: number, b: number) => nearlyEqual(a, b)],
  ['unequal', (a: number, b: number) => !nearlyEqual(a, b)],
  ['smaller', (a: number, b: number) => a < b && !nearlyEqual(a, b)],
  ['smallerEq', (a: number, b: number) => a < b || nearlyEqual(a, b)],
  ['larger', (a: number, b: number) => a > b && !nearlyEqual(a, b)],
  ['largerEq', (a: number, b: number) => a > b || nearlyEqual(a, b)],
]);

/** What the character filter says about characters outside the allow-list. */
const CHAR_MESSAGES: ReadonlyMap<string, string> = new Map([
  ['"', 'strings are not allowed'],
  ["'", "strings and transposition (') are not allowed"],
  ['`', 'strings are not allowed'],
  ['[', 'matrices and index access ([ ]) are not allowed'],
  [']', 'matrices and index access ([ ]) are not allowed'],
  ['{', 'objects ({ }) are not allowed'],
  ['}', 'objects ({ }) are not allowed'],
  [';', 'several statements (;) are not allowed; write one expression'],
  [
    '.',
    '"." is only allowed as a decimal point (property access and element-wise operators are not supported)',
  ],
  ['%', '"%" is not allowed (mathjs reads it as percent or modulo); write "a mod b" or "a / 100"'],
  ['#', 'comments (#) are not allowed'],
  ['&', 'bitwise operators are not allowed; use "and"'],
  ['|', 'bitwise operators are not allowed; use "or"'],
  ['~', 'bitwise operators are not allowed; use "not"'],
]);

/** Operator spellings mathjs knows that use allowed characters, longest first. */
const OPERATORS = words('>>> == != <= >= << >> ?? + - * / ^ ( ) , < > = ! ? :');
const NUMBER = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

function compileFormula(expression: unknown, path: IssuePath): SafeParseResult<CompiledFormula> {
  const fail = (i: MgiIssue): SafeParseResult<CompiledFormula> => ({ success: false, issues: [i] });
  if (typeof expression !== 'string') {
    return fail(
      issue('formula-syntax', path, `expected the expression as a string, received ${typeof expression}`),
    );
  }
  if (expression.length > FORMULA_LIMITS.maxLength) {
    return fail(
      issue(
        'formula-too-long',
        path,
        `the expression is ${expression.length} characters long; the limit is ${FORMULA_LIMITS.maxLength}`,
        {
          expected: `at most ${FORMULA_LIMITS.maxLength} characters`,
          received: `${expression.length} characters`,
        },
      ),
    );
  }
  if (expression.trim() === '') return fail(issue('formula-syntax', path, 'the expression is empty'));

  const lexed = tokenize(expression, path);
  if (!lexed.success) return lexed;
  const tokens = lexed.data;

  let root: AnyNode;
  try {
    // Line breaks and tabs become spaces (same length, so positions hold): mathjs would otherwise
    // read a line break as a statement separator and reject "\r".
    root = getParser()(expression.replace(/[\t\n\r]/g, ' ')) as unknown as AnyNode;
  } catch (error) {
    if (error instanceof RangeError) {
      return fail(issue('formula-too-deep', path, 'the expression is nested too deeply to parse'));
    }
    const raw = error instanceof Error ? error.message : String(error);
    const char = (error as { char?: unknown } | null)?.char;
    const message = raw.replace(/\s*\(char \d+\)\s*$/, '');
    return fail(
      issue('formula-syntax', path, typeof char === 'number' ? `${message} (at char ${char})` : message, {
        received: typeof char === 'number' ? near(expression, char - 1) : undefined,
      }),
    );
  }

  const ctx: Context = {
    path,
    tokens,
    issues: [],
    symbols: new Set(),
    seen: new Set(),
    nodes: 0,
    stopped: false,
  };
  const evaluator = build(root, 1, ctx);
  if (ctx.issues.length > 0 || !evaluator) {
    return {
      success: false,
      issues:
        ctx.issues.length > 0
          ? ctx.issues
          : [issue('formula-forbidden', path, 'the expression is not allowed')],
    };
  }
  const compiled: CompiledFormula = Object.freeze({
    symbols: Object.freeze([...ctx.symbols].sort()),
    evaluate(scope: Scope): number {
      if (scope === null || typeof scope !== 'object') return Number.NaN;
      const value = evaluator(scope);
      return typeof value === 'number' ? value : Number.NaN;
    },
  });
  return { success: true, data: compiled };
}

// --- step 1: characters and names ---

function tokenize(expression: string, path: IssuePath): SafeParseResult<Token[]> {
  const tokens: Token[] = [];
  const forbid = (at: number, text: string, message: string): SafeParseResult<Token[]> => ({
    success: false,
    issues: [issue('formula-forbidden', path, `${message} (at char ${at + 1})`, { received: text })],
  });
  let depth = 0;
  let i = 0;
  while (i < expression.length) {
    const c = expression[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    NUMBER.lastIndex = i;
    const num = NUMBER.exec(expression);
    if (num) {
      const radix = /^0[xXbBoO][0-9A-Za-z]+/.exec(expression.slice(i));
      if (radix) return forbid(i, radix[0], 'only decimal numbers are allowed');
      tokens.push({ kind: 'number', text: num[0], at: i });
      i += num[0].length;
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(expression);
    if (name) {
      if (DENIED_NAMES.has(name[0]))
        return forbid(i, name[0], `"${name[0]}" is a reserved name and cannot be used`);
      tokens.push({ kind: 'name', text: name[0], at: i });
      i += name[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => expression.startsWith(o, i));
    if (op) {
      if (op === '(') depth++;
      else if (op === ')') depth--;
      if (depth > FORMULA_LIMITS.maxDepth) {
        return {
          success: false,
          issues: [
            issue(
              'formula-too-deep',
              path,
              `parentheses are nested more than ${FORMULA_LIMITS.maxDepth} levels deep (at char ${i + 1})`,
            ),
          ],
        };
      }
      tokens.push({ kind: 'op', text: op, at: i });
      i += op.length;
      continue;
    }
    const cp = expression.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const known = CHAR_MESSAGES.get(ch);
    if (known) return forbid(i, ch, known);
    return forbid(
      i,
      ch,
      cp < 32 || cp === 127
        ? `control character U+${cp.toString(16).toUpperCase().padStart(4, '0')} is not allowed`
        : `"${ch}" is not allowed (names use ASCII letters, digits and "_")`,
    );
  }
  return { success: true, data: tokens };
}

// --- step 2: the sandboxed mathjs parser ---

let parser: ((expression: string) => unknown) | undefined;

/**
 * The one mathjs instance, created on first use from the number-only build (`mathjs/number`) and the
 * parser's factories only (about 44 kB gzipped bundled, against 196 kB for `create(all)`), then
 * sandboxed: everything that could evaluate, import or reconfigure is replaced by a throwing stub
 * after keeping `parse`. The instance never leaves this module and nothing here calls its
 * evaluation; the stubs are a second line of defence.
 */
function getParser(): (expression: string) => unknown {
  if (parser) return parser;
  // mathjs declares its dependency maps as destructured from an index signature, so with
  // noUncheckedIndexedAccess they type as possibly undefined; they are always defined.
  const math = create({ parseDependencies: parseDependencies! }, { number: 'number' });
  const parse = math.parse.bind(math) as (expression: string) => unknown;
  const disabled = (name: string) => () => {
    throw new Error(`${name} is disabled in mgi-engine's formula sandbox`);
  };
  const stubs: Record<string, () => never> = {};
  const names =
    'createUnit evaluate parse compile simplify simplifyConstant simplifyCore derivative rationalize resolve reviver replacer parser chain create config import';
  for (const name of words(names)) {
    stubs[name] = disabled(name);
  }
  math.import(stubs, { override: true });
  parser = parse;
  return parse;
}

// --- step 3: the tree allow-list, compiled into closures ---

function build(node: AnyNode, depth: number, ctx: Context): Evaluator | null {
  if (ctx.stopped) return null;
  if (depth > FORMULA_LIMITS.maxDepth) {
    ctx.issues.push(
      issue(
        'formula-too-deep',
        ctx.path,
        `the expression is nested more than ${FORMULA_LIMITS.maxDepth} levels deep`,
        {
          hint: 'split it into several formula indicators, or write long sums as sum(a, b, …)',
        },
      ),
    );
    ctx.stopped = true;
    return null;
  }
  if (++ctx.nodes > FORMULA_LIMITS.maxNodes) {
    ctx.issues.push(
      issue('formula-too-deep', ctx.path, `the expression has more than ${FORMULA_LIMITS.maxNodes} parts`, {
        hint: 'split it into several formula indicators',
      }),
    );
    ctx.stopped = true;
    return null;
  }
  switch (node.type) {
    case 'ConstantNode':
      return buildConstant(node, ctx);
    case 'SymbolNode':
      return buildSymbol(String(node.name), ctx);
    case 'ParenthesisNode':
      return build(node.content as AnyNode, depth + 1, ctx);
    case 'OperatorNode':
      return buildOperator(node, depth, ctx);
    case 'RelationalNode':
      return buildRelational(node, depth, ctx);
    case 'ConditionalNode': {
      const c = build(node.condition as AnyNode, depth + 1, ctx);
      const t = build(node.trueExpr as AnyNode, depth + 1, ctx);
      const f = build(node.falseExpr as AnyNode, depth + 1, ctx);
      if (!c || !t || !f) return null;
      return (s) => {
        const v = c(s);
        return Number.isNaN(v) ? Number.NaN : v !== 0 ? t(s) : f(s);
      };
    }
    case 'FunctionNode':
      return buildCall(node, depth, ctx);
    case 'AssignmentNode':
      return forbid(ctx, 'assignment (=) is not allowed; compare with ==', findOp(ctx, '='));
    case 'FunctionAssignmentNode':
      return forbid(ctx, 'defining functions is not allowed', findOp(ctx, '='));
    case 'AccessorNode':
    case 'IndexNode':
      return forbid(ctx, 'property and index access are not allowed', null);
    case 'ArrayNode':
      return forbid(ctx, 'matrices are not allowed', null);
    case 'ObjectNode':
      return forbid(ctx, 'objects are not allowed', null);
    case 'RangeNode':
      return forbid(ctx, 'ranges (a:b) are not allowed', findRangeColon(ctx));
    case 'BlockNode':
      return forbid(ctx, 'several statements are not allowed; write one expression', null);
    default:
      return forbid(ctx, `${String(node.type)} is not allowed`, null);
  }
}

function buildConstant(node: AnyNode, ctx: Context): Evaluator | null {
  const value = node.value;
  if (typeof value === 'number' && Number.isFinite(value)) return () => value;
  if (typeof value === 'number') {
    const at = ctx.tokens.find(
      (t) =>
        (t.kind === 'number' && !Number.isFinite(Number(t.text))) ||
        (t.kind === 'name' && (t.text === 'NaN' || t.text === 'Infinity')),
    );
    return forbid(ctx, `${at?.text ?? String(value)} is not a finite number`, at ?? null);
  }
  if (typeof value === 'string') return forbid(ctx, 'strings are not allowed', null);
  const text = String(value);
  return forbid(ctx, `"${text}" is not allowed; write 1 or 0`, findName(ctx, text, 'any'));
}

function buildSymbol(name: string, ctx: Context): Evaluator | null {
  const at = () => findName(ctx, name, 'bare');
  if (FUNCTIONS.has(name)) return forbid(ctx, `"${name}" is a function: call it, as in ${name}(x)`, at());
  if (RESERVED_NAMES.has(name)) {
    return forbid(
      ctx,
      `"${name}" is reserved (a mathjs constant or literal) and cannot be a variable; write the number instead`,
      at(),
    );
  }
  if (DENIED_NAMES.has(name) || KEYWORD_OPERATORS.has(name) || !VARIABLE.test(name)) {
    return forbid(ctx, `"${name}" cannot be used as a variable`, at());
  }
  ctx.symbols.add(name);
  return (s) => {
    const v = Object.hasOwn(s, name) ? s[name] : undefined;
    return typeof v === 'number' ? v : Number.NaN;
  };
}

function buildOperator(node: AnyNode, depth: number, ctx: Context): Evaluator | null {
  const fn = String(node.fn);
  const op = String(node.op);
  const args = node.args as readonly AnyNode[];
  if (node.implicit === true) {
    return forbid(
      ctx,
      'implicit multiplication is not allowed (units such as "5 cm" are not supported); write *',
      findImplicit(ctx),
    );
  }
  if (node.isPercentage === true) return forbid(ctx, '"%" is not allowed; write "/ 100"', findOp(ctx, '%'));
  const arithmetic = ARITHMETIC.get(fn);
  const comparison = COMPARISONS.get(fn);
  const binary = arithmetic !== undefined || comparison !== undefined || fn === 'and' || fn === 'or';
  const unaryOp = fn === 'unaryMinus' || fn === 'unaryPlus' || fn === 'not';
  if (!(binary && args.length === 2) && !(unaryOp && args.length === 1)) {
    const at = KEYWORD_OPERATORS.has(op) ? findName(ctx, op, 'any') : findOp(ctx, op);
    return forbid(ctx, `the operator "${op}" is not allowed`, at);
  }
  const built = args.map((a) => build(a, depth + 1, ctx));
  if (built.some((b) => b === null)) return null;
  const [a, b] = built as [Evaluator, Evaluator];
  if (fn === 'unaryMinus') return (s) => -a(s);
  if (fn === 'unaryPlus') return a;
  if (fn === 'not') {
    return (s) => {
      const v = a(s);
      return Number.isNaN(v) ? Number.NaN : v === 0 ? 1 : 0;
    };
  }
  if (fn === 'and' || fn === 'or') {
    const shortCircuit = fn === 'and' ? 0 : 1;
    return (s) => {
      const x = a(s);
      if (Number.isNaN(x)) return Number.NaN;
      if ((x !== 0 ? 1 : 0) === shortCircuit) return shortCircuit;
      const y = b(s);
      return Number.isNaN(y) ? Number.NaN : y !== 0 ? 1 : 0;
    };
  }
  if (arithmetic) return (s) => arithmetic(a(s), b(s));
  const compare = comparison!;
  return (s) => {
    const x = a(s);
    const y = b(s);
    return Number.isNaN(x) || Number.isNaN(y) ? Number.NaN : compare(x, y) ? 1 : 0;
  };
}

function buildRelational(node: AnyNode, depth: number, ctx: Context): Evaluator | null {
  const names = node.conditionals as readonly string[];
  const params = node.params as readonly AnyNode[];
  const compares = names.map((n) => COMPARISONS.get(n));
  if (params.length !== names.length + 1 || compares.some((c) => c === undefined)) {
    return forbid(ctx, 'this chain of comparisons is not allowed', null);
  }
  const built = params.map((p) => build(p, depth + 1, ctx));
  if (built.some((b) => b === null)) return null;
  const values = built as Evaluator[];
  const fns = compares as ((a: number, b: number) => boolean)[];
  return (s) => {
    let left = values[0]!(s);
    if (Number.isNaN(left)) return Number.NaN;
    for (let k = 0; k < fns.length; k++) {
      const right = values[k + 1]!(s);
      if (Number.isNaN(right)) return Number.NaN;
      if (!fns[k]!(left, right)) return 0;
      left = right;
    }
    return 1;
  };
}

function buildCall(node: AnyNode, depth: number, ctx: Context): Evaluator | null {
  const callee = node.fn as AnyNode;
  if (callee?.type !== 'SymbolNode')
    return forbid(ctx, 'only the allowed functions can be called, by name', null);
  const name = String(callee.name);
  const spec = FUNCTIONS.get(name);
  if (!spec) {
    return forbid(
      ctx,
      `"${name}" is not an allowed function (allowed: ${[...FUNCTIONS.keys()].join(', ')})`,
      findName(ctx, name, 'call'),
    );
  }
  const args = node.args as readonly AnyNode[];
  if (args.length < spec.min || args.length > spec.max) {
    const expected =
      spec.max === spec.min
        ? `${spec.min}`
        : spec.max === Number.POSITIVE_INFINITY
          ? `at least ${spec.min}`
          : `${spec.min} or ${spec.max}`;
    const at = findName(ctx, name, 'call');
    ctx.issues.push(
      issue(
        'formula-syntax',
        ctx.path,
        `${name}() takes ${expected} argument${/(^| )1$/.test(expected) ? '' : 's'}, got ${args.length}${where(at)}`,
        {
          expected: `${expected} argument(s)`,
          received: `${args.length}`,
        },
      ),
    );
    return null;
  }
  const built = args.map((a) => build(a, depth + 1, ctx));
  if (built.some((b) => b === null)) return null;
  return spec.build(built as Evaluator[]);
}

function forbid(ctx: Context, message: string, at: Token | null): null {
  const full = `${message}${where(at)}`;
  if (!ctx.seen.has(full)) {
    ctx.seen.add(full);
    ctx.issues.push(issue('formula-forbidden', ctx.path, full, at ? { received: at.text } : {}));
  }
  return null;
}

const where = (at: Token | null): string => (at ? ` (at char ${at.at + 1})` : '');

// --- positions: mathjs nodes carry none, so forbidden nodes are located in the token list ---

function findName(ctx: Context, name: string, use: 'call' | 'bare' | 'any'): Token | null {
  const { tokens } = ctx;
  const matches = tokens.map((t, k) => [t, k] as const).filter(([t]) => t.kind === 'name' && t.text === name);
  const isCall = (k: number) => tokens[k + 1]?.text === '(';
  const pick = matches.find(([, k]) => use === 'any' || (use === 'call') === isCall(k)) ?? matches[0];
  return pick ? pick[0] : null;
}

function findOp(ctx: Context, op: string): Token | null {
  return ctx.tokens.find((t) => t.kind === 'op' && t.text === op) ?? null;
}

/** The first `:` that does not close a `?`. */
function findRangeColon(ctx: Context): Token | null {
  let open = 0;
  for (const t of ctx.tokens) {
    if (t.text === '?') open++;
    else if (t.text === ':') {
      if (open === 0) return t;
      open--;
    }
  }
  return findOp(ctx, ':');
}

/** The start of the second factor of the first implicit multiplication (`5 cm`, `2(x)`, `(a)(b)`). */
function findImplicit(ctx: Context): Token | null {
  const { tokens } = ctx;
  const endsValue = (t: Token) =>
    t.kind === 'number' || (t.kind === 'name' && !KEYWORD_OPERATORS.has(t.text)) || t.text === ')';
  const startsValue = (t: Token) =>
    t.kind === 'number' || (t.kind === 'name' && !KEYWORD_OPERATORS.has(t.text)) || t.text === '(';
  for (let k = 1; k < tokens.length; k++) {
    const prev = tokens[k - 1]!;
    const cur = tokens[k]!;
    if (prev.kind === 'name' && cur.text === '(') continue; // a call
    if (endsValue(prev) && startsValue(cur)) return cur;
  }
  return null;
}

/** A short excerpt around a 0-based position, for `received`. */
function near(expression: string, at: number): string {
  const start = Math.max(0, at - 10);
  return `${start > 0 ? '…' : ''}${expression.slice(start, at + 10)}${at + 10 < expression.length ? '…' : ''}`;
}

// --- number semantics (mathjs's, for numbers) ---

function nearlyEqual(a: number, b: number): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= Math.max(REL_TOL * Math.max(Math.abs(a), Math.abs(b)), ABS_TOL);
}

/**
 * mathjs `min` (sign -1) and `max` (sign 1) for numbers: NaN wins, and of values equal within the
 * tolerance the first is kept.
 */
function extremum(values: readonly number[], sign: -1 | 1): number {
  let best = values[0]!;
  for (const v of values) {
    if (Number.isNaN(v)) return Number.NaN;
    if ((sign < 0 ? v < best : v > best) && !nearlyEqual(v, best)) best = v;
  }
  return best;
}

function powNumber(x: number, y: number): number {
  // As mathjs (predictable mode): a negative base to an infinite power has no real limit, while
  // x^Infinity is 0 for |x| < 1 and x^-Infinity is 0 for |x| > 1 otherwise.
  if ((x < -1 && y === Number.POSITIVE_INFINITY) || (x > -1 && x < 0 && y === Number.NEGATIVE_INFINITY))
    return Number.NaN;
  if ((x * x < 1 && y === Number.POSITIVE_INFINITY) || (x * x > 1 && y === Number.NEGATIVE_INFINITY))
    return 0;
  return x ** y;
}

function modNumber(x: number, y: number): number {
  return y === 0 ? x : x - y * floorNumber(x / y);
}

/** mathjs `round(x, n)` for numbers: first snap to 12 decimals when within the tolerance, then round. */
function roundNumber(x: number, decimals: number): number {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 15) return Number.NaN;
  if (!Number.isFinite(x)) return x;
  if (decimals >= 12) return roundDecimal(x, decimals);
  const snapped = roundDecimal(x, 12);
  return roundDecimal(nearlyEqual(x, snapped) ? snapped : x, decimals);
}

function floorNumber(x: number): number {
  const f = Math.floor(x);
  const r = roundNumber(x, 0);
  if (f === r) return f;
  return nearlyEqual(x, r) && !nearlyEqual(x, f) ? r : f;
}

function ceilNumber(x: number): number {
  const c = Math.ceil(x);
  const r = roundNumber(x, 0);
  if (c === r) return c;
  return nearlyEqual(x, r) && !nearlyEqual(x, c) ? r : c;
}

/**
 * Round the shortest decimal representation of a finite `x` to `n` decimals, half away from zero
 * (mathjs rounds digits, not binary values: `round(1.005, 2)` is 1.01).
 */
function roundDecimal(x: number, n: number): number {
  const [mantissa = '0', exponent = '0'] = String(Math.abs(x)).split('e');
  const [int = '', frac = ''] = mantissa.split('.');
  const all = int + frac;
  const digits = all.replace(/^0+/, '');
  if (digits === '') return 0; // mathjs rounds -0 to 0
  // `digits` read as 0.d1d2… times 10^point
  const point = int.length + Number(exponent) - (all.length - digits.length);
  const keep = point + n;
  let rounded: number;
  if (keep < 0) rounded = 0;
  else if (digits.length <= keep) return x;
  else {
    const kept = BigInt(digits.slice(0, keep) || '0') + (digits.charCodeAt(keep) >= 53 ? 1n : 0n);
    rounded = Number(`${kept}e${-n}`);
  }
  return x < 0 ? -rounded : rounded;
}
