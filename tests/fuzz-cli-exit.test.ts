/**
 * Issue 19, acceptance: no input under the documented limits makes the CLI exit 70 (internal
 * error). Mutated real matrices and assessments (JSON, NDJSON, CSV), hostile file contents and
 * huge counts go through `mgi validate`, `mgi score` (every format) and `mgi convert`, run in
 * process through `main()` with a captured Io (fixed seed; `MGI_FUZZ_RUNS` for long runs).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Io } from '../src/cli/_io';
import { main } from '../src/cli/main';
import { assessmentsToCsv } from '../src/io/csv-assessment';
import type { Assessment } from '../src/schema/assessment';
import {
  arbMutations,
  assessmentDocs,
  hostileStrings,
  matrixDocs,
  mutatedText,
} from './fixtures/fuzz-inputs';
import { CaseTally, FUZZ_TIMEOUT, fuzzParams } from './fixtures/fuzz-support';

const tally = new CaseTally('fuzz-cli-exit.test.ts');
const work = mkdtempSync(join(tmpdir(), 'mgi-fuzz-exit-'));
afterAll(() => {
  console.log(tally.summary());
  rmSync(work, { recursive: true, force: true });
});

function captured(): { io: Io; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: {
      out: (t) => {
        out += t;
      },
      err: (t) => {
        err += t;
      },
      stdin: async () => '',
    },
    out: () => out,
    err: () => err,
  };
}

const COMMANDS: readonly (readonly string[])[] = [
  ['validate'],
  ['score', '--format', 'json'],
  ['score', '--format', 'ndjson'],
  ['score', '--format', 'md'],
  ['score', '--format', 'csv'],
  ['score', '--format', 'csv-summary'],
  ['score', '--format', 'html'],
  ['score', '--format', 'xlsx', '--out', 'OUT.xlsx'],
  ['score', '--format', 'sdmx-csv'],
  ['score', '--no-trace', '--format', 'json', '--lang', 'fr'],
  ['convert', '--to', 'csv'],
  ['convert', '--to', 'json'],
];

/** One input file: a mutated assessment as .json, several as .ndjson, or their CSV with a hostile cell. */
const arbInput = fc.record({
  doc: fc.nat(),
  mutations: fc.option(arbMutations, { nil: undefined, freq: 2 }),
  style: fc.nat(),
  kind: fc.constantFrom('json', 'ndjson', 'csv', 'raw'),
  copies: fc.integer({ min: 1, max: 30 }),
  hostile: fc.nat(),
  cell: fc.nat(),
});

let n = 0;
function caseDir(): string {
  const dir = join(work, `c${n++}`);
  rmSync(dir, { recursive: true, force: true });
  return mkdtempSync(`${dir}-`);
}

type Input = typeof arbInput extends fc.Arbitrary<infer T> ? T : never;

function writeInput(dir: string, input: Input): string {
  const base = assessmentDocs[input.doc % assessmentDocs.length]!;
  const text = input.mutations ? mutatedText(base.value, input.mutations, input.style) : base.text;
  const h = hostileStrings[input.hostile % hostileStrings.length]!;
  switch (input.kind) {
    case 'json': {
      writeFileSync(join(dir, 'a.json'), text);
      return join(dir, 'a.json');
    }
    case 'ndjson': {
      const one = text.replace(/\r?\n\s*/g, ' ');
      const lines: string[] = [];
      for (let i = 0; i < input.copies; i++) lines.push(i % 7 === 3 ? h : one);
      writeFileSync(join(dir, 'a.ndjson'), `${lines.join('\n')}\n`);
      return join(dir, 'a.ndjson');
    }
    case 'csv': {
      const csv = assessmentsToCsv([base.value as Assessment]).split('\n');
      const row = 1 + (input.cell % Math.max(1, csv.length - 2));
      const cells = (csv[row] ?? '').split(',');
      cells[input.cell % Math.max(1, cells.length)] = h;
      csv[row] = cells.join(',');
      writeFileSync(join(dir, 'a.csv'), csv.join('\n'));
      return join(dir, 'a.csv');
    }
    default: {
      writeFileSync(join(dir, 'a.json'), h);
      return join(dir, 'a.json');
    }
  }
}

describe('fuzz: no input makes the CLI exit 70', () => {
  it(
    'mutated and hostile assessments (JSON, NDJSON, CSV) through validate, score in every format and convert exit 0, 1 or 2, never 70',
    async () => {
      const codes = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(
          arbInput,
          fc.nat(),
          fc.nat(),
          fc.boolean(),
          fc.option(arbMutations, { nil: undefined }),
          async (input, cmd, matrixPick, withMatrix, matrixMutations) => {
            const dir = caseDir();
            const file = writeInput(dir, input);
            const args = [...COMMANDS[cmd % COMMANDS.length]!].map((a) =>
              a === 'OUT.xlsx' ? join(dir, 'out.xlsx') : a,
            );
            if (withMatrix) {
              const m = matrixDocs[matrixPick % matrixDocs.length]!;
              const text = matrixMutations ? mutatedText(m.value, matrixMutations, input.style) : m.text;
              writeFileSync(join(dir, 'm.json'), text);
              args.push('--matrix', join(dir, 'm.json'));
            } // otherwise the built-in matrix the assessment names
            const c = captured();
            const code = await tally.runAsync(args[0]!, () => main([args[0]!, file, ...args.slice(1)], c.io));
            expect(c.err()).not.toContain('internal error');
            expect([0, 1, 2]).toContain(code);
            codes.set(code, (codes.get(code) ?? 0) + 1);
          },
        ),
        fuzzParams(300),
      );
      // The cases reach real work: some inputs score cleanly, some are refused with issues.
      console.log(`fuzz-cli-exit: exit codes ${JSON.stringify([...codes].sort())}`);
      expect(codes.get(0) ?? 0).toBeGreaterThan(10);
      expect(codes.get(1) ?? 0).toBeGreaterThan(10);
    },
    FUZZ_TIMEOUT * 3,
  );

  it(
    'huge counts: 20,000 unknown fields, 5,000 NDJSON lines of bad JSON, a 50,000-row CSV of unknown indicators exit 1 with a count, never 70',
    async () => {
      const dir = caseDir();
      const base = assessmentDocs[0]!.value as Assessment;
      const observations: Record<string, unknown> = { ...base.observations };
      for (let i = 0; i < 20000; i++) observations[`zz${i}`] = { value: i };
      writeFileSync(join(dir, 'wide.json'), JSON.stringify({ ...base, observations }));
      writeFileSync(join(dir, 'bad.ndjson'), '{"format":\n'.repeat(5000));
      let csv = 'entity,year,indicator,value\n';
      for (let i = 0; i < 50000; i++) csv += `MDA,2024,nope${i},1\n`;
      writeFileSync(join(dir, 'rows.csv'), csv);
      for (const f of ['wide.json', 'bad.ndjson', 'rows.csv'])
        for (const cmd of [['validate'], ['score', '--format', 'json']]) {
          const c = captured();
          const code = await main([cmd[0]!, join(dir, f), ...cmd.slice(1), '--matrix', 'moldova-dmd'], c.io);
          expect(c.err()).not.toContain('internal error');
          expect(code).toBe(1);
          expect(c.err()).toMatch(/more issue\(s\) not listed|problem/);
        }
    },
    FUZZ_TIMEOUT * 3,
  );
});
