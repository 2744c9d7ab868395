/**
 * mgi-engine: score migration-governance indicator matrices (IOM MGI, SDG 10.7.2, national M&E
 * frameworks) with an annual monitoring-and-evaluation calculation. Browser-safe: nothing here
 * reaches a `node:` module.
 *
 * @packageDocumentation
 */

import { MgiError, type SafeParseResult } from './errors';
import { registeredFormulaEngine } from './formula/_registry';
import type { CompiledMatrix } from './matrix/compiled';
import { type ParseOptions, safeParseAssessmentCore, safeParseMatrixWith } from './parse';
import type { Assessment } from './schema/assessment';
import type { Matrix } from './schema/matrix';
import type { Report } from './schema/report';
import { enrichedReport } from './scoring/columns-api';
import type { ScoreOptions } from './scoring/score';
import { scoreColumnsWith } from './scoring/score-columns';

export type { Dimension, DimensionId, Language } from './dimensions';
export { dimensionIds, dimensions, isDimensionId, languages } from './dimensions';
export type { IssueCode, IssuePath, MgiIssue, SafeParseResult } from './errors';
export { formatIssues, formatPath, issueCodes, MgiError } from './errors';
export type { CompiledFormula, FormulaEngine } from './formula/types';
export type { CsvAssessments, CsvReadOptions } from './io/csv-assessment';
export { assessmentsToCsv, csvToAssessments } from './io/csv-assessment';
export type { Limits } from './limits';
export { DEFAULT_LIMITS, limitNames } from './limits';
export type {
  CompiledIndicator,
  CompiledInput,
  CompiledMatrix,
  CompiledTheme,
  Point,
} from './matrix/compiled';
export type { ParseOptions } from './parse';
export type { IndicatorLabels, ReportLabels } from './report/labels';
export { reportLabels } from './report/labels';
export type { RenderFormat, RenderOptions } from './report/render';
export { csvColumns, csvColumnsOf, growthCsvColumns, render } from './report/render';
export {
  renderSensitivityCsv,
  renderSensitivityHtml,
  sensitivityCsvColumns,
  sensitivitySection,
} from './report/sensitivity';
export type { ChunkFormat, ChunkOptions } from './report/stream';
export { renderChunks } from './report/stream';
export type { Assessment, Observation } from './schema/assessment';
export { ASSESSMENT_FORMAT, AssessmentSchema } from './schema/assessment';
export type { JsonSchema } from './schema/assessment-for-matrix';
export { assessmentSchemaForMatrix } from './schema/assessment-for-matrix';
export type { JsonSchemaTarget } from './schema/json-schema';
export {
  assessmentJsonSchema,
  matrixJsonSchema,
  reportJsonSchema,
  scorecardJsonSchema,
  sensitivityJsonSchema,
} from './schema/json-schema';
export type {
  AggregationMethod,
  Band,
  Direction,
  FormulaIndicator,
  GrowthThresholds,
  Indicator,
  Level,
  Matrix,
  ProgressMethod,
  QualitativeIndicator,
  QuantitativeIndicator,
  Scoring,
  Theme,
} from './schema/matrix';
export { MATRIX_FORMAT, MatrixSchema } from './schema/matrix';
export type {
  Change,
  DimensionResult,
  GrowthCategory,
  GrowthResult,
  IndicatorResult,
  IndicatorStatus,
  Report,
  ReportIssue,
  ReportingResult,
  ReportMatrix,
  Scorecard,
  Series,
  ThemeResult,
  TraceStep,
} from './schema/report';
export {
  REPORT_FORMAT,
  ReportSchema,
  SCORECARD_FORMAT,
  ScorecardSchema,
  SeriesSchema,
} from './schema/report';
export type {
  ChoiceIndices,
  Sensitivity,
  SensitivityRow,
  VarySpec,
} from './schema/sensitivity';
export { SENSITIVITY_FORMAT, SensitivitySchema } from './schema/sensitivity';
export type {
  AssessmentOf,
  IndicatorIdOf,
  LevelObservation,
  MissingObservation,
  NumericObservation,
  ObservationFor,
  ObservationMeta,
  ObservationOf,
  ObservationsOf,
} from './schema/typed';
export { defineAssessment } from './schema/typed';
export { type ScoreColumns, scoreColumns } from './scoring/columns-api';
export type { ScoreOptions } from './scoring/score';
export type { Choice } from './sensitivity/choice';
export type { InputIndices, SobolIndices } from './sensitivity/estimators';
export { sobolIndices } from './sensitivity/estimators';
export type { Rng } from './sensitivity/random';
export { createRng } from './sensitivity/random';
export type { SensitivityOptions } from './sensitivity/sensitivity';
export { DEFAULT_VARY, sensitivity } from './sensitivity/sensitivity';

/**
 * Parse and check a matrix without throwing: schema, cross-references and formulas. Formula
 * indicators need the formula engine: `import 'mgi-engine/formula'` once (without it they are a
 * `formula-unsupported` issue, and mathjs is never loaded).
 *
 * @param input - JSON text or an already parsed value.
 * @returns `{success: true, data}` or `{success: false, issues}` with every problem found.
 */
export function safeParseMatrix(input: unknown, options?: ParseOptions): SafeParseResult<Matrix> {
  return safeParseMatrixWith(input, registeredFormulaEngine(), options);
}

/**
 * Parse and check a matrix; throws {@link MgiError} with every issue found. A matrix with formula
 * indicators needs `import 'mgi-engine/formula'` first.
 *
 * @example
 * ```ts
 * import 'mgi-engine/formula'; // only for matrices with formula indicators
 * const matrix = parseMatrix(readFileSync('indicators/moldova-dmd.json', 'utf8'));
 * ```
 */
export function parseMatrix(input: unknown, options?: ParseOptions): Matrix {
  const r = safeParseMatrix(input, options);
  if (!r.success) throw new MgiError(r.issues);
  return r.data;
}

/** Parse an assessment without throwing (schema only; use `score()` to check it against a matrix). */
export function safeParseAssessment(input: unknown, options?: ParseOptions): SafeParseResult<Assessment> {
  return safeParseAssessmentCore(input, options);
}

/** Parse an assessment; throws {@link MgiError} with every issue found. */
export function parseAssessment(input: unknown, options?: ParseOptions): Assessment {
  const r = safeParseAssessmentCore(input, options);
  if (!r.success) throw new MgiError(r.issues);
  return r.data;
}

/**
 * Score assessments against a matrix: normalised scores, progress against baseline and targets,
 * status, year-over-year change, theme / dimension / overall scores, bands, coverage and reporting
 * compliance for every entity-year, plus a series per entity with several years.
 * Pure, synchronous and deterministic. Problems with single assessments are listed in
 * `report.errors` while the rest is scored; an invalid matrix throws {@link MgiError}.
 *
 * @example
 * ```ts
 * const report = score(matrix, [assessment2020, assessment2021]);
 * report.scorecards[1].overall; // { score: 37.5, band: 'partial', coverage: 1 }
 * ```
 */
export function score(
  matrix: Matrix | CompiledMatrix,
  assessments: readonly Assessment[],
  options?: ScoreOptions,
): Report {
  return enrichedReport(
    scoreColumnsWith(matrix, assessments, options, registeredFormulaEngine()),
    'format' in matrix ? matrix : matrix.matrix,
  );
}

/**
 * Identity helper for authoring a matrix in TypeScript: returns its argument unchanged, keeping
 * literal types (indicator ids, level ids) for typed assessments.
 */
export function defineMatrix<const M extends Matrix>(matrix: M): M {
  return matrix;
}
