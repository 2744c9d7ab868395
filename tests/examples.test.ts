import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type Assessment,
  type DimensionId,
  parseAssessment,
  parseMatrix,
  type Report,
  score,
} from '../src/index';

// The expected numbers in this file were NOT copied from the engine's output. They come from
// scripts/reference/mgi_reference.py, an independent implementation of docs/method.md in plain
// Python (stdlib only), written from the document and not from src/. Rerun it with
//
//   python3 scripts/reference/mgi_reference.py          # latest Moldova year + SDG countries
//   python3 scripts/reference/mgi_reference.py --json   # every scorecard, every indicator
//
// The SDG values also match the hand calculation in examples/sdg/README.md.

const EPS = 1e-9;

function loadMatrix(id: string) {
  return parseMatrix(readFileSync(join('indicators', `${id}.json`), 'utf8'));
}
function loadFolder(dir: string): Assessment[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => parseAssessment(readFileSync(join(dir, f), 'utf8'), { source: join(dir, f) }));
}
function card(report: Report, entity: string, year: number) {
  const c = report.scorecards.find((s) => s.entity === entity && s.year === year);
  if (!c) throw new Error(`no scorecard for ${entity} ${year}`);
  return c;
}

describe('Moldova DMD example series (examples/moldova)', () => {
  const matrix = loadMatrix('moldova-dmd');
  const report = score(matrix, loadFolder('examples/moldova'));
  const latest = card(report, 'MDA', 2024);

  it('scores the examples without errors', () => {
    expect(report.errors).toEqual([]);
  });

  it('gives the 2024 overall score computed by the reference implementation', () => {
    // python3 scripts/reference/mgi_reference.py → "MDA 2024: overall 74.88894959223278 band advanced"
    expect(Math.abs(latest.overall.score! - 74.88894959223278)).toBeLessThan(EPS);
    expect(latest.overall.band).toBe('advanced');
    expect(latest.overall.coverage).toBe(1);
  });

  // From the reference implementation (2024; themes map one-to-one onto the six dimensions, so each
  // dimension score equals its theme's score).
  const dimensions2024: [DimensionId, string, number][] = [
    ['migrants-rights', 'rights', 74.19696969696969],
    ['whole-of-government', 'governance', 77.54603729603728],
    ['partnerships', 'partnerships', 76.50500479912245],
    ['well-being', 'wellbeing', 71.92727272727274],
    ['mobility-crises', 'crises', 77.72777777777779],
    ['safe-orderly-migration', 'mobility', 71.43063525621665],
  ];

  it.each(dimensions2024)(
    'gives dimension %s (theme %s) the reference score %s in 2024',
    (dim, theme, expected) => {
      const d = latest.dimensions.find((x) => x.id === dim)!;
      const t = latest.themes.find((x) => x.id === theme)!;
      expect(Math.abs(d.score! - expected)).toBeLessThan(EPS);
      expect(Math.abs(t.score! - expected)).toBeLessThan(EPS);
      expect(d.band).toBe('advanced');
      expect(t.coverage).toBe(1);
    },
  );

  it('reports the six dimensions in canonical order', () => {
    expect(latest.dimensions.map((d) => d.id)).toEqual(dimensions2024.map(([d]) => d));
  });

  it('carries forward in 2024 exactly the values the reference carries from 2023', () => {
    // reference: "carried forward: GV_06<-2023, PT_05<-2023, WB_01<-2023, WB_02<-2023, CR_07<-2023"
    const carried = latest.indicators
      .filter((i) => i.carriedFrom !== undefined && i.carriedFrom !== null)
      .map((i) => [i.id, i.carriedFrom]);
    expect(carried).toEqual([
      ['GV_06', 2023],
      ['PT_05', 2023],
      ['WB_01', 2023],
      ['WB_02', 2023],
      ['CR_07', 2023],
    ]);
  });

  it('has one series, for MDA, with the seven years 2018–2024', () => {
    expect(report.series).toHaveLength(1);
    expect(report.series[0]!.entity).toBe('MDA');
    expect(report.series[0]!.years).toEqual([2018, 2019, 2020, 2021, 2022, 2023, 2024]);
    expect(report.scorecards.map((c) => c.year)).toEqual([2018, 2019, 2020, 2021, 2022, 2023, 2024]);
  });

  it('merges the three 2023 submissions into one scorecard', () => {
    const c2023 = card(report, 'MDA', 2023);
    expect(c2023.submissions).toHaveLength(3);
    expect([...c2023.submissions].sort()).toEqual([
      'Ministry of Foreign Affairs and European Integration',
      'Ministry of Labour and Social Protection',
      'State Chancellery – Diaspora Relations Bureau',
    ]);
    // PT_02 is in two submissions with the same value: merged, not a conflict. Reference (--json):
    // value 205, progress 0.6538461538461539, score 65.38461538461539, status off-track.
    const pt02 = c2023.indicators.find((i) => i.id === 'PT_02')!;
    expect(pt02).toMatchObject({ value: 205, status: 'off-track' });
    expect(Math.abs(pt02.score! - 65.38461538461539)).toBeLessThan(EPS);
  });

  it('shows MB_09 (irregular stays, should decrease) regressing in 2024', () => {
    const mb09 = latest.indicators.find((i) => i.id === 'MB_09')!;
    // progress (9400 − 8000) / (5000 − 8000) = −0.4667 < 0
    expect(mb09).toMatchObject({ value: 9400, status: 'regressing', score: 0 });
    expect(mb09.progress!).toBeCloseTo(-1400 / 3000, 12);
  });

  it('shows RT_03 (e-consulate) achieved from 2021 on, with projection note "achieved"', () => {
    const rt03 = report.series[0]!.indicators.find((i) => i.id === 'RT_03')!;
    expect(rt03.history.map((h) => [h.year, h.status])).toEqual([
      [2018, 'on-track'],
      [2019, 'on-track'],
      [2020, 'on-track'],
      [2021, 'achieved'],
      [2022, 'achieved'],
      [2023, 'achieved'],
      [2024, 'achieved'],
    ]);
    expect(rt03.projection?.note).toBe('achieved');
  });
});

describe('SDG 10.7.2 example countries (examples/sdg)', () => {
  const matrix = loadMatrix('sdg-10-7-2');
  const report = score(matrix, loadFolder('examples/sdg'));

  it('scores the examples without errors', () => {
    expect(report.errors).toEqual([]);
  });

  // Domains are PD_1..PD_6 (reference implementation = examples/sdg/README.md).
  const table = [
    {
      entity: 'XAA',
      overall: 40,
      band: 'partially-meets',
      domains: [40, 60, 40, 40, 20, 40],
      why: '12/30 = 40, lower edge of band 2',
    },
    {
      entity: 'XAB',
      overall: 80,
      band: 'meets',
      domains: [100, 80, 80, 60, 80, 80],
      why: '24/30 = 80, lower edge of band 3',
    },
    {
      entity: 'XAC',
      overall: 100,
      band: 'fully-meets',
      domains: [100, 100, 100, 100, 100, 100],
      why: '30/30 = 100, band 4',
    },
    {
      entity: 'XAD',
      overall: 30,
      band: 'requires-further-progress',
      domains: [20, 40, 40, 20, 20, 40],
      why: '9/30 = 30, band 1',
    },
    {
      entity: 'XAE',
      overall: 23.5 / 0.3,
      band: 'partially-meets',
      domains: [50, 100, 80, 80, 60, 100],
      why: '23.5/30 = 78.33… (half credits)',
    },
    {
      entity: 'XAF',
      overall: 75,
      band: 'partially-meets',
      domains: [80, 80, 60, 80, 75, 75],
      why: '21/28 = 75 (2 not available)',
    },
  ];

  it.each(table)('$entity scores $why, band $band', ({ entity, overall, band, domains }) => {
    const c = card(report, entity, 2021);
    expect(Math.abs(c.overall.score! - overall)).toBeLessThan(EPS);
    expect(c.overall.band).toBe(band);
    expect(c.themes.map((t) => t.id)).toEqual(['PD_1', 'PD_2', 'PD_3', 'PD_4', 'PD_5', 'PD_6']);
    c.themes.forEach((t, i) => {
      expect(Math.abs(t.score! - domains[i]!)).toBeLessThan(EPS);
      expect(Math.abs(c.dimensions[i]!.score! - domains[i]!)).toBeLessThan(EPS);
    });
  });

  it('puts every boundary score in the higher band (40 → 2, 80 → 3, 100 → 4)', () => {
    const bandOf = (e: string) =>
      matrix.scoring!.bands!.find((b) => b.id === card(report, e, 2021).overall.band);
    expect(bandOf('XAA')?.code).toBe(2);
    expect(bandOf('XAB')?.code).toBe(3);
    expect(bandOf('XAC')?.code).toBe(4);
    expect(bandOf('XAD')?.code).toBe(1);
    // domain boundaries too: XAB PD_2 = 80 is Meets, XAA PD_1 = 40 is Partially meets
    expect(card(report, 'XAB', 2021).dimensions[1]!.band).toBe('meets');
    expect(card(report, 'XAA', 2021).dimensions[0]!.band).toBe('partially-meets');
  });

  it('gives the legal-only answer half credit in domain 1 (XAE: 2.5 of 5 → 50)', () => {
    const c = card(report, 'XAE', 2021);
    expect(c.indicators.filter((i) => i.theme === 'PD_1').map((i) => i.score)).toEqual([100, 50, 50, 50, 0]);
    expect(c.dimensions[0]!.score).toBe(50);
  });

  it('treats "data not available" as missing, not as 0 (XAF: 75, not 70)', () => {
    const c = card(report, 'XAF', 2021);
    for (const id of ['PD_5_3', 'PD_6_2']) {
      expect(c.indicators.find((i) => i.id === id)).toMatchObject({ score: null, status: 'no-data' });
    }
    expect(c.dimensions.map((d) => d.coverage)).toEqual([1, 1, 1, 1, 0.8, 0.8]);
    expect(Math.abs(c.overall.coverage! - 28 / 30)).toBeLessThan(EPS);
    expect(c.overall.score).toBe(75);
  });
});

describe('conflicting submissions', () => {
  const matrix = loadMatrix('moldova-dmd');
  const base = parseAssessment(readFileSync('examples/moldova/mda-2024.json', 'utf8'));
  const other = parseAssessment({
    format: 'mgi-engine/assessment@1',
    matrix: 'moldova-dmd@1.0.0',
    entity: 'MDA',
    year: 2024,
    status: 'provisional',
    submittedBy: 'Ministry of Foreign Affairs and European Integration',
    observations: { RT_01: { value: 58 }, RT_03: { value: 90 } },
  });
  const report = score(matrix, [base, other]);

  it('reports a conflict naming both submissions when they disagree on one indicator', () => {
    const conflicts = report.errors.filter((e) => e.code === 'conflict');
    expect(conflicts).toHaveLength(1);
    const [e] = conflicts;
    expect(e).toMatchObject({ entity: 'MDA', year: 2024, indicator: 'RT_01' });
    expect(e!.message).toContain('State Chancellery – Diaspora Relations Bureau');
    expect(e!.message).toContain('Ministry of Foreign Affairs and European Integration');
    expect(e!.message).toContain('57');
    expect(e!.message).toContain('58');
  });

  it('scores the rest: RT_01 has no data, the identical RT_03 merges, the overall is computed', () => {
    const c = card(report, 'MDA', 2024);
    expect(c.indicators.find((i) => i.id === 'RT_01')).toMatchObject({ status: 'no-data', score: null });
    expect(c.indicators.find((i) => i.id === 'RT_03')).toMatchObject({ value: 90, status: 'achieved' });
    // Reference: write `other` above to conflict.json, then
    //   python3 scripts/reference/mgi_reference.py indicators/moldova-dmd.json \
    //     examples/moldova/mda-2024.json conflict.json
    // → "MDA 2024: overall 76.19378458113637 band advanced coverage 0.9075757575757576"
    // (a single year, so nothing is carried forward; RT_01 counts as missing).
    expect(Math.abs(c.overall.score! - 76.19378458113637)).toBeLessThan(EPS);
    expect(Math.abs(c.overall.coverage! - 0.9075757575757576)).toBeLessThan(EPS);
    expect(c.overall.band).toBe('advanced');
  });
});
