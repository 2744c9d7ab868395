/**
 * RFC 4180 CSV: a tokenizer that turns text into rows of strings (with row and column in its
 * errors), and a writer that turns rows back into text that the tokenizer reads identically.
 * Internal: the assessment CSV format is built on it in `io/`. Guarding against formula injection
 * (`=`, `+`, `-`, `@` at the start of a cell) is the caller's job, not this file's.
 *
 * Browser-safe: no `node:` imports.
 */

import type { MgiIssue } from '../errors';
import { issue } from '../errors';
import { DEFAULT_MAX_BYTES } from './json';

/** Limits for {@link parseCsv}. */
export interface CsvParseOptions {
  /** Longest text allowed, in UTF-16 code units (`text.length`). Default 50 Mi, as for JSON. */
  readonly maxBytes?: number | undefined;
  /** The field separator: `,` (default, RFC 4180), `;` or a tab. */
  readonly delimiter?: CsvDelimiter | undefined;
}

/** A field separator that {@link parseCsv} and {@link toCsv} support. */
export type CsvDelimiter = ',' | ';' | '\t';

/** What {@link parseCsv} returns. */
export interface CsvParseResult {
  /** The records, each an array of fields, in file order; fully empty lines are left out. */
  readonly rows: string[][];
  /**
   * For each entry of `rows`, its 1-based row number in the file as a spreadsheet shows it: every
   * record counts, empty lines included, and a quoted field spanning lines is still one row. Callers
   * use it to name rows in their own messages.
   */
  readonly rowNumbers: number[];
  /** `csv-syntax` problems (at most {@link MAX_CSV_ISSUES}, then one summary), or one `too-large`. */
  readonly issues: MgiIssue[];
}

/** Issues reported by {@link parseCsv} before it summarises the rest in one last issue. */
export const MAX_CSV_ISSUES = 100;

/**
 * Split RFC 4180 CSV text into rows of fields (`,`-separated unless `options.delimiter` says `;`
 * or tab).
 *
 * Accepts a leading UTF-8 byte order mark; CRLF, LF and lone CR line endings (mixed, too); quoted
 * fields with `""` for a quote and with embedded commas and line breaks. Spaces are part of a field
 * (RFC 4180 §2.4), so nothing is trimmed. A line ending at the end of the text does not start
 * another row, and fully empty lines are skipped (a blank line in a spreadsheet export is not a
 * record); a row whose only field is empty must therefore be written `""`, as {@link toCsv} does.
 * Rows may have different lengths: checking them against a header is the caller's job. Empty text
 * gives no rows and no issues.
 *
 * Problems are `csv-syntax` issues with path `[]` and a message that starts with the 1-based row
 * (see {@link CsvParseResult.rowNumbers}) and column (the field's position in its row): a quote
 * inside an unquoted field, text after a closing quote, or a quoted field that never ends. Reading
 * goes on after the first two (the characters are kept as they are), so one pass reports them all.
 *
 * @example
 * ```ts
 * parseCsv('entity,year,indicator,value\r\nMDA,2021,"R1, total",20\r\n');
 * // { rows: [['entity', 'year', 'indicator', 'value'], ['MDA', '2021', 'R1, total', '20']],
 * //   rowNumbers: [1, 2], issues: [] }
 * ```
 */
export function parseCsv(text: string, options: CsvParseOptions = {}): CsvParseResult {
  const rows: string[][] = [];
  const rowNumbers: number[] = [];
  const issues: MgiIssue[] = [];
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (text.length > maxBytes) {
    issues.push(
      issue(
        'too-large',
        [],
        `input is ${text.length} characters long, more than the limit of ${maxBytes}; split it or raise maxBytes`,
        { expected: `at most ${maxBytes} characters`, received: `${text.length} characters` },
      ),
    );
    return { rows, rowNumbers, issues };
  }
  let skipped = 0;
  const report = (row: number, column: number, message: string): void => {
    if (issues.length < MAX_CSV_ISSUES) {
      issues.push(issue('csv-syntax', [], `row ${row}, column ${column}: ${message}`));
    } else {
      skipped++;
    }
  };

  const sep = (options.delimiter ?? ',').charCodeAt(0);
  const sepName = sep === COMMA ? 'a comma' : sep === 0x3b ? 'a semicolon' : 'a tab';
  const length = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let row = 0;
  while (pos < length) {
    row++;
    let c = text.charCodeAt(pos);
    if (c === CR || c === LF) {
      // A fully empty line: skip it (it still counts as a row for numbering).
      pos += c === CR && text.charCodeAt(pos + 1) === LF ? 2 : 1;
      continue;
    }
    const fields: string[] = [];
    for (;;) {
      const column = fields.length + 1;
      let value: string;
      c = text.charCodeAt(pos);
      if (c === QUOTE) {
        value = '';
        let from = pos + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close < 0) {
            report(
              row,
              column,
              'unterminated quoted field; add the closing quote (") at the end of the field',
            );
            value += text.slice(from);
            pos = length;
            break;
          }
          value += text.slice(from, close);
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += '"';
            from = close + 2;
          } else {
            pos = close + 1;
            break;
          }
        }
        c = text.charCodeAt(pos);
        if (pos < length && c !== sep && c !== CR && c !== LF) {
          const found = JSON.stringify(String.fromCodePoint(text.codePointAt(pos) as number));
          report(
            row,
            column,
            `unexpected ${found} after the closing quote; a quoted field must end at ${sepName} or the end of the line (write "" for a quote inside it)`,
          );
          const start = pos;
          pos = endOfField(text, pos, sep);
          value += text.slice(start, pos);
        }
      } else {
        const start = pos;
        pos = endOfField(text, pos, sep);
        value = text.slice(start, pos);
        if (value.includes('"')) {
          report(
            row,
            column,
            'unexpected quote (") in an unquoted field; put the whole field in quotes and double the quote inside it ("a ""b"" c")',
          );
        }
      }
      fields.push(value);
      c = text.charCodeAt(pos);
      if (c === sep) {
        pos++;
        continue;
      }
      // End of the record: CRLF, LF, lone CR, or the end of the text.
      if (c === CR) pos += text.charCodeAt(pos + 1) === LF ? 2 : 1;
      else if (c === LF) pos++;
      break;
    }
    rows.push(fields);
    rowNumbers.push(row);
  }
  if (skipped > 0)
    issues.push(
      issue('csv-syntax', [], `${skipped} more CSV syntax errors not shown; fix the ones above first`),
    );
  return { rows, rowNumbers, issues };
}

/**
 * Quote one field for CSV when it needs it (RFC 4180): when it holds a comma, a quote, CR or LF,
 * starts or ends with a space or tab (which some tools trim), or starts with a byte order mark (which
 * a reader would strip from the start of a file). Quotes inside are doubled. Anything else is
 * returned unchanged.
 *
 * @example
 * ```ts
 * csvField('R1, total'); // '"R1, total"'
 * csvField('say "hi"'); // '"say ""hi"""'
 * csvField('MDA'); // 'MDA'
 * ```
 */
export function csvField(value: string, delimiter: CsvDelimiter = ','): string {
  if (needsQuotes(value, delimiter.charCodeAt(0))) return `"${value.replaceAll('"', '""')}"`;
  return value;
}

/**
 * Write rows as RFC 4180 CSV: fields quoted by {@link csvField}, CRLF after every row (the last one
 * too). A row with a single empty field is written `""`, so that {@link parseCsv}, which skips
 * empty lines, reads it back; a row with no fields at all cannot be represented and is written as
 * an empty line. `parseCsv(toCsv(rows)).rows` equals `rows` for every table without empty rows.
 *
 * @example
 * ```ts
 * toCsv([['indicator', 'note'], ['R1', 'ok, checked']]); // 'indicator,note\r\nR1,"ok, checked"\r\n'
 * ```
 */
export function toCsv(
  rows: readonly (readonly string[])[],
  options: { readonly delimiter?: CsvDelimiter | undefined } = {},
): string {
  const sep = options.delimiter ?? ',';
  let out = '';
  for (const row of rows) {
    out += row.length === 1 && row[0] === '' ? '""' : row.map((f) => csvField(f, sep)).join(sep);
    out += '\r\n';
  }
  return out;
}

/**
 * The separators of the first record of `text` (outside quotes), counted: what a reader uses to
 * decide between `,`, `;` and tab, and to name what it found when none fits. Other punctuation
 * (`|`, `:`) is counted too, so a message can name it. Linear in the first record's length.
 */
export function countSeparators(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  let quoted = false;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted && (c === CR || c === LF)) break;
    else if (!quoted && SEPARATOR_LIKE.has(c)) {
      const ch = String.fromCharCode(c);
      counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
  }
  return counts;
}

// --- internal ---

/** `,` `;` tab `|` `:` and space: characters a header might be split at. */
const SEPARATOR_LIKE = new Set([0x2c, 0x3b, 0x09, 0x7c, 0x3a, 0x20]);

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/** Offset of the separator, CR, LF or end of text that ends the unquoted field text at `pos`. */
function endOfField(text: string, pos: number, sep: number): number {
  const length = text.length;
  while (pos < length) {
    const c = text.charCodeAt(pos);
    if (c === sep || c === CR || c === LF) break;
    pos++;
  }
  return pos;
}

function needsQuotes(value: string, sep: number): boolean {
  if (value.length === 0) return false;
  const first = value.charCodeAt(0);
  const last = value.charCodeAt(value.length - 1);
  if (first === 0x20 || first === 0x09 || first === 0xfeff || last === 0x20 || last === 0x09) return true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === sep || c === QUOTE || c === CR || c === LF) return true;
  }
  return false;
}
