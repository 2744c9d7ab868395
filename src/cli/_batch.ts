/**
 * Score a batch entity by entity (internal to the CLI), so that output can be written as it is
 * produced and the process stays responsive to signals and shows progress.
 *
 * `scoreWith()` scores each entity independently (its years in order, carry-forward and series
 * within the entity), so scoring the batch one entity at a time, in the same sorted order, gives
 * the same scorecards, series and warnings in the same order. Errors are put back into the order
 * the whole batch gives them (by the assessment that caused them, in input order). The batch-wide
 * limit on entities is checked first, with the same error as `scoreWith()`. A matrix with
 * sample-based normalisation (minmax, percentile, frontier) compares entities, so its batch is
 * scored in one `scoreWith()` call instead.
 */
import type { FormulaEngine } from '../formula/types';
import { resolveLimits } from '../limits';
import type { CompiledMatrix } from '../matrix/compiled';
import { compiledFor } from '../parse';
import { enrichReport } from '../report/enrich';
import type { Assessment } from '../schema/assessment';
import type { Matrix } from '../schema/matrix';
import type { ReportIssue, Scorecard, Series } from '../schema/report';
import { usesSampleNormalisation } from '../scoring/normalise-sample';
import { type ScoreOptions, scoreWith } from '../scoring/score';
import { type BatchAssessment, forWorker, loadAssessment } from './_inputs';
import { SHOWN_WARNINGS } from './_io';
import type { Pool } from './_jobs';
import { Spill } from './_spill';
import type { Items, ReportParts } from './_write-report';

/** One entity's results. */
export interface EntityResult {
  readonly entity: string;
  /** How many assessments (submissions) of the batch this entity had. */
  readonly assessments: number;
  readonly scorecards: readonly Scorecard[];
  readonly series: readonly Series[];
  readonly warnings: readonly ReportIssue[];
}

/** Called after each entity: to report progress, and to yield to the event loop (signals). */
export type AfterEntity = (done: { assessments: number; entities: number }) => Promise<void> | void;

/**
 * A batch scored lazily: iterate `scorecards` (or `entities()`) once; `series`, `warnings` and
 * `errors` are complete when that iteration ends. Suits {@link ReportParts} as it is.
 */
export interface Batch extends ReportParts {
  readonly scorecards: AsyncIterable<Scorecard>;
  readonly series: Items<Series>;
  readonly warnings: Items<ReportIssue>;
  /** The first warnings (up to `SHOWN_WARNINGS`), to print on stderr. */
  readonly firstWarnings: ReportIssue[];
  /** How many warnings there were. */
  warningCount(): number;
  readonly errors: ReportIssue[];
  /** How many scorecards were produced so far. */
  count(): number;
  /** Remove what the batch keeps on disk (the series of `keepSeries: 'disk'`). */
  dispose(): Promise<void>;
}

/**
 * Where series and warnings go while scorecards are written: kept in `memory` (Markdown, HTML),
 * written to a temporary file on `disk` and read back (JSON: they follow all scorecards in the
 * report, and for 100,000 Moldova entity-years the series alone are as big as the input), or, for
 * `drop`ped (CSV and NDJSON do not show them; the first warnings are still printed and counted).
 */
export type KeepSeries = 'memory' | 'disk' | 'drop';

/**
 * Prepare the batch: compile the matrix once, group assessments by entity (sorted), and check the
 * batch-wide entity limit (throws the same `MgiError` as `scoreWith`). `leading` errors (problems
 * found while reading files) come first in `errors`, as in the in-memory report.
 */
export function batch(
  matrix: Matrix,
  assessments: readonly BatchAssessment[],
  sources: readonly string[],
  options: Omit<ScoreOptions, 'sources'>,
  engine: FormulaEngine | undefined,
  leading: readonly ReportIssue[],
  after?: AfterEntity,
  keepSeries: KeepSeries = 'memory',
  pool?: Pool,
): Batch {
  const compiled: CompiledMatrix = compiledFor(matrix, engine);
  const byEntity = new Map<string, number[]>();
  for (let i = 0; i < assessments.length; i++) {
    const e = assessments[i]!.entity;
    const list = byEntity.get(e);
    if (list) list.push(i);
    else byEntity.set(e, [i]);
  }
  const entities = [...byEntity.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (entities.length > resolveLimits(options.limits).maxEntities) {
    // Too many entities: scoreWith reports it (and throws) before scoring anything.
    scoreWith(compiled, assessments.map(loadAssessment), { ...options, sources });
  }
  const header = enrichReport(scoreWith(compiled, [], options), matrix) as unknown as Record<string, unknown>;
  // Warnings enrichReport derives (carry-forward-unavailable, no-data) come after the core's, as in
  // the in-memory report.
  const derived: ReportIssue[] = [];
  const series: Series[] = [];
  const spill = keepSeries === 'disk' ? new Spill<Series>() : undefined;
  const warningSpill = keepSeries === 'disk' ? new Spill<ReportIssue>() : undefined;
  const firstWarnings: ReportIssue[] = [];
  let warningCount = 0;
  const warnings: ReportIssue[] = [];
  const errors: ReportIssue[] = [...leading];
  // The whole batch names errors in the order of the assessments that caused them.
  const order = errorOrder(assessments, sources);
  const found: { rank: number; seq: number; error: ReportIssue }[] = [];
  let count = 0;
  let done = 0;

  // Sample-based normalisation compares entities, so such a batch is scored in one piece (the
  // sample needs every entity of the year), on this thread; otherwise one entity at a time.
  const whole = usesSampleNormalisation(matrix);

  async function* inOrder(): AsyncGenerator<{ parts: EntityParts; k: number; n: number }> {
    if (whole || !pool) {
      // On this thread: the whole batch as one group, or one entity at a time (k: entities done − 1).
      const groups = whole
        ? [entities.flatMap((e) => byEntity.get(e)!)]
        : entities.map((e) => byEntity.get(e)!);
      for (const [g, idx] of groups.entries()) {
        const parts = scoreEntity(
          compiled,
          matrix,
          idx.map((i) => loadAssessment(assessments[i]!)),
          idx.map((i) => sources[i]!),
          options,
          engine,
        );
        yield { parts, k: whole ? entities.length - 1 : g, n: idx.length };
      }
      return;
    }
    // --jobs: slices of consecutive entities go to the workers, a few slices ahead; results are
    // taken in entity order, so everything below sees exactly what the loop above gives.
    const inFlight: { from: number; result: Promise<EntityParts[]> }[] = [];
    let next = 0;
    const dispatch = () => {
      const from = next;
      let n = 0;
      while (next < entities.length && (next === from || n < SLICE_ASSESSMENTS)) {
        n += byEntity.get(entities[next]!)!.length;
        next++;
      }
      const list = entities.slice(from, next).map((e) => {
        const idx = byEntity.get(e)!;
        return {
          assessments: idx.map((i) => forWorker(assessments[i]!)),
          sources: idx.map((i) => sources[i]!),
        };
      });
      inFlight.push({ from, result: pool.ask<EntityParts[]>({ type: 'score-batch', entities: list }) });
    };
    const window = 2 * pool.size + 2;
    while (next < entities.length && inFlight.length < window) dispatch();
    while (inFlight.length > 0) {
      const head = inFlight.shift()!;
      const results = await head.result;
      if (next < entities.length) dispatch();
      for (const [j, parts] of results.entries()) {
        const k = head.from + j;
        yield { parts, k, n: byEntity.get(entities[k]!)!.length };
      }
    }
  }

  async function* scorecards(): AsyncGenerator<Scorecard> {
    for await (const { parts: r, k, n } of inOrder()) {
      for (const w of r.derived) derived.push(w);
      for (const e of r.errors) found.push({ rank: order(e.source), seq: found.length, error: e });
      if (spill) for (const s of r.series) await spill.add(s);
      else if (keepSeries === 'memory') for (const s of r.series) series.push(s);
      for (const w of r.warnings) {
        warningCount++;
        if (firstWarnings.length < SHOWN_WARNINGS) firstWarnings.push(w);
        if (warningSpill) await warningSpill.add(w);
        else if (keepSeries === 'memory') warnings.push(w);
      }
      for (const c of r.scorecards) {
        count++;
        yield c;
      }
      done += n;
      await after?.({ assessments: done, entities: k + 1 });
    }
    for (const w of derived) {
      warningCount++;
      if (firstWarnings.length < SHOWN_WARNINGS) firstWarnings.push(w);
      if (warningSpill) await warningSpill.add(w);
      else if (keepSeries === 'memory') warnings.push(w);
    }
    found.sort((a, b) => a.rank - b.rank || a.seq - b.seq);
    for (const f of found) errors.push(f.error);
  }

  return {
    header: { ...header, scorecards: undefined, series: undefined, warnings: undefined, errors: undefined },
    scorecards: scorecards(),
    series: spill ? spill.items() : series,
    warnings: warningSpill ? warningSpill.items() : warnings,
    firstWarnings,
    warningCount: () => warningCount,
    errors,
    count: () => count,
    dispose: async () => {
      await spill?.dispose();
      await warningSpill?.dispose();
    },
  };
}

/** One entity's results, as {@link batch} takes them (and `--jobs` workers send them). */
export interface EntityParts {
  readonly scorecards: readonly Scorecard[];
  readonly series: readonly Series[];
  /** The core's warnings. */
  readonly warnings: readonly ReportIssue[];
  /** Warnings `enrichReport` derives; the batch puts them after every entity's core warnings. */
  readonly derived: readonly ReportIssue[];
  readonly errors: readonly ReportIssue[];
}

/** Score one entity's assessments: the same calls for `--jobs 1` and in every worker thread. */
export function scoreEntity(
  compiled: CompiledMatrix,
  matrix: Matrix,
  assessments: readonly Assessment[],
  sources: readonly string[],
  options: Omit<ScoreOptions, 'sources'>,
  engine: FormulaEngine | undefined,
): EntityParts {
  const core = scoreWith(compiled, assessments, { ...options, sources }, engine);
  const enriched = enrichReport(core, matrix);
  return {
    scorecards: enriched.scorecards,
    series: enriched.series,
    warnings: core.warnings,
    derived: enriched.warnings.slice(core.warnings.length),
    errors: enriched.errors,
  };
}

/** Assessments (in `--jobs` slices) of at least this many go to a worker in one message. */
const SLICE_ASSESSMENTS = 64;

// --- internal ---

/**
 * Rank of an error by the first assessment whose source label it carries (`submittedBy (file)` or
 * the file label, as `scoreWith` words it). Labels are unique per assessment in the CLI (file,
 * `file:line`, `file (entity year)`), so this is the input order of the whole batch.
 */
function errorOrder(
  assessments: readonly BatchAssessment[],
  sources: readonly string[],
): (s?: string) => number {
  const rank = new Map<string, number>();
  for (let i = 0; i < assessments.length; i++) {
    const where = sources[i];
    const by = assessments[i]!.submittedBy;
    const label = where !== undefined && by !== undefined ? `${by} (${where})` : (where ?? by);
    if (label !== undefined && !rank.has(label)) rank.set(label, i);
  }
  return (s) => (s === undefined ? Number.MAX_SAFE_INTEGER : (rank.get(s) ?? Number.MAX_SAFE_INTEGER));
}
