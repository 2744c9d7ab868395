import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../src/formula/register';
import { parseVary } from '../src/cli/sensitivity';
import { parseAssessment, parseMatrix, renderSensitivityCsv, sensitivity } from '../src/index';
import { runCli, tempFiles } from './fixtures/cli';
import { workedAssessment, workedMatrix } from './fixtures/worked-example';

// End-to-end: these run dist/cli.js in a fresh process (build first).
const moldova = parseMatrix(readFileSync('indicators/moldova-dmd.json', 'utf8'));
const series = readdirSync('examples/moldova')
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => parseAssessment(readFileSync(`examples/moldova/${f}`, 'utf8')));

describe('mgi sensitivity', () => {
  it('writes the JSON of sensitivity() with the same seed, byte for byte', () => {
    const r = runCli([
      'sensitivity',
      'examples/moldova',
      '--matrix',
      'moldova-dmd',
      '--samples',
      '10',
      '--seed',
      '4',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lib = sensitivity(moldova, series, { samples: 10, seed: 4 });
    expect(r.stdout).toBe(`${JSON.stringify(lib, null, 2)}\n`);
  });

  it('--vary chooses what is varied; CSV and HTML follow --out', () => {
    const dir = tempFiles({
      'm.json': workedMatrix,
      'a1.json': workedAssessment(2021, 22, 30, 'partial'),
      'a2.json': workedAssessment(2022, 27, 26, 'complete'),
    });
    const args = [
      join(dir, 'a1.json'),
      join(dir, 'a2.json'),
      '--matrix',
      join(dir, 'm.json'),
      '--samples',
      '20',
    ];
    const csv = runCli([
      'sensitivity',
      ...args,
      '--vary',
      'weights:0.3,aggregation:themes',
      '--out',
      join(dir, 's.csv'),
    ]);
    expect(csv.code).toBe(0);
    const text = readFileSync(join(dir, 's.csv'), 'utf8');
    expect(text.split('\r\n')[0]).toBe(
      'entity,year,nominal,nominal_band,median,p05,p95,unscored,band_changed,variance,S:indicator-weights,ST:indicator-weights,S:theme-weights,ST:theme-weights,S:aggregation:themes,ST:aggregation:themes',
    );
    const lib = sensitivity(
      workedMatrix,
      [workedAssessment(2021, 22, 30, 'partial'), workedAssessment(2022, 27, 26, 'complete')],
      {
        samples: 20,
        vary: [
          { choice: 'weights', level: 'both', range: 0.3 },
          { choice: 'aggregation', level: 'themes' },
        ],
      },
    );
    expect(text).toBe(renderSensitivityCsv(lib));
    const html = runCli([
      'sensitivity',
      ...args,
      '--vary',
      'none',
      '--lang',
      'ro',
      '--out',
      join(dir, 's.html'),
    ]);
    expect(html.code).toBe(0);
    const page = readFileSync(join(dir, 's.html'), 'utf8');
    expect(page).toContain('<html lang="ro">');
    expect(page).toContain('nu variază nimic');
    expect(page.match(/<rect class="iv"/g)).toHaveLength(2);
  });

  it('usage errors (exit 2): no --matrix, a bad --vary, --samples or --seed, --lang without html, a contradicting --out', () => {
    const base = ['sensitivity', 'examples/moldova'];
    const cases: [string[], string][] = [
      [base, 'mgi sensitivity needs --matrix'],
      [
        [...base, '-m', 'moldova-dmd', '--vary', 'weights:2'],
        '--vary weights:2: the range must be a number from 0',
      ],
      [[...base, '-m', 'moldova-dmd', '--vary', 'wieghts'], '--vary wieghts: unknown choice'],
      [[...base, '-m', 'moldova-dmd', '--vary', 'missing:zero'], 'give at least two different policies'],
      [[...base, '-m', 'moldova-dmd', '--samples', '1'], '--samples must be a whole number from 2 to 100000'],
      [[...base, '-m', 'moldova-dmd', '--seed', 'x'], '--seed must be a whole number'],
      [[...base, '-m', 'moldova-dmd', '--lang', 'fr'], '--lang goes with --format html'],
      [
        [...base, '-m', 'moldova-dmd', '--format', 'csv', '--out', 'x.json'],
        '--format csv contradicts --out x.json',
      ],
      [['sensitivity'], 'mgi sensitivity needs assessment files or folders'],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stdout).toBe('');
    }
  });

  it('an indicator --vary drop cannot drop is an input problem (exit 1) naming --vary', () => {
    const r = runCli([
      'sensitivity',
      'examples/moldova',
      '-m',
      'moldova-dmd',
      '--vary',
      'drop:XX_99',
      '--samples',
      '2',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--vary: "XX_99" is not an indicator of moldova-dmd');
    expect(r.stderr).toContain('[unknown-indicator]');
  });

  it('is listed in mgi --help, has its own help, and mgi schema sensitivity prints its JSON Schema', () => {
    expect(runCli(['--help']).stdout).toMatch(/sensitivity +vary weights/);
    const help = runCli(['sensitivity', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('weights:dirichlet:C');
    const schema = runCli(['schema', 'sensitivity']);
    expect(schema.code).toBe(0);
    expect(JSON.parse(schema.stdout).properties.format.const).toBe('mgi-engine/sensitivity@1');
  });
});

describe('parseVary', () => {
  it('reads every form of --vary', () => {
    expect(parseVary('weights:0.2,aggregation,missing,drop')).toEqual([
      { choice: 'weights', level: 'both', range: 0.2 },
      { choice: 'aggregation', level: 'both' },
      { choice: 'missing' },
      { choice: 'drop' },
    ]);
    expect(parseVary('indicator-weights:dirichlet:50, theme-weights, aggregation:indicators')).toEqual([
      { choice: 'weights', level: 'indicators', dirichlet: 50 },
      { choice: 'weights', level: 'themes', range: 0.2 },
      { choice: 'aggregation', level: 'indicators' },
    ]);
    expect(parseVary('missing:reweight/zero,drop:R1/R2')).toEqual([
      { choice: 'missing', policies: ['reweight', 'zero'] },
      { choice: 'drop', indicators: ['R1', 'R2'] },
    ]);
    expect(parseVary('none')).toEqual([]);
    expect(() => parseVary('weights:dirichlet:0')).toThrow('the concentration must be a positive number');
  });
});
