import { checkFormat, FORBIDDEN_KEYS, forbiddenKey } from './_json-value';
import { capIssues, type IssuePath, issue, type MgiIssue, type SafeParseResult } from './errors';
import type { FormulaEngine } from './formula/types';
import { readJson } from './io/json';
import { countIssue, type Limits, resolveLimits } from './limits';
import { safeCompileMatrixValue } from './matrix/compiled-for';
import { fromZodIssues } from './schema/_issues';
import { ASSESSMENT_FORMAT, type Assessment, AssessmentSchema } from './schema/assessment';
import { fastAssessment } from './schema/assessment-fast';
import type { Matrix } from './schema/matrix';

// Moved to src/matrix/compiled-for.ts (scoring must not import this file); re-exported for callers.
export { compiledFor } from './matrix/compiled-for';

/** Options for parsing matrices and assessments. */
export interface ParseOptions {
  /** Name of the file or submission, added to every issue. */
  source?: string;
  /** Size limits (see {@link Limits}); defaults apply to what is not given. */
  limits?: Partial<Limits>;
}

/**
 * Read JSON text (when given a string), or take a plain copy of a value given directly: forbidden
 * keys are rejected, and every property is read exactly once, here, inside a guard, so that a
 * throwing getter, a revoked Proxy or an array element getter becomes an `unreadable-value` issue
 * instead of an exception, and the schema check later sees only plain data.
 */
export function toJsonValue(input: unknown, options: ParseOptions = {}): SafeParseResult<unknown> {
  const limits = resolveLimits(options.limits);
  if (typeof input === 'string')
    return readJson(input, { maxDepth: limits.maxDepth, maxBytes: limits.maxTextLength });
  const issues: MgiIssue[] = [];
  const data = snapshot(input, [], issues, 0, limits.maxDepth);
  return issues.length > 0 ? { success: false, issues } : { success: true, data };
}

/** Stop collecting after this many issues while copying: the rest would be capped anyway. */
const MAX_SNAPSHOT_ISSUES = 100;

function unreadable(path: IssuePath, error: unknown): MgiIssue {
  let why = 'it threw';
  try {
    why = error instanceof Error ? `${error.name}: ${error.message}` : 'it threw a non-error value';
  } catch {
    // an error object whose own properties throw: keep the generic reason
  }
  return issue('unreadable-value', path, `this value could not be read (${why.slice(0, 200)})`, {
    expected: 'plain JSON data: objects, arrays, strings, numbers, booleans and null',
    hint: 'pass JSON text, or a plain object without getters or proxies (e.g. structuredClone of your data)',
  });
}

/**
 * A plain copy of `value` (objects with data properties, arrays), or `undefined` where reading
 * failed; problems go to `issues`. Iterative over nesting is not needed: depth is bounded by
 * `maxDepth` before recursing further.
 */
function snapshot(
  value: unknown,
  path: (string | number)[],
  issues: MgiIssue[],
  depth: number,
  maxDepth: number,
): unknown {
  if (value === null || typeof value !== 'object' || issues.length >= MAX_SNAPSHOT_ISSUES) return value;
  if (depth > maxDepth) {
    issues.push(issue('too-deep', path, `nesting deeper than ${maxDepth} levels`));
    return undefined;
  }
  try {
    if (Array.isArray(value)) {
      if (Object.getPrototypeOf(value) !== Array.prototype) {
        issues.push(issue('invalid-type', path, 'expected a plain JSON array'));
        return undefined;
      }
      const length = value.length;
      const out: unknown[] = new Array(length);
      for (let i = 0; i < length; i++) {
        let item: unknown;
        try {
          item = value[i];
        } catch (e) {
          issues.push(unreadable([...path, i], e));
          continue;
        }
        out[i] = snapshot(item, [...path, i], issues, depth + 1, maxDepth);
      }
      return out;
    }
    const proto = Object.getPrototypeOf(value);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) {
        issues.push(forbiddenKey(path, key));
        continue;
      }
      let item: unknown;
      try {
        item = (value as Record<string, unknown>)[key];
      } catch (e) {
        issues.push(unreadable([...path, key], e));
        continue;
      }
      out[key] = snapshot(item, [...path, key], issues, depth + 1, maxDepth);
    }
    if (proto !== Object.prototype && proto !== null) {
      issues.push(issue('invalid-type', path, 'expected a plain JSON object'));
    }
    return out;
  } catch (e) {
    // A revoked Proxy throws on Array.isArray, getPrototypeOf and Object.keys alike.
    issues.push(unreadable(path, e));
    return undefined;
  }
}

/** The issues of one parse, capped at `limits.maxIssues`, each naming the source when known. */
function finish(issues: readonly MgiIssue[], options: ParseOptions): SafeParseResult<never> {
  const capped = capIssues(issues, resolveLimits(options.limits).maxIssues);
  const source = options.source;
  return {
    success: false,
    issues:
      source === undefined ? [...capped] : capped.map((i) => (i.source === undefined ? { ...i, source } : i)),
  };
}

/**
 * The safe calls never throw: an exception that escapes the checks (a bug, or an input shape no
 * check foresaw) becomes one issue rather than a crash.
 */
function guarded<T>(run: () => SafeParseResult<T>, options: ParseOptions): SafeParseResult<T> {
  try {
    return run();
  } catch (e) {
    let why = 'unknown error';
    try {
      why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    } catch {
      // keep the generic reason
    }
    return finish(
      [
        issue(
          e instanceof RangeError ? 'too-deep' : 'unreadable-value',
          [],
          `the input could not be checked (${why.slice(0, 200)})`,
          { hint: 'if the input is valid JSON data, please report this as a bug' },
        ),
      ],
      options,
    );
  }
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
  return guarded(() => parseMatrixUnguarded(input, engine, options), options);
}

function parseMatrixUnguarded(
  input: unknown,
  engine: FormulaEngine | undefined,
  options: ParseOptions,
): SafeParseResult<Matrix> {
  const json = toJsonValue(input, options);
  if (!json.success) return finish(json.issues, options);
  const compiled = safeCompileMatrixValue(json.data, engine, options);
  return compiled.success ? compiled : finish(compiled.issues, options);
}

/** Parse an assessment (JSON text or a value) against the assessment schema. */
export function safeParseAssessmentCore(
  input: unknown,
  options: ParseOptions = {},
): SafeParseResult<Assessment> {
  return guarded(() => parseAssessmentUnguarded(input, options), options);
}

function parseAssessmentUnguarded(input: unknown, options: ParseOptions): SafeParseResult<Assessment> {
  const json = toJsonValue(input, options);
  if (!json.success) return finish(json.issues, options);
  const fmt = checkFormat(json.data, ASSESSMENT_FORMAT);
  if (fmt) return finish([fmt], options);
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
    if (tooMany) return finish([tooMany], options);
  }
  // The common case, a valid assessment, without the schema's general machinery (same output).
  const fast = fastAssessment(json.data);
  if (fast !== undefined) return { success: true, data: fast };
  const parsed = AssessmentSchema.safeParse(json.data);
  if (!parsed.success) return finish(fromZodIssues(parsed.error.issues, json.data), options);
  return { success: true, data: parsed.data };
}
