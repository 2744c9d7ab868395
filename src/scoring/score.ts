import type { MgiIssue } from '../errors';
import { MgiError } from '../errors';
import type { FormulaEngine } from '../formula/types';
import type { CompiledMatrix } from '../matrix/compiled';
import type { Assessment } from '../schema/assessment';
import type { Matrix } from '../schema/matrix';
import type { Report } from '../schema/report';
import { scoreColumnsWith } from './score-columns';
import type { ScoreOptions } from './score-options';

export { reportMatrix } from './report-matrix';
export type { ScoreOptions } from './score-options';

/**
 * Score assessments against a matrix: the annual M&E calculation for every entity-year, plus a
 * series per entity with several years. Pure and deterministic. Problems with individual
 * assessments go to `report.errors`; everything else is still scored. The report is the columnar
 * result ({@link scoreColumnsWith}) materialised.
 */
export function scoreWith(
  matrixInput: Matrix | CompiledMatrix,
  assessments: readonly Assessment[],
  options: ScoreOptions = {},
  engine?: FormulaEngine,
): Report {
  return scoreColumnsWith(matrixInput, assessments, options, engine).report();
}

// Re-exported for callers that want to fail on report errors.
export function throwOnErrors(report: Report): Report {
  if (report.errors.length > 0) {
    throw new MgiError(
      report.errors.map((e) => ({
        code: e.code as MgiIssue['code'],
        path: e.path,
        message: e.message,
        ...(e.source !== undefined ? { source: e.source } : {}),
      })),
    );
  }
  return report;
}
