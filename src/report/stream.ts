/**
 * Report text written from the columns (issue 15): JSON, NDJSON and CSV as a sequence of chunks,
 * each scorecard built from `scoreColumns()`'s columns when the writer reaches it and dropped once
 * written, so a batch of any size is written in the memory of a few scorecards. Browser-safe: the
 * chunks can go to a file, a `WritableStream`, a `Blob` or a download. The pieces of the JSON
 * layout are shared with the CLI's asynchronous writers (`src/cli/_write-report.ts`).
 */
import type { Language } from '../dimensions';
import type { Report, ReportIssue, Scorecard, Series } from '../schema/report';
import type { ScoreColumns } from '../scoring/score-columns';
import { renderCsv } from './csv';

/** The four lists of a report, in the report's key order. */
export const REPORT_LISTS = ['scorecards', 'series', 'warnings', 'errors'] as const;

/** The keys of a report with lists, in order: the header's own keys, then the lists not among them. */
export function reportKeys(header: Readonly<Record<string, unknown>>): string[] {
  const isList = (k: string) => (REPORT_LISTS as readonly string[]).includes(k);
  const keys = Object.keys(header).filter((k) => isList(k) || header[k] !== undefined);
  for (const k of REPORT_LISTS) if (!keys.includes(k)) keys.push(k);
  return keys;
}

/** `"key": ` of a report's key, after the one before it (`first`: none before). */
export function jsonKey(key: string, first: boolean): string {
  return `${first ? '{' : ','}\n  ${JSON.stringify(key)}: `;
}

/** A header value under its key, indented as `JSON.stringify(report, null, 2)` indents it. */
export function jsonValue(value: unknown): string {
  return indent(JSON.stringify(value, null, 2), '\n  ');
}

/** Item `n` (from 0) of a list under a report key. */
export function jsonItem(item: unknown, n: number): string {
  return `${n === 0 ? '[' : ','}\n    ${indent(JSON.stringify(item, null, 2), '\n    ')}`;
}

/** The end of a list of `n` items. */
export function jsonListEnd(n: number): string {
  return n === 0 ? '[]' : '\n  ]';
}

/** The end of the report (`empty`: it had no keys). */
export function jsonEnd(empty: boolean): string {
  return empty ? '{}\n' : '\n}\n';
}

/** A format of {@link renderChunks}. */
export type ChunkFormat = 'json' | 'ndjson' | 'csv';

/** Options of {@link renderChunks}. */
export interface ChunkOptions {
  readonly format: ChunkFormat;
  /** CSV: language of `indicator_title` (and of the separators in the Excel dialect). */
  readonly lang?: Language | undefined;
  /** CSV: `rfc4180` (default) or `excel`. */
  readonly dialect?: 'rfc4180' | 'excel' | undefined;
}

/**
 * The report of a scored batch as text, chunk by chunk, straight from its columns: `json` gives
 * exactly the bytes of `render(score(…), {format: 'json'})`, `csv` those of
 * `render(score(…), {format: 'csv'})`, and `ndjson` one `JSON.stringify(scorecard)` per line (the
 * scorecards only, as `mgi score --format ndjson` writes them). Each scorecard is built when its
 * chunk is produced and not kept.
 *
 * @example
 * ```ts
 * const cols = scoreColumns(matrix, assessments);
 * for (const chunk of renderChunks(cols, { format: 'ndjson' })) out.write(chunk);
 * ```
 */
export function* renderChunks(cols: ScoreColumns, options: ChunkOptions): Generator<string, void, undefined> {
  switch (options.format) {
    case 'json':
      yield* jsonChunks(cols);
      return;
    case 'ndjson':
      for (const card of cols.scorecards()) yield `${JSON.stringify(card)}\n`;
      return;
    case 'csv':
      yield* csvChunks(headerOf(cols), cols.scorecards(), options);
      return;
    default:
      throw new TypeError(
        `unknown format "${String((options as { format: unknown }).format)}"; expected json, ndjson or csv`,
      );
  }
}

/**
 * CSV scorecards, one chunk per scorecard: the same bytes as `renderCsv` of the whole report (the
 * header row, plain column names, comes with the first chunk only).
 */
export function* csvChunks(
  header: Report,
  cards: Iterable<Scorecard>,
  options: { readonly lang?: Language | undefined; readonly dialect?: 'rfc4180' | 'excel' | undefined } = {},
): Generator<string, void, undefined> {
  let first = true;
  for (const card of cards) {
    yield csvChunk(header, card, first, options);
    first = false;
  }
  if (first) yield csvChunk(header, undefined, true, options);
}

/**
 * The CSV rows of one scorecard, after the header row when `first` (the header alone for no
 * scorecard): the pieces of `renderCsv` of a whole report, one scorecard at a time.
 */
export function csvChunk(
  header: Report,
  card: Scorecard | undefined,
  first: boolean,
  options: { readonly lang?: Language | undefined; readonly dialect?: 'rfc4180' | 'excel' | undefined } = {},
): string {
  const opts = { lang: options.lang, ...(options.dialect ? { dialect: options.dialect } : {}) };
  const text = renderCsv(
    { ...header, scorecards: card ? [card] : [], series: [], warnings: [], errors: [] },
    opts,
  );
  // The header row is plain column names (no quotes or line breaks): the first line.
  return first ? text : text.slice(text.indexOf('\r\n') + 2);
}

// --- internal ---

function* jsonChunks(cols: ScoreColumns): Generator<string, void, undefined> {
  const header = headerOf(cols) as unknown as Record<string, unknown>;
  const lists: Record<(typeof REPORT_LISTS)[number], () => Iterable<Scorecard | Series | ReportIssue>> = {
    scorecards: () => cols.scorecards(),
    series: () => cols.allSeries(),
    warnings: () => cols.warnings,
    errors: () => cols.errors,
  };
  let first = true;
  for (const key of reportKeys(header)) {
    yield jsonKey(key, first);
    first = false;
    const list = (REPORT_LISTS as readonly string[]).includes(key)
      ? lists[key as (typeof REPORT_LISTS)[number]]
      : undefined;
    if (list === undefined) {
      yield jsonValue(header[key]);
      continue;
    }
    let n = 0;
    for (const item of list()) yield jsonItem(item, n++);
    yield jsonListEnd(n);
  }
  yield jsonEnd(first);
}

/** The report of `cols` without its lists (`format`, `matrix`): cheap, its lists are built on access. */
function headerOf(cols: ScoreColumns): Report {
  const r = cols.report();
  return { format: r.format, matrix: r.matrix, scorecards: [], series: [], warnings: [], errors: [] };
}

/** Indent every line after the first (JSON text has no raw line breaks inside strings). */
function indent(json: string | undefined, nl: string): string {
  return json === undefined ? 'null' : json.replaceAll('\n', nl);
}
