import { type IssuePath, issue, MgiError, type MgiIssue, type SafeParseResult } from './errors';
import type { FormulaEngine } from './formula/types';
import { readJson } from './io/json';
import { countIssue, type Limits, resolveLimits } from './limits';
import { compileMatrix } from './matrix/compile';
import type { CompiledMatrix } from './matrix/compiled';
import { fromZodIssues } from './schema/_issues';
import { ASSESSMENT_FORMAT, type Assessment, AssessmentSchema } from './schema/assessment';
import { MATRIX_FORMAT, type Matrix, MatrixSchema } from './schema/matrix';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const compiledCache = new WeakMap<Matrix, CompiledMatrix>();

/** Options for parsing matrices and assessments. */
export interface ParseOptions {
  /** Name of the file or submission, added to every issue. */
  source?: string;
  /** Size limits (see {@link Limits}); defaults apply to what is not given. */
  limits?: Partial<Limits>;
}

/** Read JSON text (when given a string) and reject forbidden keys in objects given directly. */
export function toJsonValue(input: unknown, options: ParseOptions = {}): SafeParseResult<unknown> {
  const limits = resolveLimits(options.limits);
  if (typeof input === 'string')
    return readJson(input, { maxDepth: limits.maxDepth, maxBytes: limits.maxTextLength });
  const issues: MgiIssue[] = [];
  scanKeys(input, [], issues, 0, limits.maxDepth);
  return issues.length > 0 ? { success: false, issues } : { success: true, data: input };
}

function scanKeys(
  value: unknown,
  path: (string | number)[],
  issues: MgiIssue[],
  depth: number,
  maxDepth: number,
): void {
  if (value === null || typeof value !== 'object' || issues.length > 100) return;
  if (depth > maxDepth) {
    issues.push(issue('too-deep', path, `nesting deeper than ${maxDepth} levels`));
    return;
  }
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) {
      issues.push(issue('invalid-type', path, 'expected a plain JSON array'));
      return;
    }
    for (let i = 0; i < value.length; i++) scanKeys(value[i], [...path, i], issues, depth + 1, maxDepth);
    return;
  }
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) {
      issues.push(
        issue(
          'forbidden-key',
          [...path, key],
          `the key "${key}" is not allowed anywhere in mgi-engine input`,
        ),
      );
      continue;
    }
    scanKeys((value as Record<string, unknown>)[key], [...path, key], issues, depth + 1, maxDepth);
  }
  if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) {
    issues.push(issue('invalid-type', path, 'expected a plain JSON object'));
  }
}

function checkFormat(value: unknown, expected: string, path: IssuePath = []): MgiIssue | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return issue('invalid-type', path, `expected a JSON object with "format": "${expected}"`);
  }
  const format = (value as { format?: unknown }).format;
  if (format === expected) return null;
  if (format === undefined) {
    return issue('unknown-format', [...path, 'format'], `missing "format"; expected "${expected}"`, {
      expected,
    });
  }
  return issue(
    'unknown-format',
    [...path, 'format'],
    `expected format "${expected}", received ${typeof format === 'string' ? JSON.stringify(format) : `a ${typeof format}`}`,
    {
      expected,
      received: typeof format === 'string' ? format : typeof format,
    },
  );
}

function withSrc(issues: readonly MgiIssue[], source: string | undefined): MgiIssue[] {
  return source === undefined
    ? [...issues]
    : issues.map((i) => (i.source === undefined ? { ...i, source } : i));
}

/**
 * Core of {@link safeParseMatrix} with an explicit formula engine (none: formula indicators are an
 * issue). Returns the matrix and its compiled form.
 */
export function safeParseMatrixWith(
  input: unknown,
  engine: FormulaEngine | undefined,
  options: ParseOptions = {},
): SafeParseResult<Matrix> {
  const json = toJsonValue(input, options);
  if (!json.success) return { success: false, issues: withSrc(json.issues, options.source) };
  const fmt = checkFormat(json.data, MATRIX_FORMAT);
  if (fmt) return { success: false, issues: withSrc([fmt], options.source) };
  const limits = resolveLimits(options.limits);
  const raw = json.data as { indicators?: unknown; themes?: unknown };
  const tooMany = [
    Array.isArray(raw.indicators)
      ? countIssue(raw.indicators.length, limits.maxIndicators, ['indicators'], 'indicators', 'maxIndicators')
      : null,
    Array.isArray(raw.themes)
      ? countIssue(raw.themes.length, limits.maxThemes, ['themes'], 'themes', 'maxThemes')
      : null,
  ].filter((i): i is MgiIssue => i !== null);
  if (tooMany.length > 0) return { success: false, issues: withSrc(tooMany, options.source) };
  const parsed = MatrixSchema.safeParse(json.data);
  if (!parsed.success)
    return { success: false, issues: withSrc(fromZodIssues(parsed.error.issues, json.data), options.source) };
  const compiled = compileMatrix(parsed.data, engine);
  if (!compiled.success) return { success: false, issues: withSrc(compiled.issues, options.source) };
  compiledCache.set(parsed.data, compiled.data);
  return { success: true, data: parsed.data };
}

/** The compiled form of a matrix: cached for matrices from `parseMatrix`, compiled (and checked) otherwise. */
export function compiledFor(
  matrix: Matrix | CompiledMatrix,
  engine: FormulaEngine | undefined,
): CompiledMatrix {
  if (isCompiled(matrix)) return matrix;
  const cached = compiledCache.get(matrix);
  if (cached) return cached;
  const res = safeParseMatrixWith(matrix, engine);
  if (!res.success) throw new MgiError(res.issues);
  return compiledCache.get(res.data)!;
}

function isCompiled(m: Matrix | CompiledMatrix): m is CompiledMatrix {
  return (m as CompiledMatrix).indicatorById instanceof Map;
}

/** Parse an assessment (JSON text or a value) against the assessment schema. */
export function safeParseAssessmentCore(
  input: unknown,
  options: ParseOptions = {},
): SafeParseResult<Assessment> {
  const json = toJsonValue(input, options);
  if (!json.success) return { success: false, issues: withSrc(json.issues, options.source) };
  const fmt = checkFormat(json.data, ASSESSMENT_FORMAT);
  if (fmt) return { success: false, issues: withSrc([fmt], options.source) };
  const obs = (json.data as { observations?: unknown }).observations;
  if (obs !== null && typeof obs === 'object') {
    const max = resolveLimits(options.limits).maxObservations;
    const tooMany = countIssue(
      Object.keys(obs).length,
      max,
      ['observations'],
      'observations',
      'maxObservations',
    );
    if (tooMany) return { success: false, issues: withSrc([tooMany], options.source) };
  }
  const parsed = AssessmentSchema.safeParse(json.data);
  if (!parsed.success)
    return { success: false, issues: withSrc(fromZodIssues(parsed.error.issues, json.data), options.source) };
  return { success: true, data: parsed.data };
}
