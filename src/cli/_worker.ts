/**
 * A worker thread of `mgi score --jobs N` (see `./_jobs`): parses NDJSON lines and scores entities
 * for the main thread, which keeps the order of everything written. Requests are answered one at a
 * time, in the order they arrive. Parsed assessments of the streaming path stay here, by chunk and
 * line, until the main thread asks to score them (`score-stream`), to send them elsewhere (`take`:
 * an entity whose lines fell into chunks of two workers) or to forget them (`release`), so that an
 * assessment crosses the thread boundary only in rare cases.
 */
import { parentPort } from 'node:worker_threads';
import { MgiError, type MgiIssue } from '../errors';
import type { FormulaEngine } from '../formula/types';
import { type Limits, resolveLimits } from '../limits';
import type { CompiledMatrix } from '../matrix/compiled';
import { loadFormulaEngine } from '../node';
import { compiledFor } from '../parse';
import { enrichReport } from '../report/enrich';
import type { Assessment } from '../schema/assessment';
import type { Matrix } from '../schema/matrix';
import type { ReportIssue } from '../schema/report';
import { scoreWith } from '../scoring/score';
import { UsageError } from './_args';
import { type EntityParts, scoreEntity } from './_batch';
import { fromWorker, type WorkerAssessment } from './_inputs';
import { SHOWN_WARNINGS } from './_io';
import type { WorkerFailure } from './_jobs';
import { parseStreamLine } from './_stream-line';

/** A run's options, sent to every worker first. */
export interface WorkerOptions {
  readonly trace: boolean;
  readonly year?: number | undefined;
  readonly limits?: Partial<Limits> | undefined;
}

/** Part of an entity's assessments for `score-stream`: lines this worker parsed, or given ones. */
export type StreamPart =
  | { readonly chunk: number; readonly idx: readonly number[] }
  | { readonly given: Assessment[] };

/** A parsed line's outcome as the main thread sees it: the entity, or the line's issues. */
export type LineOutcome = { readonly e: string; readonly m: string } | MgiIssue[];

/** What one entity of the stream gives: its NDJSON lines and what to print and count. */
export interface StreamScored {
  /** The scorecards as NDJSON lines, UTF-8 (encoded here, and moved, not copied, to the main thread). */
  readonly bytes: Uint8Array;
  readonly scorecards: number;
  /** The first warnings (no more can be printed: the CLI shows `SHOWN_WARNINGS` in all). */
  readonly warnings: readonly ReportIssue[];
  readonly warningCount: number;
  readonly errors: readonly ReportIssue[];
}

export type Request =
  | { readonly type: 'options'; readonly options: WorkerOptions; readonly id?: undefined }
  | { readonly type: 'matrix'; readonly matrix: Matrix; readonly id?: undefined }
  | { readonly type: 'release'; readonly chunk: number; readonly id?: undefined }
  | {
      readonly type: 'parse';
      readonly id: number;
      readonly chunk: number;
      readonly texts: readonly string[];
      readonly lines: readonly number[];
      readonly sources: readonly string[];
    }
  | { readonly type: 'take'; readonly id: number; readonly chunk: number; readonly idx: readonly number[] }
  | {
      readonly type: 'score-stream';
      readonly id: number;
      readonly parts: readonly StreamPart[];
      readonly sources: readonly string[];
    }
  | {
      readonly type: 'score-batch';
      readonly id: number;
      readonly entities: readonly { assessments: WorkerAssessment[]; sources: string[] }[];
    };

export type Response =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: WorkerFailure };

let options: WorkerOptions = { trace: true };
let limits: Limits = resolveLimits(undefined);
let matrix: Matrix | undefined;
let compiled: CompiledMatrix | undefined;
let engine: FormulaEngine | undefined;
const chunks = new Map<number, (Assessment | undefined)[]>();
const encoder = new TextEncoder();

async function handle(r: Request): Promise<unknown> {
  switch (r.type) {
    case 'options':
      options = r.options;
      limits = resolveLimits(r.options.limits);
      return undefined;
    case 'matrix':
      matrix = r.matrix;
      engine = matrix.indicators.some((i) => i.kind === 'formula') ? await loadFormulaEngine() : undefined;
      compiled = compiledFor(matrix, engine);
      return undefined;
    case 'release':
      chunks.delete(r.chunk);
      return undefined;
    case 'parse':
      return parse(r.chunk, r.texts, r.lines, r.sources);
    case 'take':
      return r.idx.map((i) => claim(r.chunk, i));
    case 'score-stream':
      return scoreStreamed(r.parts, r.sources);
    case 'score-batch':
      return r.entities.map(
        (e): EntityParts =>
          scoreEntity(compiled!, matrix!, e.assessments.map(fromWorker), e.sources, scoreOptions(), engine),
      );
  }
}

function scoreOptions() {
  return {
    trace: options.trace,
    ...(options.year !== undefined ? { year: options.year } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  };
}

function parse(
  chunk: number,
  texts: readonly string[],
  lines: readonly number[],
  sources: readonly string[],
): LineOutcome[] {
  const kept: (Assessment | undefined)[] = [];
  const out: LineOutcome[] = [];
  for (let i = 0; i < texts.length; i++) {
    const p = parseStreamLine(texts[i]!, lines[i]!, sources[i]!, options.limits, limits);
    kept.push(p.ok ? p.a : undefined);
    out.push(p.ok ? { e: p.a.entity, m: p.a.matrix } : p.issues);
  }
  chunks.set(chunk, kept);
  return out;
}

function claim(chunk: number, i: number): Assessment {
  const list = chunks.get(chunk);
  const a = list?.[i];
  if (!list || !a) throw new Error(`internal: line ${i} of chunk ${chunk} is not held by this worker`);
  list[i] = undefined;
  return a;
}

/** As `StreamRun.flush` of `--jobs 1`: score one entity, its scorecards as NDJSON lines. */
function scoreStreamed(parts: readonly StreamPart[], sources: readonly string[]): StreamScored {
  const group: Assessment[] = [];
  for (const p of parts) {
    if ('given' in p) for (const a of p.given) group.push(a);
    else for (const i of p.idx) group.push(claim(p.chunk, i));
  }
  const report = enrichReport(
    scoreWith(compiled!, group, { ...scoreOptions(), sources: [...sources] }, engine),
    matrix!,
  );
  let text = '';
  for (const card of report.scorecards) text += `${JSON.stringify(card)}\n`;
  return {
    bytes: encoder.encode(text),
    scorecards: report.scorecards.length,
    warnings: report.warnings.slice(0, SHOWN_WARNINGS),
    warningCount: report.warnings.length,
    errors: report.errors,
  };
}

function failure(e: unknown): WorkerFailure {
  if (e instanceof MgiError)
    return { name: e.name, message: e.message, issues: e.issues.map((i) => ({ ...i })) };
  if (e instanceof UsageError)
    return { name: e.name, message: e.message, ...(e.hint !== undefined ? { hint: e.hint } : {}) };
  const err = e instanceof Error ? e : new Error(String(e));
  return { name: err.name, message: err.message, stack: err.stack };
}

/**
 * Requests are answered in arrival order, except that parsing waits while anything else is queued:
 * the main thread writes output in input order, so the entity it waits for must not queue behind
 * chunks that are only being parsed ahead. This is safe: an entity is sent for scoring (and a chunk
 * released) only after its chunk's parse was answered, and options and the matrix come first.
 */
const port = parentPort;
if (port) {
  const urgent: Request[] = [];
  const parsing: Request[] = [];
  let running = false;
  const respond = async (r: Request) => {
    try {
      const value = await handle(r);
      const bytes = (value as Partial<StreamScored> | undefined)?.bytes;
      if (r.id !== undefined)
        port.postMessage(
          { id: r.id, ok: true, value } satisfies Response,
          bytes ? [bytes.buffer as ArrayBuffer] : [],
        );
    } catch (e) {
      if (r.id !== undefined) port.postMessage({ id: r.id, ok: false, error: failure(e) } satisfies Response);
      else throw e;
    }
  };
  const pump = async () => {
    running = true;
    while (urgent.length > 0 || parsing.length > 0) {
      await respond(urgent.length > 0 ? urgent.shift()! : parsing.shift()!);
      // Let messages that arrived meanwhile in, so that an urgent one overtakes queued parsing.
      await new Promise((resolve) => setImmediate(resolve));
    }
    running = false;
  };
  port.on('message', (r: Request) => {
    (r.type === 'parse' ? parsing : urgent).push(r);
    if (!running) void pump();
  });
}
