/**
 * Report writers that stream: JSON, NDJSON and CSV written scorecard by scorecard onto a
 * {@link TextSink}, never as one string of the whole report. They take the parts of a report as
 * iterables (sync or async), so that any producer can feed them — the entity-by-entity scoring of
 * `./_batch` — and a part is read only when the writer reaches it: `series`, `warnings` and
 * `errors` may be filled while `scorecards` is being consumed. The layout is that of the library's
 * `renderChunks` (`src/report/stream.ts`), which writes the same text from a batch's columns.
 *
 * The JSON writer writes exactly the bytes of `JSON.stringify(report, null, 2) + "\n"` (tested on
 * the examples), the NDJSON writer one `JSON.stringify(scorecard)` per line, and the CSV writer
 * what `renderCsv` writes for the whole report (it calls `renderCsv` one scorecard at a time and
 * keeps the header row of the first call only).
 */
import type { Language } from '../dimensions';
import {
  csvChunk,
  jsonEnd,
  jsonItem,
  jsonKey,
  jsonListEnd,
  jsonValue,
  REPORT_LISTS,
  reportKeys,
} from '../report/stream';
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

/**
 * Write a report as pretty-printed JSON, item by item: the same bytes as
 * `JSON.stringify(report, null, 2)` followed by a line feed (the layout of `renderChunks`).
 *
 * @example
 * ```ts
 * await writeReportJson(sink, { header, scorecards: cards(), series, warnings, errors });
 * ```
 */
export async function writeReportJson(sink: TextSink, parts: ReportParts): Promise<void> {
  let first = true;
  for (const key of reportKeys(parts.header)) {
    await sink.write(jsonKey(key, first));
    first = false;
    const list = (REPORT_LISTS as readonly string[]).includes(key)
      ? parts[key as (typeof REPORT_LISTS)[number]]
      : undefined;
    if (list === undefined) {
      await sink.write(jsonValue(parts.header[key]));
      continue;
    }
    let n = 0;
    for await (const item of list) await sink.write(jsonItem(item, n++));
    await sink.write(jsonListEnd(n));
  }
  await sink.write(jsonEnd(first));
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
  const header = parts.header as unknown as Report;
  let first = true;
  for await (const card of parts.scorecards) {
    await sink.write(csvChunk(header, card, first, options));
    first = false;
  }
  if (first) await sink.write(csvChunk(header, undefined, true, options));
}
