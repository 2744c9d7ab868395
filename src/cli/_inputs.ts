/**
 * Inputs shared by the commands that read assessments (internal): standard input read by content,
 * folders that also hold the matrix, and `--out` that would overwrite an input.
 */
import { realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { issue, MgiError, type MgiIssue } from '../errors';
import { readJson, readNdjson } from '../io/json';
import { type Limits, resolveLimits } from '../limits';
import { assessmentsFromText, expandInputs, loadAssessments, readTextFile, resolveMatrixPath } from '../node';
import { safeParseAssessmentCore } from '../parse';
import type { Assessment } from '../schema/assessment';
import type { Matrix } from '../schema/matrix';
import { UsageError } from './_args';
import type { Io } from './_io';

/** What `--input-format` accepts; `auto` decides by the content of standard input. */
export const INPUT_FORMATS = ['auto', 'json', 'ndjson', 'csv'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

/**
 * How standard input is read: JSON when its first character (after a byte order mark and blanks)
 * is `{` and the whole text is one JSON document, NDJSON when it starts with `{` but is not one
 * document (one assessment per line), CSV otherwise. `--input-format` overrides the guess.
 */
export function stdinFormat(text: string, forced: InputFormat | undefined): 'json' | 'ndjson' | 'csv' {
  if (forced !== undefined && forced !== 'auto') return forced;
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (!body.startsWith('{') && !body.startsWith('[')) return 'csv';
  if (body.startsWith('[')) return 'json';
  return readJson(text, { source: '<stdin>' }).success ? 'json' : 'ndjson';
}

/** Assessments from standard input, sources and issues named `<stdin>`. */
export async function readStdinAssessments(
  io: Io,
  forced: InputFormat | undefined,
  matrix: Matrix | undefined,
  limits: Partial<Limits> | undefined,
): Promise<{ assessments: Assessment[]; sources: string[]; issues: MgiIssue[] }> {
  const text = await io.stdin();
  if (text.trim() === '' || text === '\uFEFF')
    return {
      assessments: [],
      sources: [],
      issues: [issue('empty-input', [], 'standard input is empty', { source: '<stdin>' })],
    };
  const kind = stdinFormat(text, forced);
  const r = await assessmentsFromText(text, `<stdin>.${kind}`, matrix, limits);
  const rename = (s: string): string => s.replace(/^<stdin>\.(ndjson|json|csv)/, '<stdin>');
  return {
    assessments: r.assessments,
    sources: r.sources.map(rename),
    issues: r.issues.map((i) => ({ ...i, source: rename(i.source ?? '<stdin>') })),
  };
}

/** The real path of a file, or its absolute path when it does not exist (yet). */
export async function realOrAbsolute(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    return resolve(path);
  }
}

/**
 * Expand files and folders, leaving out of the folders the matrix file given with `--matrix` (a
 * project folder holds its matrix beside its assessments). A file named on the command line is
 * kept even when it is the matrix: then it is reported as what it is.
 */
export async function expandWithoutMatrix(
  paths: readonly string[],
  matrixRef: string | undefined,
): Promise<{ files: string[]; issues: MgiIssue[] }> {
  const expanded = await expandInputs(paths);
  if (matrixRef === undefined) return expanded;
  const matrixFile = await realOrAbsolute(await resolveMatrixPath(matrixRef));
  const named = new Set(await Promise.all(paths.map(realOrAbsolute)));
  const files: string[] = [];
  for (const f of expanded.files) {
    const real = await realOrAbsolute(f);
    if (real === matrixFile && !named.has(real)) continue;
    files.push(f);
  }
  return { files, issues: expanded.issues };
}

/**
 * An assessment read and checked, kept as its line of NDJSON text and parsed again when its entity
 * is scored: the text takes a fraction of the memory of the parsed object (a 250 MB batch of
 * 100,000 assessments is about 0.9 GB as objects).
 */
export interface LazyAssessment {
  readonly entity: string;
  readonly matrix: string;
  readonly submittedBy: string | undefined;
  load(): Assessment;
}

/** An assessment in memory, or one to parse again when needed. */
export type BatchAssessment = Assessment | LazyAssessment;

/** The assessment itself, parsing a lazy one again. */
export function loadAssessment(a: BatchAssessment): Assessment {
  return 'load' in a && typeof a.load === 'function' ? a.load() : (a as Assessment);
}

/**
 * Read assessment files and folders (as `loadAssessments`), the `--matrix` file left out of folders.
 * NDJSON files give {@link LazyAssessment}s; the issues are those `loadAssessments` gives, in the
 * same order.
 */
export async function loadInputs(
  paths: readonly string[],
  matrixRef: string | undefined,
  options: { matrix?: Matrix; limits?: Partial<Limits> },
): Promise<{ assessments: BatchAssessment[]; sources: string[]; issues: MgiIssue[]; files: string[] }> {
  const { files, issues } = await expandWithoutMatrix(paths, matrixRef);
  const assessments: BatchAssessment[] = [];
  const sources: string[] = [];
  const lim = resolveLimits(options.limits);
  for (const file of files) {
    const lazy = /\.(ndjson|jsonl)$/i.test(file);
    if (!lazy) {
      const loaded = await loadAssessments([file], options);
      for (const a of loaded.assessments) assessments.push(a);
      for (const s of loaded.sources) sources.push(s);
      for (const i of loaded.issues) issues.push(i);
      continue;
    }
    const text = await readTextFile(file, lim.maxFileBytes);
    if (!text.success) {
      for (const i of text.issues) issues.push(i);
      continue;
    }
    if (text.data.length > lim.maxTextLength) {
      // Too long to read at all: the issue as loadAssessments words it.
      const r = await assessmentsFromText(text.data, file, options.matrix, options.limits);
      for (const i of r.issues) issues.push(i);
      continue;
    }
    readLazyNdjson(text.data, file, options.limits, lim, assessments, sources, issues);
  }
  return { assessments, sources, issues, files };
}

/** NDJSON lines as lazy assessments; syntax issues first, then schema issues, as `assessmentsFromText`. */
function readLazyNdjson(
  text: string,
  file: string,
  given: Partial<Limits> | undefined,
  lim: Limits,
  assessments: BatchAssessment[],
  sources: string[],
  issues: MgiIssue[],
): void {
  const syntax: MgiIssue[] = [];
  const schema: MgiIssue[] = [];
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let lineNo = 1; start <= text.length; lineNo++) {
    const nl = text.indexOf('\n', start);
    let end = nl < 0 ? text.length : nl;
    if (end > start && text.charCodeAt(end - 1) === 0x0d) end--;
    const line = text.slice(start, end);
    start = nl < 0 ? text.length + 1 : nl + 1;
    if (line.trim() === '') continue;
    const json = readNdjson(line, { source: file, maxDepth: lim.maxDepth, maxBytes: lim.maxTextLength });
    for (const i of json.issues)
      syntax.push({ ...i, message: i.message.replace(/\bline 1, column /g, `line ${lineNo}, column `) });
    const value = json.values[0];
    if (value === undefined) continue;
    const label = `${file}:${lineNo}`;
    const opts = given ? { source: label, limits: given } : { source: label };
    const r = safeParseAssessmentCore(value.value, opts);
    if (!r.success) {
      for (const i of r.issues) schema.push(i);
      continue;
    }
    const { entity, matrix, submittedBy } = r.data;
    assessments.push({
      entity,
      matrix,
      submittedBy,
      load: () => {
        const again = safeParseAssessmentCore(line, opts);
        if (!again.success) throw new MgiError(again.issues); // parsed once already: cannot happen
        return again.data;
      },
    });
    sources.push(label);
  }
  for (const i of syntax) issues.push(i);
  for (const i of schema) issues.push(i);
}

/**
 * Refuse `--out` when it is one of the inputs (the matrix included): the run would replace the
 * data it reads. A usage error, before anything is read.
 */
export async function refuseOutOverInput(
  out: string | undefined,
  inputs: readonly string[],
  matrixRef: string | undefined,
): Promise<void> {
  if (out === undefined || out === '-') return;
  const target = await realOrAbsolute(out);
  const { files } = await expandInputs(inputs.filter((p) => p !== '-'));
  const all = [...files];
  if (matrixRef !== undefined) all.push(await resolveMatrixPath(matrixRef));
  for (const f of all) {
    if ((await realOrAbsolute(f)) === target)
      throw new UsageError(
        `--out ${out} is also an input (${f}); writing it would replace the data being read`,
        'write the output to another file',
      );
  }
}
