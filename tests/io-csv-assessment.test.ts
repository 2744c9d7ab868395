import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MgiError } from '../src/errors';
import { assessmentsToCsv, csvToAssessments } from '../src/io/csv-assessment';
import type { Assessment } from '../src/schema/assessment';
import type { Matrix } from '../src/schema/matrix';

const ROOT = join(__dirname, '..');

/** A small matrix with every kind of reportable id: quantitative with breakdowns, qualitative, formula input. */
const matrix: Matrix = {
  format: 'mgi-engine/matrix@1',
  id: 'demo',
  version: '1.0.0',
  title: 'Demo',
  themes: [{ id: 't', title: 'T' }],
  indicators: [
    {
      id: 'R1',
      theme: 't',
      title: 'Returnees',
      kind: 'quantitative',
      direction: 'increase',
      range: { min: 0 },
      disaggregation: { sex: ['female', 'male'], ageGroup: ['young', 'old'] },
    },
    {
      id: 'W1',
      theme: 't',
      title: 'Strategy',
      kind: 'qualitative',
      levels: [
        { id: 'absent', label: 'Absent', score: 0 },
        { id: 'partial', label: 'Partial', score: 50 },
      ],
    },
    {
      id: 'F1',
      theme: 't',
      title: 'Share',
      kind: 'formula',
      expression: 'a / b',
      inputs: ['a', 'b'],
      direction: 'increase',
    },
  ],
};

const HEADER = 'entity,year,matrix,indicator,sex,ageGroup,value,level,missing,note';

function read(text: string, withMatrix = true) {
  return csvToAssessments(text, withMatrix ? { matrix } : {});
}

function rows(...lines: string[]): string {
  return `${[HEADER, ...lines].join('\n')}\n`;
}

function withoutSchemaKey(a: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _s, ...rest } = a;
  return rest;
}

describe('csvToAssessments', () => {
  it('reads totals, breakdowns, levels and missing values into one assessment per entity-year', () => {
    const r = read(
      rows(
        'MDA,2021,demo@1.0.0,R1,,,20,,,"counted twice, then fixed"',
        'MDA,2021,demo@1.0.0,R1,female,,12,,,',
        'MDA,2021,demo@1.0.0,R1,,old,5,,,',
        'MDA,2021,demo@1.0.0,W1,,,,partial,,',
        'MDA,2021,demo@1.0.0,a,,,,,survey not run,',
        'MDA,2020,demo@1.0.0,R1,,,18,,,',
      ),
    );
    expect(r.issues).toEqual([]);
    expect(r.assessments).toEqual([
      {
        format: 'mgi-engine/assessment@1',
        matrix: 'demo@1.0.0',
        entity: 'MDA',
        year: 2021,
        observations: {
          R1: {
            value: 20,
            breakdown: { sex: { female: 12 }, ageGroup: { old: 5 } },
            note: 'counted twice, then fixed',
          },
          W1: { level: 'partial' },
          a: { missing: 'survey not run' },
        },
      },
      {
        format: 'mgi-engine/assessment@1',
        matrix: 'demo@1.0.0',
        entity: 'MDA',
        year: 2020,
        observations: { R1: { value: 18 } },
      },
    ]);
  });

  it('accepts a byte order mark and CRLF line ends', () => {
    const text = `\uFEFF${HEADER}\r\nMDA,2021,demo@1.0.0,R1,,,20,,,\r\nMDA,2021,demo@1.0.0,W1,,,,absent,,"two\r\nlines"\r\n`;
    const r = read(text);
    expect(r.issues).toEqual([]);
    expect(r.assessments[0]?.observations).toEqual({
      R1: { value: 20 },
      W1: { level: 'absent', note: 'two\r\nlines' },
    });
  });

  it('takes the matrix from the option when there is no matrix column, and groups by submittedBy too', () => {
    const r = csvToAssessments(
      'entity,year,indicator,value,submittedBy\nMDA,2021,R1,1,MLSP\nMDA,2021,R1,2,MFA\n',
      { matrix },
    );
    expect(r.issues).toEqual([]);
    expect(r.assessments.map((a) => [a.matrix, a.submittedBy, a.observations.R1?.value])).toEqual([
      ['demo@1.0.0', 'MLSP', 1],
      ['demo@1.0.0', 'MFA', 2],
    ]);
  });

  it('accepts the same value twice, skips lines of empty cells, and reads an empty indicator as an assessment without observations', () => {
    const r = read(
      rows(
        'MDA,2021,demo@1.0.0,R1,,,20,,,',
        ',,,,,,,,,',
        'MDA,2021,demo@1.0.0,R1,,,20.0,,,',
        'XKX,2021,demo@1.0.0,,,,,,,',
      ),
    );
    expect(r.issues).toEqual([]);
    expect(r.assessments.map((a) => [a.entity, a.observations])).toEqual([
      ['MDA', { R1: { value: 20 } }],
      ['XKX', {}],
    ]);
  });

  it('reads breakdown columns without a matrix, and keeps cells as they are (no trimming, no neutralising)', () => {
    const r = csvToAssessments(
      'entity,year,matrix,indicator,region,value,note,source\nMDA,2021,x@1.0.0,R1,north,3,=1+1,\nMDA,2021,x@1.0.0,R1,,4,, spaced \n',
    );
    expect(r.issues).toEqual([]);
    expect(r.assessments[0]?.observations.R1).toEqual({
      value: 4,
      breakdown: { region: { north: 3 } },
      note: '=1+1',
      source: ' spaced ',
    });
  });

  it('skips rows with problems and still reads the valid rows', () => {
    const r = read(
      rows(
        'MDA,2021,demo@1.0.0,R1,,,20,,,',
        'MDA,2021,demo@1.0.0,W1,,,,complete,,',
        'MDA,2022,demo@1.0.0,R1,,,1;5,,,',
      ),
    );
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['unknown-level', ['row', 3, 'level']],
      ['invalid-value', ['row', 4, 'value']],
    ]);
    expect(r.assessments).toHaveLength(1);
    expect(r.assessments[0]?.observations).toEqual({ R1: { value: 20 } });
  });

  it.each([
    ['1,5', 'use a dot as the decimal mark (1.5)'],
    ['1,000', 'no thousands separators'],
    ['1 000', 'without thousands separators (1000)'],
    ['NaN', 'not a finite number'],
    ['Infinity', 'not a finite number'],
    ['-inf', 'not a finite number'],
    ['1e999', 'too large'],
    ['12%', 'without the % sign'],
    ['twelve', 'plain decimal'],
    ['0x10', 'plain decimal'],
  ])('rejects the value %j with a clear message', (cell, words) => {
    const r = read(rows(`MDA,2021,demo@1.0.0,R1,,,"${cell}",,,`));
    expect(r.assessments).toEqual([]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'invalid-value', path: ['row', 2, 'value'] });
    expect(r.issues[0]?.message).toMatch(/^row 2, column value: /);
    expect(r.issues[0]?.message).toContain(words);
  });

  it.each([
    ['12', 12],
    ['-3.5', -3.5],
    ['0.25', 0.25],
    ['.5', 0.5],
    ['1e-7', 1e-7],
    ['-0', 0],
    [' 7 ', 7],
  ])('reads the value %j as %d', (cell, value) => {
    const r = read(rows(`MDA,2021,demo@1.0.0,a,,,${cell},,,`));
    expect(r.issues).toEqual([]);
    expect(Object.is(r.assessments[0]?.observations.a?.value, value)).toBe(true);
  });

  it.each<[string, string, string, string, (string | number)[], string]>([
    [
      'an unknown column, with a did-you-mean',
      'entity,year,matrix,indicator,value,evidnce',
      'MDA,2021,demo@1.0.0,R1,1,x',
      'csv-unknown-column',
      ['row', 1, 'evidnce'],
      'did you mean "evidence"?',
    ],
    [
      'a column that is not a breakdown of the matrix',
      'entity,year,matrix,indicator,value,gender',
      'MDA,2021,demo@1.0.0,R1,1,female',
      'csv-unknown-column',
      ['row', 1, 'gender'],
      'remove the column',
    ],
    [
      'a missing indicator column',
      'entity,year,matrix,value',
      'MDA,2021,demo@1.0.0,1',
      'csv-missing-column',
      ['row', 1, 'indicator'],
      '',
    ],
    [
      'no value, level or missing column',
      'entity,year,matrix,indicator,note',
      'MDA,2021,demo@1.0.0,R1,x',
      'csv-missing-column',
      ['row', 1, 'value'],
      '',
    ],
    [
      'a column named twice',
      'entity,year,matrix,indicator,value,value',
      'MDA,2021,demo@1.0.0,R1,1,1',
      'csv-inconsistent',
      ['row', 1, 'value'],
      '',
    ],
    [
      'a cross-breakdown',
      HEADER,
      'MDA,2021,demo@1.0.0,R1,female,old,3,,,',
      'csv-inconsistent',
      ['row', 2, 'ageGroup'],
      '',
    ],
    [
      'both a value and a level',
      HEADER,
      'MDA,2021,demo@1.0.0,W1,,,1,partial,,',
      'csv-inconsistent',
      ['row', 2, 'level'],
      '',
    ],
    ['no value at all', HEADER, 'MDA,2021,demo@1.0.0,W1,,,,,,', 'required', ['row', 2, 'value'], ''],
    ['an empty entity', HEADER, ',2021,demo@1.0.0,R1,,,1,,,', 'required', ['row', 2, 'entity'], ''],
    ['a bad year', HEADER, 'MDA,21,demo@1.0.0,R1,,,1,,,', 'invalid-value', ['row', 2, 'year'], ''],
    ['a year out of range', HEADER, 'MDA,1800,demo@1.0.0,R1,,,1,,,', 'out-of-range', ['row', 2, 'year'], ''],
    [
      'an unknown indicator',
      HEADER,
      'MDA,2021,demo@1.0.0,R2,,,1,,,',
      'unknown-indicator',
      ['row', 2, 'indicator'],
      'did you mean "R1"?',
    ],
    [
      'a formula indicator',
      HEADER,
      'MDA,2021,demo@1.0.0,F1,,,1,,,',
      'kind-mismatch',
      ['row', 2, 'indicator'],
      '',
    ],
    [
      'an unknown category',
      HEADER,
      'MDA,2021,demo@1.0.0,R1,femal,,1,,,',
      'unknown-category',
      ['row', 2, 'sex'],
      'did you mean "female"?',
    ],
    [
      'a breakdown the indicator does not have',
      HEADER,
      'MDA,2021,demo@1.0.0,a,female,,1,,,',
      'unknown-category',
      ['row', 2, 'sex'],
      '',
    ],
    [
      'a value for a qualitative indicator',
      HEADER,
      'MDA,2021,demo@1.0.0,W1,,,1,,,',
      'kind-mismatch',
      ['row', 2, 'value'],
      '',
    ],
    [
      'a level for a quantitative indicator',
      HEADER,
      'MDA,2021,demo@1.0.0,R1,,,,partial,,',
      'kind-mismatch',
      ['row', 2, 'level'],
      '',
    ],
    [
      'a value below the range',
      HEADER,
      'MDA,2021,demo@1.0.0,R1,,,-1,,,',
      'value-out-of-range',
      ['row', 2, 'value'],
      '',
    ],
    [
      'a breakdown row with a level',
      HEADER,
      'MDA,2021,demo@1.0.0,R1,female,,,partial,,',
      'csv-inconsistent',
      ['row', 2, 'level'],
      '',
    ],
    [
      'a breakdown without a total',
      HEADER,
      'MDA,2021,demo@1.0.0,R1,female,,3,,,',
      'required',
      ['row', 2, 'indicator'],
      '',
    ],
    [
      'an indicator id with a space',
      HEADER,
      'MDA,2021,demo@1.0.0,R 1,,,3,,,',
      'invalid-format',
      ['row', 2, 'indicator'],
      '',
    ],
    ['too many fields', HEADER, 'MDA,2021,demo@1.0.0,R1,,,3,,,,oops', 'csv-inconsistent', ['row', 2], ''],
    [
      'a control character in the entity',
      HEADER,
      'MD\tA,2021,demo@1.0.0,R1,,,3,,,',
      'invalid-format',
      ['row', 2, 'entity'],
      '',
    ],
    [
      'a missing reason that is too long',
      HEADER,
      `MDA,2021,demo@1.0.0,R1,,,,,${'x'.repeat(1001)},`,
      'invalid-value',
      ['row', 2, 'missing'],
      '',
    ],
  ])('reports %s with its code, row and column', (_what, header, line, code, path, hint) => {
    const r = read(`${header}\n${line}\n`);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code, path });
    const column = path[2] === undefined ? '' : `, column ${path[2]}`;
    expect(r.issues[0]?.message.startsWith(`row ${path[1]}${column}: `)).toBe(true);
    if (hint) expect(r.issues[0]?.hint ?? '').toContain(hint);
    expect(r.assessments.flatMap((a) => Object.keys(a.observations))).toEqual([]);
  });

  it('reports a cross-breakdown as "cross-breakdowns are not supported"', () => {
    const r = read(rows('MDA,2021,demo@1.0.0,R1,female,old,3,,,'));
    expect(r.issues[0]?.message).toContain('cross-breakdowns are not supported');
  });

  it('reports a conflict naming both rows, and leaves the observation out', () => {
    const r = read(
      rows(
        'MDA,2021,demo@1.0.0,R1,,,20,,,',
        'MDA,2021,demo@1.0.0,W1,,,,partial,,',
        'MDA,2021,demo@1.0.0,R1,,,21,,,',
      ),
    );
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'conflict', path: ['row', 4, 'value'] });
    expect(r.issues[0]?.message).toBe(
      'row 4, column value: R1 for MDA 2021 is 21 here but 20 in row 2; keep one',
    );
    expect(r.assessments[0]?.observations).toEqual({ W1: { level: 'partial' } });
  });

  it('reports conflicting breakdown values, assessment fields and observation notes', () => {
    const r = csvToAssessments(
      [
        'entity,year,matrix,status,indicator,sex,value,note',
        'MDA,2021,demo@1.0.0,final,R1,,20,a',
        'MDA,2021,demo@1.0.0,final,R1,female,12,',
        'MDA,2021,demo@1.0.0,final,R1,female,13,',
        'MDA,2021,demo@1.0.0,provisional,W1,,,',
        'MDA,2022,demo@1.0.0,,R1,,20,a',
        'MDA,2022,demo@1.0.0,,R1,female,12,b',
      ].join('\n'),
      { matrix },
    );
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([
      ['conflict', ['row', 4, 'value']],
      ['csv-inconsistent', ['row', 5, 'status']],
      ['csv-inconsistent', ['row', 7, 'note']],
    ]);
  });

  it('rows row numbers count blank lines and multi-line cells, as a spreadsheet does', () => {
    const r = read(`${HEADER}\n\nMDA,2021,demo@1.0.0,W1,,,,partial,,"a\nb"\nMDA,2021,demo@1.0.0,R1,,,x,,,\n`);
    expect(r.issues[0]?.path).toEqual(['row', 4, 'value']);
  });

  it('reports a CSV syntax error, a missing matrix, an empty text and a header without rows', () => {
    expect(read('entity,year\n"MDA,2021\n').issues[0]).toMatchObject({ code: 'csv-syntax' });
    expect(csvToAssessments('entity,year,indicator,value\nMDA,2021,R1,1\n').issues[0]).toMatchObject({
      code: 'csv-missing-column',
      path: ['row', 1, 'matrix'],
    });
    expect(read('').issues[0]?.code).toBe('empty-input');
    expect(read(`${HEADER}\n`).issues[0]?.code).toBe('empty-input');
  });

  it('adds the source to every issue', () => {
    const r = csvToAssessments('entity,year,indicator,value\nMDA,2021,R1,x\n', { source: 'in.csv', matrix });
    expect(r.issues.every((i) => i.source === 'in.csv')).toBe(true);
  });
});

describe('assessmentsToCsv', () => {
  const moldova = readdirSync(join(ROOT, 'examples', 'moldova'))
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => JSON.parse(readFileSync(join(ROOT, 'examples', 'moldova', n), 'utf8')) as Assessment);

  it('writes used columns only, in a fixed order, with breakdown columns sorted', () => {
    const csv = assessmentsToCsv([
      {
        format: 'mgi-engine/assessment@1',
        matrix: 'demo@1.0.0',
        entity: 'MDA',
        year: 2021,
        status: 'provisional',
        observations: {
          R1: { value: 20, breakdown: { sex: { female: 12 }, ageGroup: { old: 5 } } },
          W1: { level: 'partial' },
        },
      },
    ]);
    expect(csv).toBe(
      'entity,year,matrix,status,indicator,ageGroup,sex,value,level\r\n' +
        'MDA,2021,demo@1.0.0,provisional,R1,,,20,\r\n' +
        'MDA,2021,demo@1.0.0,provisional,R1,,female,12,\r\n' +
        'MDA,2021,demo@1.0.0,provisional,R1,old,,5,\r\n' +
        'MDA,2021,demo@1.0.0,provisional,W1,,,,partial\r\n',
    );
  });

  it('writes a cell starting with = as it is (interchange, not neutralised)', () => {
    const csv = assessmentsToCsv([
      {
        format: 'mgi-engine/assessment@1',
        matrix: 'x@1.0.0',
        entity: 'MDA',
        year: 2021,
        observations: { R1: { value: -1, note: '=HYPERLINK("x")' } },
      },
    ]);
    expect(csv).toContain(',-1,"=HYPERLINK(""x"")"\r\n');
  });

  it('refuses a breakdown dimension named like a standard column', () => {
    expect(() =>
      assessmentsToCsv([
        {
          format: 'mgi-engine/assessment@1',
          matrix: 'x@1.0.0',
          entity: 'MDA',
          year: 2021,
          observations: { R1: { value: 1, breakdown: { note: { a: 1 } } } },
        },
      ]),
    ).toThrow(MgiError);
  });

  it('round-trips the Moldova examples: JSON → CSV → JSON is lossless and CSV → JSON → CSV identical', () => {
    expect(moldova.length).toBeGreaterThan(0);
    const csv = assessmentsToCsv(moldova);
    const back = csvToAssessments(csv);
    expect(back.issues).toEqual([]);
    expect(back.assessments).toEqual(moldova.map((a) => withoutSchemaKey(a)));
    expect(assessmentsToCsv(back.assessments)).toBe(csv);
    const withMatrix = csvToAssessments(csv, {
      matrix: JSON.parse(readFileSync(join(ROOT, 'indicators', 'moldova-dmd.json'), 'utf8')) as Matrix,
    });
    expect(withMatrix.issues).toEqual([]);
    expect(withMatrix.assessments).toEqual(back.assessments);
  });

  it('round-trips quotes, commas, newlines, non-ASCII, provisional status, missing reasons and an empty assessment', () => {
    const tricky: Assessment[] = [
      {
        format: 'mgi-engine/assessment@1',
        matrix: 'demo@1.0.0',
        entity: 'MDA',
        entityName: 'Moldova, Republica',
        year: 2021,
        status: 'provisional',
        submittedBy: 'Biroul "Relații cu Diaspora"',
        submittedOn: '2022-01-25',
        notes: 'line one\nline two, with "quotes"',
        observations: {
          R1: {
            value: 0.1,
            breakdown: { sex: { female: 1e-7, male: 123456789012345.6 } },
            source: 'BNS, ancheta forței de muncă',
            evidence: 'https://example.org/a?b=1,2',
            reportedBy: 'Ministerul Muncii',
            note: ' leading and trailing space ',
          },
          W1: { missing: 'nu s-a raportat; „în curs”' },
          '123': { level: 'partial', note: "=SUM(A1:A2)\r\n+cmd|'/C calc'!A0" },
        },
      },
      {
        format: 'mgi-engine/assessment@1',
        matrix: 'demo@1.0.0',
        entity: '东京',
        year: 2022,
        observations: {},
      },
    ];
    const csv = assessmentsToCsv(tricky);
    const back = csvToAssessments(csv);
    expect(back.issues).toEqual([]);
    expect(back.assessments).toEqual(tricky);
    expect(assessmentsToCsv(back.assessments)).toBe(csv);
  });

  it('JSON → CSV → JSON is lossless for any assessment (and CSV → JSON → CSV is identical)', () => {
    const id = fc
      .stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,6}$/)
      .filter((s) => s !== 'constructor' && s !== 'prototype');
    const chars = fc.constantFrom(
      'a',
      'Z',
      '0',
      ' ',
      ',',
      '"',
      '\n',
      '\r',
      '\t',
      'é',
      '€',
      '東',
      '😀',
      '=',
      '+',
      '-',
      '@',
      "'",
      ';',
    );
    const text = fc.string({ unit: chars, minLength: 1, maxLength: 12 });
    const label = fc.string({ unit: chars.filter((c) => c >= ' '), minLength: 1, maxLength: 12 });
    const number = fc
      .double({ min: -1e15, max: 1e15, noNaN: true, noDefaultInfinity: true })
      .map((v) => (v === 0 ? 0 : v));
    const dim = fc.constantFrom('sex', 'ageGroup', 'region', 'state', 'urbanRural');
    const observation = fc
      .record(
        {
          total: fc.oneof(
            number.map((value) => ({ value })),
            id.map((level) => ({ level })),
            text.map((missing) => ({ missing })),
          ),
          breakdown: fc.dictionary(dim, fc.dictionary(id, number, { minKeys: 1, maxKeys: 3 }), {
            minKeys: 1,
            maxKeys: 2,
          }),
          source: text,
          evidence: text,
          reportedBy: label,
          note: text,
        },
        { requiredKeys: ['total'] },
      )
      .map(({ total, ...rest }) => ({ ...total, ...rest }));
    const assessment = fc.record(
      {
        format: fc.constant('mgi-engine/assessment@1' as const),
        matrix: fc.constantFrom('demo@1.0.0', 'moldova-dmd@1.2.3-rc.1'),
        entity: label,
        entityName: label,
        year: fc.integer({ min: 1900, max: 2200 }),
        status: fc.constantFrom('provisional' as const, 'final' as const),
        submittedBy: label,
        submittedOn: fc.constantFrom('2022-01-25', '2023-03-31'),
        notes: text,
        observations: fc.dictionary(id, observation, { maxKeys: 4 }),
      },
      { requiredKeys: ['format', 'matrix', 'entity', 'year', 'observations'] },
    );
    const batch = fc.uniqueArray(assessment, {
      minLength: 1,
      maxLength: 3,
      selector: (a) => JSON.stringify([a.entity, a.year, a.submittedBy ?? '']),
    });
    fc.assert(
      fc.property(batch, (assessments) => {
        const csv = assessmentsToCsv(assessments as Assessment[]);
        const back = csvToAssessments(csv);
        expect(back.issues).toEqual([]);
        expect(back.assessments).toEqual(assessments);
        expect(assessmentsToCsv(back.assessments)).toBe(csv);
      }),
      { numRuns: 300 },
    );
  });
});
