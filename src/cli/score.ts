import { languages } from '../dimensions';
import { issue, type MgiIssue, printable } from '../errors';
import { readJson } from '../io/json';
import {
  assessmentsFromText,
  builtinMatrices,
  loadAssessments,
  loadFormulaEngine,
  safeLoadMatrix,
  writeFileAtomic,
} from '../node';
import { enrichReport } from '../report/enrich';
import type { Assessment } from '../schema/assessment';
import type { Matrix } from '../schema/matrix';
import type { Report } from '../schema/report';
import { scoreWith } from '../scoring/score';
import { limitFlag, type ParsedArgs, parseLimits, UsageError } from './_args';
import { formatFlags, printInputWarnings, renderFormat, scoreFormats } from './_formats';
import { type Io, printIssues } from './_io';

export const flags = {
  matrix: {
    type: 'string',
    short: 'm',
    description: 'Matrix file or built-in id (default: the one the assessments name)',
  },
  format: {
    type: 'string',
    short: 'f',
    description: 'Output format',
    values: scoreFormats,
  },
  lang: { type: 'string', description: 'Language of labels', values: [...languages] },
  out: { type: 'string', short: 'o', description: 'Write to this file (atomically) instead of stdout' },
  year: {
    type: 'string',
    description: 'Score only this year (earlier years still feed change and carry-forward)',
  },
  'no-trace': { type: 'boolean', description: 'Leave out the per-indicator calculation trace' },
  quiet: { type: 'boolean', short: 'q', description: 'Do not print warnings' },
  limit: limitFlag,
  ...formatFlags,
} as const;

export const usage =
  'mgi score <assessment.json|.csv|.ndjson|folder|-> … [--matrix <file|id>] [--format json|ndjson|md|csv|html]\n' +
  '          [--lang en|fr|es|ro|ru] [--out file] [--year Y] [--no-trace]\n\n' +
  'Score assessments: one scorecard per entity-year, a series per entity with several years.\n' +
  'Results go to stdout (or --out); warnings and errors to stderr. Exit 1 if any input had a problem.';

/** `mgi score`. */
export async function run(args: ParsedArgs, io: Io): Promise<number> {
  if (args.positionals.length === 0)
    throw new UsageError(
      'mgi score needs assessment files, folders or - for stdin',
      'e.g. mgi score examples/moldova --matrix moldova-dmd',
    );
  const format = (args.flags.format as string | undefined) ?? 'json';
  // Errors go to stderr as JSON only when a JSON format is asked for explicitly.
  const json = args.flags.format === 'json' || args.flags.format === 'ndjson';
  let year: number | undefined;
  if (args.flags.year !== undefined) {
    year = Number(args.flags.year);
    if (!Number.isInteger(year))
      throw new UsageError(`--year must be a whole year, got "${args.flags.year}"`);
  }

  const limits = parseLimits(args.flags.limit);
  let matrix: Matrix | undefined;
  if (args.flags.matrix !== undefined) {
    const m = await safeLoadMatrix(args.flags.matrix as string, limits ? { limits } : {});
    if (!m.success) {
      printIssues(io, m.issues, json);
      return 1;
    }
    matrix = m.data;
  }

  // NDJSON in and out: scored entity by entity in bounded memory (see ./_stream).
  if (format === 'ndjson') {
    const { scoreStream } = await import('./_stream');
    const streamed = await scoreStream(
      args.positionals,
      {
        matrix,
        trace: !args.flags['no-trace'],
        year,
        quiet: args.flags.quiet === true,
        out: args.flags.out as string | undefined,
        limits,
      },
      io,
    );
    if (typeof streamed === 'number') return streamed;
    io = streamed;
  }

  const issues: MgiIssue[] = [];
  const assessments: Assessment[] = [];
  const sources: string[] = [];
  const files = args.positionals.filter((p) => p !== '-');
  if (args.positionals.includes('-')) {
    const text = await io.stdin();
    if (text.trim() === '')
      issues.push(issue('empty-input', [], 'standard input is empty', { source: '<stdin>' }));
    else {
      const single = readJson(text, { source: '<stdin>' });
      const name = single.success || !text.trimStart().startsWith('{') ? '<stdin>.json' : '<stdin>.ndjson';
      const r = await assessmentsFromText(text, name, matrix, limits);
      for (const item of r.assessments) assessments.push(item);
      for (const item of r.sources.map((s) => s.replace(/^<stdin>\.(nd)?json/, '<stdin>')))
        sources.push(item);
      for (const i of r.issues)
        issues.push({ ...i, source: i.source?.replace(/^<stdin>\.(nd)?json/, '<stdin>') ?? '<stdin>' });
    }
  }
  if (files.length > 0) {
    const loaded = await loadAssessments(files, {
      ...(matrix ? { matrix } : {}),
      ...(limits ? { limits } : {}),
    });
    for (const item of loaded.assessments) assessments.push(item);
    for (const item of loaded.sources) sources.push(item);
    for (const item of loaded.issues) issues.push(item);
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

  const engine = matrix.indicators.some((i) => i.kind === 'formula') ? await loadFormulaEngine() : undefined;
  const report = enrichReport(
    scoreWith(
      matrix,
      assessments,
      {
        trace: !args.flags['no-trace'],
        sources,
        ...(year !== undefined ? { year } : {}),
        ...(limits ? { limits } : {}),
      },
      engine,
    ),
    matrix,
  );
  // File-level problems belong in the report too, so a JSON consumer sees everything.
  const fileErrors = issues.map((i) => ({
    code: i.code,
    message: i.message,
    path: [...i.path],
    ...(i.source !== undefined ? { source: i.source } : {}),
  }));
  const full: Report = { ...report, errors: [...fileErrors, ...report.errors] };

  const lang = (args.flags.lang as 'en' | 'fr' | 'es' | undefined) ?? 'en';
  const output =
    (await renderFormat(full, format, lang, args.flags)) ?? (await renderOutput(full, format, lang));
  if (args.flags.out !== undefined) await writeFileAtomic(args.flags.out as string, output);
  else io.out(output as string); // bytes (xlsx) are refused without --out by renderFormat
  if (!args.flags.quiet && (format === 'md' || format === 'html')) await warnLanguageFallback(io, full, args);

  if (!args.flags.quiet && full.warnings.length > 0) {
    const shown = full.warnings.slice(0, 20);
    io.err(
      `${shown.map((w) => printable(`warning: ${[w.entity, w.year].filter((x) => x !== undefined).join(' ')}: ${w.message} [${w.code}]`)).join('\n')}\n` +
        (full.warnings.length > shown.length
          ? `… and ${full.warnings.length - shown.length} more warnings (all are in the JSON report)\n`
          : ''),
    );
  }
  if (full.errors.length > 0) {
    printIssues(
      io,
      full.errors.map((e) => ({
        code: e.code as MgiIssue['code'],
        path: e.path,
        message: e.message,
        ...(e.source !== undefined ? { source: e.source } : {}),
      })),
      json,
    );
    io.err(
      `${full.errors.length} problem(s); ${full.scorecards.length} scorecard(s) produced from the rest\n`,
    );
    return 1;
  }
  if (full.scorecards.length === 0) {
    io.err('no scorecard was produced\n');
    return 1;
  }
  return 0;
}

/** Say on stderr when the matrix's own text is not in the chosen language (the scorecard says it too). */
async function warnLanguageFallback(io: Io, report: Report, args: ParsedArgs): Promise<void> {
  const lang = (args.flags.lang as 'en' | 'fr' | 'es' | 'ro' | 'ru' | undefined) ?? 'en';
  const { matrixLanguageFallback } = await import('../report/labels');
  const fallback = matrixLanguageFallback(report, lang);
  if (fallback !== undefined)
    io.err(
      `warning: the matrix has no "${lang}" text for some titles, levels, units or institutions; they are shown in "${fallback}" [language-fallback]\n`,
    );
}

async function renderOutput(report: Report, format: string, lang: 'en' | 'fr' | 'es'): Promise<string> {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'ndjson') return report.scorecards.map((c) => `${JSON.stringify(c)}\n`).join('');
  const { render } = await import('../report/render');
  return render(report, { format: format as 'md' | 'csv' | 'html', lang });
}
