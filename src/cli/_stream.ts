/**
 * The streaming path of `mgi score`: NDJSON in, NDJSON out, in memory bounded by one entity's
 * assessments rather than by the whole input.
 *
 * It applies when the output format is `ndjson` and every input is an `.ndjson`/`.jsonl` file (a
 * folder counts when all its assessment files are), or `-` whose first non-blank line is a complete
 * JSON object followed by more lines (so a single JSON document on standard input still takes the
 * in-memory path, as before). The input is read line by line; consecutive assessments of one entity
 * are collected, and when the entity changes they are scored with `scoreWith()` and written as one
 * scorecard per line — the very lines the in-memory path prints for `--format ndjson` — and dropped.
 *
 * Differences from the in-memory path, all on purpose:
 * - **Order**: entities come out in input order (years ascending within an entity); the in-memory
 *   path sorts entities. Input whose entities are in ascending order (as `mgi convert` and sorted
 *   exports write them) gives byte-identical output.
 * - **Grouping**: all assessments of an entity must be consecutive. An entity that reappears after
 *   another one is an error naming the entity and the line; that run of assessments is skipped (its
 *   earlier years were already scored, and scoring the run on its own would silently split the
 *   series), the rest is still written, and the exit code is 1.
 * - **Messages**: problems are printed to stderr as they are found (as JSON lines `{"errors": […]}`,
 *   as in the in-memory path for JSON formats), and the first 20 warnings as they arise; the exit
 *   code is the same as the in-memory path's.
 * - **Samples**: a matrix with sample-based normalisation (minmax, percentile, frontier) compares
 *   entities, which one entity at a time cannot: given with `--matrix`, `mgi score` takes the
 *   in-memory path instead; named only by the assessments, it is refused with a usage error.
 * - **Size**: `--limit maxTextLength` bounds each line rather than the whole input, and the file-size
 *   limit applies only when given explicitly (`--limit maxFileBytes=…`), since no file is held in
 *   memory.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { issue, MgiError, type MgiIssue } from '../errors';
import type { FormulaEngine } from '../formula/types';
import { readJson } from '../io/json';
import { type Limits, resolveLimits } from '../limits';
import { builtinMatrices, loadFormulaEngine, safeLoadMatrix } from '../node';
import { enrichReport } from '../report/enrich';
import type { Assessment } from '../schema/assessment';
import type { Matrix } from '../schema/matrix';
import type { ReportIssue } from '../schema/report';
import { usesSampleNormalisation } from '../scoring/normalise-sample';
import { scoreWith } from '../scoring/score';
import { UsageError } from './_args';
import { expandWithoutMatrix } from './_inputs';
import { type Io, printIssues, printSummary, processIo, SHOWN_WARNINGS, warningLine } from './_io';
import { Pool } from './_jobs';
import { Progress, yieldToLoop } from './_progress';
import { inShard, type Shard } from './_shard';
import { Sink } from './_sink';
import { parseStreamLine } from './_stream-line';
import type { LineOutcome, StreamScored } from './_worker';

/** What `mgi score` passes to {@link scoreStream}. */
export interface StreamOptions {
  /** The matrix given with `--matrix`; otherwise the one the first assessment names (built in). */
  readonly matrix: Matrix | undefined;
  readonly trace: boolean;
  readonly year: number | undefined;
  readonly quiet: boolean;
  /** `--out`: written to a temporary file beside it and renamed at the end, like `writeFileAtomic`. */
  readonly out: string | undefined;
  /**
   * `--limit`: as in the in-memory path, except that `maxTextLength` bounds each line (not the whole
   * input), `maxFileBytes` applies only when given explicitly — streaming exists for files larger
   * than memory — and `maxEntities` never triggers (one entity is scored at a time).
   */
  readonly limits: Partial<Limits> | undefined;
  /** `--progress` (true), `--no-progress` (false) or neither. */
  readonly progress?: boolean | undefined;
  /** `--format ndjson` given explicitly: warnings and the summary on stderr as JSON lines too. */
  readonly json?: boolean | undefined;
  /** `--matrix` as given: its file is left out of folders. */
  readonly matrixRef?: string | undefined;
  /** `--jobs`: worker threads that parse and score (1: none, all on this thread). */
  readonly jobs?: number | undefined;
  /** `--shard K/N`: only the entities of this shard are scored. */
  readonly shard?: Shard | undefined;
}

/** Output is written in chunks of about this many characters. */
const WRITE_CHUNK = 1 << 16;

/**
 * Score NDJSON input entity by entity and write NDJSON scorecards, when the inputs allow it.
 *
 * @returns the exit code when the input was streamed; otherwise the `Io` to continue with on the
 *   in-memory path (the same one, or one that replays standard input already read to decide).
 */
export async function scoreStream(
  positionals: readonly string[],
  options: StreamOptions,
  io: Io,
): Promise<number | Io> {
  const files = positionals.filter((p) => p !== '-');
  const ndjson = (f: string) => /\.(ndjson|jsonl)$/i.test(f);
  if (files.some((f) => !ndjson(f) && extname(f) !== '')) return io;
  // Folders (no extension) stream when everything in them is NDJSON.
  const expanded = await expandWithoutMatrix(files, options.matrixRef);
  if (!expanded.files.every(ndjson)) return io;

  let stdin: AsyncIterable<string> | undefined;
  const limits = resolveLimits(options.limits);
  if (positionals.includes('-')) {
    const peeked = await peekStdin(io, limits);
    if (!peeked.ndjson) return { ...io, stdin: async () => peeked.text() };
    stdin = peeked.chunks;
  }

  const run = new StreamRun(options, io);
  try {
    for (const i of expanded.issues) run.readProblem([i]);
    if (stdin) await run.read(stdin, '<stdin>');
    for (const file of expanded.files) {
      const opened = await openFile(file, options.limits?.maxFileBytes);
      if (Symbol.asyncIterator in opened) await run.read(opened, file);
      else run.readProblem([opened]);
    }
    return await run.finish();
  } catch (e) {
    await run.abort();
    throw e;
  }
}

// --- internal ---

type Chunks = AsyncIterable<string>;

/**
 * Decide whether standard input is NDJSON without reading more of it than needed: it is when its
 * first non-blank line is a complete JSON object on its own and more non-blank text follows (the
 * in-memory path reads the same text as NDJSON). Otherwise the text read so far and the rest are
 * handed back for the in-memory path.
 */
async function peekStdin(
  io: Io,
  limits: Limits,
): Promise<{ ndjson: true; chunks: Chunks } | { ndjson: false; text: () => Promise<string> }> {
  let source: AsyncIterator<string>;
  if (io === processIo) {
    if (process.stdin.isTTY) return { ndjson: false, text: async () => '' };
    process.stdin.setEncoding('utf8');
    source = (process.stdin as AsyncIterable<string>)[Symbol.asyncIterator]();
  } else {
    const text = await io.stdin();
    source = (async function* () {
      yield text;
    })();
  }
  const seen: string[] = [];
  let buffered = '';
  let scan = 0;
  let first: string | undefined;
  let more = false;
  for (;;) {
    if (first === undefined) {
      for (let nl = buffered.indexOf('\n', scan); nl >= 0; nl = buffered.indexOf('\n', scan)) {
        const line = buffered.slice(scan, nl);
        scan = nl + 1;
        if (line.trim() !== '') {
          first = line.endsWith('\r') ? line.slice(0, -1) : line;
          break;
        }
      }
    }
    if (first !== undefined && /\S/.test(buffered.slice(scan))) more = true;
    if (more || buffered.length > limits.maxTextLength) break;
    const chunk = await next(source);
    if (chunk === undefined) break;
    seen.push(chunk);
    // Once the first line is known, only the new text can hold the start of a second one.
    if (first !== undefined) {
      buffered = chunk;
      scan = 0;
    } else buffered += chunk;
  }
  if (
    more &&
    first?.trimStart().startsWith('{') &&
    readJson(first, { maxDepth: limits.maxDepth, maxBytes: limits.maxTextLength }).success
  ) {
    return {
      ndjson: true,
      chunks: (async function* () {
        yield* seen;
        for (let chunk = await next(source); chunk !== undefined; chunk = await next(source)) yield chunk;
      })(),
    };
  }
  return {
    ndjson: false,
    text: async () => {
      for (let chunk = await next(source); chunk !== undefined; chunk = await next(source)) seen.push(chunk);
      return seen.join('');
    },
  };
}

async function next(source: AsyncIterator<string>): Promise<string | undefined> {
  try {
    const r = await source.next();
    return r.done ? undefined : r.value;
  } catch {
    return undefined; // a closed or broken stdin reads as what arrived so far, as in processIo
  }
}

/** A file's text as chunks, or the issue why it cannot be read (as `readTextFile` words it). */
async function openFile(file: string, maxBytes: number | undefined): Promise<Chunks | MgiIssue> {
  try {
    const st = await stat(file);
    if (!st.isFile())
      return issue('not-a-file', [], `${file} is a folder or special file, not a file`, { source: file });
    if (maxBytes !== undefined && st.size > maxBytes)
      return issue(
        'too-large',
        [],
        `${file} is ${st.size} bytes; the limit is ${maxBytes} (raise it with --limit maxFileBytes=<n>)`,
        { source: file },
      );
  } catch (e) {
    return issue('read-failed', [], `cannot read ${file}: ${(e as Error).message}`, { source: file });
  }
  return createReadStream(file, { encoding: 'utf8', highWaterMark: WRITE_CHUNK });
}

/** A line of a `--jobs` chunk: where it is, or a problem found while reading, in input order. */
type ChunkItem =
  | { readonly line: number; readonly source: string }
  | { readonly issues: readonly MgiIssue[] };

/** Lines read and sent to a worker to parse, in input order. */
interface Chunk {
  readonly id: number;
  readonly texts: string[];
  readonly lines: number[];
  readonly sources: string[];
  readonly items: ChunkItem[];
  /** The worker that parsed it and holds its assessments (-1: no lines). */
  worker: number;
  result: Promise<LineOutcome[]> | undefined;
}

/** An assessment held by a worker: line `i` of chunk `chunk`, parsed by worker `w`. */
interface Held {
  readonly chunk: number;
  readonly i: number;
  readonly w: number;
  /** The matrix the assessment names. */
  readonly m: string;
}

/** Output in input order: problems to print, or an entity being scored by a worker. */
type Pending =
  | { readonly issues: readonly MgiIssue[] }
  | { readonly scored: Promise<StreamScored>; readonly assessments: number };

/**
 * Lines per `--jobs` chunk (cut where the entity seems to change, up to 4× as many).
 * `MGI_JOBS_CHUNK_LINES` changes it (tests use tiny chunks, so that entities straddle them).
 */
function chunkLines(): number {
  const env = Number(process.env.MGI_JOBS_CHUNK_LINES);
  return Number.isInteger(env) && env > 0 ? env : 256;
}

/** One streaming run: reading, grouping, scoring, writing and counting. */
class StreamRun {
  private matrix: Matrix | undefined;
  private engine: FormulaEngine | undefined;
  private readonly sink: Sink;
  private group: Assessment[] = [];
  private sources: string[] = [];
  private entity: string | undefined;
  /** Entities already scored, to catch input that is not grouped by entity. */
  private readonly done = new Set<string>();
  /** The entity whose reappearing run is being skipped. */
  private skipping: string | undefined;
  private problems = 0;
  private scorecards = 0;
  private warnings = 0;
  private readonly limits: Limits;
  private readonly progress: Progress;
  private assessments = 0;
  // --jobs N > 1 only:
  private readonly pool: Pool | undefined;
  private held: Held[] = [];
  private chunk: Chunk | undefined;
  private chunkCount = 0;
  private readonly parsing: Chunk[] = [];
  private readonly owners = new Map<number, number>();
  private releasedBelow = 0;
  private readonly pending: Pending[] = [];
  private pendingAssessments = 0;
  private matrixSent = false;
  private lastHint: string | undefined;
  private readonly chunkLines = chunkLines();

  constructor(
    private readonly options: StreamOptions,
    private readonly io: Io,
  ) {
    this.matrix = options.matrix;
    this.sink = new Sink(options.out, io);
    this.limits = resolveLimits(options.limits);
    this.progress = new Progress(io, {
      flag: options.progress,
      json: options.json === true,
      total: 0,
      tty: io === processIo && process.stderr.isTTY === true,
    });
    if ((options.jobs ?? 1) > 1) {
      this.pool = new Pool(options.jobs!);
      this.pool.broadcast({
        type: 'options',
        options: {
          trace: options.trace,
          year: options.year,
          ...(options.limits ? { limits: options.limits } : {}),
        },
      });
      if (this.matrix) this.sendMatrix(this.matrix);
    }
  }

  /**
   * Problems with the input in input order: printed now (`--jobs 1`), or (`--jobs N`) when the
   * lines read before them have been parsed and their entities written.
   */
  readProblem(issues: readonly MgiIssue[]): void {
    if (!this.pool) this.problem(issues);
    else if (issues.length > 0) this.openChunk().items.push({ issues });
  }

  /** Problems in output order: printed now (`--jobs 1`) or after the entities scored before them. */
  private problem(issues: readonly MgiIssue[]): void {
    if (issues.length === 0) return;
    if (this.pool) this.pending.push({ issues });
    else this.print(issues);
  }

  /**
   * Print problems now and count them, in the shape the in-memory path prints them with JSON
   * formats: `{"errors": [{code, path, message, source}]}`.
   */
  private print(issues: readonly MgiIssue[]): void {
    if (issues.length === 0) return;
    this.problems += issues.length;
    printIssues(this.io, issues.map(plain), true);
  }

  async read(chunks: Chunks, source: string): Promise<void> {
    let line = 0;
    let partial = '';
    let tooLong = false;
    let any = false;
    const take = async (text: string) => {
      line++;
      if (tooLong) {
        tooLong = false;
        this.readProblem([
          issue(
            'too-large',
            [],
            `line ${line} is longer than ${this.limits.maxTextLength} characters; split it or raise --limit maxTextLength`,
            { source },
          ),
        ]);
        any = true;
        return;
      }
      const t = text.endsWith('\r') ? text.slice(0, -1) : text;
      if (t.trim() === '') return;
      any = true;
      await this.line(t, line, source);
    };
    // Only failures of the input are read failures; a failure to write propagates.
    const chunksOf = chunks[Symbol.asyncIterator]();
    let first = true;
    for (;;) {
      let next: IteratorResult<string>;
      try {
        next = await chunksOf.next();
      } catch (e) {
        this.readProblem([
          issue('read-failed', [], `cannot read ${source}: ${(e as Error).message}`, { source }),
        ]);
        return;
      }
      if (next.done) break;
      let c = next.value;
      if (first && c.charCodeAt(0) === 0xfeff) c = c.slice(1);
      first = false;
      let start = 0;
      for (;;) {
        const nl = c.indexOf('\n', start);
        if (nl < 0) break;
        const text = partial === '' ? c.slice(start, nl) : partial + c.slice(start, nl);
        partial = '';
        await take(text);
        start = nl + 1;
      }
      if (!tooLong) {
        partial += c.slice(start);
        if (partial.length > this.limits.maxTextLength) {
          tooLong = true;
          partial = '';
        }
      }
    }
    if (partial !== '' || tooLong) await take(partial);
    if (!any) {
      this.readProblem([
        issue('empty-input', [], source === '<stdin>' ? 'standard input is empty' : `${source} is empty`, {
          source,
        }),
      ]);
    }
  }

  private async line(text: string, line: number, source: string): Promise<void> {
    if (this.pool) {
      await this.queueLine(text, line, source);
      return;
    }
    const parsed = parseStreamLine(text, line, source, this.options.limits, this.limits);
    if (!parsed.ok) {
      this.problem(parsed.issues);
      return;
    }
    await this.accept(parsed.a.entity, parsed.a, line, source);
  }

  /** Group a valid assessment with its entity's (scoring the previous entity when it changes). */
  private async accept(entity: string, a: Assessment | Held, line: number, source: string): Promise<void> {
    if (!inShard(entity, this.options.shard)) return;
    if (entity !== this.entity) {
      if (this.skipping === entity) return;
      await this.flush();
      if (this.done.has(entity)) {
        this.skipping = entity;
        this.problem([
          issue(
            'usage',
            [],
            `${entity} appears again at line ${line}, after other entities: its earlier assessments were already scored, so this run of its assessments is skipped. Streaming (--format ndjson with NDJSON input) needs all assessments of an entity on consecutive lines: sort the input by entity, or use --format json`,
            { source: `${source}:${line}` },
          ),
        ]);
        return;
      }
      this.skipping = undefined;
      this.entity = entity;
    }
    if (this.pool) this.held.push(a as Held);
    else this.group.push(a as Assessment);
    this.sources.push(`${source}:${line}`);
  }

  /** Score the collected entity, write its scorecards and forget it. */
  private async flush(): Promise<void> {
    if (this.pool) {
      await this.flushToPool();
      return;
    }
    if (this.group.length === 0) return;
    const group = this.group;
    const sources = this.sources;
    this.group = [];
    this.sources = [];
    this.done.add(group[0]!.entity);
    if (!this.matrix) await this.inferMatrix(group[0]!.matrix);
    const matrix = this.matrix!;
    if (usesSampleNormalisation(matrix))
      throw new UsageError(
        `matrix ${matrix.id}@${matrix.version} scores indicators against a sample of entities (minmax, percentile or frontier), which needs the whole batch, but NDJSON streaming scores one entity at a time; pass the matrix with --matrix <file> (mgi then scores in memory) or choose another --format`,
      );
    this.engine ??= matrix.indicators.some((i) => i.kind === 'formula')
      ? await loadFormulaEngine()
      : undefined;
    const { year, trace, limits } = this.options;
    const report = enrichReport(
      scoreWith(
        matrix,
        group,
        { trace, sources, ...(year !== undefined ? { year } : {}), ...(limits ? { limits } : {}) },
        this.engine,
      ),
      matrix,
    );
    for (const card of report.scorecards) await this.sink.write(`${JSON.stringify(card)}\n`);
    this.written({
      scorecards: report.scorecards.length,
      warnings: report.warnings,
      errors: report.errors,
      assessments: group.length,
    });
    // Between entities, signals are handled (and the temporary file removed) even when every
    // write so far was synchronous.
    await yieldToLoop();
  }

  /** Count and print what one entity gave once its scorecards are written. */
  private written(r: {
    scorecards: number;
    warnings: readonly ReportIssue[];
    warningCount?: number;
    errors: readonly ReportIssue[];
    assessments: number;
  }): void {
    this.scorecards += r.scorecards;
    this.warn(r.warnings, r.warningCount);
    this.print(r.errors.map(toIssue));
    this.assessments += r.assessments;
    this.progress.update(this.assessments);
  }

  /** As the in-memory path: the built-in matrix the first assessment names, else a usage error. */
  private async inferMatrix(ref: string): Promise<void> {
    const b = (await builtinMatrices()).find((x) => `${x.id}@${x.version}` === ref);
    if (!b) {
      throw new UsageError(
        `the assessments name matrix ${ref}, which is not built in; pass it with --matrix <file>`,
      );
    }
    const m = await safeLoadMatrix(b.file);
    if (!m.success) throw new MgiError(m.issues);
    this.matrix = m.data;
  }

  /** Print and count warnings; `count` of them in all, of which `list` are the first. */
  private warn(list: readonly ReportIssue[], count = list.length): void {
    for (const w of list) {
      this.warnings++;
      if (this.options.quiet || this.warnings > SHOWN_WARNINGS) continue;
      this.io.err(this.options.json ? `${JSON.stringify({ warnings: [w] })}\n` : `${warningLine(w)}\n`);
    }
    this.warnings += count - list.length;
  }

  async finish(): Promise<number> {
    if (this.pool) {
      this.sendChunk();
      while (this.parsing.length > 0) await this.digest(this.parsing.shift()!);
    }
    await this.flush();
    await this.drain(0);
    if (!this.matrix) {
      // Not one assessment could be read: the same usage error as the in-memory path.
      throw new UsageError('no assessment could be read, so no matrix can be inferred; pass --matrix');
    }
    await this.pool?.close();
    await this.sink.close();
    this.progress.end();
    const omitted = this.warnings - SHOWN_WARNINGS;
    if (!this.options.quiet && omitted > 0) {
      this.io.err(
        this.options.json
          ? `${JSON.stringify({ warnings: [], omitted })}\n`
          : `… and ${omitted} more warnings (use --format json to get them all)\n`,
      );
    }
    printSummary(this.io, this.problems, this.scorecards, this.options.json === true);
    const empty = this.scorecards === 0 && this.options.shard === undefined;
    return this.problems > 0 || empty ? 1 : 0;
  }

  async abort(): Promise<void> {
    await this.pool?.close();
    await this.sink.abort();
  }

  // --- --jobs N > 1 ---

  private openChunk(): Chunk {
    this.chunk ??= {
      id: this.chunkCount++,
      texts: [],
      lines: [],
      sources: [],
      items: [],
      worker: -1,
      result: undefined,
    };
    return this.chunk;
  }

  /** Add a line to the chunk being filled; send the chunk to a worker when it is full. */
  private async queueLine(text: string, line: number, source: string): Promise<void> {
    const c = this.openChunk();
    const size = this.chunkLines;
    if (c.texts.length >= size) {
      // Cut where the entity changes, so that an entity's lines are parsed (and kept) by one worker.
      const hint = entityHint(text);
      const cut = hint !== this.lastHint || c.texts.length >= 4 * size;
      this.lastHint = hint;
      if (cut) {
        this.sendChunk();
        await this.keepUp();
        await this.queueLine(text, line, source);
        return;
      }
    } else if (c.texts.length === size - 1) this.lastHint = entityHint(text);
    c.texts.push(text);
    c.lines.push(line);
    c.sources.push(source);
    c.items.push({ line, source });
  }

  private sendChunk(): void {
    const c = this.chunk;
    if (!c) return;
    this.chunk = undefined;
    if (c.texts.length > 0) {
      c.worker = this.pool!.pick();
      this.owners.set(c.id, c.worker);
      c.result = this.pool!.ask<LineOutcome[]>(
        { type: 'parse', chunk: c.id, texts: c.texts, lines: c.lines, sources: c.sources },
        c.worker,
      );
    } else c.result = Promise.resolve([]);
    c.texts.length = 0;
    this.parsing.push(c);
  }

  /** Take in parsed chunks while too many are in flight. */
  private async keepUp(): Promise<void> {
    while (this.parsing.length > 2 * this.pool!.size) await this.digest(this.parsing.shift()!);
  }

  /** A parsed chunk, line by line in input order, as `--jobs 1` takes each line. */
  private async digest(c: Chunk): Promise<void> {
    const outcomes = await c.result!;
    let t = 0;
    for (const item of c.items) {
      if ('issues' in item) {
        this.problem(item.issues);
        continue;
      }
      const o = outcomes[t]!;
      const i = t++;
      if (Array.isArray(o)) this.problem(o);
      else await this.accept(o.e, { chunk: c.id, i, w: c.worker, m: o.m }, item.line, item.source);
    }
    // Chunks before the first one the current entity holds are no longer needed by anyone.
    const low = this.held.length > 0 ? this.held[0]!.chunk : c.id + 1;
    for (; this.releasedBelow < low; this.releasedBelow++) {
      const w = this.owners.get(this.releasedBelow);
      if (w === undefined) continue;
      this.owners.delete(this.releasedBelow);
      this.pool!.tell(w, { type: 'release', chunk: this.releasedBelow });
    }
  }

  private sendMatrix(matrix: Matrix): void {
    if (this.matrixSent) return;
    this.matrixSent = true;
    this.pool!.broadcast({ type: 'matrix', matrix });
  }

  /** Send the collected entity to a worker; its output is written in order by {@link drain}. */
  private async flushToPool(): Promise<void> {
    if (this.held.length === 0) return;
    const held = this.held;
    const sources = this.sources;
    this.held = [];
    this.sources = [];
    this.done.add(this.entity!);
    if (!this.matrix) {
      // What came before is printed first, as --jobs 1 prints it before a usage error.
      await this.drain(0);
      await this.inferMatrix(held[0]!.m);
    }
    this.sendMatrix(this.matrix!);
    const pool = this.pool!;
    // Runs of consecutive lines of one chunk.
    const runs: { chunk: number; w: number; idx: number[] }[] = [];
    for (const h of held) {
      const last = runs[runs.length - 1];
      if (last && last.chunk === h.chunk) last.idx.push(h.i);
      else runs.push({ chunk: h.chunk, w: h.w, idx: [h.i] });
    }
    let scored: Promise<StreamScored>;
    if (runs.every((r) => r.w === runs[0]!.w)) {
      scored = pool.ask<StreamScored>(
        { type: 'score-stream', parts: runs.map((r) => ({ chunk: r.chunk, idx: r.idx })), sources },
        runs[0]!.w,
      );
    } else {
      // The entity's lines were parsed by several workers: gather them, then score them anywhere.
      const taken = runs.map((r) =>
        pool.ask<Assessment[]>({ type: 'take', chunk: r.chunk, idx: r.idx }, r.w),
      );
      scored = Promise.all(taken).then((given) =>
        pool.ask<StreamScored>({ type: 'score-stream', parts: given.map((g) => ({ given: g })), sources }),
      );
    }
    // Not awaited here: a failure surfaces when drain() reaches it.
    scored.catch(() => {});
    this.pending.push({ scored, assessments: held.length });
    this.pendingAssessments += held.length;
    // Keep about a chunk per worker (and one more) scoring ahead of the output, so that workers
    // never wait for the main thread to take in the next chunk; a chunk's entities score on the
    // worker that parsed it.
    await this.drain((pool.size + 1) * this.chunkLines);
  }

  /** Write pending output in order until at most `keep` assessments are pending. */
  private async drain(keep: number): Promise<void> {
    while (this.pending.length > 0 && (this.pendingAssessments > keep || keep === 0)) {
      const head = this.pending.shift()!;
      if ('issues' in head) {
        this.print(head.issues);
        continue;
      }
      this.pendingAssessments -= head.assessments;
      const r = await head.scored;
      await this.sink.writeBytes(r.bytes);
      this.written({ ...r, assessments: head.assessments });
      await yieldToLoop();
    }
  }
}

/**
 * The entity id a line seems to have (the first `"entity": "…"` in it), only to cut `--jobs`
 * chunks where entities change; a wrong guess costs an extra message, never a wrong result.
 */
function entityHint(text: string): string | undefined {
  return /"entity"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(text)?.[1];
}

function plain(i: MgiIssue): MgiIssue {
  return {
    code: i.code,
    path: [...i.path],
    message: i.message,
    ...(i.source !== undefined ? { source: i.source } : {}),
  };
}

function toIssue(e: ReportIssue): MgiIssue {
  return {
    code: e.code as MgiIssue['code'],
    path: e.path,
    message: e.message,
    ...(e.source !== undefined ? { source: e.source } : {}),
  };
}
