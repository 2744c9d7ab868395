/**
 * Output formats of `mgi score` beyond the core renderers: CSV for Excel (`--csv excel`), and later
 * the spreadsheet and SDMX formats. Kept out of `score.ts` so that the command only wires them in.
 */

import type { Language } from '../dimensions';
import type { Report } from '../schema/report';
import { UsageError } from './_args';

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
