/**
 * What the tabular readers need to know about a matrix to check rows: each reportable id's kind,
 * levels, range and breakdown categories, the formula indicators (reported through their inputs)
 * and every breakdown dimension; and the check of one row's entry against them. Internal to `io/`.
 */

import type { IssueCode } from '../errors';
import { closest } from '../schema/_issues';
import { formulaInputs, needsPositiveValues } from '../schema/assessment-for-matrix';
import type { Matrix } from '../schema/matrix';
import type { Entry } from './_tabular-values';

/** What the matrix says about each reportable id, for row-level checks. */
export interface Reportable {
  readonly kind: 'quantitative' | 'qualitative' | 'input';
  readonly levels: readonly string[];
  readonly range: { readonly min?: number | undefined; readonly max?: number | undefined };
  /** Values must be above 0 (log-scale goalposts). */
  readonly positive?: boolean;
  readonly categories: Readonly<Record<string, readonly string[]>>;
}

/** The lookups built once per read. */
export interface MatrixLookup {
  readonly reportable: Map<string, Reportable>;
  readonly formulas: Map<string, readonly string[]>;
  /** Every breakdown dimension of any indicator or input. */
  readonly dimensions: Set<string>;
}

/** Build the lookups of {@link MatrixLookup} for one matrix. */
export function matrixLookup(matrix: Matrix): MatrixLookup {
  const reportable = new Map<string, Reportable>();
  const formulas = new Map<string, readonly string[]>();
  const dimensions = new Set<string>();
  for (const ind of matrix.indicators) {
    if (ind.kind === 'formula') {
      formulas.set(ind.id, ind.inputs ?? []);
      for (const d of Object.keys(ind.disaggregation ?? {})) dimensions.add(d);
    } else if (ind.kind === 'qualitative') {
      reportable.set(ind.id, {
        kind: 'qualitative',
        levels: ind.levels.map((l) => l.id),
        range: {},
        categories: {},
      });
    } else {
      reportable.set(ind.id, {
        kind: 'quantitative',
        levels: [],
        range: ind.range ?? {},
        positive: needsPositiveValues(ind, matrix.scoring?.normalisation ?? 'target'),
        categories: ind.disaggregation ?? {},
      });
      for (const d of Object.keys(ind.disaggregation ?? {})) dimensions.add(d);
    }
  }
  for (const input of formulaInputs(matrix)) {
    if (!reportable.has(input.id))
      reportable.set(input.id, { kind: 'input', levels: [], range: {}, categories: input.categories });
    for (const d of Object.keys(input.categories)) dimensions.add(d);
  }
  return { reportable, formulas, dimensions };
}

/** The problem with a row's entry for what the matrix says about its id, or undefined. */
export function checkAgainstMatrix(
  target: Reportable,
  entry: Entry,
  dim: string | undefined,
  cat: string | undefined,
): { code: IssueCode; column?: string; message: string; hint?: string | undefined } | undefined {
  if (target.kind === 'qualitative') {
    if (entry.value !== undefined) {
      return {
        code: 'kind-mismatch',
        message: `the indicator is qualitative: give a level (${target.levels.join(', ')}) in "level", not a number`,
        column: 'value',
      };
    }
    if (entry.level !== undefined && !target.levels.includes(entry.level)) {
      const near = closest(entry.level, target.levels);
      return {
        code: 'unknown-level',
        message: `level "${entry.level}" is not one of ${target.levels.join(', ')}`,
        hint: near ? `did you mean "${near}"?` : undefined,
      };
    }
    return undefined;
  }
  if (entry.level !== undefined) {
    return {
      code: 'kind-mismatch',
      message: `the indicator is ${target.kind === 'input' ? 'a formula input' : 'quantitative'}: give a number in "value", not a level`,
      column: 'level',
    };
  }
  if (dim !== undefined && cat !== undefined) {
    const problem = categoryProblem(target, dim, cat);
    if (problem) return problem;
  }
  const v = entry.value;
  if (v !== undefined && target.positive && !(v > 0)) {
    return {
      code: 'value-out-of-range',
      column: 'value',
      message: `${v} is outside the declared range (above 0, as the goalposts are on a log scale)`,
    };
  }
  if (
    v !== undefined &&
    ((target.range.min !== undefined && v < target.range.min) ||
      (target.range.max !== undefined && v > target.range.max))
  ) {
    return {
      code: 'value-out-of-range',
      column: 'value',
      message: `${v} is outside the declared range (${target.range.min ?? '−∞'} to ${target.range.max ?? '∞'})`,
    };
  }
  return undefined;
}

function categoryProblem(
  target: Reportable,
  dim: string,
  cat: string,
): { code: IssueCode; column: string; message: string; hint?: string | undefined } | undefined {
  const cats = target.categories[dim];
  if (cats === undefined) {
    const dims = Object.keys(target.categories);
    return {
      code: 'unknown-category',
      column: dim,
      message: `this indicator has no breakdown by "${dim}" (${dims.length > 0 ? `only by ${dims.join(', ')}` : 'it has no breakdown'})`,
    };
  }
  if (cats.includes(cat)) return undefined;
  const near = closest(cat, cats);
  return {
    code: 'unknown-category',
    column: dim,
    message: `"${cat}" is not a category of "${dim}" (${cats.join(', ')})`,
    hint: near ? `did you mean "${near}"?` : undefined,
  };
}
