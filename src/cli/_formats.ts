/**
 * Output formats of `mgi score` beyond the core renderers: CSV for Excel (`--csv excel`), and later
 * the spreadsheet and SDMX formats. Kept out of `score.ts` so that the command only wires them in.
 */

import type { Language } from '../dimensions';
import { formatIssues, MgiError, type MgiIssue } from '../errors';
import type { SdmxMapping } from '../io/sdmx';
import type { Limits } from '../limits';
import { assessmentsFromText } from '../node';
import type { Assessment } from '../schema/assessment';
import type { Matrix } from '../schema/matrix';
import type { Report } from '../schema/report';
import { UsageError } from './_args';
import type { Io } from './_io';

async function readMapping(file: string): Promise<SdmxMapping> {
  const { readTextFile } = await import('../node');
  const { readJson } = await import('../io/json');
  const text = await readTextFile(file);
  const parsed = text.success ? readJson(text.data, { source: file }) : text;
  if (!parsed.success) throw new MgiError(parsed.issues);
  const { checkSdmxMapping } = await import('../io/sdmx');
  const problems = checkSdmxMapping(parsed.data, file);
  if (problems.length > 0) throw new MgiError(problems);
  return parsed.data as SdmxMapping;
}

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
  'sdmx-mapping': {
    type: 'string',
    description:
      'With --format sdmx-csv: a JSON file of SDMX codes (series, bandCodes, domains, refAreas, …)',
  },
} as const;

/** The formats of `mgi score`, the core renderers' and these. */
export const scoreFormats = [
  'json',
  'ndjson',
  'md',
  'csv',
  'csv-summary',
  'csv-categories',
  'html',
  'xlsx',
  'sdmx-csv',
] as const;

/**
 * Render the formats this file owns; `undefined` for the others (the caller renders those).
 * Throws {@link UsageError} for a flag that does not go with the format.
 */
export async function renderFormat(
  report: Report,
  format: string,
  lang: Language,
  flags: Readonly<Record<string, unknown>>,
  matrixSdmx?: SdmxMapping,
): Promise<string | Uint8Array | undefined> {
  const dialect = flags.csv as 'rfc4180' | 'excel' | undefined;
  if (dialect !== undefined && format !== 'csv')
    throw new UsageError(`--csv ${dialect} goes with --format csv, not --format ${format}`);
  if (format === 'csv' && dialect === 'excel') {
    const { renderCsv } = await import('../report/csv');
    return renderCsv(report, { lang, dialect });
  }
  const mappingFile = flags['sdmx-mapping'] as string | undefined;
  if (mappingFile !== undefined && format !== 'sdmx-csv')
    throw new UsageError('--sdmx-mapping goes with --format sdmx-csv');
  if (format === 'sdmx-csv') {
    const { reportToSdmxCsv } = await import('../io/sdmx');
    // A --sdmx-mapping file overrides the mapping the matrix carries (`matrix.sdmx`).
    return reportToSdmxCsv(
      report,
      mappingFile === undefined ? (matrixSdmx ?? {}) : await readMapping(mappingFile),
    );
  }
  if (format === 'xlsx') {
    if (typeof flags.out !== 'string' || flags.out === '-')
      throw new UsageError('--format xlsx needs --out FILE.xlsx (a workbook is not printed)');
    const { reportToXlsx } = await import('../xlsx/scorecard');
    return reportToXlsx(report, { lang });
  }
  return undefined;
}
