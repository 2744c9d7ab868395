import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Io } from '../src/cli/_io';
import { main } from '../src/cli/main';
import { MgiError } from '../src/errors';
import { score } from '../src/index';
import { parseCsv } from '../src/io/_csv';
import { m49 } from '../src/io/m49';
import { checkSdmxMapping, reportToSdmxCsv, sdmxCsvColumns } from '../src/io/sdmx';
import { loadMatrix } from '../src/node';
import type { Assessment } from '../src/schema/assessment';

const ROOT = join(__dirname, '..');
const SEVEN = { DNK: '208', FIN: '246', DEU: '276', ISL: '352', MDA: '498', NOR: '578', SWE: '752' };

/** The SDG 10.7.2 examples, with their made-up entity codes replaced by six of the seven real ones. */
function sdgExamples(): Assessment[] {
  const dir = join(ROOT, 'examples', 'sdg');
  const codes = Object.keys(SEVEN);
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n, i) => ({
      ...(JSON.parse(readFileSync(join(dir, n), 'utf8')) as Assessment),
      entity: codes[i]!,
    }));
}

describe('SDMX-CSV 2.0 for SDG 10.7.2 (issue 17)', async () => {
  const matrix = await loadMatrix('sdg-10-7-2');

  it.each(Object.entries(SEVEN))('ISO 3166-1 %s is UN M49 %s', (iso3, code) => {
    expect(m49(iso3)).toBe(code);
  });

  it('has the header of INTEROP.md and one row per entity × year × domain plus _T, with band codes 1–4', () => {
    const assessments = sdgExamples();
    const report = score(matrix, assessments);
    const text = reportToSdmxCsv(report);
    const { rows } = parseCsv(text);
    expect(rows[0]).toEqual([...sdmxCsvColumns]);
    expect(rows[0]!.slice(0, 3)).toEqual(['STRUCTURE', 'STRUCTURE_ID', 'ACTION']);
    const data = rows.slice(1);
    expect(data).toHaveLength(assessments.length * 7);
    const col = (name: string) => sdmxCsvColumns.indexOf(name as (typeof sdmxCsvColumns)[number]);
    for (const r of data) {
      expect(r.slice(0, 6)).toEqual(['dataflow', 'IAEG-SDGs:DF_SDG_GLH(1.9)', 'I', 'A', 'N', 'SG_CPA_MIGRS']);
      expect(Object.values(SEVEN)).toContain(r[col('REF_AREA')]);
      expect(['_T', 'PD_1', 'PD_2', 'PD_3', 'PD_4', 'PD_5', 'PD_6']).toContain(r[col('COMPOSITE_BREAKDOWN')]);
      expect(['', '1', '2', '3', '4']).toContain(r[col('OBS_VALUE')]);
      expect(r.slice(col('OBS_STATUS'))).toEqual(['A', '0', 'NUMBER', 'C']);
      expect(r[col('TIME_PERIOD')]).toBe('2021');
    }
    // The overall row carries the band code of the overall score.
    const card = report.scorecards.find((c) => c.entity === 'MDA')!;
    const overall = data.find((r) => r[col('REF_AREA')] === '498' && r[col('COMPOSITE_BREAKDOWN')] === '_T')!;
    const code = report.matrix.bands.find((b) => b.id === card.overall.band)!.code;
    expect(overall[col('OBS_VALUE')]).toBe(String(code));
  });

  it('an entity without an M49 code is an error naming it (the examples use made-up codes)', () => {
    const dir = join(ROOT, 'examples', 'sdg');
    const xaa = JSON.parse(readFileSync(join(dir, 'xaa-2021.json'), 'utf8')) as Assessment;
    const report = score(matrix, [xaa]);
    expect(() => reportToSdmxCsv(report)).toThrow(MgiError);
    try {
      reportToSdmxCsv(report);
    } catch (e) {
      expect((e as MgiError).issues.map((i) => [i.code, i.message])).toEqual([
        ['sdmx-unmapped', 'entity "XAA" has no UN M49 area code for REF_AREA'],
      ]);
    }
    // A mapping gives a national matrix (or a made-up entity) its own codes.
    const text = reportToSdmxCsv(report, {
      refAreas: { XAA: '999' },
      series: 'MY_SERIES',
      reportingType: 'G',
    });
    expect(parseCsv(text).rows[1]!.slice(4, 7)).toEqual(['G', 'MY_SERIES', '999']);
  });

  it('checks a mapping read from JSON', () => {
    expect(checkSdmxMapping({ series: 'X', bandCodes: { a: 1 } })).toEqual([]);
    expect(checkSdmxMapping({ serie: 'X', bandCodes: { a: '1' } }).map((i) => i.message)).toEqual([
      'unknown field "serie" in the SDMX mapping',
      '"bandCodes" must be an object of numbers',
    ]);
  });

  it('mgi score --format sdmx-csv writes it; an unmappable entity exits 1 naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mgi-sdmx-'));
    const [one] = sdgExamples();
    writeFileSync(join(dir, 'a.json'), JSON.stringify(one));
    writeFileSync(join(dir, 'map.json'), JSON.stringify({ refAreas: { XAA: '999' } }));
    let out = '';
    let err = '';
    const io: Io = {
      out: (t) => {
        out += t;
      },
      err: (t) => {
        err += t;
      },
      stdin: async () => '',
    };
    expect(
      await main(['score', join(dir, 'a.json'), '--matrix', 'sdg-10-7-2', '--format', 'sdmx-csv'], io),
    ).toBe(0);
    expect(out.split('\r\n')).toHaveLength(9);
    const xaa = readFileSync(join(ROOT, 'examples/sdg/xaa-2021.json'), 'utf8');
    writeFileSync(join(dir, 'x.json'), xaa);
    out = '';
    expect(
      await main(['score', join(dir, 'x.json'), '--matrix', 'sdg-10-7-2', '--format', 'sdmx-csv'], io),
    ).toBe(1);
    expect(err).toContain('entity "XAA" has no UN M49 area code for REF_AREA');
    expect(err).toContain('[sdmx-unmapped]');
    out = '';
    expect(
      await main(
        ['score', join(dir, 'x.json'), '--format', 'sdmx-csv', '--sdmx-mapping', join(dir, 'map.json')],
        io,
      ),
    ).toBe(0);
    expect(out).toContain(',999,');
  });

  it('a matrix carries its own SDMX mapping (matrix.sdmx); an --sdmx-mapping file overrides it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mgi-sdmx-own-'));
    const matrix = JSON.parse(readFileSync(join(ROOT, 'indicators/sdg-10-7-2.json'), 'utf8'));
    matrix.sdmx = { series: 'NAT_SERIES', refAreas: { XAA: '901' } };
    writeFileSync(join(dir, 'matrix.json'), JSON.stringify(matrix));
    writeFileSync(join(dir, 'x.json'), readFileSync(join(ROOT, 'examples/sdg/xaa-2021.json'), 'utf8'));
    writeFileSync(join(dir, 'map.json'), JSON.stringify({ refAreas: { XAA: '999' } }));
    let out = '';
    const io: Io = {
      out: (t) => {
        out += t;
      },
      err: () => {},
      stdin: async () => '',
    };
    const args = ['score', join(dir, 'x.json'), '--matrix', join(dir, 'matrix.json'), '--format', 'sdmx-csv'];
    expect(await main(args, io)).toBe(0);
    const rows = parseCsv(out).rows;
    expect(rows).toHaveLength(8);
    expect(rows[1]!.slice(4, 7)).toEqual(['N', 'NAT_SERIES', '901']);
    out = '';
    expect(await main([...args, '--sdmx-mapping', join(dir, 'map.json')], io)).toBe(0);
    expect(parseCsv(out).rows[1]!.slice(4, 7)).toEqual(['N', 'SG_CPA_MIGRS', '999']);
  });
});
