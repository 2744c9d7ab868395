import { describe, expect, it } from 'vitest';
import { parseCsv } from '../src/io/_csv';
import { csvColumns, render } from '../src/report/render';
import { hostileReport, multilingualReport, syntheticReport, workedReport } from './fixtures/report-fixtures';

function table(csv: string): Record<string, string>[] {
  const { rows, issues } = parseCsv(csv);
  expect(issues).toEqual([]);
  const [head, ...body] = rows;
  expect(head).toEqual([...csvColumns]);
  return body.map((r) => {
    expect(r).toHaveLength(csvColumns.length);
    return Object.fromEntries(csvColumns.map((c, i) => [c, r[i]!]));
  });
}

describe('CSV scorecards', () => {
  const csv = render(workedReport(), { format: 'csv' });
  const rows = table(csv);
  const row = (year: number, id: string) => rows.find((r) => r.year === String(year) && r.indicator === id)!;

  it('has the documented header, in order', () => {
    expect(csv.split('\r\n')[0]).toBe(
      'entity,entity_name,year,matrix_id,matrix_version,theme,dimension,indicator,indicator_title,kind,unit,direction,value,level,score,progress,expected,target_year,target,status,change_from_year,change_absolute,change_relative,change_assessment,carried_from,reason,theme_score,dimension_score,overall_score,overall_band,overall_band_code,overall_band_label,theme_band,theme_band_code,dimension_band,dimension_band_code,coverage_reported,coverage_used,breakdown,source,evidence,note,reported_by',
    );
  });

  it('has one row per entity × year × indicator, in report order', () => {
    expect(rows.map((r) => `${r.entity} ${r.year} ${r.indicator}`)).toEqual([
      'XWE 2020 R1',
      'XWE 2020 R2',
      'XWE 2020 W1',
      'XWE 2021 R1',
      'XWE 2021 R2',
      'XWE 2021 W1',
    ]);
  });

  it('holds every computed field of the worked example, numbers unformatted and empty for null', () => {
    expect(row(2021, 'R1')).toEqual({
      entity: 'XWE',
      entity_name: '',
      year: '2021',
      matrix_id: 'worked',
      matrix_version: '1.0.0',
      theme: 'rights',
      dimension: 'migrants-rights',
      indicator: 'R1',
      indicator_title: 'R1',
      kind: 'quantitative',
      unit: '',
      direction: 'increase',
      value: '20',
      level: '',
      score: '50',
      progress: '0.5',
      expected: '0.5',
      target_year: '2026',
      target: '30',
      status: 'on-track',
      change_from_year: '2020',
      change_absolute: '2',
      change_relative: '0.1111111111111111',
      change_assessment: 'improvement',
      carried_from: '',
      reason: '',
      theme_score: '25',
      dimension_score: '25',
      overall_score: '37.5',
      overall_band: '',
      overall_band_code: '',
      overall_band_label: '',
      theme_band: '',
      theme_band_code: '',
      dimension_band: '',
      dimension_band_code: '',
      coverage_reported: '1',
      coverage_used: '1',
      breakdown: '',
      source: '',
      evidence: '',
      note: '',
      reported_by: '',
    });
    expect(row(2021, 'R2')).toMatchObject({
      progress: '-0.25',
      status: 'regressing',
      change_assessment: 'deterioration',
    });
    expect(row(2021, 'W1')).toMatchObject({
      kind: 'qualitative',
      value: '',
      level: 'partial',
      target: 'complete',
      score: '50',
    });
    expect(row(2020, 'R1')).toMatchObject({ change_from_year: '', change_absolute: '', overall_score: '35' });
  });

  it('uses CRLF line ends and ends with one', () => {
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('never formats numbers for a locale; only the indicator title and band label follow the language', () => {
    const fr = table(render(multilingualReport(), { format: 'csv', lang: 'fr' }));
    const en = table(render(multilingualReport(), { format: 'csv', lang: 'en' }));
    expect(fr.map((r) => ({ ...r, indicator_title: '', overall_band_label: '' }))).toEqual(
      en.map((r) => ({ ...r, indicator_title: '', overall_band_label: '' })),
    );
    expect(fr.find((r) => r.year === '2022')!.overall_band_label).toBe('Satisfait en partie');
    expect(fr.find((r) => r.indicator === 'R2')!.indicator_title).toBe("Jours d'attente");
    expect(fr.find((r) => r.year === '2021' && r.indicator === 'R1')!.overall_score).toBe('37.5');
  });

  it('states why a value is missing, and band ids', () => {
    const r = table(render(multilingualReport(), { format: 'csv' })).find(
      (x) => x.year === '2022' && x.indicator === 'R2',
    )!;
    expect(r).toMatchObject({
      value: '',
      score: '',
      status: 'no-data',
      reason: 'not reported',
      overall_band: 'mid',
    });
  });

  it('has one row per indicator and year for 65 indicators × 10 years', () => {
    expect(table(render(syntheticReport(), { format: 'csv' }))).toHaveLength(650);
  });
});

describe('CSV injection and quoting', () => {
  const csv = render(hostileReport(), { format: 'csv' });
  const rows = table(csv);

  it('neutralises cells that a spreadsheet would run as a formula', () => {
    expect(rows[0]!.entity).toBe('\'=HYPERLINK("x")');
    expect(rows.find((r) => r.indicator === 'R1')!.indicator_title).toBe(
      '\'=HYPERLINK("http://evil.example","x")',
    );
    for (const r of rows) {
      for (const [col, value] of Object.entries(r)) {
        if (/^[=+\-@\t\r]/.test(value)) expect(value, col).toMatch(/^[+-]?\d/);
      }
    }
  });

  it('keeps negative numbers as numbers', () => {
    expect(rows.find((r) => r.year === '2021' && r.indicator === 'R2')!.progress).toBe('-0.25');
  });

  it('round-trips quotes, commas and line breaks (RFC 4180)', () => {
    const r2 = rows.find((r) => r.indicator === 'R2')!;
    expect(r2.indicator_title).toContain('<script>alert(1)</script> | *bold*');
    expect(r2.indicator_title).toContain('\nnext line');
    expect(rows[0]!.entity_name).toBe('<img src=x onerror=alert(1)>');
  });
});
