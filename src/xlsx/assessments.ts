/**
 * Assessments from an `.xlsx` workbook: a filled collection template (see `template.ts`) or a plain
 * long-format sheet with the same columns as the CSV. The sheet named `Data` is read (or the first
 * sheet); its first non-empty row is the header. Rows go through the same tabular core as CSV, so
 * the checks and messages are the same, with cells named the spreadsheet way: `Data!E14`.
 *
 * Browser-safe.
 */

import { issue, type MgiIssue } from '../errors';
import { type Table, type TabularOptions, tableToAssessments } from '../io/_tabular';
import type { Assessment } from '../schema/assessment';
import { readWorkbook, type XlsxLimits } from './_read';
import { columnLetters } from './_write';

/** Options of {@link xlsxToAssessments}. */
export interface XlsxReadOptions extends TabularOptions {
  /** Bounds on the workbook (file size, zip entries, uncompressed size, rows, cells). */
  readonly xlsxLimits?: Partial<XlsxLimits> | undefined;
}

/** What {@link xlsxToAssessments} returns. */
export interface XlsxAssessments {
  readonly assessments: Assessment[];
  /** Problems; a row with one is skipped with the rest of its observation. */
  readonly issues: MgiIssue[];
  /** Read safely, but said: formula cells (cached value read), external links, macros. */
  readonly warnings: MgiIssue[];
}

/** Name of the hidden sheet that marks a workbook as an mgi template. */
export const TEMPLATE_MARKER_SHEET = '_mgi';
/** Reference columns of a template, skipped when reading it back. */
export const TEMPLATE_REFERENCE_COLUMNS = [
  'title',
  'unit',
  'baseline',
  'target',
  'previous',
  'kind',
  'choices',
];

/** At most this many formula cells are named one by one; the rest are counted. */
const MAX_FORMULA_WARNINGS = 20;

/**
 * Read assessments from the bytes of an `.xlsx` file. Never throws for bad input: problems are
 * issues naming the file, sheet and cell (`moldova-2025-mfa.xlsx: Data!E14: "12,5 %" is not a
 * number …`); hostile workbooks beyond the limits are refused before they are expanded; formulas
 * are never evaluated (the cached value is read, with a warning naming the cell).
 *
 * @example
 * ```ts
 * const { assessments, issues, warnings } = xlsxToAssessments(bytes, { matrix, source: 'mfa.xlsx' });
 * ```
 */
export function xlsxToAssessments(bytes: Uint8Array, options: XlsxReadOptions = {}): XlsxAssessments {
  const src = options.source;
  const withSource = (list: readonly MgiIssue[]) => list.map((i) => (src ? { ...i, source: src } : i));
  const book = readWorkbook(bytes, pickDataSheet, options.xlsxLimits);
  if (!book.success) return { assessments: [], issues: withSource(book.issues), warnings: [] };
  const [name] = pickDataSheet(book.data.sheetNames);
  const sheet = name === undefined ? undefined : book.data.sheets.get(name);
  if (!sheet) {
    return {
      assessments: [],
      issues: withSource([issue('empty-input', [], 'the workbook has no sheet to read')]),
      warnings: [],
    };
  }
  const template = book.data.sheetNames.includes(TEMPLATE_MARKER_SHEET);
  const table: Table = {
    rows: sheet.rows.map((r) => r.cells),
    rowNumbers: sheet.rows.map((r) => r.row),
    decimalComma: false,
    what: `sheet "${sheet.name}"`,
    locate: (row, column, colName) =>
      column === undefined
        ? { path: [sheet.name, row], label: `${sheet.name}!${row}:${row}` }
        : {
            path: [sheet.name, `${columnLetters(column)}${row}`],
            label: `${sheet.name}!${columnLetters(column)}${row}${colName ? ` (${colName})` : ''}`,
          },
    referenceColumns: template ? new Set(TEMPLATE_REFERENCE_COLUMNS) : undefined,
  };
  const read = tableToAssessments(table, options);
  const warnings = [...book.data.warnings, ...formulaWarnings(sheet.formulas)];
  return { assessments: read.assessments, issues: read.issues, warnings: withSource(warnings) };
}

/** The `Data` sheet (any case), else the first sheet that is not the template marker. */
function pickDataSheet(names: readonly string[]): string[] {
  const data = names.find((n) => n.toLowerCase() === 'data');
  const first = names.find((n) => n !== TEMPLATE_MARKER_SHEET);
  const chosen = data ?? first;
  return chosen === undefined ? [] : [chosen];
}

function formulaWarnings(refs: readonly string[]): MgiIssue[] {
  const out = refs
    .slice(0, MAX_FORMULA_WARNINGS)
    .map((ref) =>
      issue(
        'xlsx-formula-cell',
        [ref],
        `${ref} holds a formula: its value as last calculated and saved in the file was read (formulas are never evaluated); type the value instead to be sure`,
      ),
    );
  if (refs.length > MAX_FORMULA_WARNINGS)
    out.push(
      issue(
        'xlsx-formula-cell',
        [],
        `${refs.length - MAX_FORMULA_WARNINGS} more formula cells were read the same way`,
      ),
    );
  return out;
}
