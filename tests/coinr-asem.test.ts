import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { safeParseAssessment, safeParseMatrix, scoreColumns } from '../src/index';
import { parseCsv } from '../src/io/_csv';
import { coinrToMgi } from '../src/io/coinr';

// COINr's ASEM example index (COINr 1.1.14, see tests/fixtures/coinr-asem/README.md): 51 units,
// 49 indicators, 8 pillars, 2 sub-indices, 1 index. COINr's own results, computed in R by
// make-fixture.R, against the engine's: the only steps here are reading files and comparing.
const dir = join(__dirname, 'fixtures', 'coinr-asem');
const read = (f: string) => readFileSync(join(dir, f), 'utf8');

function table(file: string): { codes: string[]; rows: Map<string, Map<string, number | null>> } {
  const [head, ...rows] = parseCsv(read(file)).rows;
  const codes = head!.slice(1);
  const out = new Map<string, Map<string, number | null>>();
  for (const r of rows)
    out.set(r[0]!, new Map(codes.map((c, j) => [c, r[j + 1] === '' ? null : Number(r[j + 1])])));
  return { codes, rows: out };
}

describe('COINr ASEM acceptance', () => {
  const conv = coinrToMgi(read('iMeta.csv'), read('iData.csv'), {
    iMetaSource: 'iMeta.csv',
    iDataSource: 'iData.csv',
    id: 'asem',
  });
  it('converts the tables into a valid four-level matrix and 51 assessments', () => {
    expect(conv.issues).toEqual([]);
    const m = safeParseMatrix(conv.matrix);
    expect(m.success).toBe(true);
    expect(conv.matrix!.indicators).toHaveLength(49);
    expect(conv.matrix!.themes.map((t) => [t.id, t.parent ?? null])).toEqual([
      ['Conn', null],
      ['Sust', null],
      ['Physical', 'Conn'],
      ['ConEcFin', 'Conn'],
      ['Political', 'Conn'],
      ['Instit', 'Conn'],
      ['P2P', 'Conn'],
      ['Environ', 'Sust'],
      ['Social', 'Sust'],
      ['SusEcFin', 'Sust'],
    ]);
    expect(conv.matrix!.title).toBe('Sustainable Connectivity');
    expect(conv.assessments).toHaveLength(51);
    for (const a of conv.assessments) expect(safeParseAssessment(a).success).toBe(true);
    expect(conv.warnings.map((w) => w.message)).toEqual([
      'iMeta rows of type Group, Denominator or Other are not carried over: GDP_group, GDPpc_group, Pop_group, EurAsia_group, Area, Energy, GDP, Population',
      'the Target of 49 indicator(s) is not carried over: an mgi target needs a year and a baseline',
      'iData columns that are not indicators are not carried over: GDP_group, GDPpc_group, Pop_group, EurAsia_group, Area, Energy, GDP, Population',
    ]);
  });

  const cols = scoreColumns(conv.matrix!, conv.assessments, { trace: false });
  const rowOf = new Map(Array.from({ length: cols.length }, (_, i) => [cols.entity(i), i]));

  it("reproduces COINr's normalised indicators within 1e-9 (minmax over the 51 units)", () => {
    const want = table('coinr-normalised.csv');
    const n = cols.indicatorIds.length;
    let compared = 0;
    for (const [unit, values] of want.rows) {
      const i = rowOf.get(unit)!;
      for (const [code, v] of values) {
        if (!cols.indicatorIds.includes(code)) continue;
        const got = cols.indicatorScore[i * n + cols.indicatorIds.indexOf(code)]!;
        if (v === null) expect(got).toBeNaN();
        else expect(Math.abs(got - v)).toBeLessThanOrEqual(1e-9);
        compared++;
      }
    }
    expect(compared).toBe(51 * 49);
  });

  it("reproduces COINr's pillars, sub-indices and index within 1e-9 (arithmetic means, four levels)", () => {
    const want = table('coinr-aggregated.csv');
    expect(want.codes).toHaveLength(11);
    const nT = cols.themeIds.length;
    let worst = 0;
    for (const [unit, values] of want.rows) {
      const i = rowOf.get(unit)!;
      for (const [code, v] of values) {
        const got =
          code === 'Index' ? cols.overall[i]! : cols.themeScore[i * nT + cols.themeIds.indexOf(code)]!;
        expect(v).not.toBeNull();
        worst = Math.max(worst, Math.abs(got - v!));
      }
    }
    expect(worst).toBeLessThanOrEqual(1e-9);
  });
});
