/**
 * Goals 7 and 8, in a child process with **Node's default heap limit** and `--expose-gc`:
 * 7. the memory retained by `score()`'s report per Moldova entity-year, trace off: `gc()`, heap used
 *    and typed-array memory (outside the V8 heap), `score()` on 10,000 entity-years (1,000 × 10),
 *    `gc()`, both again, while the report is referenced; the input is referenced throughout, so the
 *    difference is the report's. The report builds its scorecards when they are read, so the same
 *    is measured again after reading every scorecard (`readKbPerEntityYear`, not a goal);
 * 8. 100,000 entity-years (10,000 × 10) through `score()`, trace off: whether it completes.
 * Prints one JSON line; if the heap runs out, the process dies and `run.ts` reports goal 8 missed.
 */
import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { loadLib, MOLDOVA, r3 } from './_common';
import { assessments } from './_synth';

const lib = await loadLib();
const matrix = lib.parseMatrix(readFileSync(MOLDOVA, 'utf8'));
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const used = () => {
  gc();
  gc();
  return getHeapStatistics().used_heap_size;
};
// Typed arrays keep their numbers outside the V8 heap: counted separately, and in the goal.
const buffers = () => process.memoryUsage().arrayBuffers;

const list = assessments(matrix, 1000, 10);
lib.score(matrix, list.slice(0, 1000), { trace: false });
const before = used();
const buffersBefore = buffers();
let report: ReturnType<typeof lib.score> | undefined = lib.score(matrix, list, { trace: false });
const after = used();
const n = report.scorecards.length;
const heapKbPerEntityYear = (after - before) / 1024 / n;
const buffersKbPerEntityYear = (buffers() - buffersBefore) / 1024 / n;
const retainedKbPerEntityYear = heapKbPerEntityYear + buffersKbPerEntityYear;
// The same report once every scorecard has been read (built and kept).
for (const card of report.scorecards) if (card.year < 0) throw new Error('unreachable');
const heapWithReportRead = used();
const readKbPerEntityYear = (heapWithReportRead + buffers() - before - buffersBefore) / 1024 / n;
report = undefined;

// The whole JSON report written from the columns (renderChunks, issue 15): the heap while writing,
// sampled after a collection every 1,000 chunks, against the heap holding the report read above.
const streamCols = lib.scoreColumns(matrix, list, { trace: false });
let streamBytes = 0;
let streamPeak = 0;
let chunks = 0;
for (const chunk of lib.renderChunks(streamCols, { format: 'json' })) {
  streamBytes += chunk.length;
  if (++chunks % 1000 === 0) streamPeak = Math.max(streamPeak, used());
}
const streamJson = {
  mb: Math.round(streamBytes / 2 ** 20),
  peakHeapMb: Math.round(streamPeak / 2 ** 20),
  heapWithReportReadMb: Math.round(heapWithReportRead / 2 ** 20),
};

const big = assessments(matrix, 10_000, 10);
gc();
const t0 = performance.now();
let bigReport: ReturnType<typeof lib.score> | undefined = lib.score(matrix, big, { trace: false });
const seconds = (performance.now() - t0) / 1000;
const scorecards = bigReport.scorecards.length;
const heapMbWithReport = Math.round(getHeapStatistics().used_heap_size / 2 ** 20);
bigReport = undefined;
process.stdout.write(
  `${JSON.stringify({
    retainedKbPerEntityYear: r3(retainedKbPerEntityYear),
    heapKbPerEntityYear: r3(heapKbPerEntityYear),
    buffersKbPerEntityYear: r3(buffersKbPerEntityYear),
    readKbPerEntityYear: r3(readKbPerEntityYear),
    streamJson,
    score100k: { completed: scorecards === 100_000, scorecards, seconds: r3(seconds), heapMbWithReport },
    heapLimitMb: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20),
  })}\n`,
);
