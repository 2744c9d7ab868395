import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { issueCodes } from '../src/errors';
import type { Matrix } from '../src/schema/matrix';
import { writeWorkbook } from '../src/xlsx/_write';
import { xlsxToAssessments } from '../src/xlsx/index';
import { workedMatrix } from './fixtures/worked-example';
import { parts, zipParts } from './fixtures/xlsx';

const matrix: Matrix = workedMatrix;
const SHEET = 'xl/worksheets/sheet1.xml';

/** A plain long-format workbook with one Data sheet. */
function longSheet(rows: (string | number)[][]): Record<string, string> {
  return parts(
    writeWorkbook([
      {
        name: 'Data',
        rows: [['entity', 'year', 'matrix', 'indicator', 'value', 'level'], ...rows],
      },
    ]),
  );
}

const good = [
  ['XWE', 2021, 'worked@1.0.0', 'R1', 20, ''],
  ['XWE', 2021, 'worked@1.0.0', 'W1', '', 'partial'],
];

describe('hostile workbooks are refused or read safely (issue 17)', () => {
  it('a plain long-format sheet reads like the CSV', () => {
    const r = xlsxToAssessments(zipParts(longSheet(good)), { matrix });
    expect(r.issues).toEqual([]);
    expect(r.assessments[0]!.observations).toEqual({ R1: { value: 20 }, W1: { level: 'partial' } });
  });

  it('zip bomb: a part that would expand past the limit is refused before it is inflated', () => {
    const p = longSheet(good);
    // 8 MiB of spaces inside the sheet XML compress to a few KB (ratio > 1000:1).
    const bomb = p[SHEET]!.replace('<sheetData>', `<sheetData>${' '.repeat(8 * 1024 * 1024)}`);
    const bytes = zipParts({ ...p, [SHEET]: bomb }, 6);
    expect(bytes.length).toBeLessThan(64 * 1024);
    const r = xlsxToAssessments(bytes, {
      matrix,
      source: 'bomb.xlsx',
      xlsxLimits: { maxUncompressedBytes: 1024 * 1024 },
    });
    expect(r.assessments).toEqual([]);
    expect(r.issues.map((i) => [i.code, i.source])).toEqual([['too-large', 'bomb.xlsx']]);
    expect(r.issues[0]!.message).toContain('refused before expanding');
  });

  it('zip bomb: a declared size of 4 GB in the central directory is refused with the default limits', () => {
    const bytes = zipParts(longSheet(good), 0);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Patch the uncompressed size of every central directory entry (signature 0x02014b50, size at +24).
    for (let i = 0; i + 46 < bytes.length; i++) {
      if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 0xfffffff0, true);
    }
    const r = xlsxToAssessments(bytes, { matrix });
    expect(r.issues.map((i) => i.code)).toEqual(['too-large']);
  });

  it('a 1,000,000-row sheet is refused at the row limit, without reading it all', () => {
    let rows = '';
    for (let r = 2; r <= 1_000_001; r++) rows += `<row r="${r}"><c r="A${r}"><v>1</v></c></row>`;
    const p = longSheet([]);
    const big = p[SHEET]!.replace('</sheetData>', `${rows}</sheetData>`);
    const r = xlsxToAssessments(zipParts({ ...p, [SHEET]: big }, 1), { matrix });
    expect(r.assessments).toEqual([]);
    expect(r.issues.map((i) => i.code)).toEqual(['too-many']);
    expect(r.issues[0]!.message).toContain('more than 200000 rows');
  }, 60_000);

  it('too many zip entries are refused before anything is inflated', () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 2_500; i++) files[`x/${i}.xml`] = strToU8('<a/>');
    const r = xlsxToAssessments(zipSync(files), { matrix });
    expect(r.issues.map((i) => i.code)).toEqual(['too-many']);
  });

  it('formula cells: the cached value is read, never evaluated, and a warning names each cell', () => {
    const p = longSheet(good);
    // E2 holds =1/0+WEBSERVICE(...) with a cached 20: the reader must take 20 and say so.
    const sheet = p[SHEET]!.replace(
      '<c r="E2"><v>20</v></c>',
      '<c r="E2"><f>1/0+WEBSERVICE("http://x")</f><v>20</v></c>',
    );
    expect(sheet).toContain('<f>');
    const r = xlsxToAssessments(zipParts({ ...p, [SHEET]: sheet }), { matrix, source: 'f.xlsx' });
    expect(r.issues).toEqual([]);
    expect(r.assessments[0]!.observations.R1).toEqual({ value: 20 });
    expect(r.warnings.map((w) => [w.code, w.path, w.source])).toEqual([
      ['xlsx-formula-cell', ['Data!E2'], 'f.xlsx'],
    ]);
    expect(r.warnings[0]!.message).toContain('Data!E2 holds a formula');
  });

  it('external links are never followed and macros never run: the cached data is read, with warnings', () => {
    const p = longSheet(good);
    const r = xlsxToAssessments(
      zipParts({
        ...p,
        'xl/externalLinks/externalLink1.xml':
          '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><externalBook r:id="rId1" xmlns:r="r"/></externalLink>',
        'xl/externalLinks/_rels/externalLink1.xml.rels':
          '<Relationships><Relationship Id="rId1" Target="file:///etc/passwd" TargetMode="External"/></Relationships>',
        'xl/vbaProject.bin': new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]),
      }),
      { matrix },
    );
    expect(r.issues).toEqual([]);
    expect(r.assessments).toHaveLength(1);
    expect(r.warnings.map((w) => w.code)).toEqual(['xlsx-external-link', 'xlsx-macro']);
  });

  it('not a workbook, an old .xls, a broken zip and unclosed XML get clear errors, never a crash or a hang', () => {
    expect(xlsxToAssessments(strToU8('entity,year\n')).issues[0]!.code).toBe('unknown-format');
    const xls = xlsxToAssessments(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0]));
    expect(xls.issues[0]!.hint).toContain('old .xls');
    expect(xlsxToAssessments(new Uint8Array([0x50, 0x4b, 3, 4, 9, 9])).issues[0]!.code).toBe(
      'unknown-format',
    );
    const p = longSheet(good);
    const unclosed = p[SHEET]!.replace(
      '</sheetData>',
      `${'<row r="9"><c r="A9">'.repeat(50_000)}</sheetData>`,
    );
    const r = xlsxToAssessments(zipParts({ ...p, [SHEET]: unclosed }), { matrix });
    expect(r.issues[0]!.message).toMatch(/not well-formed XML/);
  });

  it('property: the reader never throws, for damaged zips and for random XML in the sheet (seed 1709)', () => {
    const p = longSheet(good);
    const valid = zipParts(p, 0);
    const fragments = [
      '<row r="2">',
      '</row>',
      '<c r="A2" t="s"><v>99</v></c>',
      '<c r="ZZZZ9">',
      '<v>',
      '</c>',
      '<f>',
      '&#x0;',
      '&bogus;',
      '<is><t>',
      '"',
      '/>',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...fragments)), { maxLength: 6 }),
        (flips, inserts) => {
          const bytes = valid.slice();
          for (const [at, b] of flips) bytes[at % bytes.length] = b;
          const r1 = xlsxToAssessments(bytes, { matrix });
          let sheet = p[SHEET]!;
          for (const [at, f] of inserts) {
            const k = at % (sheet.length + 1);
            sheet = sheet.slice(0, k) + f + sheet.slice(k);
          }
          const r2 = xlsxToAssessments(zipParts({ ...p, [SHEET]: sheet }, 0), { matrix });
          // Never a throw; every problem is a well-formed issue with a stable code.
          for (const r of [r1, r2])
            for (const i of [...r.issues, ...r.warnings]) {
              expect(issueCodes).toContain(i.code);
              expect(i.message.length).toBeGreaterThan(0);
            }
        },
      ),
      { seed: 1709, numRuns: 500 },
    );
  });

  it('text that looks like a formula is kept as text: nothing is evaluated on reading or writing', () => {
    const p = parts(writeWorkbook([{ name: 'Data', rows: [['=1+1', '@SUM(A1)']] }]));
    expect(p[SHEET]).not.toContain('<f>');
    expect(p[SHEET]).toContain('<t>=1+1</t>');
  });
});
