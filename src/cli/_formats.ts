/**
 * Output formats of `mgi score` beyond the core renderers: CSV for Excel (`--csv excel`), and later
 * the spreadsheet and SDMX formats. Kept out of `score.ts` so that the command only wires them in.
 */

import type { Language } from '../dimensions';
import { formatIssues, type MgiIssue } from '../errors';
import type { Limits } from '../limits';
import { assessmentsFromText } from '../node';
import type { Assessment } from '../schema/assessment';
import type { Matrix } from '../schema/matrix';
import type { Report } from '../schema/report';
import { UsageError } from './_args';
import type { Io } from './_io';

/** Whether a file is read as a workbook rather than as text. */
export const isWorkbook = (file: string): boolean => /\.xlsx$/i.test(file);

/** Read one input file: a workbook by its bytes, anything else from its text. */
export async function readAssessmentFile(
  file: string,
  text: string,
  matrix: Matrix | undefined,
  limits: Partial<Limits> | undefined,
): Promise<{ assessments: Assessment[]; issues: MgiIssue[]; warnings: MgiIssue[] }> {
  if (!isWorkbook(file)) return { ...(await assessmentsFromText(text, file, matrix, limits)), warnings: [] };
  const { loadXlsxAssessments } = await import('../xlsx/_node');
  return loadXlsxAssessments(file, { ...(matrix ? { matrix } : {}), ...(limits ? { limits } : {}) });
}

/** Print warnings about inputs (formula cells, external links, macros) to stderr, unless quiet. */
export function printInputWarnings(
  io: Io,
  warnings: readonly MgiIssue[] | undefined,
  json: boolean,
  quiet = false,
): void {
  if (quiet || !warnings || warnings.length === 0) return;
  if (json) io.err(`${JSON.stringify({ warnings })}\n`);
  else io.err(`${formatIssues(warnings).replace(/^/gm, 'warning: ')}\n`);
}

/** Flags `mgi score` adds for these formats. */
export const formatFlags = {
  csv: {
    type: 'string',
    description:
      'CSV dialect with --format csv: rfc4180 (default) or excel (UTF-8 BOM; ";" and decimal comma where the language uses them)',
    values: ['rfc4180', 'excel'],
  },
} as const;

/**
 * Render the formats this file owns; `undefined` for the others (the caller renders those).
 * Throws {@link UsageError} for a flag that does not go with the format.
 */
export async function renderFormat(
  report: Report,
  format: string,
  lang: Language,
  flags: Readonly<Record<string, unknown>>,
): Promise<string | Uint8Array | undefined> {
  const dialect = flags.csv as 'rfc4180' | 'excel' | undefined;
  if (dialect !== undefined && format !== 'csv')
    throw new UsageError(`--csv ${dialect} goes with --format csv, not --format ${format}`);
  if (format === 'csv' && dialect === 'excel') {
    const { renderCsv } = await import('../report/csv');
    return renderCsv(report, { lang, dialect });
  }
  return undefined;
}
