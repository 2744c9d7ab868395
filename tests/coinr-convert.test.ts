import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { score } from '../src/index';
import { coinrToMgi } from '../src/io/coinr';
import { runCli, tempFiles } from './fixtures/cli';

const meta = [
  'iCode,iName,Level,Parent,Weight,Direction,Type,Unit,Target',
  'a,Indicator A,1,P1,1,1,Indicator,%,',
  'b,Indicator B,1,P1,2,-1,Indicator,,',
  'c,Indicator C,1,P2,1,1,Indicator,,',
  'P1,Pillar 1,2,Index,1,1,Aggregate,,',
  'P2,Pillar 2,2,Index,3,1,Aggregate,,',
  'Index,My index,3,,1,1,Aggregate,,',
  'grp,A group,,,,,Group,,',
].join('\n');
const data = [
  'uCode,uName,Time,grp,a,b,c',
  'X,Ex,2020,g1,10,5,1',
  'Y,Why,2020,g2,20,NA,3',
  'Z,Zed,2020,g1,30,1,2',
].join('\n');

describe('COINr tables → matrix and assessments', () => {
  it('maps indicators, aggregates (the index is the overall), weights and directions', () => {
    const r = coinrToMgi(meta, data, { iMetaSource: 'iMeta.csv', iDataSource: 'iData.csv' });
    expect(r.issues).toEqual([]);
    const m = r.matrix!;
    expect(m.title).toBe('My index');
    expect(m.themes).toEqual([
      { id: 'P1', title: 'Pillar 1', weight: 1 },
      { id: 'P2', title: 'Pillar 2', weight: 3 },
    ]);
    expect(
      m.indicators.map((i) => [i.id, i.theme, i.weight, i.kind !== 'qualitative' && i.direction]),
    ).toEqual([
      ['a', 'P1', 1, 'increase'],
      ['b', 'P1', 2, 'decrease'],
      ['c', 'P2', 1, 'increase'],
    ]);
    expect(m.scoring).toEqual({
      normalisation: 'minmax',
      aggregation: { indicators: 'arithmetic', themes: 'arithmetic' },
      missing: { policy: 'reweight', minCoverage: 0 },
    });
    expect(r.assessments.map((a) => [a.entity, a.entityName, a.year])).toEqual([
      ['X', 'Ex', 2020],
      ['Y', 'Why', 2020],
      ['Z', 'Zed', 2020],
    ]);
    expect(r.assessments[1]!.observations.b).toEqual({ missing: 'not available (NA in the COINr data)' });
    // X: a = 0, b = (5 − 1)/(5 − 1) reversed = 0, P1 = 0; c = 0 → P2 = 0; overall 0
    // Y: a = 50, b missing, P1 = 50; c = 100 → P2 = 100; overall (50 + 3·100) / 4 = 87.5
    // Z: a = 100, b = 100, P1 = 100; c = 50 → P2 = 50; overall (100 + 3·50) / 4 = 62.5
    const report = score(m, r.assessments);
    expect(report.scorecards.map((c) => c.overall.score)).toEqual([0, 87.5, 62.5]);
  });

  it('bad tables are errors with the file, the row and the column', () => {
    const bad = meta
      .replace('a,Indicator A,1,P1,1,1', 'a,Indicator A,1,P1,0,1')
      .replace('c,Indicator C,1,P2,1,1', 'c,Indicator C,1,P9,1,2');
    const r = coinrToMgi(bad, data, { iMetaSource: 'iMeta.csv', iDataSource: 'iData.csv' });
    expect(r.matrix).toBeNull();
    expect(r.issues.map((i) => [i.code, i.source, i.path, i.message])).toEqual([
      ['invalid-weight', 'iMeta.csv', ['row', 2, 'Weight'], 'row 2, column Weight: weight 0 is not allowed'],
      [
        'invalid-value',
        'iMeta.csv',
        ['row', 4, 'Direction'],
        'row 4, column Direction: "2" is not a direction',
      ],
    ]);
    const orphan = coinrToMgi(meta.replace('c,Indicator C,1,P2', 'c,Indicator C,1,P9'), data, {
      iMetaSource: 'm',
    });
    expect(orphan.issues[0]).toMatchObject({
      code: 'unknown-parent-theme',
      path: ['row', 4, 'Parent'],
      message: 'row 4, column Parent: "P9" is not an aggregate in iMeta',
    });
    const cell = coinrToMgi(meta, data.replace('Z,Zed,2020,g1,30', 'Z,Zed,2020,g1,3O'), {
      iDataSource: 'iData.csv',
    });
    expect(cell.issues).toHaveLength(1);
    expect(cell.issues[0]).toMatchObject({
      code: 'invalid-value',
      source: 'iData.csv',
      path: ['row', 4, 'a'],
    });
    expect(cell.issues[0]!.message).toMatch(/^row 4, column a: "3O" is not a number/);
    const head = coinrToMgi(meta.replace('Weight', 'weight'), data, { iMetaSource: 'iMeta.csv' });
    expect(head.issues[0]).toMatchObject({
      code: 'csv-missing-column',
      message: 'row 1: the header has no column Weight',
      source: 'iMeta.csv',
    });
    const noCol = coinrToMgi(meta, data.replace(',c\n', ',cc\n'), { iDataSource: 'iData.csv' });
    expect(noCol.issues[0]!.message).toBe('row 1: iData has no column for indicator c');
  });
});

describe('mgi convert --from coinr (CLI end to end)', () => {
  it('writes matrix.json and assessments.ndjson that mgi score reproduces COINr with', () => {
    const fx = join(__dirname, 'fixtures', 'coinr-asem');
    const dir = tempFiles({});
    const out = join(dir, 'asem');
    const r = runCli([
      'convert',
      '--from',
      'coinr',
      join(fx, 'iMeta.csv'),
      join(fx, 'iData.csv'),
      '--out',
      `${out}/`,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('(49 indicators, 10 themes)');
    expect(r.stderr).toContain('(51 assessments)');
    const s = runCli([
      'score',
      '--matrix',
      join(out, 'matrix.json'),
      join(out, 'assessments.ndjson'),
      '--format',
      'csv-summary',
    ]);
    expect(s.code).toBe(0);
    const aus = s.stdout
      .split('\r\n')
      .find((l) => l.startsWith('AUS,Australia,2018,coinr-index,1.0.0,overall'))!;
    const want = readFileSync(join(fx, 'coinr-aggregated.csv'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith('"AUS"'))!
      .split(',')
      .at(-1)!
      .replaceAll('"', '');
    expect(Math.abs(Number(aus.split(',')[8]) - Number(want))).toBeLessThanOrEqual(1e-9);
    // NDJSON output of a sample-based matrix is scored in memory too (the sample needs the batch)
    const nd = runCli([
      'score',
      '--matrix',
      join(out, 'matrix.json'),
      join(out, 'assessments.ndjson'),
      '--format',
      'ndjson',
    ]);
    expect(nd.code).toBe(0);
    expect(JSON.parse(nd.stdout.split('\n')[0]!).overall.score).toBeCloseTo(Number(want), 9);
  });
  it('a bad table writes nothing and names file, row and column (exit 1)', () => {
    const dir = tempFiles({
      'iMeta.csv': meta.replace('a,Indicator A,1,P1,1', 'a,Indicator A,1,P1,x'),
      'iData.csv': data,
    });
    const r = runCli([
      'convert',
      '--from',
      'coinr',
      join(dir, 'iMeta.csv'),
      join(dir, 'iData.csv'),
      '--out',
      `${dir}/o/`,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('iMeta.csv: row[2].Weight: row 2, column Weight: "x" is not a number');
    expect(r.stderr).toContain('nothing was written');
  });
  it('needs two tables and --out', () => {
    expect(runCli(['convert', '--from', 'coinr', 'iMeta.csv']).code).toBe(2);
    expect(runCli(['convert', '--from', 'coinr', 'a.csv', 'b.csv']).stderr).toContain('--out folder/');
  });
});
