import { describe, expect, it } from 'vitest';
import { type Table, type TableCell, tableToAssessments } from '../src/io/_tabular';

/**
 * Issue 19 #8: reading a table was quadratic in header width × rows (every unnamed header cell
 * scanned every row). These tests count the cell reads the tabular core makes, through a Proxy,
 * and check that doubling the rows or the header width doubles the work (never wall-clock).
 */
function counted(header: string[], rows: string[][]): { table: Table; reads: () => number } {
  let reads = 0;
  const wrap = (cells: readonly TableCell[]) =>
    new Proxy(cells, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
  const all = [header, ...rows].map(wrap);
  const table: Table = {
    rows: all,
    rowNumbers: all.map((_, i) => i + 1),
    decimalComma: false,
    what: 'CSV',
    locate: (row, _c, name) => ({ path: ['row', row, name ?? ''], label: `row ${row}` }),
  };
  return { table, reads: () => reads };
}

/**
 * A table whose header has `blank` unnamed columns and `dims` breakdown columns after the five
 * standard ones, and `n` short rows (five cells: what a spreadsheet exports when only the first
 * columns are filled). The input is linear in `blank + dims + n`; so must the work be.
 */
function work(blank: number, n: number, dims = 0): number {
  const header = [
    'entity',
    'year',
    'matrix',
    'indicator',
    'value',
    ...Array.from({ length: blank }, () => ''),
    ...Array.from({ length: dims }, (_, i) => `d${i}`),
  ];
  const rows = Array.from({ length: n }, (_, i) => ['XW', '2021', 'm@1.0.0', `I${i}`, String(i)]);
  const { table, reads } = counted(header, rows);
  const r = tableToAssessments(table);
  expect(r.issues).toEqual([]);
  expect(Object.keys(r.assessments[0]!.observations)).toHaveLength(n);
  return reads();
}

describe('tabular reading is linear in cells (issue 19 #8)', () => {
  it('doubling the rows at most doubles the cell reads (+5 %)', () => {
    const a = work(200, 200);
    const b = work(200, 400);
    expect(b / a).toBeLessThan(2.1);
  });

  it('doubling the header width (unnamed columns) over short rows adds only the header cells', () => {
    const a = work(200, 200);
    const b = work(400, 200);
    expect(b - a).toBeLessThan(10 * 200);
  });

  it('doubling the breakdown columns at most doubles the cell reads (+5 %)', () => {
    const a = work(0, 400, 400);
    const b = work(0, 400, 800);
    expect(b / a).toBeLessThan(2.1);
  });

  it('a wide header over short rows costs the cells, not width × rows', () => {
    // 2,000 header cells and 2,000 rows of 5 cells: about 12,000 cells in all.
    const reads = work(1000, 2000, 1000);
    expect(reads).toBeLessThan(20 * (2005 + 2000 * 5));
  });
});
