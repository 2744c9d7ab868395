/**
 * DHIS2 data value sets (`/api/dataValueSets`, JSON) to assessments and back, through a mapping
 * file (`mgi-engine/dhis2-mapping@1`): data element → indicator or input id, org unit → entity,
 * category option combo → the total or a breakdown category, option codes → level ids.
 *
 * Import turns every data value into a row of the long format and reads the rows with the tabular
 * core shared with CSV and XLSX, so the checks (ids, kinds, levels, categories, ranges, conflicts)
 * and their wording are the same; problems name the data value (`dataValues[3].period: …`).
 * Periods: yearly (`2021`) and financial years (`2021April`, `2021July`, `2021Oct`, `2021Nov`, read
 * as the year they start in) are annual; anything else is an error naming the period. A data
 * element the mapping does not name is a warning (counted, never dropped silently); an unmapped org
 * unit or category option combo is an error. Export is the inverse; what a data value cannot carry
 * (a `missing` reason, `source`, `evidence`) is a warning, never a silent loss.
 *
 * Browser-safe.
 */

import { z } from 'zod';
import { issue, MgiError, type MgiIssue } from '../errors';
import type { Assessment } from '../schema/assessment';
import type { Matrix } from '../schema/matrix';
import { type Table, tableToAssessments } from './_tabular';

/** The format tag of a DHIS2 mapping file. */
export const DHIS2_MAPPING_FORMAT = 'mgi-engine/dhis2-mapping@1';

const Uid = z.string().min(1).max(100);
const Combo = z.union([
  z.literal('total'),
  z.strictObject({ dimension: z.string().min(1), category: z.string().min(1) }),
]);

/** The mapping file, as a zod schema (its JSON Schema is `schemas/dhis2-mapping.schema.json`). */
export const Dhis2Mapping = z
  .strictObject({
    $schema: z.string().optional(),
    format: z.literal(DHIS2_MAPPING_FORMAT),
    matrix: z.string().describe('The matrix the mapped ids belong to, as id@version.'),
    dataSet: Uid.optional().describe('Data set UID written on export.'),
    dataElements: z
      .record(Uid, z.string().min(1))
      .describe('Data element UID (or code) → indicator or input id.'),
    orgUnits: z.record(Uid, z.string().min(1)).describe('Org unit UID (or code) → entity code.'),
    categoryOptionCombos: z
      .record(Uid, Combo)
      .optional()
      .describe(
        'Category option combo → "total" or {dimension, category}. A value without a combo is the total.',
      ),
    options: z
      .record(z.string(), z.record(z.string(), z.string()))
      .optional()
      .describe('Per qualitative indicator: option code → level id. Without it, the value is the level id.'),
  })
  .describe('How DHIS2 identifiers map to an mgi-engine matrix.');

/** A DHIS2 mapping file. */
export type Dhis2Mapping = z.infer<typeof Dhis2Mapping>;

/** The JSON Schema of the mapping file (draft 2020-12). */
export function dhis2MappingJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(Dhis2Mapping) as Record<string, unknown>;
}

/** Parse a mapping file's JSON value; issues name the field. */
export function safeParseDhis2Mapping(
  value: unknown,
  source?: string,
): { success: true; data: Dhis2Mapping } | { success: false; issues: MgiIssue[] } {
  const r = Dhis2Mapping.safeParse(value);
  if (r.success) return { success: true, data: r.data };
  return {
    success: false,
    issues: r.error.issues.map((i) =>
      issue(
        i.code === 'unrecognized_keys' ? 'unknown-field' : 'invalid-value',
        i.path as (string | number)[],
        i.message,
        {
          ...(source ? { source } : {}),
        },
      ),
    ),
  };
}

/** One data value of a payload. */
interface DataValue {
  readonly dataElement?: unknown;
  readonly period?: unknown;
  readonly orgUnit?: unknown;
  readonly categoryOptionCombo?: unknown;
  readonly attributeOptionCombo?: unknown;
  readonly value?: unknown;
  readonly comment?: unknown;
  readonly storedBy?: unknown;
  readonly followup?: unknown;
}

/**
 * Read a dataValueSets payload (the parsed JSON) into assessments. Never throws for bad input.
 *
 * @example
 * ```ts
 * const { assessments, issues, warnings } = dhis2ToAssessments(payload, mapping, matrix);
 * ```
 */
export function dhis2ToAssessments(
  payload: unknown,
  mapping: Dhis2Mapping,
  matrix: Matrix,
  options: { readonly source?: string | undefined } = {},
): { assessments: Assessment[]; issues: MgiIssue[]; warnings: MgiIssue[] } {
  const at = options.source ? { source: options.source } : {};
  const top = (payload ?? {}) as DataValue & { dataValues?: unknown };
  const ref = `${matrix.id}@${matrix.version}`;
  const refuse = (code: 'invalid-type' | 'matrix-mismatch', path: string, message: string) => ({
    assessments: [],
    issues: [issue(code, [path], message, at)],
    warnings: [],
  });
  if (typeof payload !== 'object' || payload === null || !Array.isArray(top.dataValues))
    return refuse(
      'invalid-type',
      'dataValues',
      'expected a DHIS2 data value set: an object with "dataValues": [ … ]',
    );
  if (mapping.matrix !== ref)
    return refuse('matrix-mismatch', 'matrix', `the mapping is for ${mapping.matrix}, not for ${ref}`);
  const dims = [
    ...new Set(
      Object.values(mapping.categoryOptionCombos ?? {}).flatMap((c) => (c === 'total' ? [] : [c.dimension])),
    ),
  ];
  const header = ['entity', 'year', 'indicator', 'value', 'level', ...dims, 'note', 'reportedBy'];
  const rows = payloadRows(top, top.dataValues as DataValue[], mapping, matrix, header, at);
  const read =
    rows.rows.length > 1
      ? tableToAssessments(dhis2Table(rows.rows, rows.rowNumbers, dims), { matrix, ...at })
      : { assessments: [], issues: [] };
  return { assessments: read.assessments, issues: [...rows.issues, ...read.issues], warnings: rows.warnings };
}

/**
 * Write assessments as a dataValueSets payload. Throws {@link MgiError} (`dhis2-unmapped`) for ids,
 * entities or categories the mapping cannot express; returns warnings for what a data value cannot
 * carry (missing reasons, source, evidence).
 */
export function assessmentsToDhis2(
  assessments: readonly Assessment[],
  mapping: Dhis2Mapping,
): { payload: { dataSet?: string; dataValues: Record<string, string>[] }; warnings: MgiIssue[] } {
  const elements = invert(mapping.dataElements);
  const units = invert(mapping.orgUnits);
  const combos = new Map<string, string>();
  for (const [uid, c] of Object.entries(mapping.categoryOptionCombos ?? {}))
    combos.set(c === 'total' ? 'total' : `${c.dimension}\u0000${c.category}`, uid);
  const issues: MgiIssue[] = [];
  const warnings: MgiIssue[] = [];
  const dataValues: Record<string, string>[] = [];
  const need = (m: Map<string, string>, key: string, what: string, path: (string | number)[]) => {
    const v = m.get(key);
    if (v === undefined && !issues.some((i) => i.message.startsWith(`${what} "${key}"`)))
      issues.push(issue('dhis2-unmapped', path, `${what} "${key}" has no DHIS2 identifier in the mapping`));
    return v ?? '';
  };
  assessments.forEach((a, k) => {
    const orgUnit = need(units, a.entity, 'entity', [k, 'entity']);
    for (const [id, o] of Object.entries(a.observations)) {
      const path = [k, 'observations', id];
      const dataElement = need(elements, id, 'indicator', path);
      if (o.missing !== undefined) {
        warnings.push(
          issue(
            'dhis2-unmapped',
            path,
            `${a.entity} ${a.year} ${id}: a missing value ("${o.missing}") has no DHIS2 data value; not exported`,
          ),
        );
        continue;
      }
      if (o.source !== undefined || o.evidence !== undefined)
        warnings.push(
          issue(
            'dhis2-unmapped',
            path,
            `${a.entity} ${a.year} ${id}: source and evidence have no place in a DHIS2 data value; not exported`,
          ),
        );
      const base: Record<string, string> = { dataElement, period: String(a.year), orgUnit };
      const extra = (dv: Record<string, string>) => {
        if (o.note !== undefined) dv.comment = o.note;
        if (o.reportedBy !== undefined) dv.storedBy = o.reportedBy;
        return dv;
      };
      const total = combos.get('total');
      const value = o.value !== undefined ? String(o.value) : levelCode(mapping, id, o.level!);
      dataValues.push(extra({ ...base, ...(total ? { categoryOptionCombo: total } : {}), value }));
      for (const [dim, cats] of Object.entries(o.breakdown ?? {}))
        for (const [cat, v] of Object.entries(cats)) {
          const coc = need(combos, `${dim}\u0000${cat}`, 'category', [...path, 'breakdown', dim, cat]);
          dataValues.push({ ...base, categoryOptionCombo: coc, value: String(v) });
        }
    }
  });
  if (issues.length > 0) throw new MgiError(issues);
  return { payload: { ...(mapping.dataSet ? { dataSet: mapping.dataSet } : {}), dataValues }, warnings };
}

// --- internal ---

/** DHIS2 field names of the long-format columns, for messages. */
const DHIS2_FIELD: Record<string, string> = {
  entity: 'orgUnit',
  year: 'period',
  indicator: 'dataElement',
  value: 'value',
  level: 'value',
  note: 'comment',
  reportedBy: 'storedBy',
};

const FINANCIAL = /^(\d{4})(April|July|Oct|Nov)$/;

/** The long-format rows of a payload's data values, with the problems and warnings met on the way. */
function payloadRows(
  top: DataValue,
  values: readonly DataValue[],
  mapping: Dhis2Mapping,
  matrix: Matrix,
  header: readonly string[],
  at: { source?: string },
): { rows: string[][]; rowNumbers: number[]; issues: MgiIssue[]; warnings: MgiIssue[] } {
  const rows: string[][] = [[...header]];
  const rowNumbers: number[] = [-1];
  const issues: MgiIssue[] = [];
  const warnings: MgiIssue[] = [];
  const unmapped = new Map<string, number>();
  const kinds = new Map(matrix.indicators.map((i) => [i.id, i.kind]));
  const seen = new Map<string, { index: number; value: unknown }>();
  const warn = (
    code: 'conflict' | 'unknown-field' | 'dhis2-unmapped',
    path: (string | number)[],
    message: string,
    hint?: string,
  ) => warnings.push(issue(code, path, message, { ...at, ...(hint ? { hint } : {}) }));
  values.forEach((dv, i) => {
    const row = dataValueRow(dv, top, i, mapping, header, kinds, issues, unmapped, at);
    if (!row) return;
    // The same data value twice: once is read (a different value is a conflict the core reports).
    const key = JSON.stringify([
      dv.dataElement,
      dv.period ?? top.period,
      dv.orgUnit ?? top.orgUnit,
      dv.categoryOptionCombo,
      dv.attributeOptionCombo,
    ]);
    const first = seen.get(key);
    if (first && first.value === dv.value) {
      warn(
        'conflict',
        ['dataValues', i],
        `dataValues[${i}] repeats dataValues[${first.index}] with the same value; read once`,
      );
      return;
    }
    if (!first) seen.set(key, { index: i, value: dv.value });
    rows.push(row);
    rowNumbers.push(i);
    if (dv?.followup === true)
      warn(
        'unknown-field',
        ['dataValues', i, 'followup'],
        'marked for follow-up in DHIS2; the flag is not carried',
      );
  });
  for (const [uid, n] of unmapped)
    warn(
      'dhis2-unmapped',
      ['dataElements', uid],
      `data element ${uid} is not in the mapping: ${n} value(s) not read`,
      'add it to "dataElements" if it belongs to the matrix',
    );
  if (values.some((v) => v?.attributeOptionCombo !== undefined) || top.attributeOptionCombo !== undefined)
    warn(
      'unknown-field',
      ['attributeOptionCombo'],
      'attribute option combos are not carried (values are read as if for the default)',
    );
  return { rows, rowNumbers, issues, warnings };
}

/** The table of the rows, naming data values (`dataValues[3].period`) in messages. */
function dhis2Table(rows: string[][], rowNumbers: number[], dims: readonly string[]): Table {
  return {
    rows,
    rowNumbers,
    decimalComma: false,
    what: 'data value set',
    locate: (row, _c, name) => {
      const field =
        name === undefined
          ? undefined
          : (DHIS2_FIELD[name] ?? (dims.includes(name) ? 'categoryOptionCombo' : name));
      return {
        path: field === undefined ? ['dataValues', row] : ['dataValues', row, field],
        label: `dataValues[${row}]${field === undefined ? '' : `.${field}`}`,
      };
    },
  };
}

function dataValueRow(
  dv: DataValue,
  top: DataValue,
  i: number,
  mapping: Dhis2Mapping,
  header: readonly string[],
  kinds: ReadonlyMap<string, string>,
  issues: MgiIssue[],
  unmapped: Map<string, number>,
  at: { source?: string },
): string[] | undefined {
  const bad = (...args: [string, string, string?] | ['dhis2-period', string, string, string?]) => {
    const [code, field, message, hint] = (
      args[0] === 'dhis2-period' ? args : ['dhis2-unmapped', ...args]
    ) as ['dhis2-period' | 'dhis2-unmapped', string, string, string?];
    issues.push(
      issue(code, ['dataValues', i, field], `dataValues[${i}].${field}: ${message}`, {
        ...at,
        ...(hint ? { hint } : {}),
      }),
    );
    return undefined;
  };
  if (dv === null || typeof dv !== 'object') return bad('value', 'a data value must be an object');
  const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
  const de = str(dv.dataElement);
  if (de === undefined) return bad('dataElement', 'the data element is missing');
  const id = mapping.dataElements[de];
  if (id === undefined) {
    unmapped.set(de, (unmapped.get(de) ?? 0) + 1);
    return undefined;
  }
  const period = str(dv.period ?? top.period);
  const year =
    period === undefined ? undefined : /^\d{4}$/.test(period) ? period : FINANCIAL.exec(period)?.[1];
  if (year === undefined)
    return bad(
      'dhis2-period',
      'period',
      period === undefined
        ? 'no period (neither on the data value nor on the data value set)'
        : `period "${period}" is not annual; the matrix is scored by year`,
      'give yearly periods (2021) or financial years (2021April, 2021July, 2021Oct, 2021Nov)',
    );
  const ou = str(dv.orgUnit ?? top.orgUnit);
  const entity = ou === undefined ? undefined : mapping.orgUnits[ou];
  if (entity === undefined)
    return bad(
      'orgUnit',
      ou === undefined ? 'no org unit' : `org unit ${ou} is not in the mapping ("orgUnits")`,
    );
  const coc = str(dv.categoryOptionCombo);
  const combo = coc === undefined ? 'total' : mapping.categoryOptionCombos?.[coc];
  if (combo === undefined)
    return bad(
      'categoryOptionCombo',
      `category option combo ${coc} is not in the mapping ("categoryOptionCombos")`,
      'map it to "total" or to {dimension, category}',
    );
  const value = str(dv.value);
  if (value === undefined)
    return bad('value', 'the value is missing; DHIS2 writes values as strings such as "12.5"');
  const row = header.map(() => '');
  const set = (name: string, v: string) => {
    row[header.indexOf(name)] = v;
  };
  set('entity', entity);
  set('year', year);
  set('indicator', id);
  if (kinds.get(id) === 'qualitative') set('level', mapping.options?.[id]?.[value] ?? value);
  else set('value', value);
  if (combo !== 'total') set(combo.dimension, combo.category);
  const comment = str(dv.comment);
  if (comment) set('note', comment);
  const storedBy = str(dv.storedBy);
  if (storedBy) set('reportedBy', storedBy);
  return row;
}

function invert(record: Readonly<Record<string, string>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(record)) if (!out.has(v)) out.set(v, k);
  return out;
}

function levelCode(mapping: Dhis2Mapping, id: string, level: string): string {
  const options = mapping.options?.[id];
  if (!options) return level;
  return Object.entries(options).find(([, l]) => l === level)?.[0] ?? level;
}
