/**
 * Goal S1: `sensitivity()` of the Moldova matrix for one country-series (examples/moldova: MDA
 * 2018–2024, 9 submissions, 7 entity-years) with 1,000 samples and the default choices (indicator
 * and theme weights ± 20 %, aggregation of both levels, missing-data policy, dropping one
 * indicator): N · (k + 2) = 1,000 · 8 scoring runs on the columnar core plus the nominal, timed
 * once in this process (built `dist/`). Must take seconds: ≤ 10 s.
 *
 * Alone: `npm run build && npx tsx bench/_sensitivity.ts`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Goal, goal, type Lib, loadLib, MOLDOVA, progress, ROOT, r3 } from './_common';

export interface SensitivityBench {
  readonly input: string;
  readonly samples: number;
  readonly runs: number;
  readonly seconds: number;
  readonly msPerRun: number;
  readonly goals: Goal[];
}

export function sensitivityBench(lib: Lib, samples = 1000): SensitivityBench {
  const matrix = lib.parseMatrix(readFileSync(MOLDOVA, 'utf8'));
  const dir = join(ROOT, 'examples', 'moldova');
  const series = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => lib.parseAssessment(readFileSync(join(dir, f), 'utf8')));
  // Warm the engine up (JIT) on a small run, as a CLI user's second call would be.
  lib.sensitivity(matrix, series, { samples: 10, seed: 2 });
  progress(`sensitivity() of the Moldova series, ${samples} samples, default choices`);
  const t0 = performance.now();
  const s = lib.sensitivity(matrix, series, { samples, seed: 1 });
  const seconds = (performance.now() - t0) / 1000;
  return {
    input: `examples/moldova (${series.length} submissions, ${s.results.length} entity-years), ${matrix.indicators.length} indicators, choices ${s.choices.map((c) => c.id).join(', ')}`,
    samples,
    runs: s.runs,
    seconds: r3(seconds),
    msPerRun: r3((seconds * 1000) / s.runs),
    goals: [
      goal('SA', `sensitivity(), Moldova series, ${samples} samples (${s.runs} runs)`, seconds, 's', 10),
    ],
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const lib = await loadLib();
  const r = sensitivityBench(lib);
  console.log(`   ${r.input}`);
  console.log(`   ${r.runs} scoring runs in ${r.seconds} s (${r.msPerRun} ms a run)`);
  for (const g of r.goals)
    console.log(
      `   ${g.id} ${g.what}: ${g.value} ${g.unit}  goal ≤ ${g.max} ${g.unit}  ${g.pass ? 'pass' : 'MISS'}`,
    );
}
