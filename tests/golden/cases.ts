/**
 * The cases of the golden report test: every example and test fixture, scored in every way the
 * report can differ (trace on and off, the `year` option, one file or the whole series), plus a
 * fixed-seed sample of random matrices and batches from the fuzz arbitraries. `generate.ts` writes
 * what the code gives for them; `tests/golden.test.ts` checks the code still gives exactly that.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { type Assessment, type Matrix, parseAssessment, parseMatrix, score } from '../../src/index';
import type { ScoreOptions } from '../../src/scoring/score';
import { arbAssessment, arbMatrix } from '../fixtures/arbitraries';
import { arbRichMatrix, arbSubmissions } from '../fixtures/fuzz-scoring';
import { workedAssessment, workedMatrix } from '../fixtures/worked-example';

export interface GoldenCase {
  readonly name: string;
  readonly matrix: Matrix;
  readonly assessments: readonly Assessment[];
  readonly options: ScoreOptions;
}

const ROOT = join(import.meta.dirname, '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

function exampleDir(dir: string, matrixFile: string): GoldenCase[] {
  const matrix = parseMatrix(read(matrixFile));
  const files = readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.json'))
    .sort();
  const all = files.map((f) => parseAssessment(read(join(dir, f))));
  const sources = files.map((f) => join(dir, f));
  const years = [...new Set(all.map((a) => a.year))].sort();
  const out: GoldenCase[] = [
    { name: `${dir} trace on`, matrix, assessments: all, options: { sources } },
    { name: `${dir} trace off`, matrix, assessments: all, options: { sources, trace: false } },
    { name: `${dir} no sources`, matrix, assessments: all, options: {} },
    { name: `${dir} reversed`, matrix, assessments: [...all].reverse(), options: {} },
  ];
  for (const y of years) {
    out.push({ name: `${dir} year ${y}`, matrix, assessments: all, options: { sources, year: y } });
    out.push({
      name: `${dir} year ${y} trace off`,
      matrix,
      assessments: all,
      options: { sources, year: y, trace: false },
    });
  }
  files.forEach((f, i) => {
    out.push({ name: `${dir}/${f} alone`, matrix, assessments: [all[i]!], options: { sources: [f] } });
  });
  return out;
}

function randomCases(): GoldenCase[] {
  const out: GoldenCase[] = [];
  const rich = fc.sample(
    arbRichMatrix.chain((m) => arbSubmissions(m, 8).map((subs) => ({ m, subs }))),
    { seed: 1519, numRuns: 120 },
  );
  rich.forEach(({ m, subs }, k) => {
    const assessments = subs.map((s) => s.assessment);
    const sources = subs.map((s) => s.source);
    out.push({ name: `rich ${k} trace on`, matrix: m, assessments, options: { sources } });
    out.push({ name: `rich ${k} trace off`, matrix: m, assessments, options: { sources, trace: false } });
    out.push({ name: `rich ${k} year 2020`, matrix: m, assessments, options: { year: 2020 } });
  });
  const plain = fc.sample(
    arbMatrix.chain((m) =>
      fc
        .tuple(arbAssessment(m, 'XAA'), arbAssessment(m, 'XAB'), fc.integer({ min: 2015, max: 2030 }))
        .map(([a, b, y]) => ({ m, list: [a, b, { ...b, year: y }] })),
    ),
    { seed: 2026, numRuns: 80 },
  );
  plain.forEach(({ m, list }, k) => {
    out.push({ name: `plain ${k}`, matrix: m, assessments: list, options: {} });
  });
  return out;
}

/** Every golden case, in a fixed order. */
export function goldenCases(): GoldenCase[] {
  return [
    {
      name: 'worked example',
      matrix: workedMatrix,
      assessments: [workedAssessment(2020, 18, 42, 'absent'), workedAssessment(2021, 20, 45, 'partial')],
      options: {},
    },
    ...exampleDir('examples/moldova', 'indicators/moldova-dmd.json'),
    ...exampleDir('examples/sdg', 'indicators/sdg-10-7-2.json'),
    ...randomCases(),
  ];
}

/** The JSON text of one case's report (or of the error it throws). */
export function goldenOutput(c: GoldenCase): string {
  try {
    return JSON.stringify(score(c.matrix, c.assessments, c.options));
  } catch (e) {
    return JSON.stringify({ thrown: e instanceof Error ? e.message : String(e) });
  }
}

/** CLI invocations whose stdout is golden too (run against the built `dist/cli.js`). */
export const goldenCli: readonly (readonly string[])[] = [
  ['score', 'examples/moldova', '--matrix', 'moldova-dmd', '--format', 'json'],
  ['score', 'examples/moldova', '--matrix', 'moldova-dmd', '--format', 'json', '--no-trace'],
  ['score', 'examples/moldova', '--matrix', 'moldova-dmd', '--format', 'json', '--year', '2021'],
  ['score', 'examples/moldova', '--matrix', 'moldova-dmd', '--format', 'ndjson'],
  ['score', 'examples/sdg', '--matrix', 'sdg-10-7-2', '--format', 'json'],
];
