import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Io } from '../src/cli/_io';
import { main } from '../src/cli/main';
import { score } from '../src/index';
import { csvField, parseCsv, toCsv } from '../src/io/_csv';
import { assessmentsToCsv, csvToAssessments } from '../src/io/csv-assessment';
import { renderCsv } from '../src/report/csv';
import type { Assessment } from '../src/schema/assessment';
import { arbMatrixWithAssessment } from './fixtures/arbitraries';
import { workedAssessment, workedMatrix } from './fixtures/worked-example';

const ROOT = join(__dirname, '..');
const worked2021 = workedAssessment(2021, 20, 45, 'partial');

/** Run the CLI in this process and capture what it prints. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    out: (t) => {
      stdout += t;
    },
    err: (t) => {
      stderr += t;
    },
    stdin: async () => '',
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

function moldovaAssessments(): Assessment[] {
  const dir = join(ROOT, 'examples', 'moldova');
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => JSON.parse(readFileSync(join(dir, n), 'utf8')) as Assessment)
    .map(({ $schema: _s, ...a }) => a as Assessment);
}

/**
 * The same table as a French Excel "CSV (séparateur : point-virgule)" export: a UTF-8 byte order
 * mark, `;` between fields, decimal commas, CRLF line ends, quotes only where needed, and the header
 * names capitalised as someone typed them.
 */
function asFrenchExcel(csv: string): string {
  const { rows } = parseCsv(csv);
  const header = rows[0]!;
  const valueAt = header.indexOf('value');
  const out = rows.map((r, k) =>
    r.map((cell, i) => {
      if (k === 0) return cell.charAt(0).toUpperCase() + cell.slice(1);
      const text = i === valueAt ? cell.replace('.', ',') : cell;
      return /[;"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
    }),
  );
  return `\uFEFF${out.map((r) => r.join(';')).join('\r\n')}\r\n`;
}

describe('CSV dialects (issue 13)', () => {
  it('mgi score of a ";"-separated, decimal-comma CSV from a French Excel gives the same report as the "," / dot CSV', async () => {
    const assessments = moldovaAssessments();
    const plain = assessmentsToCsv(assessments);
    const french = asFrenchExcel(plain);
    expect(french).toContain(';');
    expect(french).toMatch(/;\d+,\d+;/); // decimal commas are really there
    const base = mkdtempSync(join(tmpdir(), 'mgi-dialect-'));
    mkdirSync(join(base, 'a'));
    mkdirSync(join(base, 'b'));
    writeFileSync(join(base, 'a', 'moldova.csv'), plain);
    writeFileSync(join(base, 'b', 'moldova.csv'), french);
    const a = await cli([
      'score',
      join(base, 'a', 'moldova.csv'),
      '--matrix',
      'moldova-dmd',
      '--format',
      'json',
    ]);
    const b = await cli([
      'score',
      join(base, 'b', 'moldova.csv'),
      '--matrix',
      'moldova-dmd',
      '--format',
      'json',
    ]);
    expect(a.code).toBe(0);
    expect(b.stderr).toBe(a.stderr);
    expect(b.code).toBe(0);
    expect(b.stdout.replaceAll(join(base, 'b'), 'X')).toBe(a.stdout.replaceAll(join(base, 'a'), 'X'));
    expect(JSON.parse(a.stdout).scorecards.length).toBe(7);
  });

  const tabular = (sep: string) =>
    [
      ['Entity', 'YEAR', 'Matrix', 'Indicator', 'Value', 'Level'].join(sep),
      ['XW', '2021', 'worked@1.0.0', 'R1', '20.5', ''].join(sep),
      ['XW', '2021', 'worked@1.0.0', 'W1', '', 'partial'].join(sep),
    ].join('\n');

  it.each([
    [',', 'comma'],
    [';', 'semicolon'],
    ['\t', 'tab'],
  ])('reads a %j-separated file (%s) with header names in any case', (sep) => {
    const r = csvToAssessments(tabular(sep));
    expect(r.issues).toEqual([]);
    expect(r.assessments[0]!.observations).toEqual({ R1: { value: 20.5 }, W1: { level: 'partial' } });
  });

  it('reads a decimal comma in a ";"-separated file, and says how to write it in a "," or tab file', () => {
    const semi = csvToAssessments(
      'entity;year;matrix;indicator;value\nXW;2021;m@1.0.0;R1;12,5\nXW;2021;m@1.0.0;R2;-0,25\n',
    );
    expect(semi.issues).toEqual([]);
    expect(semi.assessments[0]!.observations).toEqual({ R1: { value: 12.5 }, R2: { value: -0.25 } });
    const comma = csvToAssessments('entity,year,matrix,indicator,value\nXW,2021,m@1.0.0,R1,"12,5"\n');
    expect(comma.assessments).toEqual([]);
    expect(comma.issues.map((i) => [i.code, i.path, i.message])).toEqual([
      [
        'invalid-value',
        ['row', 2, 'value'],
        'row 2, column value: "12,5" is not a number: use a dot as the decimal mark (12.5) and no thousands separators (a decimal comma is read only in a ";"-separated file)',
      ],
    ]);
    const tab = csvToAssessments('entity\tyear\tmatrix\tindicator\tvalue\nXW\t2021\tm@1.0.0\tR1\t12,5\n');
    expect(tab.issues[0]?.code).toBe('invalid-value');
  });

  it('in a ";" file, "1.234" is ambiguous (thousands or decimal) and an error, never a guess', () => {
    const r = csvToAssessments('entity;year;matrix;indicator;value\nXW;2021;m@1.0.0;R1;1.234\n');
    expect(r.assessments).toEqual([]);
    expect(r.issues[0]!.message).toBe(
      'row 2, column value: "1.234" is ambiguous in a file with decimal commas: write 1234 if the dots group thousands, or 1,234 for a decimal',
    );
  });

  it('a file separated by something else gets one message naming the separator found', () => {
    const r = csvToAssessments('entity|year|matrix|indicator|value\nXW|2021|m@1.0.0|R1|20\n');
    expect(r.assessments).toEqual([]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]!.code).toBe('csv-dialect');
    expect(r.issues[0]!.path).toEqual(['row', 1]);
    expect(r.issues[0]!.message).toBe(
      'row 1: the header "entity|year|matrix|indicator|value" is not a comma-, semicolon- or tab-separated list of known columns; the separator found in it is the vertical bar (|) (4 times)',
    );
  });

  it('the header decides: a ";" header with commas in its cells still splits at ";"', () => {
    const r = csvToAssessments('entity;year;matrix;indicator;value;note\nXW;2021;m@1.0.0;R1;20;a, b, c\n');
    expect(r.issues).toEqual([]);
    expect(r.assessments[0]!.observations.R1).toEqual({ value: 20, note: 'a, b, c' });
  });

  it('two header names equal ignoring case are one column twice: an error naming both', () => {
    const r = csvToAssessments('entity,year,matrix,indicator,value,Value\nXW,2021,m@1.0.0,R1,20,20\n');
    expect(r.issues.map((i) => i.message)).toEqual([
      'row 1, column value: the column "Value" appears twice in the header (also as "value"; names match ignoring case); keep one',
    ]);
  });

  it('property: the separator does not change what is read: "," with dots, ";" with decimal commas and tab give equal assessments (seed 1308)', () => {
    fc.assert(
      fc.property(arbMatrixWithAssessment, ({ m, a }) => {
        const plain = assessmentsToCsv([a]);
        const { rows } = parseCsv(plain);
        const valueAt = rows[0]!.indexOf('value');
        const french = rows.map((r, k) =>
          k === 0 ? r : r.map((c, i) => (i === valueAt ? c.replace('.', ',') : c)),
        );
        const base = csvToAssessments(plain, { matrix: m });
        // The only refusal a random assessment can meet: 0 on log-scale goalposts (issue 19 #14).
        for (const i of base.issues) expect(i.message).toContain('goalposts are on a log scale');
        for (const text of [toCsv(french, { delimiter: ';' }), toCsv(rows, { delimiter: '\t' })]) {
          const r = csvToAssessments(text, { matrix: m });
          expect(r.issues).toEqual(base.issues);
          expect(r.assessments).toEqual(base.assessments);
        }
      }),
      { seed: 1308, numRuns: 200 },
    );
  });

  it('property: a ","-separated file is never read with a decimal comma (seed 1307)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -99999, max: 99999 }),
        fc.integer({ min: 1, max: 9999 }),
        fc.constantFrom('', ' ', '"'),
        (whole, frac, pad) => {
          const cell = `${pad === '"' ? '' : pad}${whole},${frac}`;
          const text = `entity,year,matrix,indicator,value\nXW,2021,m@1.0.0,R1,${csvField(cell)}\n`;
          const r = csvToAssessments(text);
          // Either an error on that cell, or (never) a number: no reading as whole.frac or wholefrac.
          expect(r.assessments).toEqual([]);
          expect(r.issues.map((i) => [i.code, i.path])).toEqual([['invalid-value', ['row', 2, 'value']]]);
        },
      ),
      { seed: 1307, numRuns: 500 },
    );
  });
});

describe('scorecard CSV for Excel (issue 13)', () => {
  const report = score(workedMatrix, [worked2021]);

  it('French: UTF-8 byte order mark, ";" between fields and decimal commas', () => {
    const text = renderCsv(report, { lang: 'fr', dialect: 'excel' });
    expect(text.startsWith('\uFEFFentity;entity_name;year;')).toBe(true);
    const r1 = text.split('\r\n').find((l) => l.includes(';R1;'))!;
    expect(r1).toContain(';0,5;0,5;'); // progress and expected
    expect(r1).toContain(';37,5;'); // overall score
    expect(r1).toContain(';1.0.0;'); // text (the matrix version) is left as it is
    // mgi reads the same numbers back from it (a ";" file with decimal commas).
    const again = parseCsv(text, { delimiter: ';' });
    expect(again.rows[0]!.length).toBe(again.rows[1]!.length);
  });

  it('English: byte order mark, "," and dots; the default dialect has no byte order mark', () => {
    const excel = renderCsv(report, { lang: 'en', dialect: 'excel' });
    expect(excel.startsWith('\uFEFFentity,entity_name,year,')).toBe(true);
    expect(excel.slice(1)).toBe(renderCsv(report, { lang: 'en' }));
  });

  it('mgi score --format csv --csv excel --lang es writes the Excel dialect; --csv without --format csv is a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mgi-excel-'));
    writeFileSync(join(dir, 'm.json'), JSON.stringify(workedMatrix));
    writeFileSync(join(dir, 'a.json'), JSON.stringify(worked2021));
    const r = await cli([
      'score',
      join(dir, 'a.json'),
      '--matrix',
      join(dir, 'm.json'),
      '--format',
      'csv',
      '--csv',
      'excel',
      '--lang',
      'es',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(renderCsv(score(workedMatrix, [worked2021]), { lang: 'es', dialect: 'excel' }));
    const bad = await cli([
      'score',
      join(dir, 'a.json'),
      '--matrix',
      join(dir, 'm.json'),
      '--format',
      'md',
      '--csv',
      'excel',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--csv excel goes with --format csv');
  });
});
