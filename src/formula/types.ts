import type { IssuePath, SafeParseResult } from '../errors';

/** A formula compiled once per matrix and evaluated once per assessment. */
export interface CompiledFormula {
  /** The variables the expression reads (input ids and indicator ids), sorted, without duplicates. */
  readonly symbols: readonly string[];
  /**
   * Evaluate with a value for every symbol. Returns a number that may be non-finite (the caller turns
   * NaN and ±Infinity into `no-data`); throws only for a failure the caller reports as `no-data` too.
   */
  evaluate(scope: Readonly<Record<string, number>>): number;
}

/**
 * Compiles matrix expressions. mgi-engine's default engine is a sandboxed mathjs
 * (`mgi-engine`'s `formulaEngine`); the core takes it as a parameter so that code paths without
 * formulas never load mathjs.
 */
export interface FormulaEngine {
  /**
   * Parse and check an expression against the allow-list. `path` is where the expression sits in the
   * matrix, used in issues.
   */
  compile(expression: string, path: IssuePath): SafeParseResult<CompiledFormula>;
}
