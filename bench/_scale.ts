/**
 * Goal 2, run in a child process of its own (`run.ts` starts it with a larger heap): cost per
 * entity-year of `scoreColumns()` (trace off; `score()` at 100k is goal 8, `_retained.ts`) at 1k, 10k and 100k entity-years — 100, 1,000 and 10,000
 * entities × 10 years — measured side by side in this one process. Prints one JSON line.
 *
 * The larger heap is needed: at 100k entity-years the report alone is several GB, and `score()`
 * runs out of memory under Node's default heap limit (about 4 GB here). The process also runs with
 * `--single-threaded-gc`, so that it uses one core while the streaming run uses the other; every
 * size is measured under the same flags.
 */
import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { Bench } from 'tinybench';
import { loadLib, MOLDOVA, median, r3 } from './_common';
import { assessments } from './_synth';

// 1k is timed before and after the larger sizes, so that its samples share their conditions.
const PLAN = [
  { label: '1k', entities: 100, iterations: 5 },
  { label: '10k', entities: 1000, iterations: 2 },
  { label: '100k', entities: 10_000, iterations: 1 },
  { label: '1k', entities: 100, iterations: 5 },
] as const;
const YEARS = 10;

const lib = await loadLib();
const matrix = lib.parseMatrix(readFileSync(MOLDOVA, 'utf8'));
// Warm up on a small input, so that the first timed runs are not the JIT's.
const warm = assessments(matrix, 100, YEARS);
for (let i = 0; i < 5; i++) lib.scoreColumns(matrix, warm, { trace: false });
// `run.ts` starts this process with --expose-gc: collect between sizes, outside the timed calls, so
// that no size pays for collecting another size's garbage.
const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});

// One tinybench per size: each size has its own number of iterations.
// Heap in use right after score() returns, while its report is still referenced.
const samples = new Map<string, { entityYears: number; ms: number[]; heapAfter: number }>();
for (const s of PLAN) {
  // Each size's input is generated just before it is timed and dropped after: a size must not pay
  // for garbage collection over another size's input.
  collect();
  const list = assessments(matrix, s.entities, YEARS);
  collect();
  const entry = samples.get(s.label) ?? { entityYears: list.length, ms: [], heapAfter: 0 };
  samples.set(s.label, entry);
  const bench = new Bench({
    time: 0,
    iterations: s.iterations,
    warmup: false,
    throws: true,
    retainSamples: true,
  });
  bench.add(
    s.label,
    () => {
      const report = lib.scoreColumns(matrix, list, { trace: false });
      entry.heapAfter = Math.max(entry.heapAfter, getHeapStatistics().used_heap_size);
      return void report;
    },
    { async: false },
  );
  await bench.run();
  const r = bench.getTask(s.label)!.result;
  if (r.state !== 'completed') throw new Error(`${s.label}: ${r.state}`);
  entry.ms.push(...(r.latency.samples ?? [r.latency.p50]));
}
const out = [...samples].map(([label, e]) => {
  const ms = median(e.ms);
  return {
    label,
    entityYears: e.entityYears,
    samples: e.ms.length,
    ms: r3(ms),
    usPerEntityYear: r3((ms * 1000) / e.entityYears),
    heapMbAfterScore: Math.round(e.heapAfter / 2 ** 20),
  };
});
const heapLimitMb = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
process.stdout.write(`${JSON.stringify({ sizes: out, heapLimitMb })}\n`);
