/**
 * `npm run bench`: performance and scale of mgi-engine as ratios measured side by side in one run
 * (this machine is shared and noisy, so absolute times mean little). Prints every ratio with its
 * goal and pass/miss, and writes `bench/results.json`. See bench/README.md for what each number is.
 *
 * Order matters: the timed in-process comparisons (goals 1 and 6) and the CLI start rounds (goal 3)
 * run with nothing else of ours running. The two long runs — scaling to 100k entity-years (goal 2,
 * its own process) and streaming 100,000 assessments (goal 4, memory only) — run at the same time,
 * one per core, to keep the whole under five minutes; goal 2's ratios are taken within its own
 * process, so all its sizes share that neighbour.
 */
import { spawn } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { bundleSizes } from './_bundle';
import { cliStart, streamIdentity, streamRun, writeNdjson } from './_cli';
import { hdiVsCoinr } from './_coinr';
import { baselineCli, retained, streamSpeed } from './_columns';
import { type Goal, goal, loadLib, progress, ROOT, r3, scratch } from './_common';
import { engineVsKernel } from './_engine';
import { jobsSpeed, printJobs } from './_jobs';
import { packageRows } from './_package';
import { renderVsScore } from './_render';
import { sensitivityBench } from './_sensitivity';
import { batchFormats } from './_stream';

interface ScaleChild {
  readonly sizes: {
    label: string;
    entityYears: number;
    samples: number;
    ms: number;
    usPerEntityYear: number;
    heapMbAfterScore: number;
  }[];
  readonly heapLimitMb: number;
}

function scaleChild(): Promise<ScaleChild> {
  const child = spawn(
    process.execPath,
    [
      '--max-old-space-size=12288',
      '--single-threaded-gc',
      '--expose-gc',
      '--import',
      'tsx',
      join(ROOT, 'bench', '_scale.ts'),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`bench/_scale.ts exited with ${code}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()!) as ScaleChild);
    });
  });
}

function machine() {
  const cpuinfo = (() => {
    try {
      return readFileSync('/proc/cpuinfo', 'utf8');
    } catch {
      return '';
    }
  })();
  return {
    cpuModel: /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown',
    nproc: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os: `${process.platform} ${release()}`,
  };
}

/** JSON with keys sorted at every level, so that the file diffs cleanly between runs. */
function sortedJson(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sort)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
          )
        : v;
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}

/** When dist/ was built: the in-process library and the CLI processes must be the same build. */
function distStamp(): string {
  return ['index.js', 'cli.js'].map((f) => statSync(join(ROOT, 'dist', f)).mtimeMs).join(',');
}

const started = performance.now();
const stamp = distStamp();
const lib = await loadLib();
const tmp = scratch();
const m = machine();
console.log(`mgi-engine bench — ${m.cpuModel}, ${m.nproc} cores, ${m.memoryGiB} GiB, Node ${m.node}`);
try {
  console.log('\n1. score() vs a Float64Array kernel, 10,000 entity-years');
  const engine = await engineVsKernel(lib);
  console.log(
    `   kernel ${engine.ms.kernel} ms · scoreColumns() trace off ${engine.ms.columnsTraceOff} ms · score() trace off ${engine.ms.scoreTraceOff} ms · trace on ${engine.ms.scoreTraceOn} ms`,
  );
  console.log(
    `   same numbers: ${engine.check.same ? 'yes' : 'NO'} — ${engine.check.overallCompared} overall scores compared, max |Δ| = ${engine.check.overallMaxAbsDiff}, ${engine.check.overallNullInBoth} null in both, ${engine.check.mismatches} mismatches (overall, theme, indicator; tolerance 1e-9)`,
  );

  console.log('\n6. HTML scorecard, 65 indicators × 10 years');
  const render = await renderVsScore(lib);
  console.log(
    `   score() ${render.ms.score} ms · render(html) ${render.ms.renderHtml} ms · ${r3(render.htmlBytes / 1024)} KB`,
  );

  console.log('\nS. sensitivity(), Moldova series, 1,000 samples');
  const sens = sensitivityBench(lib);
  console.log(
    `   ${sens.runs} scoring runs in ${sens.seconds} s (${sens.msPerRun} ms a run) — ${sens.input}`,
  );

  console.log('\n3. CLI start (fresh processes, medians)');
  const start = cliStart(tmp.dir);
  console.log(
    `   node -e 0 ${start.medianMs.nodeE0} ms · mgi score, no formulas ${start.medianMs.scoreNoFormulas} ms · Moldova with formulas ${start.medianMs.scoreFormulas} ms (${start.rounds} rounds)`,
  );

  console.log('\n7. the packed package (npm pack, installed into a fresh app)');
  const pkg = await packageRows();

  console.log('\n2 + 4. scaling to 100k entity-years (child process) and streaming memory, side by side');
  const f100k = join(tmp.dir, 'stream-100000.ndjson');
  const f2k = join(tmp.dir, 'stream-2000.ndjson');
  progress('writing 100,000 synthetic assessments (10,000 entities × 10 years) as NDJSON');
  await writeNdjson(lib, f100k, 10_000, [{ file: f2k, entities: 200 }]);
  progress('mgi score 100,000 assessments --format ndjson --no-trace, and alongside it');
  progress('bench/_scale.ts: score() at 1k, 10k, 100k entity-years, trace off');
  const s100kP = streamRun(tmp.dir, 'stream-100000-no-trace', f100k, 100_000, false);
  const scaleP = scaleChild();
  const s100k = await s100kP;
  const scale = await scaleP;
  const base = scale.sizes[0]!;
  // This process runs with Node's default heap limit: compare with what score() needed at 100k.
  const defaultHeapLimitMb = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
  for (const s of scale.sizes)
    console.log(
      `   ${s.label.padStart(4)} entity-years: ${r3(s.usPerEntityYear)} µs each (${s.samples} run${s.samples > 1 ? 's' : ''}, heap after score() ${s.heapMbAfterScore} MB)`,
    );
  console.log(
    `   score() at 100k entity-years needs ${scale.sizes.find((x) => x.label === '100k')?.heapMbAfterScore} MB of heap; Node's default limit here is ${defaultHeapLimitMb} MB`,
  );
  console.log(
    `   100,000 assessments streamed (--no-trace): peak RSS ${s100k.peakRssMb} MB, exit ${s100k.exitCode}, ${s100k.problems} problems, ${s100k.wallS} s`,
  );
  progress('streamed vs in-memory output, 2,000 assessments (traces on)');
  const identity = streamIdentity(lib, tmp.dir, f2k);
  console.log(
    `   2,000 assessments (traces on): streamed and in-memory NDJSON ${identity.identical ? 'byte-identical' : `DIFFER from line ${identity.firstDifferentLine}`} (${identity.linesStreamed} / ${identity.linesInMemory} lines, exit ${identity.exitCode}), peak RSS ${identity.peakRssMb} MB`,
  );

  console.log('\n7. mgi score of 100,000 entity-years as json, csv and ndjson; mgi convert scaling');
  const batch = await batchFormats(tmp.dir, f100k);
  console.log("\n7 + 8. score() with Node's default heap: retained report size, 100k entity-years");
  const kept = await retained();
  console.log(
    `   report retained ${kept.retainedKbPerEntityYear} KB per entity-year (heap ${kept.heapKbPerEntityYear} + typed arrays ${kept.buffersKbPerEntityYear}; after reading every scorecard ${kept.readKbPerEntityYear}) · renderChunks JSON of the same: ${kept.streamJson?.mb} MB written with the heap at most ${kept.streamJson?.peakHeapMb} MB (${kept.streamJson?.heapWithReportReadMb} MB holding the report read) · 100k through score(): ${kept.score100k.completed ? `completed in ${kept.score100k.seconds} s, heap ${kept.score100k.heapMbWithReport} MB of ${kept.heapLimitMb} MB` : `did NOT complete (exit ${kept.exitCode})`}`,
  );
  console.log('\n9. streaming NDJSON, 100,000 assessments, --no-trace: columnar CLI vs the CLI before it');
  progress('building the CLI of the commit before the columnar core');
  const baseCli = baselineCli(tmp.dir);
  const speed = baseCli
    ? await streamSpeed(join(ROOT, 'dist', 'cli.js'), baseCli, tmp.dir, f100k, 100_000)
    : null;
  if (speed)
    console.log(
      `   before ${speed.result.msPerAssessment.baseline} ms per assessment · columnar ${speed.result.msPerAssessment.columnar} ms · output ${speed.result.sameBytes ? 'byte-identical' : 'differs (see bench/README.md)'}`,
    );
  console.log('\nJ. mgi score --jobs 2 vs --jobs 1, the same 100,000 NDJSON assessments, --no-trace');
  const jobs = await jobsSpeed(tmp.dir, f100k, 100_000);
  printJobs(jobs.result, jobs.goals);
  console.log('\n1c. HDI, 193 countries × 33 years, parse + score: mgi against COINr (R)');
  const coinr = await hdiVsCoinr(lib);
  if (coinr.skipped !== null) console.log(`   skipped: ${coinr.skipped} (see bench/README.md)`);
  else
    console.log(
      `   COINr ${coinr.result!.coinrVersion} ${coinr.result!.coinrMsPerCountryYear} ms per country-year · mgi ${coinr.result!.mgiMsPerCountryYear} ms · COINr ÷ mgi ${coinr.result!.coinrOverMgi}× · HDIs agree within ${coinr.result!.maxHdiDifference}`,
    );

  console.log('\n5. browser bundle (esbuild, minified, gzip -9)');
  const bundle = await bundleSizes();
  for (const b of [bundle.core, bundle.full]) {
    const top = Object.entries(b.minifiedByOrigin)
      .slice(0, 5)
      .map(([k, v]) => `${k} ${r3(v / 1024)} KB`)
      .join(', ');
    console.log(
      `   ${b.entry}: ${r3(b.gzipBytes / 1024)} KB gzipped (${r3(b.minifiedBytes / 1024)} KB minified: ${top})`,
    );
  }

  const scaleGoals: Goal[] = scale.sizes
    .slice(1)
    .map((s) =>
      goal(
        `2${s.label === '10k' ? 'a' : 'b'}`,
        `scoreColumns() per entity-year, ${s.label} ÷ 1k`,
        s.usPerEntityYear / base.usPerEntityYear,
        '×',
        1.2,
      ),
    );
  const streamGoals = [
    goal('4a', 'mgi score, 100,000 assessments streamed (--no-trace): peak RSS', s100k.peakRssMb, 'MB', 200),
    ...(identity.peakRssMb === null
      ? []
      : [
          goal(
            '4b',
            'mgi score, 2,000 assessments streamed (traces on): peak RSS',
            identity.peakRssMb,
            'MB',
            200,
          ),
        ]),
  ];
  const checks = {
    engineSameNumbers: engine.check.same,
    streamByteIdentical: identity.identical,
    stream100kClean: s100k.exitCode === 0 && s100k.problems === 0,
    distUnchangedDuringRun: distStamp() === stamp,
    jobsByteIdentical: jobs.result.sameBytes,
    ...batch.checks,
  };
  const goals = [
    ...engine.goals,
    ...scaleGoals,
    ...start.goals,
    ...streamGoals,
    ...bundle.goals,
    ...render.goals,
    ...sens.goals,
    ...pkg.goals,
    ...batch.goals,
    goal('7', "score()'s report retained per entity-year, trace off", kept.retainedKbPerEntityYear, 'KB', 8),
    goal(
      '8',
      'score() on 100k entity-years with the default heap (1 = did not complete)',
      kept.score100k.completed ? 0 : 1,
      '',
      0,
    ),
    ...(speed ? speed.goals : []),
    ...coinr.goals,
    ...jobs.goals,
  ].sort((a, b) => (a.id < b.id ? -1 : 1));
  const seconds = r3((performance.now() - started) / 1000);

  console.log('\nGoals (ratios measured in this run)');
  for (const g of goals)
    console.log(
      `   ${g.id.padEnd(3)} ${g.what.padEnd(64)} ${`${g.value} ${g.unit}`.padStart(10)}  goal ≤ ${g.max} ${g.unit}  ${g.pass ? 'pass' : 'MISS'}`,
    );
  console.log('\nChecks');
  for (const [k, v] of Object.entries(checks)) console.log(`   ${k}: ${v ? 'ok' : 'FAILED'}`);
  console.log(`\nbench time ${seconds} s (after the build)`);

  writeFileSync(
    join(ROOT, 'bench', 'results.json'),
    sortedJson({
      machine: m,
      benchSeconds: seconds,
      goals,
      checks,
      engine,
      scaling: {
        ...scale,
        layout: '100, 1,000 and 10,000 entities × 10 years; trace off',
        node: '--max-old-space-size=12288 --single-threaded-gc --expose-gc (gc() between sizes, untimed)',
        defaultHeapLimitMb,
      },
      cliStart: start,
      streaming: { run100k: s100k, identity },
      batch,
      bundle,
      render,
      sensitivity: sens,
      package: pkg,
      columnar: {
        retained: kept,
        streamSpeed: speed?.result ?? null,
        jobs: jobs.result,
        coinr: coinr.result ?? `skipped: ${coinr.skipped}`,
      },
    }),
  );
  console.log('wrote bench/results.json');
  if (!Object.values(checks).every(Boolean)) process.exitCode = 1;
} finally {
  tmp.dispose();
}
