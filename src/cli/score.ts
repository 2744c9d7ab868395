import { extname } from 'node:path';
import { InterruptedError } from '../_output';
import { aborting } from '../_tempfiles';
import { languages } from '../dimensions';
import type { MgiIssue } from '../errors';
import type { SdmxMapping } from '../io/sdmx';
import type { Limits } from '../limits';
import { builtinMatrices, loadFormulaEngine, safeLoadMatrix, writeFileAtomic } from '../node';
import type { Matrix } from '../schema/matrix';
import type { Report, ReportIssue } from '../schema/report';
import { usesSampleNormalisation } from '../scoring/normalise-sample';
import { limitFlag, type ParsedArgs, parseLimits, UsageError } from './_args';
import { batch } from './_batch';
import { formatFlags, printInputWarnings, renderFormat, scoreFormats } from './_formats';
import {
  type BatchAssessment,
  INPUT_FORMATS,
  type InputFormat,
  loadInputs,
  readStdinAssessments,
  refuseOutOverInput,
} from './_inputs';
import { type Io, printIssues, printSummary, printWarnings, processIo } from './_io';
import type { Pool } from './_jobs';
import { parseJobs } from './_jobs-args';
import { Progress, yieldToLoop } from './_progress';
import { inShard, parseShard } from './_shard';
import { isStdout, Sink } from './_sink';
import { writeReportCsv, writeReportJson, writeScorecardsNdjson } from './_write-report';

const FORMATS = scoreFormats;
type Format = (typeof FORMATS)[number];

export const flags = {
  matrix: {
    type: 'string',
    short: 'm',
    description: 'Matrix file or built-in id (default: the one the assessments name)',
  },
  format: {
    type: 'string',
    short: 'f',
    description: "Output format (default: from --out's extension, else json)",
    values: FORMATS,
  },
  lang: { type: 'string', description: 'Language of labels', values: [...languages] },
  out: {
    type: 'string',
    short: 'o',
    description: 'Write to this file (atomically; devices and FIFOs in place) instead of stdout; - is stdout',
  },
  year: {
    type: 'string',
    description: 'Score only this year (earlier years still feed change and carry-forward)',
  },
  'input-format': {
    type: 'string',
    description: 'How to read standard input (default auto: JSON/NDJSON if it starts with {, else CSV)',
    values: INPUT_FORMATS,
  },
  'no-trace': { type: 'boolean', description: 'Leave out the per-indicator calculation trace' },
  progress: { type: 'boolean', description: 'Show a progress line on stderr even when it is not a terminal' },
  'no-progress': { type: 'boolean', description: 'Never show the progress line' },
  quiet: { type: 'boolean', short: 'q', description: 'Do not print warnings' },
  jobs: {
    type: 'string',
    short: 'j',
    description:
      'Score on N worker threads (default 1; auto: one per available core); output is byte-identical to --jobs 1',
  },
  shard: {
    type: 'string',
    description:
      'Score only shard K of N (1 ≤ K ≤ N): the entities whose FNV-1a 32-bit hash of the UTF-8 id, mod N, is K − 1',
  },
  limit: limitFlag,
  ...formatFlags,
} as const;

export const usage =
  'mgi score <assessment.json|.csv|.xlsx|.ndjson|folder|-> … [--matrix <file|id>]\n' +
  '          [--format json|ndjson|md|csv|csv-summary|csv-categories|html|xlsx|sdmx-csv] [--lang en|fr|es|ro|ru] [--out file|-]\n' +
  '          [--year Y] [--no-trace] [--input-format auto|json|ndjson|csv] [--progress|--no-progress]\n' +
  '          [--csv excel] [--sdmx-mapping MAP.json] [--limit name=value] [--jobs N|auto] [--shard K/N]\n\n' +
  'Score assessments: one scorecard per entity-year, a series per entity with several years.\n' +
  'Results go to stdout (or --out); warnings and errors to stderr. Without --format the format\n' +
  "follows --out's extension (.json .ndjson .jsonl .md .csv .html .xlsx); a --format that contradicts it is\n" +
  'a usage error. JSON, NDJSON and CSV are written scorecard by scorecard, in bounded memory for the\n' +
  'output. A folder that holds the --matrix file is scored without it.\n\n' +
  '--jobs N parses and scores on N worker threads, entities split across them; the output, the\n' +
  'messages on stderr and the exit code are those of --jobs 1. --shard K/N scores only the entities\n' +
  'of shard K of N (FNV-1a 32-bit over the UTF-8 entity id, mod N, is K − 1), for splitting a run\n' +
  "across machines or jobs: the shards' NDJSON outputs, concatenated and sorted by entity, are the\n" +
  'unsharded output. Problems no entity can be named for (unreadable files or lines) are reported\n' +
  'by every shard; a shard with no entity of the input scores nothing and exits 0.\n\n' +
  'Exit codes: 0 success (warnings allowed), 1 invalid input (the valid rest is still scored and\n' +
  'written), 2 usage error, 70 internal error (a bug: please report it), 129/130/143 interrupted\n' +
  '(SIGHUP/SIGINT/SIGTERM; no partial or temporary file is left).';

/** The format an `--out` file name implies, if its extension names one. */
const BY_EXTENSION: Readonly<Record<string, Format>> = {
  '.json': 'json',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
  '.md': 'md',
  '.markdown': 'md',
  '.csv': 'csv',
  '.html': 'html',
  '.htm': 'html',
  '.xlsx': 'xlsx',
};

/**
 * The output format: `--format`, else what `--out`'s extension names, else JSON. A `--format` that
 * contradicts a known extension (`--out x.html --format json`) is a usage error.
 */
export function outputFormat(format: string | undefined, out: string | undefined): Format {
  const implied = out === undefined || isStdout(out) ? undefined : BY_EXTENSION[extname(out).toLowerCase()];
  // CSV-shaped formats (the summary CSV, SDMX-CSV) go into .csv files as well.
  const csvShaped =
    implied === 'csv' && (format === 'csv-summary' || format === 'csv-categories' || format === 'sdmx-csv');
  if (
    out !== undefined &&
    format !== undefined &&
    implied !== undefined &&
    format !== implied &&
    !csvShaped
  ) {
    throw new UsageError(
      `--format ${format} contradicts --out ${out}, whose extension means ${implied}`,
      `drop --format, or name the file ${out.slice(0, out.length - extname(out).length)}.${format === 'md' ? 'md' : format}`,
    );
  }
  return (format as Format | undefined) ?? implied ?? 'json';
}

/**
 * Markdown and HTML are rendered from the whole report in memory (about 0.15 MB and 0.2 MB per
 * Moldova scorecard, measured at 2,000): a batch of more entity-years than this is refused before
 * scoring, so that it cannot run out of memory half-way. JSON, NDJSON and CSV stream and have no
 * such budget. `MGI_RENDER_BUDGET` changes it (tests use a small one).
 */
export const RENDER_BUDGET = 5000;

function refuseOverBudget(
  assessments: readonly BatchAssessment[],
  year: number | undefined,
  format: string,
): void {
  const env = Number(process.env.MGI_RENDER_BUDGET);
  const budget = Number.isInteger(env) && env > 0 ? env : RENDER_BUDGET;
  if (assessments.length <= budget) return;
  const pairs = new Set<string>();
  for (const a of assessments)
    if (year === undefined || a.year === year) pairs.add(`${a.entity}\u0000${a.year}`);
  if (pairs.size <= budget) return;
  throw new UsageError(
    `--format ${format} renders the whole report in memory, and this batch has ${pairs.size} entity-years, over the budget of ${budget} (about 1 GB)`,
    'use --format json, ndjson or csv (written scorecard by scorecard in bounded memory), or score fewer entities or one --year',
  );
}

/** `mgi score`. */
export async function run(args: ParsedArgs, io: Io): Promise<number> {
  if (args.positionals.length === 0)
    throw new UsageError(
      'mgi score needs assessment files, folders or - for stdin',
      'e.g. mgi score examples/moldova --matrix moldova-dmd',
    );
  if (args.flags.progress && args.flags['no-progress'])
    throw new UsageError('--progress and --no-progress contradict each other');
  const out = args.flags.out as string | undefined;
  const format = outputFormat(args.flags.format as string | undefined, out);
  // Errors go to stderr as JSON only when a JSON format is asked for explicitly.
  const json = args.flags.format === 'json' || args.flags.format === 'ndjson';
  let year: number | undefined;
  if (args.flags.year !== undefined) {
    year = Number(args.flags.year);
    if (!Number.isInteger(year))
      throw new UsageError(`--year must be a whole year, got "${args.flags.year}"`);
  }
  const matrixRef = args.flags.matrix as string | undefined;
  await refuseOutOverInput(out, args.positionals, matrixRef);
  const inputFormat = args.flags['input-format'] as InputFormat | undefined;

  const limits = parseLimits(args.flags.limit);
  const jobs = parseJobs(args.flags.jobs);
  const shard = parseShard(args.flags.shard);
  let matrix: Matrix | undefined;
  if (matrixRef !== undefined) {
    const m = await safeLoadMatrix(matrixRef, limits ? { limits } : {});
    if (!m.success) {
      printIssues(io, m.issues, json);
      return 1;
    }
    matrix = m.data;
  }
  const progressFlag = args.flags.progress ? true : args.flags['no-progress'] ? false : undefined;

  // NDJSON in and out: scored entity by entity while reading, in bounded memory (see ./_stream).
  // A matrix with sample-based normalisation needs the whole batch: it takes the in-memory path.
  if (
    format === 'ndjson' &&
    !(matrix && usesSampleNormalisation(matrix)) &&
    (inputFormat === undefined || inputFormat === 'auto' || inputFormat === 'ndjson')
  ) {
    const { scoreStream } = await import('./_stream');
    const streamed = await scoreStream(
      args.positionals,
      {
        matrix,
        trace: !args.flags['no-trace'],
        year,
        quiet: args.flags.quiet === true,
        out: isStdout(out) ? undefined : out,
        limits,
        progress: progressFlag,
        json,
        matrixRef,
        jobs,
        shard,
      },
      io,
    );
    if (typeof streamed === 'number') return streamed;
    io = streamed;
  }

  const issues: MgiIssue[] = [];
  let assessments: BatchAssessment[] = [];
  let sources: string[] = [];
  if (args.positionals.includes('-')) {
    const r = await readStdinAssessments(io, inputFormat, matrix, limits);
    for (const a of r.assessments) assessments.push(a);
    for (const s of r.sources) sources.push(s);
    for (const i of r.issues) issues.push(i);
  }
  const files = args.positionals.filter((p) => p !== '-');
  if (files.length > 0) {
    const loaded = await loadInputs(files, matrixRef, {
      ...(matrix ? { matrix } : {}),
      ...(limits ? { limits } : {}),
    });
    for (const a of loaded.assessments) assessments.push(a);
    for (const s of loaded.sources) sources.push(s);
    for (const i of loaded.issues) issues.push(i);
    printInputWarnings(io, loaded.warnings, json, args.flags.quiet === true);
  }

  if (!matrix) {
    const ref = assessments[0]?.matrix;
    const b = ref ? (await builtinMatrices()).find((x) => `${x.id}@${x.version}` === ref) : undefined;
    if (!b) {
      printIssues(io, issues, json);
      throw new UsageError(
        ref
          ? `the assessments name matrix ${ref}, which is not built in; pass it with --matrix <file>`
          : 'no assessment could be read, so no matrix can be inferred; pass --matrix',
      );
    }
    const m = await safeLoadMatrix(b.file);
    if (!m.success) {
      printIssues(io, m.issues, json);
      return 1;
    }
    matrix = m.data;
  }

  if (shard) {
    // Only this shard's entities; problems with files and lines (no entity) stay in every shard.
    const keep = assessments.map((a) => inShard(a.entity, shard));
    assessments = assessments.filter((_, i) => keep[i]);
    sources = sources.filter((_, i) => keep[i]);
  }

  const whole =
    format === 'md' ||
    format === 'html' ||
    format === 'csv-summary' ||
    format === 'csv-categories' ||
    format === 'xlsx' ||
    format === 'sdmx-csv';
  if (whole) refuseOverBudget(assessments, year, format);
  const engine = matrix.indicators.some((i) => i.kind === 'formula') ? await loadFormulaEngine() : undefined;
  // File-level problems belong in the report too, so a JSON consumer sees everything.
  const fileErrors: ReportIssue[] = issues.map((i) => ({
    code: i.code,
    message: i.message,
    path: [...i.path],
    ...(i.source !== undefined ? { source: i.source } : {}),
  }));
  const progress = new Progress(io, {
    flag: progressFlag,
    json,
    total: assessments.length,
    tty: io === processIo && process.stderr.isTTY === true,
  });
  const pool =
    jobs > 1 && assessments.length > 0 ? await openPool(jobs, matrix, args, year, limits) : undefined;
  const b = batch(
    matrix,
    assessments,
    sources,
    {
      trace: !args.flags['no-trace'],
      ...(year !== undefined ? { year } : {}),
      ...(limits ? { limits } : {}),
    },
    engine,
    fileErrors,
    async ({ assessments: done }) => {
      progress.update(done);
      // Between entities, signals are handled and output callbacks run.
      await yieldToLoop();
      if (aborting()) throw new InterruptedError();
    },
    format === 'json' ? 'disk' : whole ? 'memory' : 'drop',
    pool,
  );
  const lang = (args.flags.lang as (typeof languages)[number] | undefined) ?? 'en';
  const dialect = args.flags.csv as 'rfc4180' | 'excel' | undefined;
  if (dialect !== undefined && format !== 'csv')
    throw new UsageError(`--csv ${dialect} goes with --format csv, not --format ${format}`);
  if (format === 'xlsx' && (out === undefined || isStdout(out)))
    throw new UsageError('--format xlsx needs --out FILE.xlsx (a workbook is not printed)');
  const sink = new Sink(format === 'xlsx' ? undefined : out, io);
  let rendered: Report | undefined;
  try {
    if (format === 'json') await writeReportJson(sink, b);
    else if (format === 'ndjson') await writeScorecardsNdjson(sink, b.scorecards);
    else if (format === 'csv') await writeReportCsv(sink, b, { lang, ...(dialect ? { dialect } : {}) });
    else {
      // Markdown and HTML are rendered from the whole report.
      const scorecards = [];
      for await (const c of b.scorecards) scorecards.push(c);
      const report = { ...b.header, scorecards, series: b.series, warnings: b.warnings, errors: b.errors };
      // (series and warnings are arrays here: keepSeries is 'memory' for these formats)
      rendered = report as Report;
      const own = await renderFormat(
        rendered,
        format,
        lang,
        args.flags,
        matrix.sdmx as SdmxMapping | undefined,
      );
      if (own instanceof Uint8Array) await writeFileAtomic(out as string, own);
      else if (own !== undefined) await sink.write(own);
      else {
        const { render } = await import('../report/render');
        await sink.write(
          render(rendered, { format: format as 'md' | 'html' | 'csv-summary' | 'csv-categories', lang }),
        );
      }
    }
    await sink.close();
  } catch (e) {
    await sink.abort();
    throw e;
  } finally {
    progress.end();
    await pool?.close();
    await b.dispose();
  }

  if (rendered && !args.flags.quiet && (format === 'md' || format === 'html'))
    await warnLanguageFallback(io, rendered, lang);
  if (!args.flags.quiet)
    printWarnings(io, b.firstWarnings, json, 'all are in the JSON report', b.warningCount());
  if (b.errors.length > 0)
    printIssues(
      io,
      b.errors.map((e) => ({
        code: e.code as MgiIssue['code'],
        path: e.path,
        message: e.message,
        ...(e.source !== undefined ? { source: e.source } : {}),
      })),
      json,
    );
  printSummary(io, b.errors.length, b.count(), json);
  // A shard may rightly hold no entity of the input.
  return b.errors.length > 0 || (b.count() === 0 && !shard) ? 1 : 0;
}

/** The `--jobs` worker threads, told the run's options and matrix. */
async function openPool(
  jobs: number,
  matrix: Matrix,
  args: ParsedArgs,
  year: number | undefined,
  limits: Partial<Limits> | undefined,
): Promise<Pool> {
  const { Pool } = await import('./_jobs');
  const pool = new Pool(jobs);
  pool.broadcast({
    type: 'options',
    options: { trace: !args.flags['no-trace'], year, ...(limits ? { limits } : {}) },
  });
  pool.broadcast({ type: 'matrix', matrix });
  return pool;
}

/** Say on stderr when the matrix's own text is not in the chosen language (the scorecard says it too). */
async function warnLanguageFallback(io: Io, report: Report, lang: (typeof languages)[number]): Promise<void> {
  const { matrixLanguageFallback } = await import('../report/labels');
  const fallback = matrixLanguageFallback(report, lang);
  if (fallback !== undefined)
    io.err(
      `warning: the matrix has no "${lang}" text for some titles, levels, units or institutions; they are shown in "${fallback}" [language-fallback]\n`,
    );
}
