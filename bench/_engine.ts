/**
 * Goal 1: `score()` on the Moldova matrix for 10,000 synthetic entity-years (1,000 entities × 10
 * years, 2018–2027) against the hand-written Float64Array kernel computing the same scores, trace
 * off and on; and a check that both give the same numbers. The matrix scores its five categories
 * (sex, age group: issue 16), so the kernel scores them too, each on its compact matrix.
 */
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Bench } from 'tinybench';
import { formulaEngine } from '../src/formula/engine';
import { compileMatrix } from '../src/matrix/compile';
import type { CompiledMatrix } from '../src/matrix/compiled';
import { type Goal, goal, type Lib, MOLDOVA, progress, r3 } from './_common';
import { type KernelOut, kernel, kernelOut, kernelState, type Packed, pack, packCategories } from './_kernel';
import { assessments } from './_synth';

export interface EngineResult {
  readonly layout: string;
  readonly entityYears: number;
  readonly indicators: number;
  readonly ms: {
    readonly kernel: number;
    readonly columnsTraceOff: number;
    readonly scoreTraceOff: number;
    readonly scoreTraceOn: number;
  };
  readonly usPerEntityYear: {
    readonly kernel: number;
    readonly columnsTraceOff: number;
    readonly scoreTraceOff: number;
    readonly scoreTraceOn: number;
  };
  readonly check: {
    readonly overallCompared: number;
    readonly overallNullInBoth: number;
    readonly overallMaxAbsDiff: number;
    /** Overall, theme and indicator scores that differ by more than 1e-9 or are null in only one. */
    readonly mismatches: number;
    /** The same for scoreColumns(): overall and indicator columns against the kernel. */
    readonly columnsMismatches: number;
    readonly same: boolean;
  };
  readonly goals: Goal[];
}

const ENTITIES = 1000;
const YEARS = 10;

export async function engineVsKernel(lib: Lib): Promise<EngineResult> {
  const matrix = lib.parseMatrix(readFileSync(MOLDOVA, 'utf8'));
  progress(`generating ${ENTITIES * YEARS} synthetic entity-years`);
  const list = assessments(matrix, ENTITIES, YEARS);
  const compiled = compileMatrix(matrix, formulaEngine);
  if (!compiled.success) throw new Error('the Moldova matrix does not compile');
  const packed = pack(compiled.data, list);
  const out = kernelOut(packed);
  const state = kernelState(packed);
  // Issue 16: the matrix scores its categories too (sex, age group), so the kernel does as well.
  const cats = packCategories(compiled.data, list).map((p) => ({ p, out: kernelOut(p), st: kernelState(p) }));
  const allKernels = () => {
    kernel(packed, out, state);
    for (const c of cats) kernel(c.p, c.out, c.st);
  };

  // Warm both up on a tenth of the data, so that the first timed call is not the JIT's.
  const warm = list.slice(0, list.length / 10);
  lib.score(matrix, warm, { trace: false });
  lib.score(matrix, warm, { trace: true });
  for (let i = 0; i < 3; i++) lib.scoreColumns(matrix, warm, { trace: false });
  allKernels();

  progress('timing the kernel and score() with trace off and on (tinybench)');
  // The kernel takes milliseconds: it gets more samples than the seconds-long engine runs.
  const kbench = new Bench({ time: 300, iterations: 20, warmup: false, throws: true });
  kbench.add('kernel', allKernels, { async: false });
  // Each engine run starts from a collected heap: the garbage of the run before it (a whole
  // batch's store or report) is not charged to the next one; what a run allocates still is.
  const clean = { beforeEach: collectGarbage, async: false } as const;
  const cbench = new Bench({ time: 0, iterations: 7, warmup: false, throws: true });
  let cols: ReturnType<Lib['scoreColumns']> | undefined;
  cbench.add(
    'scoreColumns trace off',
    () => {
      cols = lib.scoreColumns(matrix, list, { trace: false });
    },
    {
      ...clean,
      beforeEach: () => {
        cols = undefined;
        collectGarbage();
      },
    },
  );
  const bench = new Bench({ time: 0, iterations: 7, warmup: false, throws: true });
  let last: ReturnType<Lib['score']> | undefined;
  bench.add(
    'score trace off',
    () => {
      last = lib.score(matrix, list, { trace: false });
    },
    {
      ...clean,
      beforeEach: () => {
        last = undefined;
        collectGarbage();
      },
    },
  );
  // Traces are built when a scorecard is read, so trace on costs about what trace off does.
  const onBench = new Bench({ time: 0, iterations: 3, warmup: false, throws: true });
  onBench.add('score trace on', () => void lib.score(matrix, list, { trace: true }), clean);
  await kbench.run();
  await cbench.run();
  const colsCheck =
    compareColumns(cols!, out, packed, list.length) +
    compareCategories(cols!, cats, compiled.data, list.length);
  cols = undefined;
  await bench.run();
  // Same numbers? The kernel's output is from its last run, the report from the last timed score();
  // compared before the trace-on runs, so that this report is not kept alive during them.
  const check = compare(last!, out, packed, list.length);
  last = undefined;
  await onBench.run();
  const p50 = (b: Bench, name: string): number => {
    const r = b.getTask(name)!.result;
    if (r.state !== 'completed') throw new Error(`${name}: ${r.state}`);
    return r.latency.p50;
  };
  const kMs = p50(kbench, 'kernel');
  const colMs = p50(cbench, 'scoreColumns trace off');
  const offMs = p50(bench, 'score trace off');
  const onMs = p50(onBench, 'score trace on');
  const n = list.length;
  return {
    layout: `${ENTITIES} entities × ${YEARS} years (2018–${2017 + YEARS}), grouped by entity`,
    entityYears: n,
    indicators: packed.nInd,
    ms: { kernel: r3(kMs), columnsTraceOff: r3(colMs), scoreTraceOff: r3(offMs), scoreTraceOn: r3(onMs) },
    usPerEntityYear: {
      kernel: r3((kMs * 1000) / n),
      columnsTraceOff: r3((colMs * 1000) / n),
      scoreTraceOff: r3((offMs * 1000) / n),
      scoreTraceOn: r3((onMs * 1000) / n),
    },
    check: { ...check, columnsMismatches: colsCheck, same: check.same && colsCheck === 0 },
    goals: [
      goal('1a', 'scoreColumns() ÷ kernel, trace off', colMs / kMs, '×', 10),
      goal('1b', 'score() ÷ kernel, trace off', offMs / kMs, '×', 40),
      goal('1b+', 'score() ÷ kernel, trace on', onMs / kMs, '×', 80),
    ],
  };
}

function compare(
  report: ReturnType<Lib['score']>,
  out: KernelOut,
  packed: Packed,
  rows: number,
): Omit<EngineResult['check'], 'columnsMismatches'> {
  let compared = 0;
  let nullBoth = 0;
  let maxDiff = 0;
  let bad = 0;
  const differs = (a: number | null, b: number) =>
    a === null ? !Number.isNaN(b) : Number.isNaN(b) || !(Math.abs(a - b) <= 1e-9);
  report.scorecards.forEach((c, r) => {
    const k = out.overall[r]!;
    if (c.overall.score === null) {
      if (Number.isNaN(k)) nullBoth++;
      else bad++;
    } else if (Number.isNaN(k)) bad++;
    else {
      compared++;
      maxDiff = Math.max(maxDiff, Math.abs(c.overall.score - k));
    }
    c.themes.forEach((t, j) => {
      if (differs(t.score, out.theme[r * packed.nThemes + j]!)) bad++;
    });
    c.indicators.forEach((ind, j) => {
      if (differs(ind.score, out.indicator[r * packed.nInd + j]!)) bad++;
    });
  });
  return {
    overallCompared: compared,
    overallNullInBoth: nullBoth,
    overallMaxAbsDiff: maxDiff,
    mismatches: bad,
    same: report.scorecards.length === rows && maxDiff <= 1e-9 && bad === 0,
  };
}

/** Overall and indicator columns of scoreColumns() against the kernel (NaN in both, or within 1e-9). */
function compareColumns(
  cols: ReturnType<Lib['scoreColumns']>,
  out: KernelOut,
  packed: Packed,
  rows: number,
): number {
  if (cols.length !== rows) return rows;
  const differs = (a: number, b: number) =>
    Number.isNaN(a) ? !Number.isNaN(b) : Number.isNaN(b) || !(Math.abs(a - b) <= 1e-9);
  let bad = 0;
  for (let r = 0; r < rows; r++) if (differs(cols.overall[r]!, out.overall[r]!)) bad++;
  for (let c = 0; c < rows * packed.nInd; c++) if (differs(cols.indicatorScore[c]!, out.indicator[c]!)) bad++;
  return bad;
}

/** Each category's overall and indicator columns of scoreColumns() against its kernel (issue 16). */
function compareCategories(
  cols: ReturnType<Lib['scoreColumns']>,
  cats: readonly { p: Packed; out: KernelOut }[],
  m: CompiledMatrix,
  rows: number,
): number {
  const views = m.categoryViews ?? [];
  const columns = (cols as { categories?: readonly CategoryColumnsLike[] }).categories ?? [];
  if (columns.length !== views.length) return rows;
  const differs = (a: number, b: number) =>
    Number.isNaN(a) ? !Number.isNaN(b) : Number.isNaN(b) || !(Math.abs(a - b) <= 1e-9);
  const nInd = m.indicators.length;
  let bad = 0;
  views.forEach((view, c) => {
    const col = columns[c]!;
    const k = cats[c]!;
    if (col.dimension !== view.dimension || col.category !== view.category) bad += rows;
    for (let r = 0; r < rows; r++) {
      if (differs(col.overall[r]!, k.out.overall[r]!)) bad++;
      view.compact.indicators.forEach((full, j) => {
        if (differs(col.indicatorScore[r * nInd + full]!, k.out.indicator[r * k.p.nInd + j]!)) bad++;
      });
    }
  });
  return bad;
}

interface CategoryColumnsLike {
  readonly dimension: string;
  readonly category: string;
  readonly overall: Float64Array;
  readonly indicatorScore: Float64Array;
}

/** A full collection, outside the timed part (`gc` obtained without `--expose-gc` on the command line). */
const collectGarbage: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();
