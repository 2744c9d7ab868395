/**
 * Assessments as long-format CSV, one row per value, and back, losslessly.
 *
 * Columns (header names are case-sensitive; surrounding spaces in a header are ignored):
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
 * no observations. Numbers are plain decimals with a dot (`1.5`, `-2`, `1e-7`); `1,5`, `1 000`,
 * `NaN`, `Infinity` and `12%` are errors, and `-0` reads as `0`, as in JSON. Nothing in a cell is
 * trimmed, rewritten or neutralised on input: cells are data.
 *
 * Browser-safe: no `node:` imports.
 *
 * @packageDocumentation
 */

import { type IssueCode, issue, MgiError, type MgiIssue } from '../errors';
import { type Limits, resolveLimits } from '../limits';
import { safeParseAssessmentCore } from '../parse';
import { ID_PATTERN } from '../schema/_common';
import { closest, editDistance, fromZodIssues } from '../schema/_issues';
import {
  ASSESSMENT_FORMAT,
  type Assessment,
  type Observation,
  Observation as ObservationSchema,
} from '../schema/assessment';
import { formulaInputs } from '../schema/assessment-for-matrix';
import type { Matrix } from '../schema/matrix';
import { parseCsv, toCsv } from './_csv';

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

/** Assessment fields repeated on every row, in output order. */
const ASSESSMENT_COLUMNS = ['matrix', 'status', 'submittedBy', 'submittedOn', 'entityName', 'notes'] as const;
/** Observation metadata, in output order. */
const META_COLUMNS = ['source', 'evidence', 'reportedBy', 'note'] as const;
const VALUE_COLUMNS = ['value', 'level', 'missing'] as const;
const KEY_COLUMNS = ['entity', 'year', 'indicator'] as const;
const STANDARD_COLUMNS: readonly string[] = [
  ...KEY_COLUMNS,
  ...ASSESSMENT_COLUMNS,
  ...VALUE_COLUMNS,
  ...META_COLUMNS,
];

const ID = ID_PATTERN;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

type AssessmentField = (typeof ASSESSMENT_COLUMNS)[number];
type MetaField = (typeof META_COLUMNS)[number];

/**
 * Read assessments from long-format CSV text (see the module description for the columns). Never
 * throws for bad input: every problem is an issue naming the 1-based row and the column (path
 * `['row', 4, 'value']`, message `row 4, column value: …`). A row with a problem is skipped together
 * with the other rows of its observation; the remaining rows still make assessments, each checked
 * with the assessment schema.
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
  const issues: MgiIssue[] = [];
  const add = (
    code: IssueCode,
    row: number,
    column: string | undefined,
    message: string,
    extra: { hint?: string | undefined; expected?: string; received?: string } = {},
  ): void => {
    issues.push(
      issue(
        code,
        column === undefined ? ['row', row] : ['row', row, column],
        `row ${row}${column === undefined ? '' : `, column ${column}`}: ${message}`,
        {
          ...extra,
          source: src,
        },
      ),
    );
  };

  const parsed = parseCsv(text, { maxBytes: resolveLimits(options.limits).maxTextLength });
  if (parsed.issues.length > 0) {
    return {
      assessments: [],
      issues: parsed.issues.map((i) =>
        src === undefined || i.source !== undefined ? i : { ...i, source: src },
      ),
    };
  }
  const header = parsed.rows[0];
  if (header === undefined) {
    return {
      assessments: [],
      issues: [
        issue(
          'empty-input',
          [],
          'the CSV is empty; expected a header row such as "entity,year,indicator,value"',
          { source: src },
        ),
      ],
    };
  }
  const headerRow = parsed.rowNumbers[0]!;
  const matrix = options.matrix;
  const matrixRef = matrix ? `${matrix.id}@${matrix.version}` : undefined;
  const lookup = matrix ? matrixLookup(matrix) : undefined;

  // --- header ---
  const columns = new Map<string, number>();
  const breakdownColumns: string[] = [];
  let headerOk = true;
  header.forEach((raw, i) => {
    const name = raw.trim();
    if (name === '') {
      if (parsed.rows.some((r, k) => k > 0 && (r[i] ?? '') !== '')) {
        add(
          'csv-unknown-column',
          headerRow,
          `${i + 1}`,
          `column ${i + 1} has no name in the header but holds values; name it or delete it`,
        );
        headerOk = false;
      }
      return;
    }
    if (columns.has(name)) {
      add('csv-inconsistent', headerRow, name, `the column "${name}" appears twice in the header; keep one`);
      headerOk = false;
      return;
    }
    columns.set(name, i);
    if (STANDARD_COLUMNS.includes(name)) return;
    const known = lookup ? lookup.dimensions : undefined;
    if (known ? known.has(name) : ID.test(name) && !nearStandard(name)) {
      breakdownColumns.push(name);
      return;
    }
    const near = closest(name, [...STANDARD_COLUMNS, ...(known ?? [])]);
    add(
      'csv-unknown-column',
      headerRow,
      name,
      `unknown column "${name}"${known ? ` (breakdown columns of ${matrixRef}: ${[...known].sort().join(', ') || 'none'})` : ''}`,
      {
        hint: near
          ? `did you mean "${near}"?`
          : 'remove the column, or add the dimension to the indicator\'s "disaggregation"',
      },
    );
    headerOk = false;
  });
  for (const required of KEY_COLUMNS) {
    if (!columns.has(required)) {
      add(
        'csv-missing-column',
        headerRow,
        required,
        `the header has no "${required}" column; required columns: entity, year, indicator, and value or level`,
      );
      headerOk = false;
    }
  }
  if (!VALUE_COLUMNS.some((c) => columns.has(c))) {
    add(
      'csv-missing-column',
      headerRow,
      'value',
      'the header has none of the columns "value", "level" and "missing"; add "value" (numbers) or "level" (level ids)',
    );
    headerOk = false;
  }
  if (!columns.has('matrix') && matrixRef === undefined) {
    add(
      'csv-missing-column',
      headerRow,
      'matrix',
      'the header has no "matrix" column and no matrix was given; add a "matrix" column (id@version) or pass the matrix (--matrix)',
    );
    headerOk = false;
  }
  if (!headerOk) return { assessments: [], issues };
  if (parsed.rows.length === 1) {
    return {
      assessments: [],
      issues: [issue('empty-input', [], 'the CSV has a header but no rows', { source: src })],
    };
  }

  // --- rows ---
  const groups = new Map<string, Group>();
  const badObservations = new Set<string>();
  for (let k = 1; k < parsed.rows.length; k++) {
    const cells = parsed.rows[k]!;
    const rowNo = parsed.rowNumbers[k]!;
    if (cells.every((c) => c === '')) continue; // `,,,,` lines from spreadsheet exports
    const cell = (name: string): string => {
      const i = columns.get(name);
      return i === undefined ? '' : (cells[i] ?? '');
    };
    if (cells.length > header.length && cells.slice(header.length).some((c) => c !== '')) {
      add(
        'csv-inconsistent',
        rowNo,
        undefined,
        `the row has ${cells.length} fields but the header has ${header.length}; quote fields that contain commas`,
      );
      continue;
    }
    const before = issues.length;

    // Assessment key.
    const entity = cell('entity');
    if (entity === '')
      add('required', rowNo, 'entity', 'the entity is empty; give the country or municipality code');
    const yearText = cell('year').trim();
    let year = Number.NaN;
    if (!/^\d{4}$/.test(yearText)) {
      add(
        'invalid-value',
        rowNo,
        'year',
        yearText === ''
          ? 'the year is empty'
          : `"${cell('year')}" is not a year; write four digits, like 2021`,
      );
    } else if (Number(yearText) < 1900 || Number(yearText) > 2200) {
      add('out-of-range', rowNo, 'year', `${yearText} is not a year from 1900 to 2200`);
    } else year = Number(yearText);
    let matrixCell = cell('matrix');
    if (matrixCell === '') {
      if (matrixRef === undefined)
        add(
          'required',
          rowNo,
          'matrix',
          'the matrix is empty; give the matrix reference (id@version), or pass the matrix (--matrix)',
        );
      else matrixCell = matrixRef;
    }
    if (issues.length > before) continue;

    const submittedBy = cell('submittedBy');
    const key = JSON.stringify([entity, year, submittedBy]);
    let group = groups.get(key);
    if (!group) {
      group = { entity, year, firstRow: rowNo, fields: new Map(), observations: new Map(), used: false };
      groups.set(key, group);
    }
    let fieldsOk = true;
    for (const f of ASSESSMENT_COLUMNS) {
      const v = f === 'matrix' ? matrixCell : cell(f);
      if (v === '') continue;
      const had = group.fields.get(f);
      if (had === undefined) group.fields.set(f, { value: v, row: rowNo });
      else if (had.value !== v) {
        add(
          'csv-inconsistent',
          rowNo,
          f,
          `${JSON.stringify(v)} differs from ${JSON.stringify(had.value)} in row ${had.row} for the same assessment (${label(group)}); an assessment has one ${f}`,
        );
        fieldsOk = false;
      }
    }
    if (!fieldsOk) continue;

    // Observation.
    const indicator = cell('indicator');
    const filled = VALUE_COLUMNS.filter((c) => cell(c) !== '');
    const categories = breakdownColumns.filter((c) => cell(c) !== '');
    const meta = META_COLUMNS.filter((c) => cell(c) !== '');
    if (indicator === '') {
      if (filled.length > 0 || categories.length > 0 || meta.length > 0) {
        add(
          'required',
          rowNo,
          'indicator',
          'the indicator is empty; give the indicator or input id this row reports',
        );
      } else group.used = true; // a row that only declares the assessment
      continue;
    }
    const obsKey = `${key}\u0000${indicator}`;
    if (!ID.test(indicator)) {
      add(
        'invalid-format',
        rowNo,
        'indicator',
        `${JSON.stringify(indicator)} is not an indicator id (letters, digits, "_" or "-", starting with a letter or digit, and not a reserved name such as constructor)`,
      );
      badObservations.add(obsKey);
      continue;
    }
    const target =
      lookup && group.fields.get('matrix')?.value === matrixRef
        ? lookup.reportable.get(indicator)
        : undefined;
    if (lookup && group.fields.get('matrix')?.value === matrixRef && target === undefined) {
      if (lookup.formulas.has(indicator)) {
        add(
          'kind-mismatch',
          rowNo,
          'indicator',
          `${indicator} is computed by a formula; report its inputs (${lookup.formulas.get(indicator)!.join(', ') || 'none'}) instead`,
        );
      } else {
        const near = closest(indicator, lookup.reportable.keys());
        add(
          'unknown-indicator',
          rowNo,
          'indicator',
          `"${indicator}" is not an indicator or input of ${matrixRef}`,
          { hint: near ? `did you mean "${near}"?` : undefined },
        );
      }
      badObservations.add(obsKey);
      continue;
    }

    if (categories.length > 1) {
      add(
        'csv-inconsistent',
        rowNo,
        categories[1]!,
        `categories in both "${categories[0]}" and "${categories[1]}": cross-breakdowns are not supported; give each breakdown in its own row`,
      );
      badObservations.add(obsKey);
      continue;
    }
    if (filled.length !== 1) {
      if (filled.length === 0)
        add(
          'required',
          rowNo,
          columns.has('value') ? 'value' : columns.has('level') ? 'level' : 'missing',
          `no value for ${indicator}; fill one of ${VALUE_COLUMNS.filter((c) => columns.has(c)).join(', ')}`,
        );
      else
        add(
          'csv-inconsistent',
          rowNo,
          filled[1]!,
          `both "${filled[0]}" and "${filled[1]}" are filled for ${indicator}; keep exactly one`,
        );
      badObservations.add(obsKey);
      continue;
    }
    const kind = filled[0]!;
    const raw = cell(kind);
    let entry: { value?: number; level?: string; missing?: string } | undefined;
    if (kind === 'value') {
      const n = parseNumber(raw);
      if (typeof n === 'string') add('invalid-value', rowNo, 'value', n);
      else entry = { value: n };
    } else if (kind === 'level') {
      if (!ID.test(raw))
        add(
          'invalid-format',
          rowNo,
          'level',
          `${JSON.stringify(raw)} is not a level id (letters, digits, "_" or "-")`,
        );
      else entry = { level: raw };
    } else entry = { missing: raw };
    const category = categories[0];
    if (entry && category !== undefined) {
      const cat = cell(category);
      if (entry.value === undefined) {
        add(
          'csv-inconsistent',
          rowNo,
          kind,
          `a breakdown row (${category} = ${cat}) needs a number in "value"; state a missing total on the row without a category`,
        );
        entry = undefined;
      } else if (!ID.test(cat)) {
        add(
          'invalid-format',
          rowNo,
          category,
          `${JSON.stringify(cat)} is not a category id (letters, digits, "_" or "-")`,
        );
        entry = undefined;
      }
    }
    if (entry && target) {
      const problem = checkAgainstMatrix(
        target,
        entry,
        category,
        category === undefined ? undefined : cell(category),
      );
      if (problem) {
        add(problem.code, rowNo, problem.column ?? kind, problem.message, { hint: problem.hint });
        entry = undefined;
      }
    }
    if (!entry) {
      badObservations.add(obsKey);
      continue;
    }

    // Merge into the observation, never overwriting a different value.
    group.used = true;
    let obs = group.observations.get(indicator);
    if (!obs) {
      obs = {
        id: indicator,
        key: obsKey,
        firstRow: rowNo,
        fieldRows: new Map(),
        breakdown: new Map(),
        breakdownRows: new Map(),
        meta: new Map(),
      };
      group.observations.set(indicator, obs);
    }
    if (category === undefined) {
      const prev = obs.total;
      if (prev === undefined) {
        obs.total = { ...entry, row: rowNo };
        obs.fieldRows.set(kind, rowNo);
      } else if (!sameEntry(prev, entry)) {
        add(
          'conflict',
          rowNo,
          kind,
          `${indicator} for ${label(group)} is ${describeEntry(entry)} here but ${describeEntry(prev)} in row ${prev.row}; keep one`,
        );
        badObservations.add(obsKey);
        continue;
      }
    } else {
      const cat = cell(category);
      const dim = obs.breakdown.get(category) ?? new Map<string, number>();
      const prev = dim.get(cat);
      if (prev === undefined) {
        dim.set(cat, entry.value!);
        obs.breakdown.set(category, dim);
        obs.breakdownRows.set(`${category}\u0000${cat}`, rowNo);
      } else if (prev !== entry.value) {
        const prevRow = obs.breakdownRows.get(`${category}\u0000${cat}`);
        add(
          'conflict',
          rowNo,
          'value',
          `${indicator} (${category} = ${cat}) for ${label(group)} is ${entry.value} here but ${prev} in row ${prevRow}; keep one`,
        );
        badObservations.add(obsKey);
        continue;
      }
    }
    for (const f of meta) {
      const v = cell(f);
      const had = obs.meta.get(f);
      if (had === undefined) {
        obs.meta.set(f, { value: v, row: rowNo });
        obs.fieldRows.set(f, rowNo);
      } else if (had.value !== v) {
        add(
          'csv-inconsistent',
          rowNo,
          f,
          `${JSON.stringify(v)} differs from ${JSON.stringify(had.value)} in row ${had.row} for ${indicator} (${label(group)}); an observation has one ${f}: put it on one row`,
        );
        badObservations.add(obsKey);
      }
    }
  }

  // --- assemble and validate ---
  const assessments: Assessment[] = [];
  for (const group of groups.values()) {
    if (!group.used) continue; // every row of it had a problem
    const observations: Record<string, Observation> = {};
    for (const obs of group.observations.values()) {
      if (badObservations.has(obs.key)) continue;
      if (obs.total === undefined) {
        const [first] = [...obs.breakdownRows.values()];
        add(
          'required',
          first ?? obs.firstRow,
          'indicator',
          `${obs.id} has breakdown values but no total; add a row without a category holding the total in "value", or the reason in "missing"`,
        );
        continue;
      }
      const built = buildObservation(obs);
      const checked = ObservationSchema.safeParse(built);
      if (!checked.success) {
        for (const zi of fromZodIssues(checked.error.issues, built)) {
          const [field, dim, cat] = zi.path;
          const row =
            field === 'breakdown' && dim !== undefined && cat !== undefined
              ? (obs.breakdownRows.get(`${dim}\u0000${cat}`) ?? obs.firstRow)
              : (obs.fieldRows.get(String(field)) ?? obs.firstRow);
          const column =
            field === 'breakdown' && dim !== undefined ? String(dim) : String(field ?? 'indicator');
          add(zi.code, row, column, `${obs.id}: ${zi.message}`, { hint: zi.hint });
        }
        continue;
      }
      observations[obs.id] = checked.data;
    }
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
    const r = safeParseAssessmentCore(value, options.limits ? { limits: options.limits } : {});
    if (r.success) {
      assessments.push(r.data);
      continue;
    }
    for (const i of r.issues) {
      const field = String(i.path[0] ?? 'entity');
      const obs = field === 'observations' ? group.observations.get(String(i.path[1])) : undefined;
      if (obs) add(i.code, obs.firstRow, 'indicator', i.message, { hint: i.hint });
      else
        add(i.code, group.fields.get(field as AssessmentField)?.row ?? group.firstRow, field, i.message, {
          hint: i.hint,
        });
    }
  }
  return { assessments, issues };
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

interface Entry {
  readonly value?: number;
  readonly level?: string;
  readonly missing?: string;
}

interface PendingObservation {
  readonly id: string;
  readonly key: string;
  readonly firstRow: number;
  total?: Entry & { readonly row: number };
  /** Field (value/level/missing/source/…) → the row it came from, to name rows in schema issues. */
  readonly fieldRows: Map<string, number>;
  readonly breakdown: Map<string, Map<string, number>>;
  readonly breakdownRows: Map<string, number>;
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

/** What the matrix says about each reportable id, for row-level checks. */
interface Reportable {
  readonly kind: 'quantitative' | 'qualitative' | 'input';
  readonly levels: readonly string[];
  readonly range: { readonly min?: number | undefined; readonly max?: number | undefined };
  readonly categories: Readonly<Record<string, readonly string[]>>;
}

interface MatrixLookup {
  readonly reportable: Map<string, Reportable>;
  readonly formulas: Map<string, readonly string[]>;
  /** Every breakdown dimension of any indicator or input. */
  readonly dimensions: Set<string>;
}

function matrixLookup(matrix: Matrix): MatrixLookup {
  const reportable = new Map<string, Reportable>();
  const formulas = new Map<string, readonly string[]>();
  const dimensions = new Set<string>();
  for (const ind of matrix.indicators) {
    if (ind.kind === 'formula') {
      formulas.set(ind.id, ind.inputs ?? []);
      for (const d of Object.keys(ind.disaggregation ?? {})) dimensions.add(d);
    } else if (ind.kind === 'qualitative') {
      reportable.set(ind.id, {
        kind: 'qualitative',
        levels: ind.levels.map((l) => l.id),
        range: {},
        categories: {},
      });
    } else {
      reportable.set(ind.id, {
        kind: 'quantitative',
        levels: [],
        range: ind.range ?? {},
        categories: ind.disaggregation ?? {},
      });
      for (const d of Object.keys(ind.disaggregation ?? {})) dimensions.add(d);
    }
  }
  for (const input of formulaInputs(matrix)) {
    if (!reportable.has(input.id))
      reportable.set(input.id, { kind: 'input', levels: [], range: {}, categories: input.categories });
  }
  return { reportable, formulas, dimensions };
}

function checkAgainstMatrix(
  target: Reportable,
  entry: Entry,
  dim: string | undefined,
  cat: string | undefined,
): { code: IssueCode; column?: string; message: string; hint?: string | undefined } | undefined {
  if (target.kind === 'qualitative') {
    if (entry.value !== undefined) {
      return {
        code: 'kind-mismatch',
        message: `the indicator is qualitative: give a level (${target.levels.join(', ')}) in "level", not a number`,
        column: 'value',
      };
    }
    if (entry.level !== undefined && !target.levels.includes(entry.level)) {
      const near = closest(entry.level, target.levels);
      return {
        code: 'unknown-level',
        message: `level "${entry.level}" is not one of ${target.levels.join(', ')}`,
        hint: near ? `did you mean "${near}"?` : undefined,
      };
    }
    return undefined;
  }
  if (entry.level !== undefined) {
    return {
      code: 'kind-mismatch',
      message: `the indicator is ${target.kind === 'input' ? 'a formula input' : 'quantitative'}: give a number in "value", not a level`,
      column: 'level',
    };
  }
  if (dim !== undefined && cat !== undefined) {
    const cats = target.categories[dim];
    if (cats === undefined) {
      const dims = Object.keys(target.categories);
      return {
        code: 'unknown-category',
        column: dim,
        message: `this indicator has no breakdown by "${dim}" (${dims.length > 0 ? `only by ${dims.join(', ')}` : 'it has no breakdown'})`,
      };
    }
    if (!cats.includes(cat)) {
      const near = closest(cat, cats);
      return {
        code: 'unknown-category',
        column: dim,
        message: `"${cat}" is not a category of "${dim}" (${cats.join(', ')})`,
        hint: near ? `did you mean "${near}"?` : undefined,
      };
    }
  }
  const v = entry.value;
  if (
    v !== undefined &&
    ((target.range.min !== undefined && v < target.range.min) ||
      (target.range.max !== undefined && v > target.range.max))
  ) {
    return {
      code: 'value-out-of-range',
      column: 'value',
      message: `${v} is outside the declared range (${target.range.min ?? '−∞'} to ${target.range.max ?? '∞'})`,
    };
  }
  return undefined;
}

/** Whether a column name is one typo away from a standard column (`Value`, `evidnce`). */
function nearStandard(name: string): boolean {
  const lower = name.toLowerCase();
  return STANDARD_COLUMNS.some((c) => c.toLowerCase() === lower || editDistance(name, c) <= 1);
}

/** A finite number, or the message saying why the cell is not one. */
function parseNumber(raw: string): number | string {
  const text = raw.trim();
  if (NUMBER.test(text)) {
    const n = Number(text);
    if (!Number.isFinite(n)) return `"${raw}" is too large to be a number`;
    return n === 0 ? 0 : n; // -0 reads as 0, as in JSON
  }
  const shown = JSON.stringify(raw);
  if (/^[+-]?(nan|inf(inity)?)$/i.test(text))
    return `${shown} is not a finite number; leave "value" empty and give the reason in "missing"`;
  if (/^[+-]?\d+,\d+$/.test(text)) {
    return `${shown} is not a number: use a dot as the decimal mark (${text.replace(',', '.')}) and no thousands separators`;
  }
  if (/^[+-]?\d{1,3}([,\s'\u00a0\u202f]\d{3})+([.,]\d+)?$/.test(text))
    return `${shown} is not a number: write it without thousands separators (${text.replace(/[,\s'\u00a0\u202f]/g, '')})`;
  if (/%$/.test(text))
    return `${shown} is not a number: write it without the % sign (the unit is in the matrix)`;
  return `${shown} is not a number; write a plain decimal like 12 or 0.5`;
}

function formatNumber(n: number): string {
  return String(n);
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

function buildObservation(obs: PendingObservation): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const t = obs.total!;
  if (t.value !== undefined) out.value = t.value;
  if (t.level !== undefined) out.level = t.level;
  if (t.missing !== undefined) out.missing = t.missing;
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
