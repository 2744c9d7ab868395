/**
 * The tabular core shared by the CSV and the XLSX readers: a header and rows of cells in, assessments
 * and issues out. It knows the long format's columns (see `csv-assessment.ts`), groups rows into
 * assessments and observations, checks them against a matrix and words every message; the format
 * readers only turn their bytes into a {@link Table} and say how a cell is named in messages
 * (`row 4, column value` for CSV, `Data!E14` for a sheet).
 *
 * Work is linear in the number of cells: every step below visits each cell a bounded number of
 * times (issue 19 #8; `tests/io-tabular-scaling.test.ts` counts the cell reads).
 *
 * Browser-safe: no `node:` imports.
 */

import { type IssueCode, issue, type MgiIssue } from '../errors';
import type { Limits } from '../limits';
import { safeParseAssessmentCore } from '../parse';
import { ID_PATTERN } from '../schema/_common';
import { closest, editDistance, fromZodIssues } from '../schema/_issues';
import { ASSESSMENT_FORMAT, type Assessment, Observation as ObservationSchema } from '../schema/assessment';
import type { Matrix } from '../schema/matrix';
import { checkAgainstMatrix, type MatrixLookup, matrixLookup, type Reportable } from './_tabular-matrix';
import { type Entry, parseCellNumber } from './_tabular-values';

/** Options of {@link tableToAssessments}, shared by the CSV and XLSX readers. */
export interface TabularOptions {
  /** The file name, added to every issue. */
  readonly source?: string | undefined;
  /**
   * The matrix the rows report on: its `id@version` fills a missing `matrix` column, its
   * disaggregations name the breakdown columns, and rows naming it are checked against it (ids,
   * kinds, levels, categories, ranges).
   */
  readonly matrix?: Matrix | undefined;
  /** Size limits: `maxTextLength` bounds the text, `maxObservations` each assessment. */
  readonly limits?: Partial<Limits> | undefined;
}

/** A cell as a format reader delivers it: text (CSV, text cells) or a typed spreadsheet value. */
export type TableCell = string | number | boolean | null | undefined;

/** Rows of cells, the first the header, with what a reader knows about where they came from. */
export interface Table {
  readonly rows: readonly (readonly TableCell[])[];
  /** For each row, its 1-based row number in the file or sheet. */
  readonly rowNumbers: readonly number[];
  /** Whether `12,5` in a text cell means 12.5 (only in a `;`-separated CSV, where Excel writes it). */
  readonly decimalComma: boolean;
  /** What to call the input in whole-file messages: `CSV` or `sheet "Data"`. */
  readonly what: string;
  /** Where a cell is: the issue path and the words that start its message. */
  readonly locate: (row: number, column: number | undefined, name: string | undefined) => Location;
  /** Header names (lower case) of reference columns to skip, e.g. a template's `title`, `baseline`. */
  readonly referenceColumns?: ReadonlySet<string> | undefined;
}

/** A cell's place: the issue path and the message prefix. */
export interface Location {
  readonly path: readonly (string | number)[];
  readonly label: string;
}

/** Assessment fields repeated on every row, in output order. */
export const ASSESSMENT_COLUMNS = [
  'matrix',
  'status',
  'submittedBy',
  'submittedOn',
  'entityName',
  'notes',
] as const;
/** Observation metadata, in output order. */
export const META_COLUMNS = ['source', 'evidence', 'reportedBy', 'note'] as const;
export const VALUE_COLUMNS = ['value', 'level', 'missing'] as const;
export const KEY_COLUMNS = ['entity', 'year', 'indicator'] as const;
export const STANDARD_COLUMNS: readonly string[] = [
  ...KEY_COLUMNS,
  ...ASSESSMENT_COLUMNS,
  ...VALUE_COLUMNS,
  ...META_COLUMNS,
];
/** Standard column names by their lower-case form: headers match case-insensitively. */
const CANONICAL = new Map(STANDARD_COLUMNS.map((c) => [c.toLowerCase(), c]));

type AssessmentField = (typeof ASSESSMENT_COLUMNS)[number];
type MetaField = (typeof META_COLUMNS)[number];

/**
 * Read assessments from a table (see the module description). Never throws for bad input; a row
 * with a problem is skipped with the other rows of its observation, and the rest is still read.
 */
export function tableToAssessments(
  table: Table,
  options: TabularOptions = {},
): { assessments: Assessment[]; issues: MgiIssue[] } {
  const ctx = context(table, options);
  if (table.rows.length === 0) {
    ctx.issues.push(
      issue(
        'empty-input',
        [],
        `the ${table.what} is empty; expected a header row such as "entity,year,indicator,value"`,
        { source: options.source },
      ),
    );
    return { assessments: [], issues: ctx.issues };
  }
  const header = readHeader(ctx);
  if (!header) return { assessments: [], issues: ctx.issues };
  if (table.rows.length === 1) {
    return {
      assessments: [],
      issues: [
        issue('empty-input', [], `the ${table.what} has a header but no rows`, { source: options.source }),
      ],
    };
  }
  const state: ReadState = { groups: new Map(), bad: new Set() };
  for (let k = 1; k < table.rows.length; k++) readRow(ctx, header, state, k);
  return { assessments: assemble(ctx, state), issues: ctx.issues };
}

/** Whether the header row names enough standard columns to be read (used to pick a CSV separator). */
export function knownHeaderCount(names: readonly string[], matrix: TabularOptions['matrix']): number {
  const dims = matrix ? dimensionNames(matrixLookup(matrix)) : undefined;
  let n = 0;
  for (const raw of names) {
    const lower = raw.trim().toLowerCase();
    if (CANONICAL.has(lower) || dims?.has(lower)) n++;
  }
  return n;
}

// --- internal ---

interface Context {
  readonly table: Table;
  readonly options: TabularOptions;
  readonly issues: MgiIssue[];
  readonly lookup: MatrixLookup | undefined;
  readonly matrixRef: string | undefined;
  /** Column name → index, filled by the header. */
  readonly columns: Map<string, number>;
  add(
    code: IssueCode,
    row: number,
    column: string | undefined,
    message: string,
    extra?: { hint?: string | undefined; expected?: string; received?: string },
    index?: number,
  ): void;
}

function context(table: Table, options: TabularOptions): Context {
  const issues: MgiIssue[] = [];
  const columns = new Map<string, number>();
  const matrix = options.matrix;
  return {
    table,
    options,
    issues,
    columns,
    lookup: matrix ? matrixLookup(matrix) : undefined,
    matrixRef: matrix ? `${matrix.id}@${matrix.version}` : undefined,
    add(code, row, column, message, extra = {}, index) {
      const at = table.locate(row, index ?? (column === undefined ? undefined : columns.get(column)), column);
      issues.push(issue(code, at.path, `${at.label}: ${message}`, { ...extra, source: options.source }));
    },
  };
}

/** A wide breakdown column of a template: `sex:female` holds the value for that category. */
interface WideColumn {
  readonly name: string;
  readonly dim: string;
  readonly cat: string;
}

interface Header {
  readonly breakdown: readonly string[];
  readonly wide: readonly WideColumn[];
  readonly width: number;
  /** For each column index, its breakdown column name or wide column, if it is one. */
  readonly roles: readonly (string | WideColumn | undefined)[];
}

function dimensionNames(lookup: MatrixLookup): Map<string, string> {
  return new Map([...lookup.dimensions].map((d) => [d.toLowerCase(), d]));
}

function readHeader(ctx: Context): Header | undefined {
  const { table, columns, lookup } = ctx;
  const raw = table.rows[0]!;
  const row = table.rowNumbers[0]!;
  const dims = lookup ? dimensionNames(lookup) : undefined;
  const breakdown: string[] = [];
  const wide: WideColumn[] = [];
  const unnamed: number[] = [];
  let ok = true;
  raw.forEach((cell, i) => {
    const name = cellText(cell).trim();
    if (name === '') {
      unnamed.push(i);
      return;
    }
    const lower = name.toLowerCase();
    if (table.referenceColumns?.has(lower)) return;
    const canonical = CANONICAL.get(lower) ?? dims?.get(lower) ?? wideName(name, dims) ?? name;
    if (columns.has(canonical)) {
      const first = cellText(raw[columns.get(canonical)!]).trim();
      ctx.add(
        'csv-inconsistent',
        row,
        canonical,
        `the column "${name}" appears twice in the header${first !== name ? ` (also as "${first}"; names match ignoring case)` : ''}; keep one`,
        {},
        i,
      );
      ok = false;
      return;
    }
    columns.set(canonical, i);
    if (STANDARD_COLUMNS.includes(canonical)) return;
    const kind = classifyExtra(canonical, name, dims);
    if (kind === 'breakdown') breakdown.push(canonical);
    else if (kind) wide.push(kind);
    else {
      unknownColumn(ctx, row, canonical, dims);
      ok = false;
    }
  });
  if (unnamed.length > 0 && !checkUnnamed(ctx, unnamed)) ok = false;
  if (!requiredColumns(ctx, row)) ok = false;
  const roles: (string | WideColumn | undefined)[] = [];
  for (const b of breakdown) roles[columns.get(b)!] = b;
  for (const w of wide) roles[columns.get(w.name)!] = w;
  return ok ? { breakdown, wide, width: raw.length, roles } : undefined;
}

/** `sex:female` (or `sex=female`) with a known dimension, canonicalised to `sex:female`. */
function wideName(name: string, dims: Map<string, string> | undefined): string | undefined {
  const m = /^([^:=]+)[:=]([^:=]+)$/.exec(name);
  if (!m) return undefined;
  const dim = dims ? dims.get(m[1]!.trim().toLowerCase()) : m[1]!.trim();
  return dim === undefined ? undefined : `${dim}:${m[2]!.trim()}`;
}

function classifyExtra(
  canonical: string,
  name: string,
  dims: Map<string, string> | undefined,
): 'breakdown' | WideColumn | undefined {
  const wide = /^([^:]+):(.+)$/.exec(canonical);
  if (wide && ID_PATTERN.test(wide[1]!) && ID_PATTERN.test(wide[2]!))
    return { name: canonical, dim: wide[1]!, cat: wide[2]! };
  if (dims) return dims.has(canonical.toLowerCase()) ? 'breakdown' : undefined;
  return ID_PATTERN.test(name) && !nearStandard(name) ? 'breakdown' : undefined;
}

function unknownColumn(ctx: Context, row: number, name: string, dims: Map<string, string> | undefined): void {
  const known = dims ? [...dims.values()] : undefined;
  const near = closest(name, [...STANDARD_COLUMNS, ...(known ?? [])]);
  ctx.add(
    'csv-unknown-column',
    row,
    name,
    `unknown column "${name}"${known ? ` (breakdown columns of ${ctx.matrixRef}: ${known.sort().join(', ') || 'none'})` : ''}`,
    {
      hint: near
        ? `did you mean "${near}"?`
        : 'remove the column, or add the dimension to the indicator\'s "disaggregation"',
    },
  );
}

/**
 * Unnamed header cells are fine when their column is empty. One pass over the cells the rows really
 * have checks them all (rows shorter than a wide header cost only their own length).
 */
function checkUnnamed(ctx: Context, unnamed: readonly number[]): boolean {
  const { rows, rowNumbers } = ctx.table;
  const open = new Set(unnamed);
  for (let k = 1; k < rows.length && open.size > 0; k++) {
    const cells = rows[k]!;
    for (let i = 0; i < cells.length; i++) {
      if (open.has(i) && cellText(cells[i]) !== '') open.delete(i);
    }
  }
  const filled = unnamed.filter((i) => !open.has(i));
  for (const i of filled) {
    ctx.add(
      'csv-unknown-column',
      rowNumbers[0]!,
      `${i + 1}`,
      `column ${i + 1} has no name in the header but holds values; name it or delete it`,
      {},
      i,
    );
  }
  return filled.length === 0;
}

function requiredColumns(ctx: Context, row: number): boolean {
  let ok = true;
  for (const required of KEY_COLUMNS) {
    if (!ctx.columns.has(required)) {
      ctx.add(
        'csv-missing-column',
        row,
        required,
        `the header has no "${required}" column; required columns: entity, year, indicator, and value or level`,
      );
      ok = false;
    }
  }
  if (!VALUE_COLUMNS.some((c) => ctx.columns.has(c))) {
    ctx.add(
      'csv-missing-column',
      row,
      'value',
      'the header has none of the columns "value", "level" and "missing"; add "value" (numbers) or "level" (level ids)',
    );
    ok = false;
  }
  if (!ctx.columns.has('matrix') && ctx.matrixRef === undefined) {
    ctx.add(
      'csv-missing-column',
      row,
      'matrix',
      'the header has no "matrix" column and no matrix was given; add a "matrix" column (id@version) or pass the matrix (--matrix)',
    );
    ok = false;
  }
  return ok;
}

// --- rows ---

interface PendingObservation {
  readonly id: string;
  readonly key: string;
  readonly firstRow: number;
  total?: Entry & { readonly row: number };
  /** Field (value/level/missing/source/…) → the row it came from, to name rows in schema issues. */
  readonly fieldRows: Map<string, number>;
  readonly breakdown: Map<string, Map<string, number>>;
  readonly breakdownRows: Map<string, { row: number; column: string }>;
  readonly meta: Map<MetaField, { value: string; row: number }>;
}

interface Group {
  readonly entity: string;
  readonly year: number;
  readonly firstRow: number;
  readonly fields: Map<AssessmentField, { value: string; row: number }>;
  readonly observations: Map<string, PendingObservation>;
  /** Whether any row of the assessment was read without a problem. */
  used: boolean;
}

interface ReadState {
  readonly groups: Map<string, Group>;
  /** Observations (group key + id) a row problem rejected. */
  readonly bad: Set<string>;
}

/** One row being read: its cells by column name and its row number. */
interface RowView {
  readonly no: number;
  readonly cells: readonly TableCell[];
  cell(name: string): string;
  raw(name: string): TableCell;
}

function rowView(ctx: Context, k: number): RowView {
  const cells = ctx.table.rows[k]!;
  const raw = (name: string): TableCell => {
    const i = ctx.columns.get(name);
    return i === undefined ? undefined : cells[i];
  };
  return { no: ctx.table.rowNumbers[k]!, cells, raw, cell: (name) => cellText(raw(name)) };
}

function readRow(ctx: Context, header: Header, state: ReadState, k: number): void {
  const row = rowView(ctx, k);
  if (row.cells.every((c) => cellText(c) === '')) return; // `,,,,` lines from spreadsheet exports
  if (row.cells.length > header.width && row.cells.slice(header.width).some((c) => cellText(c) !== '')) {
    ctx.add(
      'csv-inconsistent',
      row.no,
      undefined,
      `the row has ${row.cells.length} fields but the header has ${header.width}; quote fields that contain the separator`,
    );
    return;
  }
  const group = rowGroup(ctx, state, row);
  if (!group) return;
  const indicator = row.cell('indicator');
  const filled = VALUE_COLUMNS.filter((c) => row.cell(c) !== '');
  const { categories, wide } = filledBreakdowns(header, row);
  const meta = META_COLUMNS.filter((c) => row.cell(c) !== '');
  if (indicator === '') {
    if (filled.length > 0 || categories.length > 0 || wide.length > 0 || meta.length > 0) {
      ctx.add(
        'required',
        row.no,
        'indicator',
        'the indicator is empty; give the indicator or input id this row reports',
      );
    } else group.used = true; // a row that only declares the assessment
    return;
  }
  const key = `${groupKey(group, row)}\u0000${indicator}`;
  const target = reportableTarget(ctx, group, row, indicator);
  if (target === null) {
    state.bad.add(key);
    return;
  }
  const read = rowEntry(ctx, row, indicator, filled, categories, wide, target);
  if (!read) {
    state.bad.add(key);
    return;
  }
  group.used = true;
  const obs = observationOf(group, indicator, key, row.no);
  if (!mergeRow(ctx, group, obs, row, read, meta)) state.bad.add(key);
}

/** The breakdown and wide columns a row fills, found by one pass over the cells it has. */
function filledBreakdowns(header: Header, row: RowView): { categories: string[]; wide: WideColumn[] } {
  const categories: string[] = [];
  const wide: WideColumn[] = [];
  const n = Math.min(row.cells.length, header.width);
  for (let i = 0; i < n; i++) {
    const role = header.roles[i];
    if (role === undefined || cellText(row.cells[i]) === '') continue;
    if (typeof role === 'string') categories.push(role);
    else wide.push(role);
  }
  return { categories, wide };
}

function groupKey(group: Group, row: RowView): string {
  return JSON.stringify([group.entity, group.year, row.cell('submittedBy')]);
}

/** The assessment a row belongs to (entity, year, submittedBy), with its fields checked; or undefined. */
function rowGroup(ctx: Context, state: ReadState, row: RowView): Group | undefined {
  const before = ctx.issues.length;
  const entity = row.cell('entity');
  if (entity === '')
    ctx.add('required', row.no, 'entity', 'the entity is empty; give the country or municipality code');
  const year = readYear(ctx, row);
  let matrixCell = row.cell('matrix');
  if (matrixCell === '') {
    if (ctx.matrixRef === undefined)
      ctx.add(
        'required',
        row.no,
        'matrix',
        'the matrix is empty; give the matrix reference (id@version), or pass the matrix (--matrix)',
      );
    else matrixCell = ctx.matrixRef;
  }
  if (ctx.issues.length > before) return undefined;
  const key = JSON.stringify([entity, year, row.cell('submittedBy')]);
  let group = state.groups.get(key);
  if (!group) {
    group = { entity, year, firstRow: row.no, fields: new Map(), observations: new Map(), used: false };
    state.groups.set(key, group);
  }
  let ok = true;
  for (const f of ASSESSMENT_COLUMNS) {
    const v = f === 'matrix' ? matrixCell : row.cell(f);
    if (v === '') continue;
    const had = group.fields.get(f);
    if (had === undefined) group.fields.set(f, { value: v, row: row.no });
    else if (had.value !== v) {
      ctx.add(
        'csv-inconsistent',
        row.no,
        f,
        `${JSON.stringify(v)} differs from ${JSON.stringify(had.value)} in row ${had.row} for the same assessment (${label(group)}); an assessment has one ${f}`,
      );
      ok = false;
    }
  }
  return ok ? group : undefined;
}

function readYear(ctx: Context, row: RowView): number {
  const yearText = row.cell('year').trim();
  if (!/^\d{4}$/.test(yearText)) {
    ctx.add(
      'invalid-value',
      row.no,
      'year',
      yearText === ''
        ? 'the year is empty'
        : `"${row.cell('year')}" is not a year; write four digits, like 2021`,
    );
    return Number.NaN;
  }
  const year = Number(yearText);
  if (year < 1900 || year > 2200) {
    ctx.add('out-of-range', row.no, 'year', `${yearText} is not a year from 1900 to 2200`);
    return Number.NaN;
  }
  return year;
}

/**
 * What the matrix says about the row's indicator: its entry, undefined when the row is not checked
 * against a matrix, or null after reporting a bad id.
 */
function reportableTarget(
  ctx: Context,
  group: Group,
  row: RowView,
  indicator: string,
): Reportable | undefined | null {
  if (!ID_PATTERN.test(indicator)) {
    ctx.add(
      'invalid-format',
      row.no,
      'indicator',
      `${JSON.stringify(indicator)} is not an indicator id (letters, digits, "_" or "-", starting with a letter or digit, and not a reserved name such as constructor)`,
    );
    return null;
  }
  const lookup = ctx.lookup;
  if (!lookup || group.fields.get('matrix')?.value !== ctx.matrixRef) return undefined;
  const target = lookup.reportable.get(indicator);
  if (target) return target;
  if (lookup.formulas.has(indicator)) {
    ctx.add(
      'kind-mismatch',
      row.no,
      'indicator',
      `${indicator} is computed by a formula; report its inputs (${lookup.formulas.get(indicator)!.join(', ') || 'none'}) instead`,
    );
  } else {
    const near = closest(indicator, lookup.reportable.keys());
    ctx.add(
      'unknown-indicator',
      row.no,
      'indicator',
      `"${indicator}" is not an indicator or input of ${ctx.matrixRef}`,
      {
        hint: near ? `did you mean "${near}"?` : undefined,
      },
    );
  }
  return null;
}

/** What one row says: a total (value, level or missing) or breakdown values, each checked. */
interface RowEntry {
  readonly kind: (typeof VALUE_COLUMNS)[number] | undefined;
  readonly total: Entry | undefined;
  readonly breakdown: readonly { dim: string; cat: string; value: number; column: string }[];
}

function rowEntry(
  ctx: Context,
  row: RowView,
  indicator: string,
  filled: readonly (typeof VALUE_COLUMNS)[number][],
  categories: readonly string[],
  wide: readonly WideColumn[],
  target: Reportable | undefined,
): RowEntry | undefined {
  // Wide cells (`sex:female`, `ageGroup:young`) are each a one-dimension breakdown; a category in a
  // long column (`sex` = female) next to another category would be a cross-breakdown.
  if (categories.length > 1 || (categories.length > 0 && wide.length > 0)) {
    const second = categories[1] ?? wide[0]!.dim;
    ctx.add(
      'csv-inconsistent',
      row.no,
      categories[1] ?? wide[0]!.name,
      `categories in both "${categories[0]}" and "${second}": cross-breakdowns are not supported; give each breakdown in its own row`,
    );
    return undefined;
  }
  if (filled.length > 1) {
    ctx.add(
      'csv-inconsistent',
      row.no,
      filled[1]!,
      `both "${filled[0]}" and "${filled[1]}" are filled for ${indicator}; keep exactly one`,
    );
    return undefined;
  }
  if (filled.length === 0 && wide.length === 0) {
    const col = ctx.columns.has('value') ? 'value' : ctx.columns.has('level') ? 'level' : 'missing';
    ctx.add(
      'required',
      row.no,
      col,
      `no value for ${indicator}; fill one of ${VALUE_COLUMNS.filter((c) => ctx.columns.has(c)).join(', ')}`,
    );
    return undefined;
  }
  const kind = filled[0];
  const total = kind === undefined ? undefined : totalEntry(ctx, row, kind);
  if (kind !== undefined && total === undefined) return undefined;
  const category = categories[0];
  if (category !== undefined) {
    const one = longBreakdown(ctx, row, kind!, total!, category, target);
    return one ? { kind: undefined, total: undefined, breakdown: [one] } : undefined;
  }
  if (total && target) {
    const problem = checkAgainstMatrix(target, total, undefined, undefined);
    if (problem) {
      ctx.add(problem.code, row.no, problem.column ?? kind, problem.message, { hint: problem.hint });
      return undefined;
    }
  }
  const breakdown = wideBreakdown(ctx, row, wide, target);
  return breakdown ? { kind, total, breakdown } : undefined;
}

function totalEntry(ctx: Context, row: RowView, kind: (typeof VALUE_COLUMNS)[number]): Entry | undefined {
  if (kind === 'value') {
    const n = parseCellNumber(row.raw('value'), ctx.table.decimalComma);
    if (typeof n === 'string') {
      ctx.add('invalid-value', row.no, 'value', n);
      return undefined;
    }
    return { value: n };
  }
  const raw = row.cell(kind);
  if (kind === 'missing') return { missing: raw };
  if (!ID_PATTERN.test(raw)) {
    ctx.add(
      'invalid-format',
      row.no,
      'level',
      `${JSON.stringify(raw)} is not a level id (letters, digits, "_" or "-")`,
    );
    return undefined;
  }
  return { level: raw };
}

function longBreakdown(
  ctx: Context,
  row: RowView,
  kind: string,
  entry: Entry,
  category: string,
  target: Reportable | undefined,
): RowEntry['breakdown'][number] | undefined {
  const cat = row.cell(category);
  if (entry.value === undefined) {
    ctx.add(
      'csv-inconsistent',
      row.no,
      kind,
      `a breakdown row (${category} = ${cat}) needs a number in "value"; state a missing total on the row without a category`,
    );
    return undefined;
  }
  if (!checkCategory(ctx, row, category, category, cat, entry, target)) return undefined;
  return { dim: category, cat, value: entry.value, column: 'value' };
}

function wideBreakdown(
  ctx: Context,
  row: RowView,
  wide: readonly WideColumn[],
  target: Reportable | undefined,
): RowEntry['breakdown'] | undefined {
  const out: { dim: string; cat: string; value: number; column: string }[] = [];
  let ok = true;
  for (const w of wide) {
    const n = parseCellNumber(row.raw(w.name), ctx.table.decimalComma);
    if (typeof n === 'string') {
      ctx.add('invalid-value', row.no, w.name, n);
      ok = false;
    } else if (checkCategory(ctx, row, w.name, w.dim, w.cat, { value: n }, target))
      out.push({ dim: w.dim, cat: w.cat, value: n, column: w.name });
    else ok = false;
  }
  return ok ? out : undefined;
}

function checkCategory(
  ctx: Context,
  row: RowView,
  column: string,
  dim: string,
  cat: string,
  entry: Entry,
  target: Reportable | undefined,
): boolean {
  if (!ID_PATTERN.test(cat)) {
    ctx.add(
      'invalid-format',
      row.no,
      column,
      `${JSON.stringify(cat)} is not a category id (letters, digits, "_" or "-")`,
    );
    return false;
  }
  if (!target) return true;
  const problem = checkAgainstMatrix(target, entry, dim, cat);
  if (!problem) return true;
  ctx.add(
    problem.code,
    row.no,
    problem.column === dim ? column : (problem.column ?? column),
    problem.message,
    {
      hint: problem.hint,
    },
  );
  return false;
}

function observationOf(group: Group, id: string, key: string, row: number): PendingObservation {
  let obs = group.observations.get(id);
  if (!obs) {
    obs = {
      id,
      key,
      firstRow: row,
      fieldRows: new Map(),
      breakdown: new Map(),
      breakdownRows: new Map(),
      meta: new Map(),
    };
    group.observations.set(id, obs);
  }
  return obs;
}

/** Merge a row into its observation, never overwriting a different value; false on a conflict. */
function mergeRow(
  ctx: Context,
  group: Group,
  obs: PendingObservation,
  row: RowView,
  read: RowEntry,
  meta: readonly MetaField[],
): boolean {
  if (read.total && read.kind) {
    const prev = obs.total;
    if (prev === undefined) {
      obs.total = { ...read.total, row: row.no };
      obs.fieldRows.set(read.kind, row.no);
    } else if (!sameEntry(prev, read.total)) {
      ctx.add(
        'conflict',
        row.no,
        read.kind,
        `${obs.id} for ${label(group)} is ${describeEntry(read.total)} here but ${describeEntry(prev)} in row ${prev.row}; keep one`,
      );
      return false;
    }
  }
  for (const b of read.breakdown) {
    const dim = obs.breakdown.get(b.dim) ?? new Map<string, number>();
    const prev = dim.get(b.cat);
    if (prev === undefined) {
      dim.set(b.cat, b.value);
      obs.breakdown.set(b.dim, dim);
      obs.breakdownRows.set(`${b.dim}\u0000${b.cat}`, { row: row.no, column: b.column });
    } else if (prev !== b.value) {
      const prevRow = obs.breakdownRows.get(`${b.dim}\u0000${b.cat}`)?.row;
      ctx.add(
        'conflict',
        row.no,
        b.column,
        `${obs.id} (${b.dim} = ${b.cat}) for ${label(group)} is ${b.value} here but ${prev} in row ${prevRow}; keep one`,
      );
      return false;
    }
  }
  let ok = true;
  for (const f of meta) {
    const v = row.cell(f);
    const had = obs.meta.get(f);
    if (had === undefined) {
      obs.meta.set(f, { value: v, row: row.no });
      obs.fieldRows.set(f, row.no);
    } else if (had.value !== v) {
      ctx.add(
        'csv-inconsistent',
        row.no,
        f,
        `${JSON.stringify(v)} differs from ${JSON.stringify(had.value)} in row ${had.row} for ${obs.id} (${label(group)}); an observation has one ${f}: put it on one row`,
      );
      ok = false;
    }
  }
  return ok;
}

// --- assemble and validate ---

function assemble(ctx: Context, state: ReadState): Assessment[] {
  const assessments: Assessment[] = [];
  for (const group of state.groups.values()) {
    if (!group.used) continue; // every row of it had a problem
    const observations: Record<string, unknown> = {};
    for (const obs of group.observations.values()) {
      if (state.bad.has(obs.key)) continue;
      const built = checkedObservation(ctx, obs);
      if (built !== undefined) observations[obs.id] = built;
    }
    const value = assessmentValue(group, observations);
    const r = safeParseAssessmentCore(value, ctx.options.limits ? { limits: ctx.options.limits } : {});
    if (r.success) {
      assessments.push(r.data);
      continue;
    }
    for (const i of r.issues) {
      const field = String(i.path[0] ?? 'entity');
      const obs = field === 'observations' ? group.observations.get(String(i.path[1])) : undefined;
      if (obs) ctx.add(i.code, obs.firstRow, 'indicator', i.message, { hint: i.hint });
      else
        ctx.add(i.code, group.fields.get(field as AssessmentField)?.row ?? group.firstRow, field, i.message, {
          hint: i.hint,
        });
    }
  }
  return assessments;
}

function checkedObservation(ctx: Context, obs: PendingObservation): unknown {
  // Issue 16: a matrix that scores categories takes categories without a total.
  const byCategoryOnly = ctx.options.matrix?.disaggregations !== undefined && obs.breakdown.size > 0;
  if (obs.total === undefined && !byCategoryOnly) {
    const [first] = obs.breakdownRows.values();
    ctx.add(
      'required',
      first?.row ?? obs.firstRow,
      'indicator',
      `${obs.id} has breakdown values but no total; add a row without a category holding the total in "value", or the reason in "missing"`,
    );
    return undefined;
  }
  if (ctx.lookup && obs.total?.missing !== undefined && obs.breakdownRows.size > 0) {
    // Read against a matrix, the rule of checkAssessment applies at the row (KB10): a missing
    // total has no breakdown. Without one, the reader stays lossless for any valid assessment.
    const [first] = obs.breakdownRows.values();
    ctx.add(
      'invalid-value',
      first!.row,
      first!.column,
      `${obs.id} is reported missing on row ${obs.total!.row} but has breakdown values; give the total in "value", or drop the breakdown rows`,
    );
    return undefined;
  }
  const built = buildObservation(obs);
  const checked = ObservationSchema.safeParse(built);
  if (checked.success) return checked.data;
  for (const zi of fromZodIssues(checked.error.issues, built)) {
    const [field, dim, cat] = zi.path;
    const at =
      field === 'breakdown' && dim !== undefined && cat !== undefined
        ? obs.breakdownRows.get(`${dim}\u0000${cat}`)
        : undefined;
    const row = at?.row ?? obs.fieldRows.get(String(field)) ?? obs.firstRow;
    const column =
      at?.column ?? (field === 'breakdown' && dim !== undefined ? String(dim) : String(field ?? 'indicator'));
    ctx.add(zi.code, row, column, `${obs.id}: ${zi.message}`, { hint: zi.hint });
  }
  return undefined;
}

function assessmentValue(group: Group, observations: Record<string, unknown>): Record<string, unknown> {
  const value: Record<string, unknown> = { format: ASSESSMENT_FORMAT };
  value.matrix = group.fields.get('matrix')?.value;
  value.entity = group.entity;
  const entityName = group.fields.get('entityName');
  if (entityName) value.entityName = entityName.value;
  value.year = group.year;
  for (const f of ['status', 'submittedBy', 'submittedOn', 'notes'] as const) {
    const v = group.fields.get(f);
    if (v) value[f] = v.value;
  }
  value.observations = observations;
  return value;
}

function buildObservation(obs: PendingObservation): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const t = obs.total;
  if (t?.value !== undefined) out.value = t.value;
  if (t?.level !== undefined) out.level = t.level;
  if (t?.missing !== undefined) out.missing = t.missing;
  if (obs.breakdown.size > 0) {
    out.breakdown = Object.fromEntries(
      [...obs.breakdown].map(([dim, cats]) => [dim, Object.fromEntries(cats)]),
    );
  }
  for (const f of META_COLUMNS) {
    const v = obs.meta.get(f);
    if (v) out[f] = v.value;
  }
  return out;
}

/** Whether a column name is one typo away from a standard column (`evidnce`). */
function nearStandard(name: string): boolean {
  const lower = name.toLowerCase();
  return STANDARD_COLUMNS.some((c) => editDistance(lower, c.toLowerCase()) <= 1);
}

/** A cell as text: numbers in shortest round-trip form, booleans as TRUE/FALSE, blanks empty. */
export function cellText(cell: TableCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return String(cell);
  return cell ? 'TRUE' : 'FALSE';
}

function sameEntry(a: Entry, b: Entry): boolean {
  return a.value === b.value && a.level === b.level && a.missing === b.missing;
}

function describeEntry(e: Entry): string {
  if (e.value !== undefined) return String(e.value);
  if (e.level !== undefined) return `level "${e.level}"`;
  return `missing (${JSON.stringify(e.missing)})`;
}

function label(g: Group): string {
  return `${g.entity} ${g.year}`;
}
