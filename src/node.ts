/**
 * Node-only helpers of mgi-engine (`mgi-engine/node`): read matrices and assessments from files and
 * folders, list the built-in matrices, and write outputs atomically. The formula engine (mathjs) is
 * loaded only when a matrix has formula indicators.
 *
 * @packageDocumentation
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type OutputFile, openOutput } from './_output';
import { yieldToLoop } from './_yield';
import { issue, MgiError, type MgiIssue, type SafeParseResult } from './errors';
import type { FormulaEngine } from './formula/types';
import { ndjsonChunks } from './io/_ndjson-chunks';
import { readJson, readNdjson } from './io/json';
import { DEFAULT_LIMITS, type Limits, resolveLimits } from './limits';
import { type ParseOptions, safeParseAssessmentCore, safeParseMatrixWith } from './parse';
import type { Assessment } from './schema/assessment';
import type { Matrix } from './schema/matrix';

/** The folder of the built-in matrices (`indicators/` in the package). */
export function builtinDir(): string {
  // This code runs from src/, dist/ or a chunk folder inside dist/: look upwards for indicators/.
  const here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  const candidates = [resolve(here, '..', 'indicators'), resolve(here, '..', '..', 'indicators')];
  return candidates.find((c) => existsSync(c)) ?? candidates[0]!;
}

/** A built-in matrix as listed by `mgi matrices`. */
export interface BuiltinMatrix {
  readonly id: string;
  readonly version: string;
  readonly file: string;
  readonly title: string;
  readonly indicators: number;
  readonly themes: number;
  readonly provenance: string;
}

/** List the built-in matrices in `indicators/`, sorted by id. */
export async function builtinMatrices(): Promise<BuiltinMatrix[]> {
  const dir = builtinDir();
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch {
    return [];
  }
  const out: BuiltinMatrix[] = [];
  for (const name of names) {
    const file = join(dir, name);
    const parsed = readJson(await readFile(file, 'utf8'));
    if (!parsed.success) continue;
    const m = parsed.data as {
      id?: string;
      version?: string;
      title?: string | Record<string, string>;
      indicators?: unknown[];
      themes?: unknown[];
      provenance?: { kind?: string; note?: string };
    };
    out.push({
      id: String(m.id),
      version: String(m.version),
      file,
      title: typeof m.title === 'string' ? m.title : (m.title?.en ?? Object.values(m.title ?? {})[0] ?? ''),
      indicators: m.indicators?.length ?? 0,
      themes: m.themes?.length ?? 0,
      provenance: m.provenance?.kind ?? 'unspecified',
    });
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Read a file as UTF-8 text with clear issues for missing files, folders and oversized files. */
export async function readTextFile(
  path: string,
  maxBytes = DEFAULT_LIMITS.maxFileBytes,
): Promise<SafeParseResult<string>> {
  let st: Awaited<ReturnType<typeof stat>>;
  try {
    st = await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      success: false,
      issues: [
        code === 'ENOENT'
          ? issue('file-not-found', [], `no such file: ${path}`, { source: path })
          : issue('read-failed', [], `cannot read ${path}: ${(e as Error).message}`, { source: path }),
      ],
    };
  }
  if (!st.isFile())
    return {
      success: false,
      issues: [issue('not-a-file', [], `${path} is a folder or special file, not a file`, { source: path })],
    };
  if (st.size > maxBytes) {
    return {
      success: false,
      issues: [
        issue(
          'too-large',
          [],
          `${path} is ${st.size} bytes; the limit is ${maxBytes} (raise it with --limit maxFileBytes=<n>)`,
          { source: path },
        ),
      ],
    };
  }
  try {
    const text = await readFile(path, 'utf8');
    if (text.trim() === '' || text === '\uFEFF')
      return { success: false, issues: [issue('empty-input', [], `${path} is empty`, { source: path })] };
    return { success: true, data: text };
  } catch (e) {
    return {
      success: false,
      issues: [issue('read-failed', [], `cannot read ${path}: ${(e as Error).message}`, { source: path })],
    };
  }
}

/** Whether a parsed matrix document declares formula indicators (so the formula engine is needed). */
export function needsFormulaEngine(value: unknown): boolean {
  const inds = (value as { indicators?: unknown } | null)?.indicators;
  return Array.isArray(inds) && inds.some((i) => (i as { kind?: unknown } | null)?.kind === 'formula');
}

/** Load the sandboxed mathjs formula engine on demand. */
export async function loadFormulaEngine(): Promise<FormulaEngine> {
  return (await import('./formula/engine')).formulaEngine;
}

/** Resolve a `--matrix` argument: a file path, or the id (or `id@version`) of a built-in matrix. */
export async function resolveMatrixPath(ref: string): Promise<string> {
  if (ref.endsWith('.json') || ref.includes('/') || ref.includes('\\')) return ref;
  const id = ref.split('@')[0];
  const hit = (await builtinMatrices()).find((b) => b.id === id);
  return hit ? hit.file : ref;
}

/** Read, parse and check a matrix without throwing. `ref` is a file path or a built-in id. */
export async function safeLoadMatrix(
  ref: string,
  options: ParseOptions = {},
): Promise<SafeParseResult<Matrix>> {
  const path = await resolveMatrixPath(ref);
  const text = await readTextFile(path, resolveLimits(options.limits).maxFileBytes);
  if (!text.success) {
    if (text.issues[0]?.code === 'file-not-found' && !ref.endsWith('.json')) {
      const ids = (await builtinMatrices()).map((b) => b.id);
      return {
        success: false,
        issues: [
          issue(
            'file-not-found',
            [],
            `"${ref}" is neither a file nor a built-in matrix (${ids.join(', ') || 'none installed'})`,
          ),
        ],
      };
    }
    return text;
  }
  const limits = resolveLimits(options.limits);
  const json = readJson(text.data, {
    source: options.source ?? path,
    maxDepth: limits.maxDepth,
    maxBytes: limits.maxTextLength,
  });
  if (!json.success) return json;
  const engine = needsFormulaEngine(json.data) ? await loadFormulaEngine() : undefined;
  return safeParseMatrixWith(json.data, engine, { ...options, source: options.source ?? path });
}

/**
 * Read, parse and check a matrix; throws {@link MgiError}.
 *
 * @example
 * ```ts
 * import { loadMatrix } from 'mgi-engine/node';
 * const matrix = await loadMatrix('moldova-dmd'); // built-in id or a path
 * ```
 */
export async function loadMatrix(ref: string, options: ParseOptions = {}): Promise<Matrix> {
  const r = await safeLoadMatrix(ref, options);
  if (!r.success) throw new MgiError(r.issues);
  return r.data;
}

/** Assessments read from files, each with the name of the file (and line) it came from. */
export interface LoadedAssessments {
  readonly assessments: Assessment[];
  /** One source label per assessment, e.g. `examples/moldova/mda-2021.json` or `batch.ndjson:12`. */
  readonly sources: string[];
  /** Problems, each naming its file; files with problems are skipped, the rest loaded. */
  readonly issues: MgiIssue[];
  /** How many files were read. */
  readonly files: number;
  /** Things read safely but worth saying (formula cells of a workbook, external links, macros). */
  readonly warnings?: MgiIssue[];
}

/** Expand folders (non-recursive into `.json`, `.ndjson`, `.csv` files, sorted) and keep files as given. */
export async function expandInputs(
  paths: readonly string[],
): Promise<{ files: string[]; issues: MgiIssue[] }> {
  const files: string[] = [];
  const issues: MgiIssue[] = [];
  for (const p of paths) {
    let st: Awaited<ReturnType<typeof stat>> | undefined;
    try {
      st = await stat(p);
    } catch {
      issues.push(issue('file-not-found', [], `no such file or folder: ${p}`, { source: p }));
      continue;
    }
    if (st.isDirectory()) {
      const names = (await readdir(p))
        .filter((n) => /\.(json|ndjson|csv|xlsx)$/i.test(n) && !n.startsWith('.') && !n.startsWith('~$'))
        .sort();
      if (names.length === 0)
        issues.push(
          issue('empty-input', [], `folder ${p} has no .json, .ndjson or .csv files`, { source: p }),
        );
      for (const n of names) files.push(join(p, n));
    } else files.push(p);
  }
  return { files, issues };
}

/**
 * Read assessments from files and folders (`.json`, `.ndjson`, `.csv`). Every file with a problem is
 * reported by name and skipped; the others are still loaded.
 */
export async function loadAssessments(
  paths: readonly string[],
  options: { matrix?: Matrix; limits?: Partial<Limits> } = {},
): Promise<LoadedAssessments> {
  const { files, issues } = await expandInputs(paths);
  const assessments: Assessment[] = [];
  const sources: string[] = [];
  const warnings: MgiIssue[] = [];
  for (const file of files) {
    if (/\.xlsx$/i.test(file)) {
      const { loadXlsxAssessments } = await import('./xlsx/_node');
      const r = await loadXlsxAssessments(file, options);
      for (const item of r.assessments) assessments.push(item);
      for (const item of r.sources) sources.push(item);
      for (const item of r.issues) issues.push(item);
      for (const item of r.warnings) warnings.push(item);
      continue;
    }
    const text = await readTextFile(file, resolveLimits(options.limits).maxFileBytes);
    if (!text.success) {
      for (const item of text.issues) issues.push(item);
      continue;
    }
    const r = await assessmentsFromText(text.data, file, options.matrix, options.limits);
    for (const item of r.assessments) assessments.push(item);
    for (const item of r.sources) sources.push(item);
    for (const item of r.issues) issues.push(item);
  }
  return { assessments, sources, issues, warnings, files: files.length };
}

/** Parse the text of one file (JSON, NDJSON or CSV by extension) into assessments. */
export async function assessmentsFromText(
  text: string,
  source: string,
  matrix?: Matrix,
  limits?: Partial<Limits>,
): Promise<{ assessments: Assessment[]; sources: string[]; issues: MgiIssue[] }> {
  const lim = resolveLimits(limits);
  const parseOpts = (label: string) => (limits ? { source: label, limits } : { source: label });
  const ext = extname(source).toLowerCase();
  const assessments: Assessment[] = [];
  const sources: string[] = [];
  const issues: MgiIssue[] = [];
  if (ext === '.ndjson' || ext === '.jsonl') {
    // Read in chunks of whole lines and let the event loop run between them, so that a signal
    // stops a long read (issue 19 #9); the result is the same as one pass over the text.
    for (const chunk of ndjsonChunks(text, lim.maxTextLength)) {
      const nd = readNdjson(chunk.text, {
        source,
        maxDepth: lim.maxDepth,
        maxBytes: lim.maxTextLength,
        firstLine: chunk.firstLine,
      });
      for (const item of nd.issues) issues.push(item);
      for (const { line, value } of nd.values) {
        const label = `${source}:${line}`;
        const r = safeParseAssessmentCore(value, parseOpts(label));
        if (r.success) {
          assessments.push(r.data);
          sources.push(label);
        } else for (const item of r.issues) issues.push(item);
      }
      await yieldToLoop();
    }
  } else if (ext === '.csv') {
    const { csvToAssessments } = await import('./io/csv-assessment');
    const r = csvToAssessments(text, { source, ...(matrix ? { matrix } : {}) });
    for (const item of r.issues) issues.push(item);
    for (const a of r.assessments) {
      assessments.push(a);
      sources.push(`${source} (${a.entity} ${a.year})`);
    }
  } else {
    const r = safeParseAssessmentCore(text, parseOpts(source));
    if (r.success) {
      assessments.push(r.data);
      sources.push(source);
    } else for (const item of r.issues) issues.push(item);
  }
  return { assessments, sources, issues };
}

/**
 * Write a file atomically: write a temporary file beside it, flush it, then rename it over the
 * target, so an interrupted run never leaves a half-written file; the temporary file is removed on
 * failure or interrupt. An existing file keeps its permission bits. A device, FIFO or socket
 * (`/dev/null`, `/dev/stdout`, a named pipe) is written in place instead, and a symbolic link is
 * followed (the link stays, its target is written), so neither is ever replaced by a regular file.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  let output: OutputFile | undefined;
  try {
    output = await openOutput(path);
    await output.write(data);
    await output.commit();
  } catch (e) {
    await output?.abort();
    throw new MgiError(
      [
        issue(
          'write-failed',
          [],
          `cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? ''} ${(e as Error).message}`.trim(),
        ),
      ],
      {
        cause: e,
      },
    );
  }
}
