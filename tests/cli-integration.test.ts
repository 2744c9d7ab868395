import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Io } from '../src/cli/_io';
import { starterMatrix } from '../src/cli/init';
import { main } from '../src/cli/main';
import { safeParseMatrix } from '../src/index';

const ROOT = join(__dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'mgi-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Run `mgi` in-process with buffers for stdout and stderr. */
async function mgi(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    stdin: async () => stdin,
  };
  const code = await main(args, io);
  return { code, out, err };
}

const moldovaDir = join(ROOT, 'examples', 'moldova');
const moldovaFiles = readdirSync(moldovaDir)
  .filter((n) => n.endsWith('.json'))
  .sort();
const moldova = moldovaFiles.map((n) => {
  const { $schema: _s, ...rest } = JSON.parse(readFileSync(join(moldovaDir, n), 'utf8')) as Record<
    string,
    unknown
  >;
  return rest;
});

describe('mgi convert', () => {
  it('turns a folder of JSON assessments into one CSV, and the CSV back into the same assessments (NDJSON)', async () => {
    const toCsv = await mgi(['convert', moldovaDir, '--to', 'csv']);
    expect(toCsv.err).toBe('');
    expect(toCsv.code).toBe(0);
    expect(toCsv.out.startsWith('entity,year,matrix,')).toBe(true);

    const back = await mgi(['convert', '-', '--to', 'json'], toCsv.out);
    expect(back.err).toBe('');
    expect(back.code).toBe(0);
    const lines = back.out.trimEnd().split('\n');
    expect(lines).toHaveLength(moldova.length);
    expect(lines.map((l) => JSON.parse(l))).toEqual(moldova);

    // and CSV → JSON → CSV is identical
    const csvFile = join(work, 'moldova.csv');
    writeFileSync(csvFile, toCsv.out);
    const ndjson = join(work, 'moldova.ndjson');
    expect((await mgi(['convert', csvFile, '--out', ndjson])).code).toBe(0);
    const again = await mgi(['convert', ndjson, '--to', 'csv']);
    expect(again.out).toBe(toCsv.out);
  });

  it('writes one JSON file per assessment into a folder, and one object for a single assessment', async () => {
    const csv = (
      await mgi([
        'convert',
        join(moldovaDir, 'mda-2021.json'),
        join(moldovaDir, 'mda-2023-mlsp.json'),
        join(moldovaDir, 'mda-2023-mfaei.json'),
        '--to',
        'csv',
      ])
    ).out;
    const csvFile = join(work, 'three.csv');
    writeFileSync(csvFile, csv);
    const outDir = join(work, 'three');
    const r = await mgi(['convert', csvFile, '--to', 'json', '--out', `${outDir}/`]);
    expect(r.code).toBe(0);
    const names = readdirSync(outDir).sort();
    expect(names[0]).toBe('mda-2021.json');
    expect(names.slice(1).every((n) => n.startsWith('mda-2023-'))).toBe(true);
    expect(JSON.parse(readFileSync(join(outDir, 'mda-2021.json'), 'utf8'))).toEqual(
      moldova[moldovaFiles.indexOf('mda-2021.json')],
    );

    const single = await mgi(['convert', join(moldovaDir, 'mda-2021.json'), '--to', 'json']);
    expect(JSON.parse(single.out)).toEqual(moldova[moldovaFiles.indexOf('mda-2021.json')]);
    expect(single.out.startsWith('{\n  "format"')).toBe(true);
  });

  it('reads a CSV without a matrix column with --matrix, and names row and column of bad cells (exit 1, nothing written)', async () => {
    const file = join(work, 'bad.csv');
    writeFileSync(
      file,
      'entity,year,indicator,sex,value\r\nMDA,2021,RT_05,,20\r\nMDA,2021,RT_05,female,"1,5"\r\nMDA,2021,RT_01,,x\r\n',
    );
    const out = join(work, 'bad.json');
    const r = await mgi(['convert', file, '--matrix', 'moldova-dmd', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('row 3, column value: "1,5" is not a number');
    expect(r.err).toContain('row 4, column value');
    expect(r.err).toContain('[invalid-value]');
    expect(existsSync(out)).toBe(false);

    const ok = join(work, 'ok.csv');
    writeFileSync(ok, 'entity,year,indicator,sex,value\nMDA,2021,RT_05,,20\nMDA,2021,RT_05,female,12\n');
    const good = await mgi(['convert', ok, '--matrix', 'moldova-dmd']);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.out).observations).toEqual({
      RT_05: { value: 20, breakdown: { sex: { female: 12 } } },
    });
    expect(JSON.parse(good.out).matrix).toBe('moldova-dmd@1.0.0');
  });

  it('refuses two assessments of the same entity, year and submitter, which one CSV would merge', async () => {
    const r = await mgi([
      'convert',
      join(moldovaDir, 'mda-2021.json'),
      join(moldovaDir, 'mda-2021.json'),
      '--to',
      'csv',
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('[duplicate-assessment]');
    expect(r.out).toBe('');
  });

  it('is a usage error (exit 2) without inputs, with a bad --to, or when the direction cannot be guessed', async () => {
    expect((await mgi(['convert'])).code).toBe(2);
    expect((await mgi(['convert', 'x.json', '--to', 'xml'])).code).toBe(2);
    expect((await mgi(['convert', 'x.json', 'y.csv'])).code).toBe(2);
    expect((await mgi(['convert', 'missing.json', '--to', 'csv'])).code).toBe(1);
  });
});

describe('mgi schema assessment --matrix', () => {
  it('prints the assessment schema of one matrix, in draft 2020-12 or draft-07', async () => {
    const r = await mgi(['schema', 'assessment', '--matrix', 'moldova-dmd']);
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.out);
    expect(schema.properties.matrix.const).toBe('moldova-dmd@1.0.0');
    expect(schema.properties.observations.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties.observations.properties)).toContain('RT_05');
    expect(Object.keys(schema.properties.observations.properties)).toContain('remit_total_musd');
    expect(Object.keys(schema.properties.observations.properties)).not.toContain('WB_01'); // a formula
    expect(schema.$defs).toBeDefined();

    const d7 = JSON.parse(
      (await mgi(['schema', 'assessment', '--matrix', 'moldova-dmd', '--target', 'draft-07'])).out,
    );
    expect(d7.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(d7.definitions).toBeDefined();
    expect(JSON.stringify(d7)).not.toContain('$defs');
  });
});

describe('mgi types', () => {
  it('prints TypeScript declarations for a built-in matrix, or writes them with --out and --name', async () => {
    const r = await mgi(['types', 'sdg-10-7-2']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('export interface Sdg10_7_2Assessment {');
    expect(r.out).toContain("level: 'yes' | 'legal-only' | 'no';");

    const file = join(work, 'moldova.d.ts');
    const w = await mgi([
      'types',
      join(ROOT, 'indicators', 'moldova-dmd.json'),
      '--out',
      file,
      '--name',
      'Moldova',
    ]);
    expect(w.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('export interface Moldova {');
    expect(readFileSync(file, 'utf8')).toContain('export type MoldovaIndicatorId');
  });

  it('is a usage error for a bad --name, and an input error for an unknown matrix', async () => {
    expect((await mgi(['types', 'sdg-10-7-2', '--name', '1bad'])).code).toBe(2);
    const r = await mgi(['types', 'no-such-matrix']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('[file-not-found]');
  });
});

describe('mgi init', () => {
  it('writes a matrix, an assessment template and a README that validate, and refuses to overwrite them without --force', async () => {
    const dir = join(work, 'project');
    const first = await mgi(['init', dir, '--year', '2024']);
    expect(first.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'assessment-2024.json', 'matrix.json']);
    const assessment = JSON.parse(readFileSync(join(dir, 'assessment-2024.json'), 'utf8'));
    const matrix = JSON.parse(readFileSync(join(dir, 'matrix.json'), 'utf8'));
    expect(assessment.matrix).toBe(`${matrix.id}@${matrix.version}`);
    expect(Object.keys(assessment.observations)).toHaveLength(
      matrix.indicators.filter((i: { kind: string }) => i.kind !== 'formula').length,
    );
    expect(
      Object.values(assessment.observations).every(
        (o) => JSON.stringify(o) === '{"missing":"not yet reported"}',
      ),
    ).toBe(true);
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(readme).toContain('25 January');
    expect(readme).toContain('31 March');

    const valid = await mgi(['validate', dir]);
    expect(valid.err).toBe('');
    expect(valid.code).toBe(0);

    const again = await mgi(['init', dir, '--year', '2024']);
    expect(again.code).toBe(1);
    expect(again.err).toContain(join(dir, 'matrix.json'));
    expect(again.err).toContain(join(dir, 'assessment-2024.json'));
    expect(again.err).toContain('--force');

    writeFileSync(join(dir, 'matrix.json'), 'edited');
    const forced = await mgi([
      'init',
      dir,
      '--year',
      '2024',
      '--force',
      '--matrix',
      'moldova-dmd',
      '--entity',
      'MDA',
    ]);
    expect(forced.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'matrix.json'), 'utf8')).id).toBe('moldova-dmd');
    const moldovaTemplate = JSON.parse(readFileSync(join(dir, 'assessment-2024.json'), 'utf8'));
    expect(moldovaTemplate.entity).toBe('MDA');
    expect(moldovaTemplate.observations).toHaveProperty('remit_total_musd'); // formula inputs are listed too
    expect((await mgi(['validate', dir])).code).toBe(0);
  });

  it('falls back to a valid tiny starter matrix when no built-in matrix is installed', () => {
    expect(safeParseMatrix(starterMatrix)).toMatchObject({ success: true });
  });

  it('gives the same files for the same arguments, and is a usage error for a bad year', async () => {
    const a = join(work, 'a');
    const b = join(work, 'b');
    await mgi(['init', a, '--year', '2023']);
    await mgi(['init', b, '--year', '2023']);
    for (const n of readdirSync(a))
      expect(readFileSync(join(b, n), 'utf8')).toBe(readFileSync(join(a, n), 'utf8'));
    expect((await mgi(['init', join(work, 'c'), '--year', 'last'])).code).toBe(2);
    expect((await mgi(['init'])).code).toBe(2);
  });
});
