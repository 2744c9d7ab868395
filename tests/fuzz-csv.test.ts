/**
 * Fuzzing the CSV reader of assessments (`csvToAssessments`): random tables with hostile cells
 * (quotes, separators, line breaks, byte order marks, formulas, forbidden keys, NaN-like numbers),
 * random headers and line ends, damaged quoting and random text. Properties: no exception, only
 * well-formed issues naming real rows, only schema-valid assessments, no prototype touched, and
 * every data row accounted for (read into an assessment, or named by an issue).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { MgiIssue } from '../src/errors';
import { type Assessment, type Matrix, parseMatrix, safeParseAssessment } from '../src/index';
import { parseCsv } from '../src/io/_csv';
import { csvToAssessments } from '../src/io/csv-assessment';
import {
  CASE_BUDGET_MS,
  CaseTally,
  checkIssue,
  checkPrototypes,
  FUZZ_TIMEOUT,
  fuzzParams,
  prototypeFingerprint,
} from './fixtures/fuzz-support';
import { workedMatrix } from './fixtures/worked-example';

const tally = new CaseTally('fuzz-csv.test.ts');
const prototypes = prototypeFingerprint();
afterAll(() => {
  console.log(tally.summary());
});

/** The worked matrix plus a formula over two inputs, a range and a `sex` breakdown. */
const richMatrix: Matrix = parseMatrix({
  ...structuredClone(workedMatrix),
  id: 'rich',
  indicators: [
    {
      ...structuredClone(workedMatrix.indicators[0]!),
      range: { min: 0, max: 100 },
      disaggregation: { sex: ['female', 'male'] },
    },
    ...structuredClone(workedMatrix.indicators.slice(1)),
    {
      id: 'F0',
      theme: 'rights',
      title: 'F0',
      kind: 'formula',
      expression: 'x_a / x_b * 100',
      inputs: ['x_a', 'x_b'],
      direction: 'increase',
      baseline: { year: 2016, value: 10 },
      targets: { '2026': 90 },
    },
  ],
});
const worked = parseMatrix(workedMatrix);

const hostileCells = [
  '',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '-0',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e308',
  '1e309',
  '1,5',
  '1 000',
  '12%',
  ' 7 ',
  '.5',
  '+3',
  '0x10',
  '=HYPERLINK("http://evil.example","x")',
  '@SUM(1)',
  '"quoted"',
  'a,b',
  'line\nbreak',
  'cr\rcr',
  '\uFEFF',
  '\u0000',
  '\u001b[2J',
  '😀',
  ' ',
];

/** Per column: good cells, and plausible mistakes. */
const pools: Readonly<Record<string, { good: readonly string[]; bad: readonly string[] }>> = {
  entity: { good: ['XWE', 'XWE', 'MDA'], bad: [' XWE', 'a/b', ''] },
  year: { good: ['2021', '2020'], bad: [' 2021', '1899', '2201', '21', '2021.0', ''] },
  indicator: { good: ['R1', 'R2', 'W1', 'x_a', 'x_b'], bad: ['F0', 'ZZ_9', 'r1', ''] },
  value: { good: ['20', '45', '-3', '0', '100', '1e2'], bad: ['101', '-0', '1,5', 'NaN'] },
  level: { good: ['partial', 'complete', 'absent'], bad: ['bogus', 'Partial'] },
  missing: { good: ['no survey'], bad: [' '] },
  matrix: { good: ['worked@1.0.0', 'rich@1.0.0', ''], bad: ['other@2.0.0', 'bad'] },
  status: { good: ['final', 'provisional', ''], bad: ['draft'] },
  submittedBy: { good: ['Ministry A', 'Ministry B', ''], bad: [' '] },
  submittedOn: { good: ['2022-03-01', ''], bad: ['2022-13-45', '01/03/2022'] },
  sex: { good: ['female', 'male', '', ''], bad: ['other'] },
  note: { good: ['checked', 'see <b>x</b>', ''], bad: ['a\nb'] },
  source: { good: ['survey', ''], bad: ['=cmd|x'] },
  entityName: { good: ['Worked', ''], bad: ['=1+1'] },
};

/** The columns of the long CSV format that are not breakdown dimensions. */
const standardColumns = [
  'entity',
  'year',
  'indicator',
  'value',
  'level',
  'missing',
  'matrix',
  'status',
  'submittedBy',
  'submittedOn',
  'entityName',
  'notes',
  'source',
  'evidence',
  'reportedBy',
  'note',
];

const columnNames = [
  ...standardColumns,
  'sex',
  'ageGroup',
  'Value',
  'evidnce',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '',
  ' value ',
  'x y',
  '=cmd',
];

const arbMatrixOption = fc.constantFrom<Matrix | undefined>(undefined, worked, richMatrix);

/**
 * A header: usually the required columns, a value column or more, some optional ones and a
 * `matrix` column unless a matrix is given, in random order; sometimes odd names; sometimes any.
 */
const arbHeader = (matrix: Matrix | undefined): fc.Arbitrary<string[]> =>
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .record({
          values: fc.subarray(['value', 'level', 'missing'], { minLength: 1 }),
          extras: fc.subarray([
            'status',
            'submittedBy',
            'sex',
            'note',
            'source',
            'submittedOn',
            'entityName',
          ]),
          odd: fc.oneof(
            { weight: 6, arbitrary: fc.constant([]) },
            fc.subarray(['__proto__', 'constructor', 'toString', 'Value', 'x y', '', 'ageGroup']),
          ),
          matrixColumn: fc.oneof(
            { weight: matrix ? 1 : 6, arbitrary: fc.constant(true) },
            fc.constant(false),
          ),
        })
        .chain(({ values, extras, odd, matrixColumn }) => {
          const cols = [
            ...new Set([
              'entity',
              'year',
              'indicator',
              ...values,
              ...extras,
              ...(matrixColumn ? ['matrix'] : []),
              ...odd,
            ]),
          ];
          return fc.shuffledSubarray(cols, { minLength: cols.length });
        }),
    },
    { weight: 1, arbitrary: fc.uniqueArray(fc.constantFrom(...columnNames), { minLength: 1, maxLength: 8 }) },
  );

const VALUE_COLUMNS = ['value', 'level', 'missing'];

/** A cell for a column: mostly good, sometimes a plausible mistake, rarely hostile or random. */
const arbCell = (column: string) => {
  const pool = Object.hasOwn(pools, column.trim()) ? pools[column.trim()]! : { good: ['', 'x'], bad: ['y'] };
  return fc.oneof(
    { weight: 30, arbitrary: fc.constantFrom(...pool.good) },
    { weight: 3, arbitrary: fc.constantFrom(...pool.bad) },
    { weight: 1, arbitrary: fc.constantFrom(...hostileCells) },
    { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
  );
};

/** A row: one value column filled (usually), the others from their pools. */
const arbRow = (header: readonly string[]) =>
  fc
    .record({
      kind: fc.constantFrom(...VALUE_COLUMNS),
      tidy: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, fc.constant(false)),
      cells: fc.tuple(...header.map(arbCell)),
    })
    .map(({ kind, tidy, cells }) =>
      tidy ? cells.map((c, i) => (VALUE_COLUMNS.includes(header[i]!) && header[i] !== kind ? '' : c)) : cells,
    );

interface CsvCase {
  readonly matrix: Matrix | undefined;
  readonly text: string;
}

/**
 * A table written as CSV in a random dialect: line ends, quoting, byte order mark, final newline,
 * and sometimes damage (a stray quote, separator, line break or BOM at a random place).
 */
const arbCsvCase: fc.Arbitrary<CsvCase> = arbMatrixOption.chain((matrix) =>
  arbHeader(matrix).chain((header) =>
    fc
      .record({
        rows: fc.array(
          fc.oneof(
            { weight: 12, arbitrary: arbRow(header) },
            {
              weight: 1,
              arbitrary: fc.array(fc.constantFrom(...hostileCells, 'R1', '2021'), {
                maxLength: header.length + 2,
              }),
            },
          ),
          { maxLength: 8 },
        ),
        eol: fc.constantFrom('\r\n', '\n', '\r'),
        quote: fc.constantFrom('needed', 'all', 'none'),
        bom: fc.boolean(),
        final: fc.boolean(),
        damage: fc.oneof(
          { weight: 7, arbitrary: fc.constant(null) },
          fc.tuple(fc.nat(), fc.constantFrom('"', ',', '\n', '\r', '\uFEFF', '""')),
        ),
      })
      .map(({ rows, eol, quote, bom, final, damage }) => {
        const field = (s: string): string => {
          const needs = /[",\r\n]/.test(s) || s.startsWith(' ') || s.endsWith(' ');
          if (quote === 'all' || (quote === 'needed' && needs)) return `"${s.replaceAll('"', '""')}"`;
          return s;
        };
        let text = [header, ...rows].map((r) => r.map(field).join(',')).join(eol);
        if (final) text += eol;
        if (bom) text = `\uFEFF${text}`;
        if (damage) {
          const at = damage[0] % (text.length + 1);
          text = text.slice(0, at) + damage[1] + text.slice(at);
        }
        return { matrix, text };
      }),
  ),
);

/** Check one result of csvToAssessments: issues well formed, rows real, assessments valid. */
function checkCsvResult(text: string, r: { assessments: Assessment[]; issues: MgiIssue[] }): void {
  const lines = 1 + (text.match(/\r\n|\r|\n/g)?.length ?? 0);
  for (const i of r.issues) {
    checkIssue(i, 'csv issue');
    if (i.path[0] === 'row') {
      const row = i.path[1];
      if (typeof row !== 'number' || row < 1 || row > lines)
        throw new Error(`issue names row ${String(row)} of a text with ${lines} lines: ${i.message}`);
    }
  }
  for (const a of r.assessments) {
    const again = safeParseAssessment(a);
    if (!again.success)
      throw new Error(`an invalid assessment was returned: ${JSON.stringify(again.issues)}`);
  }
  if (
    r.assessments.length === 0 &&
    r.issues.length === 0 &&
    /\S/.test(text.replaceAll(',', '').replaceAll('\uFEFF', ''))
  ) {
    // Text with content but neither assessments nor issues would be silent loss, unless only a
    // header and empty-cell lines were given.
    const rows = parseCsv(text).rows;
    const data = rows.slice(1).filter((cells) => cells.some((c) => c !== ''));
    if (data.length > 0) throw new Error('rows with data gave neither assessments nor issues');
  }
}

/** Rows named by an issue: by path, or by "row N" in the message of an issue without a path (CSV syntax). */
function namedRows(issues: readonly MgiIssue[]): Set<number> {
  const out = new Set<number>();
  for (const i of issues) {
    if (i.path[0] === 'row' && typeof i.path[1] === 'number') out.add(i.path[1]);
    else if (i.path.length === 0) for (const m of i.message.matchAll(/\brow (\d+)/g)) out.add(Number(m[1]));
  }
  return out;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Every data row is accounted for: named by an issue; or part of an observation (or assessment)
 * that an issue on another of its rows rejected; or read, with its value, level or missing reason,
 * its breakdown category and its metadata, into the assessment of its entity, year and submitter.
 * Returns the first row that is not, or null.
 */
function unaccountedRow(
  text: string,
  r: { assessments: Assessment[]; issues: MgiIssue[] },
  matrix?: Matrix,
): string | null {
  const parsed = parseCsv(text);
  if (parsed.issues.length > 0)
    return r.assessments.length === 0 ? null : 'assessments despite CSV syntax errors';
  const header = parsed.rows[0];
  if (!header) return null;
  const named = namedRows(r.issues);
  if (named.has(parsed.rowNumbers[0]!) || r.issues.some((i) => i.path.length === 0))
    return r.assessments.length === 0 ? null : 'assessments despite a header or file problem';
  const col = new Map(header.map((h, i) => [h.trim(), i] as const));
  const breakdownColumns = header
    .map((h) => h.trim())
    .filter((h) => h !== '' && !standardColumns.includes(h));
  type Row = { no: number; cells: string[]; group: string; obs: string };
  const rows: Row[] = [];
  for (let k = 1; k < parsed.rows.length; k++) {
    const cells = parsed.rows[k]!;
    if (cells.every((c) => c === '')) continue;
    const cell = (n: string) => (col.has(n) ? (cells[col.get(n)!] ?? '') : '');
    const group = JSON.stringify([cell('entity'), Number(cell('year').trim()), cell('submittedBy')]);
    rows.push({ no: parsed.rowNumbers[k]!, cells, group, obs: `${group}|${cell('indicator')}` });
  }
  // An issue on one row drops the whole observation when it is about the observation (its id,
  // value, level, reason, category or metadata), and the whole assessment when it is about it.
  const obsColumns = new Set([
    'indicator',
    'value',
    'level',
    'missing',
    'source',
    'evidence',
    'reportedBy',
    'note',
  ]);
  const dropsObservation = new Set(
    r.issues
      .filter(
        (i) =>
          i.path[0] === 'row' &&
          (i.path.length === 2 ||
            obsColumns.has(String(i.path[2])) ||
            breakdownColumns.includes(String(i.path[2]))),
      )
      .map((i) => i.path[1] as number),
  );
  const badGroups = new Set(rows.filter((x) => named.has(x.no)).map((x) => x.group));
  const badObs = new Set(rows.filter((x) => dropsObservation.has(x.no)).map((x) => x.obs));
  for (const row of rows) {
    if (named.has(row.no)) continue;
    const cell = (n: string) => (col.has(n) ? (row.cells[col.get(n)!] ?? '') : '');
    const a = r.assessments.find(
      (x) =>
        x.entity === cell('entity') &&
        x.year === Number(cell('year').trim()) &&
        (x.submittedBy ?? '') === cell('submittedBy'),
    );
    if (!a) {
      if (badGroups.has(row.group)) continue; // its assessment was rejected, with an issue on another row
      return `row ${row.no} (${JSON.stringify(row.cells)}): no assessment and no issue`;
    }
    const id = cell('indicator');
    if (id === '') continue; // declares the assessment, which exists
    const o = a.observations[id];
    if (!o) {
      if (badObs.has(row.obs)) continue; // its observation was rejected, with an issue on another row
      return `row ${row.no} (${JSON.stringify(row.cells)}): observation ${id} is missing and no issue names the row`;
    }
    const category = breakdownColumns.find((c) => cell(c) !== '');
    const num = (s: string) => {
      const n = Number(s.trim());
      return NUMBER.test(s.trim()) ? (n === 0 ? 0 : n) : Number.NaN;
    };
    if (category !== undefined) {
      if (o.breakdown?.[category]?.[cell(category)] !== num(cell('value')))
        return `row ${row.no}: breakdown ${category}=${cell(category)} is not ${cell('value')} in ${JSON.stringify(o)}`;
    } else if (cell('value') !== '') {
      if (o.value !== num(cell('value')))
        return `row ${row.no}: value ${cell('value')} read as ${JSON.stringify(o)}`;
    } else if (cell('level') !== '') {
      if (o.level !== cell('level'))
        return `row ${row.no}: level ${cell('level')} read as ${JSON.stringify(o)}`;
    } else if (cell('missing') !== '') {
      if (o.missing !== cell('missing'))
        return `row ${row.no}: missing ${cell('missing')} read as ${JSON.stringify(o)}`;
    }
    for (const f of ['source', 'evidence', 'reportedBy', 'note'] as const) {
      if (cell(f) !== '' && o[f] !== cell(f))
        return `row ${row.no}: ${f} ${JSON.stringify(cell(f))} lost in ${JSON.stringify(o)}`;
    }
    for (const f of ['status', 'submittedOn', 'entityName', 'notes'] as const) {
      if (cell(f) !== '' && a[f] !== cell(f)) return `row ${row.no}: ${f} ${JSON.stringify(cell(f))} lost`;
    }
    const m = cell('matrix') || (matrix ? `${matrix.id}@${matrix.version}` : '');
    if (a.matrix !== m) return `row ${row.no}: matrix ${m} read as ${a.matrix}`;
  }
  return null;
}

describe('fuzz: CSV assessments (csvToAssessments)', () => {
  it(
    'random tables in random dialects give valid assessments or issues naming real rows, and every data row is accounted for',
    () => {
      fc.assert(
        fc.property(arbCsvCase, ({ text, matrix }) => {
          tally.run('tables', () => {
            const r = csvToAssessments(text, matrix ? { matrix, source: 'in.csv' } : { source: 'in.csv' });
            checkCsvResult(text, r);
            const lost = unaccountedRow(text, r, matrix);
            if (lost) throw new Error(lost);
            expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          });
        }),
        fuzzParams(1500),
      );
      checkPrototypes(prototypes);
    },
    FUZZ_TIMEOUT,
  );

  it('the row accounting itself notices a dropped observation, value or note', () => {
    const text =
      'entity,year,matrix,indicator,value,level,note\nXWE,2021,worked@1.0.0,R1,20,,checked\nXWE,2021,worked@1.0.0,W1,,partial,\n';
    const r = csvToAssessments(text);
    expect(r.issues).toEqual([]);
    expect(unaccountedRow(text, r)).toBeNull();
    const drop = structuredClone(r.assessments);
    delete drop[0]!.observations.W1;
    expect(unaccountedRow(text, { ...r, assessments: drop })).toMatch(/row 3/);
    const change = structuredClone(r.assessments);
    change[0]!.observations.R1 = { value: 21, note: 'checked' };
    expect(unaccountedRow(text, { ...r, assessments: change })).toMatch(/row 2/);
    const note = structuredClone(r.assessments);
    note[0]!.observations.R1 = { value: 20 };
    expect(unaccountedRow(text, { ...r, assessments: note })).toMatch(/note/);
  });

  it(
    'random text from the CSV alphabet never throws and gives valid assessments or issues',
    () => {
      const unit = fc.constantFrom(
        ...'",\r\n \uFEFFab1-.eE'.split(''),
        'entity,year,indicator,value\n',
        'XWE,2021,R1,',
      );
      fc.assert(
        fc.property(fc.string({ unit, maxLength: 60 }), arbMatrixOption, (text, matrix) => {
          tally.run('text', () => {
            const r = csvToAssessments(text, matrix ? { matrix } : {});
            checkCsvResult(text, r);
          });
        }),
        fuzzParams(1000),
      );
      checkPrototypes(prototypes);
    },
    FUZZ_TIMEOUT,
  );

  it('a CSV over the length limit is one too-large issue', () => {
    const r = csvToAssessments('entity,year,indicator,value\nXWE,2021,R1,1\n', {
      limits: { maxTextLength: 10 },
    });
    expect(r.assessments).toEqual([]);
    expect(r.issues.map((i) => i.code)).toEqual(['too-large']);
  });

  it(`no fuzz case took longer than ${CASE_BUDGET_MS} ms (no hang)`, () => {
    expect(tally.total).toBeGreaterThan(0);
    expect(tally.slowestMs).toBeLessThan(CASE_BUDGET_MS);
  });
});
