/**
 * Report writers that stream: JSON, NDJSON and CSV written scorecard by scorecard onto a
 * {@link TextSink}, never as one string of the whole report. They take the parts of a report as
 * iterables (sync or async), so that any producer can feed them — today the entity-by-entity
 * scoring of `./_batch`, later a columnar store — and a part is read only when the writer reaches
 * it: `series`, `warnings` and `errors` may be filled while `scorecards` is being consumed.
 *
 * The JSON writer writes exactly the bytes of `JSON.stringify(report, null, 2) + "\n"` (tested on
 * the examples), the NDJSON writer one `JSON.stringify(scorecard)` per line, and the CSV writer
 * what `renderCsv` writes for the whole report (it calls `renderCsv` one scorecard at a time and
 * keeps the header row of the first call only).
 */
import type { Language } from '../dimensions';
import { renderCsv } from '../report/csv';
import type { Report, ReportIssue, Scorecard, Series } from '../schema/report';
import type { TextSink } from './_sink';

/** Items a writer takes: an array, a generator, or anything (async) iterable. */
export type Items<T> = Iterable<T> | AsyncIterable<T>;

/** A report in parts: the header (format, matrix) and the four lists as iterables. */
export interface ReportParts {
  /**
   * The report without its lists, in the report's key order (`format`, `matrix`, then the lists in
   * the order their keys appear here, e.g. what `scoreWith(matrix, [])` returns).
   */
  readonly header: Readonly<Record<string, unknown>>;
  readonly scorecards: Items<Scorecard>;
  readonly series: Items<Series>;
  readonly warnings: Items<ReportIssue>;
  readonly errors: Items<ReportIssue>;
}

const LISTS = ['scorecards', 'series', 'warnings', 'errors'] as const;

/**
 * Write a report as pretty-printed JSON, item by item: the same bytes as
 * `JSON.stringify(report, null, 2)` followed by a line feed.
 *
 * @example
 * ```ts
 * await writeReportJson(sink, { header, scorecards: cards(), series, warnings, errors });
 * ```
 */
export async function writeReportJson(sink: TextSink, parts: ReportParts): Promise<void> {
  const isList = (k: string) => (LISTS as readonly string[]).includes(k);
  const keys = Object.keys(parts.header).filter((k) => isList(k) || parts.header[k] !== undefined);
  for (const k of LISTS) if (!keys.includes(k)) keys.push(k);
  let first = true;
  await sink.write('{');
  for (const key of keys) {
    const list = isList(key) ? parts[key as (typeof LISTS)[number]] : undefined;
    await sink.write(`${first ? '' : ','}\n  ${JSON.stringify(key)}: `);
    first = false;
    if (list === undefined) {
      await sink.write(indent(JSON.stringify(parts.header[key], null, 2), '\n  '));
      continue;
    }
    let n = 0;
    for await (const item of list) {
      await sink.write(`${n === 0 ? '[' : ','}\n    ${indent(JSON.stringify(item, null, 2), '\n    ')}`);
      n++;
    }
    await sink.write(n === 0 ? '[]' : '\n  ]');
  }
  await sink.write(first ? '{}\n' : '\n}\n');
}

/** Write scorecards as NDJSON: one `JSON.stringify(scorecard)` per line. */
export async function writeScorecardsNdjson(sink: TextSink, scorecards: Items<Scorecard>): Promise<void> {
  for await (const card of scorecards) await sink.write(`${JSON.stringify(card)}\n`);
}

/**
 * Write the CSV scorecards (see `src/report/csv.ts`) scorecard by scorecard: the same bytes as
 * `renderCsv(report, {lang})` for the whole report.
 */
export async function writeReportCsv(
  sink: TextSink,
  parts: Pick<ReportParts, 'header' | 'scorecards'>,
  options: { readonly lang?: Language | undefined; readonly dialect?: 'rfc4180' | 'excel' } = {},
): Promise<void> {
  const base = { ...(parts.header as unknown as Report), series: [], warnings: [], errors: [] };
  let headerWritten = false;
  for await (const card of parts.scorecards) {
    const text = renderCsv({ ...base, scorecards: [card] }, options);
    // The first row is the header (plain column names, no quotes or line breaks): keep it once.
    await sink.write(headerWritten ? text.slice(text.indexOf('\r\n') + 2) : text);
    headerWritten = true;
  }
  if (!headerWritten) await sink.write(renderCsv({ ...base, scorecards: [] }, options));
}

// --- internal ---

/** Indent every line after the first (JSON text has no raw line breaks inside strings). */
function indent(json: string | undefined, nl: string): string {
  return json === undefined ? 'null' : json.replaceAll('\n', nl);
}
