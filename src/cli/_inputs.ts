/**
 * Inputs shared by the commands that read assessments (internal): standard input read by content,
 * folders that also hold the matrix, and `--out` that would overwrite an input.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
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
  readonly year: number;
  readonly matrix: string;
  readonly submittedBy: string | undefined;
  load(): Assessment;
  /** Where the line is, so that a `--jobs` worker can parse it again itself. */
  readonly ref?: LineRef;
}

/** An NDJSON line of a file: its bytes and the options it was parsed with. */
export interface LineRef {
  readonly file: string;
  readonly offset: number;
  readonly length: number;
  readonly opts: { readonly source: string; readonly limits?: Partial<Limits> };
}

/** An assessment as a `--jobs` worker takes it: in memory, or a line for the worker to parse. */
export type WorkerAssessment = { readonly a: Assessment } | { readonly lazy: LineRef };

/** What to send a worker for `a`: a lazy assessment's line (parsed there), else the assessment. */
export function forWorker(a: BatchAssessment): WorkerAssessment {
  if ('load' in a && typeof a.load === 'function') {
    const ref = (a as LazyAssessment).ref;
    return ref ? { lazy: ref } : { a: a.load() };
  }
  return { a: a as Assessment };
}

/** The assessment a worker was sent. */
export function fromWorker(a: WorkerAssessment): Assessment {
  if ('a' in a) return a.a;
  const { file, offset, length, opts } = a.lazy;
  return reparse(file, offset, length, opts);
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
): Promise<{
  assessments: BatchAssessment[];
  sources: string[];
  issues: MgiIssue[];
  warnings: MgiIssue[];
  files: string[];
}> {
  const { files, issues } = await expandWithoutMatrix(paths, matrixRef);
  const assessments: BatchAssessment[] = [];
  const sources: string[] = [];
  const warnings: MgiIssue[] = [];
  const lim = resolveLimits(options.limits);
  for (const file of files) {
    const lazy = /\.(ndjson|jsonl)$/i.test(file);
    if (!lazy) {
      const loaded = await loadAssessments([file], options);
      for (const a of loaded.assessments) assessments.push(a);
      for (const s of loaded.sources) sources.push(s);
      for (const i of loaded.issues) issues.push(i);
      for (const w of loaded.warnings ?? []) warnings.push(w);
      continue;
    }
    await readLazyNdjson(file, options, lim, assessments, sources, issues);
  }
  return { assessments, sources, issues, warnings, files };
}

/**
 * NDJSON lines as lazy assessments that remember where their line is in the file (offset and
 * length in bytes) and read it again with a positional read when their entity is scored: no text
 * stays in memory. Syntax issues come first, then schema issues, as `assessmentsFromText` gives
 * them. A file that changes while it is scored gives a read error naming it.
 */
async function readLazyNdjson(
  file: string,
  options: { matrix?: Matrix; limits?: Partial<Limits> },
  lim: Limits,
  assessments: BatchAssessment[],
  sources: string[],
  issues: MgiIssue[],
): Promise<void> {
  const given = options.limits;
  // Size, folder and empty-file checks as readTextFile words them.
  const st = await statFile(file, lim.maxFileBytes);
  if (st !== undefined) {
    issues.push(st);
    return;
  }
  const fd = openSync(file, 'r');
  const syntax: MgiIssue[] = [];
  const schema: MgiIssue[] = [];
  let any = false;
  try {
    const size = fstatSync(fd).size;
    const chunk = Buffer.allocUnsafe(1 << 20);
    let carry: Buffer = Buffer.alloc(0);
    let carryAt = 0; // file offset of carry[0]
    let pos = 0;
    let lineNo = 0;
    const take = (buf: Buffer, at: number) => {
      lineNo++;
      let bytes = buf;
      let offset = at;
      if (offset === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
        bytes = bytes.subarray(3);
        offset = 3;
      }
      let length = bytes.length;
      if (length > 0 && bytes[length - 1] === 0x0d) length--;
      const line = bytes.toString('utf8', 0, length);
      if (line.trim() === '') return;
      any = true;
      const label = `${file}:${lineNo}`;
      const parsed = parseLine(line, file, lineNo, label, given, lim);
      if ('syntax' in parsed) {
        for (const i of parsed.syntax) syntax.push(i);
        return;
      }
      if ('schema' in parsed) {
        for (const i of parsed.schema) schema.push(i);
        return;
      }
      const { entity, year, matrix, submittedBy } = parsed.data;
      const opts = given ? { source: label, limits: given } : { source: label };
      assessments.push({
        entity,
        year,
        matrix,
        submittedBy,
        load: () => reparse(file, offset, length, opts),
        ref: { file, offset, length, opts },
      });
      sources.push(label);
    };
    while (pos < size) {
      const n = readSync(fd, chunk, 0, chunk.length, pos);
      if (n === 0) break;
      let buf = chunk.subarray(0, n);
      if (carry.length > 0) buf = Buffer.concat([carry, buf]);
      const bufAt = carry.length > 0 ? carryAt : pos;
      pos += n;
      let start = 0;
      for (let nl = buf.indexOf(0x0a, start); nl >= 0; nl = buf.indexOf(0x0a, start)) {
        take(buf.subarray(start, nl), bufAt + start);
        start = nl + 1;
      }
      carry = Buffer.from(buf.subarray(start));
      carryAt = bufAt + start;
      if (carry.length > lim.maxTextLength) break; // one line longer than the limit: reported below
    }
    if (carry.length > 0) take(carry, carryAt);
  } finally {
    closeSync(fd);
  }
  if (!any) {
    issues.push(issue('empty-input', [], `${file} is empty`, { source: file }));
    return;
  }
  for (const i of syntax) issues.push(i);
  for (const i of schema) issues.push(i);
}

/** One NDJSON line: the assessment, or its syntax or schema issues. */
function parseLine(
  line: string,
  file: string,
  lineNo: number,
  label: string,
  given: Partial<Limits> | undefined,
  lim: Limits,
): { data: Assessment } | { syntax: MgiIssue[] } | { schema: MgiIssue[] } {
  const json = readNdjson(line, { source: file, maxDepth: lim.maxDepth, maxBytes: lim.maxTextLength });
  const value = json.values[0];
  if (value === undefined)
    return {
      syntax: json.issues.map((i) => ({
        ...i,
        message: i.message.replace(/\bline 1, column /g, `line ${lineNo}, column `),
      })),
    };
  const r = safeParseAssessmentCore(
    value.value,
    given ? { source: label, limits: given } : { source: label },
  );
  return r.success ? { data: r.data } : { schema: [...r.issues] };
}

function reparse(file: string, offset: number, length: number, opts: { source: string }): Assessment {
  const buf = Buffer.allocUnsafe(length);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, length, offset);
  } finally {
    closeSync(fd);
  }
  const again = safeParseAssessmentCore(buf.toString('utf8'), opts);
  if (!again.success) {
    throw new MgiError([
      issue('read-failed', [], `${file} changed while it was being scored; score it again`, { source: file }),
    ]);
  }
  return again.data;
}

/** The issue `readTextFile` gives for a path that is not a readable, non-empty file within the limit. */
async function statFile(file: string, maxBytes: number): Promise<MgiIssue | undefined> {
  let st: Awaited<ReturnType<typeof stat>>;
  try {
    st = await stat(file);
  } catch {
    const r = await readTextFile(file, maxBytes);
    return r.success ? undefined : r.issues[0];
  }
  if (!st.isFile() || st.size > maxBytes || st.size === 0) {
    const r = await readTextFile(file, maxBytes);
    return r.success ? undefined : r.issues[0];
  }
  return undefined;
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
  if (out === undefined || out === '-' || out.startsWith('/dev/') || out.startsWith('/proc/')) return;
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
