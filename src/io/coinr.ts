/**
 * COINr's two input tables → an mgi-engine matrix and assessments (`mgi convert --from coinr`).
 *
 * COINr (the JRC's R package for composite indicators, ≥ 1.0) describes an index with:
 * - `iMeta`, one row per indicator or aggregate: `iCode`, `iName`, `Level` (1 = indicator, 2+ =
 *   aggregates), `Parent` (the iCode one level up), `Weight`, `Direction` (1 or −1), `Type`
 *   (`Indicator`, `Aggregate`, `Group`, `Denominator`, `Other`), optional `Unit`, `Target`;
 * - `iData`, one row per unit (and `Time`): `uCode`, optional `uName`, `Time`, group and
 *   denominator columns, then one column per indicator code.
 *
 * The conversion: each `Indicator` row becomes a quantitative indicator (`Direction` 1 →
 * "increase", −1 → "decrease", its `Weight`, `Unit`, theme = `Parent`); each `Aggregate` becomes a
 * theme with its `Weight` among its siblings and `parent` = its `Parent`, except the one aggregate
 * without a parent whose parts are all aggregates: that is the index, the matrix's overall score.
 * The matrix normalises over the sample (`scoring.normalisation`, "minmax" by default, as COINr's
 * `n_minmax` on 0–100) and aggregates with weighted arithmetic means, reweighting missing values
 * with no minimum coverage (`minCoverage: 0`), as COINr's `a_amean` does by default. Each iData
 * row becomes an assessment of `uCode` for `Time`; an empty or `NA` cell is a missing value.
 * `Group`, `Denominator` and `Other` rows and columns are not carried over, nor is `Target` (an mgi
 * target needs a year and a baseline): each is named in a warning.
 *
 * Every problem is an issue naming the file, the 1-based row as a spreadsheet shows it, and the
 * column (path `['row', 4, 'Weight']`, message `row 4, column Weight: …`). Browser-safe.
 */
import { issue, type MgiIssue } from '../errors';
import { ID_PATTERN } from '../schema/_common';
import { ASSESSMENT_FORMAT, type Assessment, type Observation } from '../schema/assessment';
import { MATRIX_FORMAT, type Matrix, type SampleMethod } from '../schema/matrix';
import { parseCsv } from './_csv';
import { parseNumber } from './_tabular-values';

/** Options of {@link coinrToMgi}. */
export interface CoinrOptions {
  /** File names, added to every issue. */
  readonly iMetaSource?: string | undefined;
  readonly iDataSource?: string | undefined;
  /** Id of the matrix (default "coinr-index"); its version is 1.0.0. */
  readonly id?: string | undefined;
  /** The sample-based method (default "minmax"). */
  readonly normalisation?: SampleMethod | undefined;
  /** The year of iData rows when iData has no `Time` column. */
  readonly year?: number | undefined;
}

/** What {@link coinrToMgi} returns: the matrix (null when iMeta has problems), the assessments, issues and warnings. */
export interface CoinrConversion {
  readonly matrix: Matrix | null;
  readonly assessments: Assessment[];
  readonly issues: MgiIssue[];
  readonly warnings: MgiIssue[];
}

interface Sheet {
  readonly header: readonly string[];
  readonly col: ReadonlyMap<string, number>;
  readonly rows: readonly string[][];
  readonly rowNumbers: readonly number[];
  readonly source: string | undefined;
}

interface MetaRow {
  readonly row: number;
  readonly code: string;
  readonly name: string;
  readonly level: number;
  readonly parent: string | null;
  readonly weight: number;
  readonly direction: 1 | -1;
  readonly type: 'Indicator' | 'Aggregate';
  readonly unit: string | null;
}

const META_REQUIRED = ['iCode', 'Level', 'Parent', 'Weight', 'Direction', 'Type'] as const;
const TYPES = new Set(['Indicator', 'Aggregate', 'Group', 'Denominator', 'Other']);

/** Convert COINr's iMeta and iData tables (CSV text) into a matrix and assessments. */
export function coinrToMgi(
  iMetaText: string,
  iDataText: string,
  options: CoinrOptions = {},
): CoinrConversion {
  const issues: MgiIssue[] = [];
  const warnings: MgiIssue[] = [];
  const meta = readSheet(iMetaText, options.iMetaSource, META_REQUIRED, issues);
  const data = readSheet(iDataText, options.iDataSource, ['uCode'], issues);
  if (!meta || !data) return { matrix: null, assessments: [], issues, warnings };
  const rows = metaRows(meta, issues, warnings);
  const matrix = rows ? buildMatrix(rows, meta, options, issues) : null;
  if (!matrix) return { matrix: null, assessments: [], issues, warnings };
  const assessments = readData(data, matrix, options, issues, warnings);
  return { matrix: issues.length > 0 ? null : matrix, assessments, issues, warnings };
}

function at(
  sheet: Pick<Sheet, 'source'>,
  row: number,
  column: string,
  code: MgiIssue['code'],
  what: string,
  extra: { expected?: string; hint?: string } = {},
): MgiIssue {
  return issue(code, ['row', row, column], `row ${row}, column ${column}: ${what}`, {
    ...extra,
    ...(sheet.source !== undefined ? { source: sheet.source } : {}),
  });
}

function readSheet(
  text: string,
  source: string | undefined,
  required: readonly string[],
  issues: MgiIssue[],
): Sheet | null {
  const src = source !== undefined ? { source } : {};
  const parsed = parseCsv(text);
  if (parsed.issues.length > 0) {
    for (const i of parsed.issues) issues.push({ ...i, ...src });
    return null;
  }
  if (parsed.rows.length === 0) {
    issues.push(issue('empty-input', [], 'the table is empty', src));
    return null;
  }
  const header = parsed.rows[0]!.map((h) => h.trim());
  const col = new Map<string, number>();
  header.forEach((h, i) => {
    if (h !== '' && !col.has(h)) col.set(h, i);
  });
  const missing = required.filter((c) => !col.has(c));
  if (missing.length > 0) {
    issues.push(
      issue('csv-missing-column', ['row', 1], `row 1: the header has no column ${missing.join(', ')}`, {
        expected: `COINr's columns ${required.join(', ')}`,
        hint: 'column names are case-sensitive, as in COINr',
        ...src,
      }),
    );
    return null;
  }
  return { header, col, rows: parsed.rows.slice(1), rowNumbers: parsed.rowNumbers.slice(1), source };
}

const cellOf = (sheet: Sheet, r: string[], name: string): string => {
  const i = sheet.col.get(name);
  return i === undefined ? '' : (r[i] ?? '').trim();
};
const isNA = (x: string): boolean => x === '' || x === 'NA';

/** The Indicator and Aggregate rows of iMeta, checked cell by cell; null when any has a problem. */
function metaRows(sheet: Sheet, issues: MgiIssue[], warnings: MgiIssue[]): MetaRow[] | null {
  const before = issues.length;
  const out: MetaRow[] = [];
  const seen = new Map<string, number>();
  const skipped: string[] = [];
  let targets = 0;
  sheet.rows.forEach((r, i) => {
    const row = sheet.rowNumbers[i]!;
    const cell = (name: string) => cellOf(sheet, r, name);
    const code = cell('iCode');
    const type = cell('Type');
    if (!TYPES.has(type)) {
      issues.push(
        at(sheet, row, 'Type', 'invalid-value', `"${type}" is not a COINr type`, {
          expected: [...TYPES].join(', '),
        }),
      );
      return;
    }
    if (!ID_PATTERN.test(code)) {
      issues.push(
        at(sheet, row, 'iCode', 'invalid-value', `"${code}" cannot be an id`, {
          expected: 'letters, digits, "_" or "-", at most 64',
        }),
      );
      return;
    }
    const first = seen.get(code);
    if (first !== undefined) {
      issues.push(at(sheet, row, 'iCode', 'duplicate-id', `"${code}" is also in row ${first}`));
      return;
    }
    seen.set(code, row);
    if (type !== 'Indicator' && type !== 'Aggregate') {
      skipped.push(code);
      return;
    }
    if (type === 'Indicator' && !isNA(cell('Target'))) targets++;
    const m = metaRow(sheet, r, row, code, type, issues);
    if (m) out.push(m);
  });
  if (skipped.length > 0)
    warnings.push(
      issue(
        'unknown-field',
        [],
        `iMeta rows of type Group, Denominator or Other are not carried over: ${skipped.join(', ')}`,
        {
          ...(sheet.source !== undefined ? { source: sheet.source } : {}),
        },
      ),
    );
  if (targets > 0)
    warnings.push(
      issue(
        'unknown-field',
        [],
        `the Target of ${targets} indicator(s) is not carried over: an mgi target needs a year and a baseline`,
        {
          hint: 'add "baseline" and "targets" to the indicators in the matrix if you score against targets',
          ...(sheet.source !== undefined ? { source: sheet.source } : {}),
        },
      ),
    );
  return issues.length > before ? null : out;
}

function metaRow(
  sheet: Sheet,
  r: string[],
  row: number,
  code: string,
  type: 'Indicator' | 'Aggregate',
  issues: MgiIssue[],
): MetaRow | null {
  const before = issues.length;
  const cell = (name: string) => cellOf(sheet, r, name);
  const level = parseNumber(cell('Level'));
  if (
    typeof level === 'string' ||
    !Number.isInteger(level) ||
    level < 1 ||
    (type === 'Indicator') !== (level === 1)
  )
    issues.push(
      at(
        sheet,
        row,
        'Level',
        'invalid-value',
        `${JSON.stringify(cell('Level'))} is not the level of an ${type === 'Indicator' ? 'indicator' : 'aggregate'}`,
        {
          expected: type === 'Indicator' ? '1' : 'an integer ≥ 2',
        },
      ),
    );
  const weight = parseNumber(cell('Weight'));
  if (typeof weight === 'string' || !(weight > 0) || weight > 1e6)
    issues.push(
      at(
        sheet,
        row,
        'Weight',
        'invalid-weight',
        typeof weight === 'string' ? weight : `weight ${weight} is not allowed`,
        {
          expected: 'a number > 0 and at most 1e6',
          ...(weight === 0 ? { hint: 'a COINr weight of 0 drops a part: leave its row out instead' } : {}),
        },
      ),
    );
  const dir = parseNumber(cell('Direction'));
  if (type === 'Indicator' && dir !== 1 && dir !== -1)
    issues.push(
      at(
        sheet,
        row,
        'Direction',
        'invalid-value',
        `${JSON.stringify(cell('Direction'))} is not a direction`,
        { expected: '1 or -1' },
      ),
    );
  const parent = cell('Parent');
  if (issues.length > before) return null;
  return {
    row,
    code,
    name: isNA(cell('iName')) ? code : cell('iName'),
    level: level as number,
    parent: isNA(parent) ? null : parent,
    weight: weight as number,
    direction: dir === -1 ? -1 : 1,
    type,
    unit: isNA(cell('Unit')) ? null : cell('Unit'),
  };
}

/** The matrix of the iMeta rows: parents checked (exist, are aggregates one level up). */
function buildMatrix(
  rows: readonly MetaRow[],
  sheet: Sheet,
  options: CoinrOptions,
  issues: MgiIssue[],
): Matrix | null {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const before = issues.length;
  for (const r of rows) {
    if (r.parent === null) {
      if (r.type === 'Indicator')
        issues.push(at(sheet, r.row, 'Parent', 'required', `indicator ${r.code} has no parent`));
      continue;
    }
    const p = byCode.get(r.parent);
    if (p?.type !== 'Aggregate')
      issues.push(
        at(sheet, r.row, 'Parent', 'unknown-parent-theme', `"${r.parent}" is not an aggregate in iMeta`, {
          expected: rows
            .filter((x) => x.type === 'Aggregate')
            .map((x) => x.code)
            .join(', '),
        }),
      );
    else if (p.level !== r.level + 1)
      issues.push(
        at(
          sheet,
          r.row,
          'Parent',
          'invalid-value',
          `"${r.parent}" is at level ${p.level}, not ${r.level + 1}`,
        ),
      );
  }
  if (issues.length > before) return null;
  const aggregates = rows.filter((r) => r.type === 'Aggregate');
  const tops = aggregates.filter((r) => r.parent === null);
  const index =
    tops.length === 1 && rows.every((r) => r.parent !== tops[0]!.code || r.type === 'Aggregate')
      ? tops[0]!
      : null;
  const method = options.normalisation ?? 'minmax';
  const themes = aggregates
    .filter((r) => r !== index)
    .sort((a, b) => b.level - a.level || a.row - b.row)
    .map((r) => ({
      id: r.code,
      title: r.name,
      weight: r.weight,
      ...(r.parent !== null && r.parent !== index?.code ? { parent: r.parent } : {}),
    }));
  const indicators = rows
    .filter((r) => r.type === 'Indicator')
    .map((r) => ({
      id: r.code,
      theme: r.parent!,
      title: r.name,
      kind: 'quantitative' as const,
      direction: r.direction === 1 ? ('increase' as const) : ('decrease' as const),
      weight: r.weight,
      normalisation: method,
      ...(r.unit !== null ? { unit: r.unit } : {}),
    }));
  return {
    format: MATRIX_FORMAT,
    id: options.id ?? 'coinr-index',
    version: '1.0.0',
    title: index?.name ?? 'COINr index',
    source: 'Converted from COINr iMeta/iData tables by mgi convert --from coinr',
    themes,
    indicators,
    scoring: {
      normalisation: method,
      aggregation: { indicators: 'arithmetic', themes: 'arithmetic' },
      missing: { policy: 'reweight', minCoverage: 0 },
    },
  } as Matrix;
}

/** One assessment per iData row (unit and Time). */
function readData(
  sheet: Sheet,
  matrix: Matrix,
  options: CoinrOptions,
  issues: MgiIssue[],
  warnings: MgiIssue[],
): Assessment[] {
  const ids = matrix.indicators.map((i) => i.id);
  const absent = ids.filter((id) => !sheet.col.has(id));
  if (absent.length > 0)
    issues.push(
      issue(
        'csv-missing-column',
        ['row', 1],
        `row 1: iData has no column for indicator ${absent.join(', ')}`,
        {
          ...(sheet.source !== undefined ? { source: sheet.source } : {}),
        },
      ),
    );
  const hasTime = sheet.col.has('Time');
  if (!hasTime && options.year === undefined)
    issues.push(
      issue('csv-missing-column', ['row', 1], 'row 1: iData has no Time column, so the year is unknown', {
        hint: 'add a Time column or pass --year',
        ...(sheet.source !== undefined ? { source: sheet.source } : {}),
      }),
    );
  if (issues.length > 0) return [];
  const known = new Set(['uCode', 'uName', 'Time', ...ids]);
  const other = sheet.header.filter((h) => h !== '' && !known.has(h));
  if (other.length > 0)
    warnings.push(
      issue(
        'unknown-field',
        [],
        `iData columns that are not indicators are not carried over: ${other.join(', ')}`,
        {
          ...(sheet.source !== undefined ? { source: sheet.source } : {}),
        },
      ),
    );
  const seen = new Map<string, number>();
  const out: Assessment[] = [];
  sheet.rows.forEach((r, i) => {
    const row = sheet.rowNumbers[i]!;
    const a = dataRow(sheet, r, row, matrix, ids, hasTime ? null : options.year!, issues);
    if (!a) return;
    const key = `${a.entity}\u0000${a.year}`;
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push(
        at(sheet, row, 'uCode', 'duplicate-assessment', `${a.entity} ${a.year} is also in row ${first}`),
      );
      return;
    }
    seen.set(key, row);
    out.push(a);
  });
  return out;
}

function dataRow(
  sheet: Sheet,
  r: string[],
  row: number,
  matrix: Matrix,
  ids: readonly string[],
  year: number | null,
  issues: MgiIssue[],
): Assessment | null {
  const before = issues.length;
  const entity = cellOf(sheet, r, 'uCode');
  if (entity === '') issues.push(at(sheet, row, 'uCode', 'required', 'the unit code is empty'));
  let t = year;
  if (t === null) {
    const time = parseNumber(cellOf(sheet, r, 'Time'));
    if (typeof time === 'string' || !Number.isInteger(time) || time < 1900 || time > 2200)
      issues.push(
        at(sheet, row, 'Time', 'invalid-value', typeof time === 'string' ? time : `${time} is not a year`, {
          expected: 'a year such as 2018',
        }),
      );
    else t = time;
  }
  const observations: Record<string, Observation> = {};
  for (const id of ids) {
    const raw = cellOf(sheet, r, id);
    if (isNA(raw)) {
      observations[id] = { missing: 'not available (NA in the COINr data)' };
      continue;
    }
    const x = parseNumber(raw);
    if (typeof x === 'string') issues.push(at(sheet, row, id, 'invalid-value', x));
    else observations[id] = { value: x };
  }
  if (issues.length > before) return null;
  const name = cellOf(sheet, r, 'uName');
  return {
    format: ASSESSMENT_FORMAT,
    matrix: `${matrix.id}@${matrix.version}`,
    entity,
    ...(isNA(name) ? {} : { entityName: name }),
    year: t!,
    observations,
  } as Assessment;
}
