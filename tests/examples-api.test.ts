import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

// Runs the API usage scripts in examples/api/ the way a user would (`npx tsx examples/api/…`), in a
// fresh process, and checks the numbers they print. Expected numbers come from
// scripts/reference/mgi_reference.py (an independent implementation of docs/method.md):
//   python3 scripts/reference/mgi_reference.py --json                                  # series
//   python3 scripts/reference/mgi_reference.py --json indicators/moldova-dmd.json \
//     examples/moldova/mda-2024.json                                                  # 2024 alone

const TSX = resolve('node_modules/.bin/tsx');

function run(script: string, args: string[] = []) {
  const r = spawnSync(TSX, [resolve('examples/api', script), ...args], {
    encoding: 'utf8',
    cwd: resolve('.'),
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('examples/api/score-year.ts', () => {
  let r: ReturnType<typeof run>;
  beforeAll(() => {
    r = run('score-year.ts');
  });

  it('exits 0 and prints the 2024 Moldova scorecard', () => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Republic of Moldova (MDA), 2024 [provisional]');
  });

  it('prints the overall score, band and coverage of 2024 scored alone (reference: 76.2072, 92.27%)', () => {
    expect(r.stdout).toContain('Overall: 76.21 (advanced), coverage 92.3%');
  });

  it('prints the six dimension scores (reference: 74.20 78.60 78.12 75.69 79.20 71.43)', () => {
    const rows: [string, string][] = [
      ["Migrants' rights", '74.20'],
      ['Whole-of-government approach', '78.60'],
      ['Partnerships', '78.12'],
      ['Well-being of migrants', '75.69'],
      ['Mobility dimensions of crises', '79.20'],
      ['Safe, orderly and dignified migration', '71.43'],
    ];
    for (const [label, value] of rows)
      expect(r.stdout).toMatch(new RegExp(`${label}\\s+${value}\\s+advanced`));
  });

  it('counts the statuses and names the regressing indicator and the gaps', () => {
    expect(r.stdout).toContain(
      'Statuses: achieved 22, on-track 1, off-track 36, regressing 1, no-data 5, no-target 0',
    );
    expect(r.stdout).toMatch(/regressing\s+MB_09\s+value 9400/);
    for (const id of ['GV_06', 'PT_05', 'WB_01', 'WB_02', 'CR_07']) {
      expect(r.stdout).toMatch(new RegExp(`no-data\\s+${id}\\s`));
    }
  });
});

describe('examples/api/score-series.ts', () => {
  let r: ReturnType<typeof run>;
  beforeAll(() => {
    r = run('score-series.ts');
  });

  it('exits 0 and prints one seven-year series for MDA', () => {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('MDA: 7 years, 2018–2024');
  });

  it('prints the overall score of every year (reference values) and the merged 2023 submissions', () => {
    const years: [number, string, string][] = [
      [2018, '13.44', 'early'],
      [2019, '23.68', 'early'],
      [2020, '29.48', 'early'],
      [2021, '44.01', 'progressing'],
      [2022, '56.63', 'progressing'],
      [2023, '65.30', 'progressing \\(3 submissions merged\\)'],
      [2024, '74.89', 'advanced'],
    ];
    for (const [year, value, band] of years) {
      expect(r.stdout).toMatch(new RegExp(`${year}\\s+overall\\s+${value}\\s+${band}`));
    }
  });

  it('prints each dimension from 2018 to 2024 (reference values)', () => {
    expect(r.stdout).toMatch(/migrants-rights\s+4\.55 →\s+74\.20/);
    expect(r.stdout).toMatch(/safe-orderly-migration\s+15\.09 →\s+71\.43/);
  });

  it('projects RT_03 as achieved (2021) and MB_09 as not reaching its target at this rate', () => {
    expect(r.stdout).toMatch(/RT_03\s+trend\s+12\.71\/yr\s+achieved \(2021\)\s+\[2024: achieved\]/);
    expect(r.stdout).toMatch(/MB_09\s+trend\s+317\.86\/yr\s+not-at-this-rate\s+\[2024: regressing\]/);
    // RT_01: 57 in 2024, target 60, slope 1.536/yr → 2024 + ceil(3 / 1.536) = 2026
    expect(r.stdout).toMatch(/RT_01\s+trend\s+1\.54\/yr\s+on-course \(2026\)/);
  });
});

describe('examples/api/render-scorecard.ts', () => {
  it('renders the XAE scorecard as Markdown on stdout', () => {
    const r = run('render-scorecard.ts');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('## Exemplaria (XAE)');
    // 23.5 / 30 = 78.33 → shown as 78.3, band 2 "Partially meets"; both coverages 100 %
    expect(r.stdout).toMatch(
      /\|\s*\*\*78\.3\*\*\s*\|\s*Partially meets \(2\)\s*\|\s*100\s*%\s*\|\s*100\s*%\s*\|/,
    );
    // Domains map one-to-one onto the dimensions: one table names both, with band label and code.
    expect(r.stdout).toMatch(
      /\|\s*Migrant rights\s*\|\s*Migrants' rights\s*\|\s*50\.0\s*\|\s*Partially meets \(2\)\s*\|/,
    );
    expect(r.stdout).toMatch(/\|\s*Whole-of-government approach\s*\|\s*100\.0\s*\|\s*Fully meets \(4\)\s*\|/);
  });

  it('renders French HTML when asked', () => {
    const r = run('render-scorecard.ts', ['html', 'fr']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<!doctype html>/i);
    expect(r.stdout).toContain('Droits des migrants');
  });

  it('rejects an unknown format with a usage message (exit 2)', () => {
    const r = run('render-scorecard.ts', ['pdf']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage: render-scorecard.ts');
  });
});
