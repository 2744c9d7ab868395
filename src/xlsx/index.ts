/**
 * Spreadsheets for mgi-engine (`mgi-engine/xlsx`): read assessments from `.xlsx` workbooks (filled
 * collection templates or plain long-format sheets), write collection templates. Works in Node and
 * in browsers; its one dependency, fflate (zip), stays out of the core entry.
 *
 * @packageDocumentation
 */

export type { XlsxLimits } from './_read';
export { DEFAULT_XLSX_LIMITS } from './_read';
export type { XlsxAssessments, XlsxReadOptions } from './assessments';
export { xlsxToAssessments } from './assessments';
export { reportToXlsx } from './scorecard';
export type { TemplateOptions } from './template';
export { templateWorkbook } from './template';
