/**
 * What the tabular readers need to know about a matrix to check rows: each reportable id's kind,
 * levels, range and breakdown categories, the formula indicators (reported through their inputs)
 * and every breakdown dimension. Internal to `io/`.
 */

import { formulaInputs } from '../schema/assessment-for-matrix';
import type { Matrix } from '../schema/matrix';

/** What the matrix says about each reportable id, for row-level checks. */
export interface Reportable {
  readonly kind: 'quantitative' | 'qualitative' | 'input';
  readonly levels: readonly string[];
  readonly range: { readonly min?: number | undefined; readonly max?: number | undefined };
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
