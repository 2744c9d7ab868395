/**
 * Formula indicators for mgi-engine (`mgi-engine/formula`). Importing this module once registers the
 * sandboxed mathjs formula engine, after which `parseMatrix()`, `safeParseMatrix()` and `score()`
 * from `mgi-engine` accept matrices with `kind: "formula"` indicators. Without it those matrices are
 * rejected with a `formula-unsupported` issue, and mathjs is never loaded or bundled: an app whose
 * matrices have no formulas does not pay for it.
 *
 * `mgi-engine/node`'s `loadMatrix()` and the `mgi` CLI load the engine themselves when a matrix has
 * formulas.
 *
 * @example
 * ```ts
 * import 'mgi-engine/formula';
 * import { parseMatrix } from 'mgi-engine';
 * const matrix = parseMatrix(moldovaJson); // formula indicators compile
 * ```
 *
 * @packageDocumentation
 */
import { registerFormulaEngine } from './_registry';
import { formulaEngine } from './engine';

registerFormulaEngine(formulaEngine);

export { FORMULA_LIMITS, formulaEngine } from './engine';
export type { CompiledFormula, FormulaEngine } from './types';
