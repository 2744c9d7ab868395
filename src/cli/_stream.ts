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
import { formatPath, issue, MgiError, type MgiIssue, printable } from '../errors';
import type { FormulaEngine } from '../formula/types';
import { readJson } from '../io/json';
import { type Limits, resolveLimits } from '../limits';
import { builtinMatrices, loadFormulaEngine, safeLoadMatrix } from '../node';
import { safeParseAssessmentCore } from '../parse';
import { enrichReport } from '../report/enrich';
import type { Assessment } from '../schema/assessment';
import type { Matrix } from '../schema/matrix';
import type { ReportIssue } from '../schema/report';
import { usesSampleNormalisation } from '../scoring/normalise-sample';
import { scoreWith } from '../scoring/score';
import { UsageError } from './_args';
import { expandWithoutMatrix } from './_inputs';
import { type Io, printIssues, printSummary, processIo, SHOWN_WARNINGS, warningLine } from './_io';
import { Progress, yieldToLoop } from './_progress';
import { Sink } from './_sink';

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
    for (const i of expanded.issues) run.problem([i]);
    if (stdin) await run.read(stdin, '<stdin>');
    for (const file of expanded.files) {
      const opened = await openFile(file, options.limits?.maxFileBytes);
      if (Symbol.asyncIterator in opened) await run.read(opened, file);
      else run.problem([opened]);
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
  }

  /**
   * Print problems now and count them, in the shape the in-memory path prints them with JSON
   * formats: `{"errors": [{code, path, message, source}]}`.
   */
  problem(issues: readonly MgiIssue[]): void {
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
        this.problem([
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
        this.problem([
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
      this.problem([
        issue('empty-input', [], source === '<stdin>' ? 'standard input is empty' : `${source} is empty`, {
          source,
        }),
      ]);
    }
  }

  private async line(text: string, line: number, source: string): Promise<void> {
    const label = `${source}:${line}`;
    // Parsing the text (strict JSON reader, then the schema) skips the forbidden-key walk that an
    // already parsed value would need; the strict reader rejects those keys in the text.
    const given = this.options.limits;
    const parsed = safeParseAssessmentCore(
      text,
      given ? { source: label, limits: given } : { source: label },
    );
    if (!parsed.success) {
      const json = readJson(text, { maxDepth: this.limits.maxDepth, maxBytes: this.limits.maxTextLength });
      if (json.success) this.problem(parsed.issues);
      else {
        // As readNdjson: the path goes into the message, which names the line in the file.
        this.problem(
          json.issues.map((i) => ({
            ...i,
            path: [],
            message: `${i.path.length > 0 ? `${formatPath(i.path)}: ` : ''}${i.message.replace(/\bline 1, column /g, `line ${line}, column `)}`,
            source,
          })),
        );
      }
      return;
    }
    const a = parsed.data;
    if (a.entity !== this.entity) {
      if (this.skipping === a.entity) return;
      await this.flush();
      if (this.done.has(a.entity)) {
        this.skipping = a.entity;
        this.problem([
          issue(
            'usage',
            [],
            `${a.entity} appears again at line ${line}, after other entities: its earlier assessments were already scored, so this run of its assessments is skipped. Streaming (--format ndjson with NDJSON input) needs all assessments of an entity on consecutive lines: sort the input by entity, or use --format json`,
            { source: label },
          ),
        ]);
        return;
      }
      this.skipping = undefined;
      this.entity = a.entity;
    }
    this.group.push(a);
    this.sources.push(label);
  }

  /** Score the collected entity, write its scorecards and forget it. */
  private async flush(): Promise<void> {
    if (this.group.length === 0) return;
    const group = this.group;
    const sources = this.sources;
    this.group = [];
    this.sources = [];
    this.done.add(group[0]!.entity);
    if (!this.matrix) await this.inferMatrix(group[0]!);
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
    this.scorecards += report.scorecards.length;
    this.warn(report.warnings);
    this.problem(report.errors.map(toIssue));
    this.assessments += group.length;
    this.progress.update(this.assessments);
    // Between entities, signals are handled (and the temporary file removed) even when every
    // write so far was synchronous.
    await yieldToLoop();
  }

  /** As the in-memory path: the built-in matrix the first assessment names, else a usage error. */
  private async inferMatrix(first: Assessment): Promise<void> {
    const ref = first.matrix;
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

  private warn(list: readonly ReportIssue[]): void {
    for (const w of list) {
      this.warnings++;
      if (this.options.quiet || this.warnings > SHOWN_WARNINGS) continue;
      this.io.err(this.options.json ? `${JSON.stringify({ warnings: [w] })}\n` : `${warningLine(w)}\n`);
    }
  }

  async finish(): Promise<number> {
    await this.flush();
    if (!this.matrix) {
      // Not one assessment could be read: the same usage error as the in-memory path.
      throw new UsageError('no assessment could be read, so no matrix can be inferred; pass --matrix');
    }
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
    return this.problems > 0 || this.scorecards === 0 ? 1 : 0;
  }

  async abort(): Promise<void> {
    await this.sink.abort();
  }
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
