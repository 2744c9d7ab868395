import { capIssues, issue, type MgiIssue, printable } from '../errors';
import { ndjsonChunks } from '../io/_ndjson-chunks';
import { readJson, readNdjson } from '../io/json';
import { type Limits, resolveLimits } from '../limits';
import { checkAssessment } from '../matrix/check-assessment';
import {
  builtinMatrices,
  expandInputs,
  loadFormulaEngine,
  needsFormulaEngine,
  readTextFile,
  safeLoadMatrix,
} from '../node';
import { compiledFor, safeParseAssessmentCore, safeParseMatrixWith } from '../parse';
import type { Assessment } from '../schema/assessment';
import type { Matrix } from '../schema/matrix';
import { limitFlag, type ParsedArgs, parseLimits, UsageError } from './_args';
import { isWorkbook, printInputWarnings, readAssessmentFile } from './_formats';
import { INPUT_FORMATS, type InputFormat, stdinFormat } from './_inputs';
import { type Io, printIssues } from './_io';
import { yieldToLoop } from './_progress';

export const flags = {
  matrix: {
    type: 'string',
    description: 'Check assessments (and CSV files) against this matrix (file or built-in id)',
  },
  format: { type: 'string', description: 'Output format', values: ['text', 'json'] },
  'input-format': {
    type: 'string',
    description: 'How to read standard input (default auto: JSON/NDJSON if it starts with {, else CSV)',
    values: INPUT_FORMATS,
  },
  quiet: { type: 'boolean', short: 'q', description: 'Print only problems' },
  limit: limitFlag,
} as const;

export const usage =
  'mgi validate <file|folder|-…> [--matrix <file|id>] [--format text|json] [--input-format auto|json|ndjson|csv]\n\n' +
  'Check matrices and assessments (JSON, NDJSON, CSV) and report every problem in every file.\n' +
  'Assessments are checked against --matrix, a matrix validated in the same run, or a built-in matrix\n' +
  'with the id@version they name. A CSV is read against --matrix or the one matrix validated in the\n' +
  'same run (mgi validate . in a project folder). - reads standard input, by content.';

interface FileResult {
  file: string;
  kind: 'matrix' | 'assessment' | 'unknown';
  valid: boolean;
  summary: string;
  issues: readonly MgiIssue[];
}

/** `mgi validate`: check files, reporting all problems at once. Exit 1 when any file has a problem. */
export async function run(args: ParsedArgs, io: Io): Promise<number> {
  if (args.positionals.length === 0)
    throw new UsageError(
      'mgi validate needs at least one file or folder',
      'e.g. mgi validate indicators/*.json',
    );
  const json = args.flags.format === 'json';
  const limits = parseLimits(args.flags.limit);
  const lim = resolveLimits(limits);
  const { files, issues: pathIssues } = await expandInputs(args.positionals.filter((p) => p !== '-'));
  const results: FileResult[] = pathIssues.map((i) => ({
    file: i.source ?? '',
    kind: 'unknown',
    valid: false,
    summary: i.message,
    issues: [i],
  }));

  let explicit: Matrix | undefined;
  if (args.flags.matrix !== undefined) {
    const m = await safeLoadMatrix(args.flags.matrix as string);
    if (!m.success) {
      printIssues(io, m.issues, json);
      return 1;
    }
    explicit = m.data;
  }

  // First pass: matrices, so assessments in the same run can be checked against them.
  const matrices = new Map<string, Matrix>();
  const pending: { file: string; text: string }[] = [];
  const inputs: { file: string; text?: string }[] = files.map((file) => ({ file }));
  if (args.positionals.includes('-')) {
    // Standard input, read by content: a matrix or assessment (JSON), NDJSON, or CSV.
    const text = await io.stdin();
    const kind = stdinFormat(text, args.flags['input-format'] as InputFormat | undefined);
    inputs.unshift({ file: `<stdin>.${kind}`, text });
  }
  for (const { file, text: given } of inputs) {
    if (given === undefined && isWorkbook(file)) {
      pending.push({ file, text: '' }); // read as bytes below
      continue;
    }
    const text: { success: true; data: string } | Awaited<ReturnType<typeof readTextFile>> =
      given === undefined
        ? await readTextFile(file, lim.maxFileBytes)
        : given.trim() === '' || given === '\uFEFF'
          ? {
              success: false,
              issues: [issue('empty-input', [], 'standard input is empty', { source: '<stdin>' })],
            }
          : { success: true, data: given };
    if (!text.success) {
      results.push({ file, kind: 'unknown', valid: false, summary: 'unreadable', issues: text.issues });
      continue;
    }
    if (/\.json$/i.test(file)) {
      const parsed = readJson(text.data, {
        source: file,
        maxDepth: lim.maxDepth,
        maxBytes: lim.maxTextLength,
      });
      if (parsed.success && (parsed.data as { format?: unknown } | null)?.format === 'mgi-engine/matrix@1') {
        const engine = needsFormulaEngine(parsed.data) ? await loadFormulaEngine() : undefined;
        const r = safeParseMatrixWith(parsed.data, engine, { source: file, ...(limits ? { limits } : {}) });
        if (r.success) {
          matrices.set(`${r.data.id}@${r.data.version}`, r.data);
          results.push({
            file,
            kind: 'matrix',
            valid: true,
            summary: `matrix ${r.data.id}@${r.data.version}: ${r.data.indicators.length} indicators in ${r.data.themes.length} themes`,
            issues: [],
          });
        } else
          results.push({ file, kind: 'matrix', valid: false, summary: 'invalid matrix', issues: r.issues });
        continue;
      }
    }
    pending.push({ file, text: text.data });
  }

  const builtins = await builtinMatrices();
  const matrixFor = async (ref: string): Promise<Matrix | undefined> => {
    if (explicit) return explicit;
    const known = matrices.get(ref);
    if (known) return known;
    const b = builtins.find((x) => `${x.id}@${x.version}` === ref);
    if (!b) return undefined;
    const m = await safeLoadMatrix(b.file);
    if (m.success) matrices.set(ref, m.data);
    return m.success ? m.data : undefined;
  };

  for (const { file, text } of pending) {
    await yieldToLoop();
    const issues: MgiIssue[] = [];
    let assessments: Assessment[] = [];
    if (/\.json$/i.test(file)) {
      const parsed = readJson(text, { source: file, maxDepth: lim.maxDepth, maxBytes: lim.maxTextLength });
      if (!parsed.success) {
        results.push({ file, kind: 'unknown', valid: false, summary: 'invalid JSON', issues: parsed.issues });
        continue;
      }
      const format = (parsed.data as { format?: unknown } | null)?.format;
      if (format !== 'mgi-engine/assessment@1') {
        results.push({
          file,
          kind: 'unknown',
          valid: false,
          summary: 'unknown format',
          issues: [
            issue(
              'unknown-format',
              ['format'],
              format === undefined
                ? 'missing "format"; expected "mgi-engine/matrix@1" or "mgi-engine/assessment@1"'
                : `unknown format ${JSON.stringify(format)}; expected "mgi-engine/matrix@1" or "mgi-engine/assessment@1"`,
              { source: file },
            ),
          ],
        });
        continue;
      }
      const r = safeParseAssessmentCore(parsed.data, { source: file, ...(limits ? { limits } : {}) });
      if (r.success) assessments = [r.data];
      else for (const item of r.issues) issues.push(item);
    } else if (/\.(ndjson|jsonl)$/i.test(file)) {
      // Checked chunk by chunk and dropped: memory stays flat whatever the file's length.
      const r = await checkNdjson(file, text, matrixFor, limits);
      for (const item of r.issues) issues.push(item);
      results.push(ndjsonResult(file, r, capIssues(issues, lim.maxIssues)));
      continue;
    } else {
      // A CSV is read against --matrix or, failing that, the one matrix validated in this run.
      const csvMatrix = explicit ?? (matrices.size === 1 ? [...matrices.values()][0] : undefined);
      if (/\.csv$/i.test(file) && !csvMatrix) {
        results.push({
          file,
          kind: 'assessment',
          valid: false,
          summary: 'CSV needs a matrix',
          issues: [
            issue(
              'usage',
              [],
              matrices.size > 1
                ? `a CSV file of observations is read against one matrix, and this run validates ${matrices.size}; pass --matrix`
                : 'a CSV file of observations needs a matrix to be read: pass --matrix, or validate the matrix file in the same run',
              { source: file },
            ),
          ],
        });
        continue;
      }
      const r = await readAssessmentFile(file, text, csvMatrix, limits);
      printInputWarnings(io, r.warnings, json, args.flags.quiet === true);
      assessments = r.assessments;
      for (const item of r.issues) issues.push(item);
    }
    const notes: string[] = [];
    for (const [n, a] of assessments.entries()) {
      // Let a signal stop a long check (issue 19 #9).
      if ((n & 1023) === 1023) await yieldToLoop();
      const m = await matrixFor(a.matrix);
      if (!m) {
        notes.push(`matrix ${a.matrix} not available, checked against the schema only`);
        continue;
      }
      const label = assessments.length > 1 ? `${file} (${a.entity} ${a.year})` : file;
      for (const i of checkAssessment(compiledFor(m, undefined), a))
        issues.push({ ...i, source: i.source ?? label });
    }
    const first = assessments[0];
    const summary =
      assessments.length === 1 && first
        ? `assessment ${first.entity} ${first.year} for ${first.matrix}: ${Object.keys(first.observations).length} observations`
        : `${assessments.length} assessments`;
    results.push({
      file,
      kind: 'assessment',
      valid: issues.length === 0,
      summary: notes.length > 0 ? `${summary} (${[...new Set(notes)].join('; ')})` : summary,
      issues: capIssues(issues, lim.maxIssues),
    });
  }

  for (const r of results) if (r.file.startsWith('<stdin>.')) r.file = '<stdin>';
  for (const r of results)
    r.issues = r.issues.map((i) =>
      i.source?.startsWith('<stdin>.') ? { ...i, source: i.source.replace(/^<stdin>\.\w+/, '<stdin>') } : i,
    );
  results.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const all = results.flatMap((r) => r.issues);
  if (json) {
    io.out(`${JSON.stringify({ valid: all.length === 0, files: results }, null, 2)}\n`);
  } else {
    if (!args.flags.quiet) {
      // File names and summaries come from the input: control characters are escaped.
      for (const r of results) io.out(`${printable(`${r.valid ? '✓' : '✗'} ${r.file}: ${r.summary}`)}\n`);
    }
    printIssues(io, all, false);
    if (all.length > 0)
      io.err(
        `${all.length} problem${all.length === 1 ? '' : 's'} in ${results.filter((r) => !r.valid).length} of ${results.length} file(s)\n`,
      );
  }
  return all.length > 0 ? 1 : 0;
}

interface NdjsonCheck {
  count: number;
  first: Assessment | undefined;
  issues: MgiIssue[];
  notes: Set<string>;
}

/**
 * Parse and check an NDJSON file of assessments a chunk of lines at a time, keeping only the
 * count, the first assessment and the issues, and letting the event loop run between chunks
 * (signals; issue 19 #9). The issues are those of reading the whole file at once.
 */
async function checkNdjson(
  file: string,
  text: string,
  matrixFor: (ref: string) => Promise<Matrix | undefined>,
  limits: Partial<Limits> | undefined,
): Promise<NdjsonCheck> {
  const lim = resolveLimits(limits);
  const out: NdjsonCheck = { count: 0, first: undefined, issues: [], notes: new Set() };
  let firstIssues = -1;
  for (const chunk of ndjsonChunks(text, lim.maxTextLength)) {
    const nd = readNdjson(chunk.text, {
      source: file,
      maxDepth: lim.maxDepth,
      maxBytes: lim.maxTextLength,
      firstLine: chunk.firstLine,
    });
    for (const item of nd.issues) out.issues.push(item);
    for (const { line, value } of nd.values) {
      const label = `${file}:${line}`;
      const r = safeParseAssessmentCore(value, { source: label, ...(limits ? { limits } : {}) });
      if (!r.success) {
        for (const item of r.issues) out.issues.push(item);
        continue;
      }
      const a = r.data;
      out.count++;
      if (out.first === undefined) {
        out.first = a;
        firstIssues = out.issues.length;
      }
      const m = await matrixFor(a.matrix);
      if (!m) {
        out.notes.add(`matrix ${a.matrix} not available, checked against the schema only`);
        continue;
      }
      const source = `${file} (${a.entity} ${a.year})`;
      for (const i of checkAssessment(compiledFor(m, undefined), a))
        out.issues.push({ ...i, source: i.source ?? source });
    }
    await yieldToLoop();
  }
  // One assessment in the file: its issues name the file alone, as for a .json file.
  if (out.count === 1 && out.first) {
    const alone = `${file} (${out.first.entity} ${out.first.year})`;
    for (let k = firstIssues; k < out.issues.length; k++)
      if (out.issues[k]!.source === alone) out.issues[k] = { ...out.issues[k]!, source: file };
  }
  return out;
}

function ndjsonResult(file: string, r: NdjsonCheck, issues: MgiIssue[]): FileResult {
  const summary =
    r.count === 1 && r.first
      ? `assessment ${r.first.entity} ${r.first.year} for ${r.first.matrix}: ${Object.keys(r.first.observations).length} observations`
      : `${r.count} assessments`;
  return {
    file,
    kind: 'assessment',
    valid: issues.length === 0,
    summary: r.notes.size > 0 ? `${summary} (${[...r.notes].join('; ')})` : summary,
    issues,
  };
}
