import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvField, MAX_CSV_ISSUES, parseCsv, toCsv } from '../src/io/_csv';

describe('parseCsv: valid text', () => {
  it.each<[string, string[][], number[]]>([
    ['', [], []],
    ['\r\n\n', [], []],
    ['a', [['a']], [1]],
    [
      'a,b\r\nc,d\r\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      [1, 2],
    ],
    [
      'a,b\nc,d\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      [1, 2],
    ],
    [
      'a,b\rc,d\r',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      [1, 2],
    ],
    ['a\r\nb\nc\rd', [['a'], ['b'], ['c'], ['d']], [1, 2, 3, 4]],
    [
      '\uFEFFentity,year\r\nMDA,2021',
      [
        ['entity', 'year'],
        ['MDA', '2021'],
      ],
      [1, 2],
    ],
    ['a,,c,', [['a', '', 'c', '']], [1]],
    [',', [['', '']], [1]],
    ['""', [['']], [1]],
    ['"",""', [['', '']], [1]],
    [' a , b ', [[' a ', ' b ']], [1]],
    ['"R1, total","say ""hi""",x', [['R1, total', 'say "hi"', 'x']], [1]],
    [
      '"line 1\r\nline 2\nline 3\rline 4",z\r\nnext',
      [['line 1\r\nline 2\nline 3\rline 4', 'z'], ['next']],
      [1, 2],
    ],
    ['a\r\n\r\n\nb\r\n', [['a'], ['b']], [1, 4]],
    ['\n\na', [['a']], [3]],
    ['a,b\r\nc', [['a', 'b'], ['c']], [1, 2]],
    ['"a"\r\n"b"', [['a'], ['b']], [1, 2]],
    ['é,😀', [['é', '😀']], [1]],
  ])('reads %j', (text, rows, rowNumbers) => {
    expect(parseCsv(text)).toEqual({ rows, rowNumbers, issues: [] });
  });
});

describe('parseCsv: errors name the row and column', () => {
  it.each<[string, string[], string[][]]>([
    [
      'a,b\r\nc,"d\r\ne,f\r\n',
      ['row 2, column 2: unterminated quoted field; add the closing quote (") at the end of the field'],
      [
        ['a', 'b'],
        ['c', 'd\r\ne,f\r\n'],
      ],
    ],
    [
      'h1,h2\n\nx,"multi\nline"\ny,ab"c',
      [
        'row 4, column 2: unexpected quote (") in an unquoted field; put the whole field in quotes and double the quote inside it ("a ""b"" c")',
      ],
      [
        ['h1', 'h2'],
        ['x', 'multi\nline'],
        ['y', 'ab"c'],
      ],
    ],
    [
      'a,"b"c,d\n"e" ,f',
      [
        'row 1, column 2: unexpected "c" after the closing quote; a quoted field must end at a comma or the end of the line (write "" for a quote inside it)',
        'row 2, column 1: unexpected " " after the closing quote; a quoted field must end at a comma or the end of the line (write "" for a quote inside it)',
      ],
      [
        ['a', 'bc', 'd'],
        ['e ', 'f'],
      ],
    ],
    [
      'x"y"z,"ok"',
      [
        'row 1, column 1: unexpected quote (") in an unquoted field; put the whole field in quotes and double the quote inside it ("a ""b"" c")',
      ],
      [['x"y"z', 'ok']],
    ],
  ])('%j', (text, messages, rows) => {
    const result = parseCsv(text);
    expect(result.issues.map((i) => i.message)).toEqual(messages);
    expect(result.issues.every((i) => i.code === 'csv-syntax' && i.path.length === 0)).toBe(true);
    expect(result.rows).toEqual(rows);
  });

  it(`reports at most ${MAX_CSV_ISSUES} syntax errors, then one summary`, () => {
    const text = 'a"b\n'.repeat(150);
    const { issues, rows } = parseCsv(text);
    expect(rows).toHaveLength(150);
    expect(issues).toHaveLength(MAX_CSV_ISSUES + 1);
    expect(issues[MAX_CSV_ISSUES - 1]?.message).toMatch(/^row 100, column 1: /);
    expect(issues[MAX_CSV_ISSUES]?.message).toBe(
      '50 more CSV syntax errors not shown; fix the ones above first',
    );
  });

  it('reports text longer than maxBytes as too large', () => {
    expect(parseCsv('a,b\r\n', { maxBytes: 4 })).toEqual({
      rows: [],
      rowNumbers: [],
      issues: [
        {
          code: 'too-large',
          path: [],
          message: 'input is 5 characters long, more than the limit of 4; split it or raise maxBytes',
          expected: 'at most 4 characters',
          received: '5 characters',
        },
      ],
    });
    expect(parseCsv('a,b\r\n', { maxBytes: 5 }).rows).toEqual([['a', 'b']]);
  });
});

describe('csvField and toCsv', () => {
  it.each<[string, string]>([
    ['', ''],
    ['MDA', 'MDA'],
    ['=1+2', '=1+2'],
    ['R1, total', '"R1, total"'],
    ['say "hi"', '"say ""hi"""'],
    ['"', '""""'],
    ['a\nb', '"a\nb"'],
    ['a\rb', '"a\rb"'],
    [' lead', '" lead"'],
    ['trail ', '"trail "'],
    ['\ttab', '"\ttab"'],
    ['in side', 'in side'],
    ['\uFEFFbom', '"\uFEFFbom"'],
  ])('csvField(%j) is %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it.each<[string[][], string]>([
    [[], ''],
    [
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
      'a,b\r\nc,d\r\n',
    ],
    [[['']], '""\r\n'],
    [[['', '']], ',\r\n'],
    [
      [
        ['indicator', 'note'],
        ['R1', 'ok, checked'],
      ],
      'indicator,note\r\nR1,"ok, checked"\r\n',
    ],
    [[['multi\r\nline', 'x']], '"multi\r\nline",x\r\n'],
  ])('toCsv(%j) is %j', (rows, expected) => {
    expect(toCsv(rows)).toBe(expected);
  });
});

describe('CSV properties', () => {
  const character = fc.constantFrom('a', 'Z', '0', ' ', '\t', ',', '"', '\r', '\n', '\uFEFF', 'é', '😀', '=');
  const field = fc.string({ unit: character, maxLength: 6 });
  const table = fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { maxLength: 8 });

  it('parseCsv(toCsv(rows)) gives back the same rows for every table without empty rows', () => {
    fc.assert(
      fc.property(table, (rows) => {
        const result = parseCsv(toCsv(rows));
        expect(result.issues).toEqual([]);
        expect(result.rows).toEqual(rows);
        expect(result.rowNumbers).toEqual(rows.map((_, i) => i + 1));
      }),
      { numRuns: 1000 },
    );
  });

  it('a table survives any mix of CRLF, LF and CR line endings', () => {
    fc.assert(
      fc.property(table, fc.constantFrom('\n', '\r'), (rows, ending) => {
        // Only the line breaks between rows change; breaks inside quoted fields stay as they are.
        const text = rows.map((row) => toCsv([row]).slice(0, -2)).join(ending);
        expect(parseCsv(text).rows).toEqual(rows);
      }),
      { numRuns: 500 },
    );
  });

  it('parseCsv never throws, and every row it returns has at least one field', () => {
    fc.assert(
      fc.property(fc.string({ unit: character, maxLength: 60 }), (text) => {
        const { rows, rowNumbers, issues } = parseCsv(text);
        expect(rows.length).toBe(rowNumbers.length);
        expect(rows.every((row) => row.length > 0)).toBe(true);
        expect(
          issues.every((i) => i.code === 'csv-syntax' && /^row [1-9]\d*, column [1-9]\d*: /.test(i.message)),
        ).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
