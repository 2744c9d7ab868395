/**
 * Assessments as long-format CSV, one row per value, and back, losslessly.
 *
 * Dialects: `,`-, `;`- or tab-separated, whichever splits the header into known columns (the header
 * decides); RFC 4180 quoting with any of them; a UTF-8 byte order mark is skipped. A decimal comma
 * (`12,5`) is read only in a `;`-separated file, where Excel writes it in locales with a decimal
 * comma; in a `,` or tab file it is an error, never a guess.
 *
 * Columns (header names match ignoring case, so `Entity,Year` is read as `entity,year`; surrounding
 * spaces in a header are ignored):
 * - `entity`, `year`, `indicator` (required) and at least one of `value` (a number), `level` (a
 *   level id) and `missing` (the reason a value is not available). Each row fills exactly one of
 *   the three.
 * - assessment fields, repeated on every row of the assessment (a blank cell means "not stated
 *   here"): `matrix` (`id@version`; when the column is absent or blank, the `matrix` option's),
 *   `status`, `submittedBy`, `submittedOn`, `entityName`, `notes` (the assessment's notes).
 * - observation fields: `source`, `evidence`, `reportedBy`, `note` (one value per observation:
 *   on one of its rows, or equal on all of them).
 * - breakdown columns: any column named like a dimension of an indicator's `disaggregation` (e.g.
 *   `sex`, `ageGroup`). A row with a category there (`female`) is that category's value, not the
 *   total; at most one breakdown column per row (cross-breakdowns are not supported). Without a
 *   matrix, any further column whose name is an id and not one typo away from a column above
 *   (`Value`, `evidnce`) is read as a breakdown dimension (and checked against the matrix later,
 *   when scoring); with a matrix, only its disaggregation dimensions are.
 *
 * Rows group into one assessment per (entity, year, submittedBy), in order of first appearance. A
 * row with an empty `indicator` and nothing else but assessment fields declares an assessment with
 * no observations. Numbers are plain decimals with a dot (`1.5`, `-2`, `1e-7`), or with a comma in a
 * `;`-separated file (`1,5`); `1,5` elsewhere, `1 000`,
 * `NaN`, `Infinity` and `12%` are errors, and `-0` reads as `0`, as in JSON. Nothing in a cell is
 * trimmed, rewritten or neutralised on input: cells are data.
 *
 * Browser-safe: no `node:` imports.
 *
 * @packageDocumentation
 */

import { issue, MgiError, type MgiIssue } from '../errors';
import { type Limits, resolveLimits } from '../limits';
import type { Assessment } from '../schema/assessment';
import type { Matrix } from '../schema/matrix';
import { type CsvDelimiter, countSeparators, parseCsv, toCsv } from './_csv';
import {
  ASSESSMENT_COLUMNS,
  knownHeaderCount,
  META_COLUMNS,
  STANDARD_COLUMNS,
  type Table,
  tableToAssessments,
  VALUE_COLUMNS,
} from './_tabular';

/** Options of {@link csvToAssessments}. */
export interface CsvReadOptions {
  /** The file name, added to every issue. */
  readonly source?: string | undefined;
  /**
   * The matrix the rows report on: its `id@version` fills a missing `matrix` column, its
   * disaggregations name the breakdown columns, and rows naming it are checked against it (ids,
   * kinds, levels, categories, ranges).
   */
  readonly matrix?: Matrix | undefined;
  /** Size limits: `maxTextLength` bounds the CSV text, `maxObservations` each assessment. */
  readonly limits?: Partial<Limits> | undefined;
}

/** What {@link csvToAssessments} returns: the assessments read, and every problem found. */
export interface CsvAssessments {
  readonly assessments: Assessment[];
  readonly issues: MgiIssue[];
}

/**
 * Read assessments from long-format CSV text (see the module description for the columns). Never
 * throws for bad input: every problem is an issue naming the 1-based row and the column (path
 * `['row', 4, 'value']`, message `row 4, column value: …`). A row with a problem is skipped together
 * with the other rows of its observation; the remaining rows still make assessments, each checked
 * with the assessment schema.
 *
 * The separator is `,`, `;` or a tab, whichever splits the header into known columns; a decimal
 * comma (`12,5`) is read only in a `;`-separated file.
 *
 * @example
 * ```ts
 * const { assessments, issues } = csvToAssessments(
 *   'entity,year,matrix,indicator,sex,value\nMDA,2021,demo@1.0.0,R1,,20\nMDA,2021,demo@1.0.0,R1,female,12\n',
 * );
 * // assessments[0].observations.R1 = { value: 20, breakdown: { sex: { female: 12 } } }
 * ```
 */
export function csvToAssessments(text: string, options: CsvReadOptions = {}): CsvAssessments {
  const src = options.source;
  const maxBytes = resolveLimits(options.limits).maxTextLength;
  const dialect = sniffDialect(text, options.matrix, maxBytes);
  if ('issue' in dialect)
    return { assessments: [], issues: [{ ...dialect.issue, ...(src ? { source: src } : {}) }] };
  const parsed = parseCsv(text, { maxBytes, delimiter: dialect.delimiter });
  if (parsed.issues.length > 0) {
    return {
      assessments: [],
      issues: parsed.issues.map((i) =>
        src === undefined || i.source !== undefined ? i : { ...i, source: src },
      ),
    };
  }
  const table: Table = {
    rows: parsed.rows,
    rowNumbers: parsed.rowNumbers,
    decimalComma: dialect.delimiter === ';',
    what: 'CSV',
    locate: (row, _column, name) => ({
      path: name === undefined ? ['row', row] : ['row', row, name],
      label: `row ${row}${name === undefined ? '' : `, column ${name}`}`,
    }),
  };
  return tableToAssessments(table, options);
}

/** The name of a separator, for messages. */
const SEPARATOR_NAMES: Record<string, string> = {
  ',': 'comma (,)',
  ';': 'semicolon (;)',
  '\t': 'tab',
  '|': 'vertical bar (|)',
  ':': 'colon (:)',
  ' ': 'space',
};

/**
 * Choose the separator from the header: of `,`, `;` and tab, the one that splits it into the most
 * known column names (ties go to the most frequent, then to `,`). When no choice gives two known
 * columns, one issue names the separator found, instead of one error per missing column.
 */
function sniffDialect(
  text: string,
  matrix: Matrix | undefined,
  maxBytes: number,
): { delimiter: CsvDelimiter } | { issue: MgiIssue } {
  if (text.length > maxBytes) return { delimiter: ',' }; // parseCsv reports it
  const counts = countSeparators(text);
  let best: { delimiter: CsvDelimiter; known: number; count: number } | undefined;
  for (const d of [',', ';', '\t'] as const) {
    const count = counts.get(d) ?? 0;
    if (count === 0 && d !== ',') continue;
    const first = parseCsv(firstRecord(text), { delimiter: d }).rows[0] ?? [];
    const known = knownHeaderCount(first, matrix);
    if (!best || known > best.known || (known === best.known && count > best.count))
      best = { delimiter: d, known, count };
  }
  const chosen = best ?? { delimiter: ',' as const, known: 0, count: 0 };
  const headerText = firstRecord(text)
    .replace(/^\uFEFF/, '')
    .replace(/[\r\n]+$/, '');
  if (chosen.known >= 2 || headerText.trim() === '') return { delimiter: chosen.delimiter };
  const found = [...counts].sort((a, b) => b[1] - a[1])[0];
  const foundText = found
    ? `the separator found in it is the ${SEPARATOR_NAMES[found[0]] ?? JSON.stringify(found[0])} (${found[1]} times)`
    : 'it has no comma, semicolon or tab';
  const shown = headerText.length > 80 ? `${headerText.slice(0, 80)}…` : headerText;
  return {
    issue: issue(
      'csv-dialect',
      ['row', 1],
      `row 1: the header ${JSON.stringify(shown)} is not a comma-, semicolon- or tab-separated list of known columns; ${foundText}`,
      {
        expected: 'a header such as "entity,year,indicator,value" (or with ";" or tabs between the names)',
        hint: 'save the file as CSV with commas or semicolons (Excel: "CSV UTF-8" or "CSV (semicolon delimited)")',
      },
    ),
  };
}

/** The text of the first record (a quoted field may span lines), at most 1 MiB of it. */
function firstRecord(text: string): string {
  let quoted = false;
  const end = Math.min(text.length, 1 << 20);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) quoted = !quoted;
    else if (!quoted && (c === 0x0a || c === 0x0d)) return text.slice(0, i);
  }
  return text.slice(0, end);
}

/**
 * Write assessments as long-format CSV that {@link csvToAssessments} reads back to equal
 * assessments. Deterministic: the same assessments give the same text.
 *
 * Columns, in this order, each only when some assessment uses it (`entity`, `year`, `matrix` and
 * `indicator` always): `entity, year, matrix, status, submittedBy, submittedOn, entityName, notes,
 * indicator`, the breakdown dimensions in alphabetical order, `value, level, missing, source,
 * evidence, reportedBy, note` (`value` also whenever there are breakdowns, or no observations at all). Rows follow the
 * assessments' order and each one's observation order: the total row (with the observation's
 * metadata), then one row per breakdown category. Assessment fields are repeated on every row. An
 * assessment without observations is one row with an empty `indicator`. RFC 4180 quoting, CRLF line
 * ends, no byte order mark.
 *
 * Not carried: `$schema` (an editor hint), empty strings in optional text fields (`"note": ""`)
 * and empty breakdowns (`"breakdown": {}`), since a CSV cannot tell an empty cell from a missing
 * one. Assessments that share entity, year and submittedBy are merged when read back (`mgi convert`
 * refuses them). Throws {@link MgiError} (`csv-inconsistent`) for a breakdown dimension named like a
 * standard column (`value`, `note`, …), which no CSV header could tell apart.
 *
 * This is data interchange: text cells are written as they are, so a cell starting with `=`, `+`,
 * `-` or `@` is **not** neutralised against spreadsheet formula injection (a `'` prefix would change
 * the data, and quoting does not stop spreadsheets from evaluating it). Open it in a spreadsheet
 * only if you trust the submissions; for viewing, use the scorecard CSV of `mgi score --format csv`,
 * which is neutralised.
 *
 * @example
 * ```ts
 * assessmentsToCsv([assessment]);
 * // 'entity,year,matrix,indicator,value,level\r\nMDA,2021,demo@1.0.0,R1,20,\r\nMDA,2021,demo@1.0.0,W1,,partial\r\n'
 * ```
 */
export function assessmentsToCsv(assessments: readonly Assessment[]): string {
  const used = new Set<string>();
  const dims = new Set<string>();
  for (const a of assessments) {
    for (const f of ASSESSMENT_COLUMNS) if (f !== 'matrix' && a[f] !== undefined && a[f] !== '') used.add(f);
    for (const o of Object.values(a.observations)) {
      for (const f of [...VALUE_COLUMNS, ...META_COLUMNS]) if (o[f] !== undefined && o[f] !== '') used.add(f);
      for (const [dim, cats] of Object.entries(o.breakdown ?? {}))
        if (Object.keys(cats).length > 0) dims.add(dim);
    }
  }
  for (const dim of dims) {
    if (STANDARD_COLUMNS.includes(dim)) {
      throw new MgiError([
        issue(
          'csv-inconsistent',
          ['breakdown', dim],
          `the breakdown dimension "${dim}" has the name of a standard CSV column, so it cannot be written as CSV; rename the dimension`,
        ),
      ]);
    }
  }
  if (dims.size > 0 || !VALUE_COLUMNS.some((c) => used.has(c))) used.add('value');
  const header = [
    'entity',
    'year',
    'matrix',
    ...ASSESSMENT_COLUMNS.filter((c) => c !== 'matrix' && used.has(c)),
    'indicator',
    ...[...dims].sort(),
    ...[...VALUE_COLUMNS, ...META_COLUMNS].filter((c) => used.has(c)),
  ];
  const rows: string[][] = [header];
  const at = new Map(header.map((h, i) => [h, i]));
  for (const a of assessments) {
    const base = header.map(() => '');
    base[at.get('entity')!] = a.entity;
    base[at.get('year')!] = String(a.year);
    for (const f of ASSESSMENT_COLUMNS) {
      const v = a[f];
      if (v !== undefined && at.has(f)) base[at.get(f)!] = v;
    }
    const ids = Object.keys(a.observations);
    if (ids.length === 0) rows.push(base);
    for (const id of ids) {
      const o = a.observations[id]!;
      const total = [...base];
      total[at.get('indicator')!] = id;
      if (o.value !== undefined) total[at.get('value')!] = formatNumber(o.value);
      if (o.level !== undefined) total[at.get('level')!] = o.level;
      if (o.missing !== undefined) total[at.get('missing')!] = o.missing;
      for (const f of META_COLUMNS) {
        const v = o[f];
        if (v !== undefined && v !== '') total[at.get(f)!] = v;
      }
      // Issue 16: categories without a total are written as their category rows alone.
      const byCategoryOnly = o.value === undefined && o.level === undefined && o.missing === undefined;
      if (!byCategoryOnly || total.some((x, i) => x !== base[i] && i !== at.get('indicator')))
        rows.push(total);
      for (const [dim, cats] of Object.entries(o.breakdown ?? {})) {
        for (const [cat, v] of Object.entries(cats)) {
          const row = [...base];
          row[at.get('indicator')!] = id;
          row[at.get(dim)!] = cat;
          row[at.get('value')!] = formatNumber(v);
          rows.push(row);
        }
      }
    }
  }
  return toCsv(rows);
}

// --- internal ---

function formatNumber(n: number): string {
  return String(n);
}
