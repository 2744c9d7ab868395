import { checkFormat, scanKeys, withSrc } from '../_json-value';
import { MgiError, type MgiIssue, type SafeParseResult } from '../errors';
import type { FormulaEngine } from '../formula/types';
import { countIssue, type Limits, resolveLimits } from '../limits';
import { fromZodIssues } from '../schema/_issues';
import { MATRIX_FORMAT, type Matrix, MatrixSchema } from '../schema/matrix';
import { compileMatrix } from './compile';
import type { CompiledMatrix } from './compiled';

const compiledCache = new WeakMap<Matrix, CompiledMatrix>();

/**
 * Check a matrix given as a JSON value (already read from text, or an object), compile it and
 * cache the compiled form with the parsed matrix. The core of `safeParseMatrix()` after reading.
 */
export function safeCompileMatrixValue(
  value: unknown,
  engine: FormulaEngine | undefined,
  options: { readonly source?: string; readonly limits?: Partial<Limits> } = {},
): SafeParseResult<Matrix> {
  const fmt = checkFormat(value, MATRIX_FORMAT);
  if (fmt) return { success: false, issues: withSrc([fmt], options.source) };
  const limits = resolveLimits(options.limits);
  const raw = value as { indicators?: unknown; themes?: unknown };
  const tooMany = [
    Array.isArray(raw.indicators)
      ? countIssue(raw.indicators.length, limits.maxIndicators, ['indicators'], 'indicators', 'maxIndicators')
      : null,
    Array.isArray(raw.themes)
      ? countIssue(raw.themes.length, limits.maxThemes, ['themes'], 'themes', 'maxThemes')
      : null,
  ].filter((i): i is MgiIssue => i !== null);
  if (tooMany.length > 0) return { success: false, issues: withSrc(tooMany, options.source) };
  const parsed = MatrixSchema.safeParse(value);
  if (!parsed.success)
    return { success: false, issues: withSrc(fromZodIssues(parsed.error.issues, value), options.source) };
  const compiled = compileMatrix(parsed.data, engine);
  if (!compiled.success) return { success: false, issues: withSrc(compiled.issues, options.source) };
  compiledCache.set(parsed.data, compiled.data);
  return { success: true, data: parsed.data };
}

/**
 * The compiled form of a matrix: cached for matrices from `parseMatrix`, checked and compiled
 * otherwise (throws `MgiError` when invalid). Needs no text reader, so scoring can use it.
 */
export function compiledFor(
  matrix: Matrix | CompiledMatrix,
  engine: FormulaEngine | undefined,
): CompiledMatrix {
  if (isCompiled(matrix)) return matrix;
  const cached = compiledCache.get(matrix);
  if (cached) return cached;
  const issues: MgiIssue[] = [];
  scanKeys(matrix, [], issues, 0, resolveLimits().maxDepth);
  if (issues.length > 0) throw new MgiError(issues);
  const res = safeCompileMatrixValue(matrix, engine);
  if (!res.success) throw new MgiError(res.issues);
  return compiledCache.get(res.data)!;
}

function isCompiled(m: Matrix | CompiledMatrix): m is CompiledMatrix {
  return (m as CompiledMatrix).indicatorById instanceof Map;
}
