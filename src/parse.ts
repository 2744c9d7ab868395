import { checkFormat, scanKeys, withSrc } from './_json-value';
import type { MgiIssue, SafeParseResult } from './errors';
import type { FormulaEngine } from './formula/types';
import { readJson } from './io/json';
import { countIssue, type Limits, resolveLimits } from './limits';
import { safeCompileMatrixValue } from './matrix/compiled-for';
import { fromZodIssues } from './schema/_issues';
import { ASSESSMENT_FORMAT, type Assessment, AssessmentSchema } from './schema/assessment';
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

/** Read JSON text (when given a string) and reject forbidden keys in objects given directly. */
export function toJsonValue(input: unknown, options: ParseOptions = {}): SafeParseResult<unknown> {
  const limits = resolveLimits(options.limits);
  if (typeof input === 'string')
    return readJson(input, { maxDepth: limits.maxDepth, maxBytes: limits.maxTextLength });
  const issues: MgiIssue[] = [];
  scanKeys(input, [], issues, 0, limits.maxDepth);
  return issues.length > 0 ? { success: false, issues } : { success: true, data: input };
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
  return safeCompileMatrixValue(json.data, engine, options);
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
