/**
 * Typed validation issues and the one error class that carries them.
 * Issues are plain readonly data; formatting them is a separate step ({@link formatIssues}).
 */

/** Every issue code mgi-engine emits. Stable: scripts may match on them. */
export const issueCodes = [
  // reading input
  'invalid-json',
  'duplicate-key',
  'forbidden-key',
  'too-deep',
  'too-large',
  'empty-input',
  'file-not-found',
  'not-a-file',
  'read-failed',
  'unknown-format',
  // schema
  'invalid-type',
  'invalid-value',
  'invalid-format',
  'out-of-range',
  'required',
  'unknown-field',
  'non-finite-number',
  'too-many',
  'too-many-issues',
  'unreadable-value',
  // matrix cross-references
  'duplicate-id',
  'unknown-theme',
  'unknown-parent-theme',
  'theme-cycle',
  'theme-mixed-parts',
  'invalid-aggregation',
  'unknown-dimension',
  'duplicate-level',
  'unknown-level',
  'target-before-baseline',
  'target-equals-baseline',
  'target-direction',
  'baseline-required',
  'invalid-weight',
  'invalid-goalposts',
  'bands-not-increasing',
  'normalisation-unavailable',
  'progress-unavailable',
  'growth-thresholds-order',
  'id-collision',
  // formulas
  'formula-syntax',
  'formula-forbidden',
  'formula-unknown-symbol',
  'formula-undeclared-input',
  'formula-cycle',
  'formula-too-long',
  'formula-too-deep',
  'formula-unsupported',
  // assessments
  'matrix-mismatch',
  'unknown-indicator',
  'kind-mismatch',
  'unknown-category',
  'value-out-of-range',
  'conflict',
  'duplicate-assessment',
  // csv
  'csv-syntax',
  'csv-missing-column',
  'csv-unknown-column',
  'csv-inconsistent',
  'csv-dialect',
  // spreadsheets
  'xlsx-formula-cell',
  'xlsx-external-link',
  'xlsx-macro',
  // interchange
  'sdmx-unmapped',
  'dhis2-unmapped',
  'dhis2-period',
  // usage and output
  'usage',
  'write-failed',
] as const;

/** A stable issue code. */
export type IssueCode = (typeof issueCodes)[number];

/** A path into the input: object keys and array indexes, as in `indicators[3].targets.2025`. */
export type IssuePath = readonly (string | number)[];

/** One problem found in the input. Plain, serialisable data. */
export interface MgiIssue {
  readonly code: IssueCode;
  readonly path: IssuePath;
  readonly message: string;
  /** What was expected, in words or as a value. */
  readonly expected?: string;
  /** What was found. */
  readonly received?: string;
  /** A suggested fix (e.g. "did you mean `weight`?"). */
  readonly hint?: string;
  /** The file or submission the issue belongs to, when known. */
  readonly source?: string;
}

/**
 * The one error mgi-engine throws for bad input. It carries every issue found, not just the first.
 *
 * @example
 * ```ts
 * try { parseMatrix(json) } catch (e) { if (e instanceof MgiError) console.error(formatIssues(e.issues)) }
 * ```
 */
export class MgiError extends Error {
  override readonly name = 'MgiError';
  readonly issues: readonly MgiIssue[];
  /** The code of the first issue, for quick checks. */
  readonly code: IssueCode;

  constructor(issues: readonly MgiIssue[], options?: { cause?: unknown }) {
    const list = issues.length > 0 ? issues : [issue('invalid-value', [], 'unknown error')];
    super(formatIssues(list), options);
    this.issues = Object.freeze(list.map((i) => Object.freeze({ ...i, path: Object.freeze([...i.path]) })));
    this.code = list[0]!.code;
  }
}

/** Result of a `safeParse*` call: the data, or every issue. */
export type SafeParseResult<T> =
  | { readonly success: true; readonly data: T }
  | { readonly success: false; readonly issues: readonly MgiIssue[] };

/** Render a path the way users read it: `indicators[3].targets.2025`. */
export function formatPath(path: IssuePath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (/^[A-Za-z0-9_$-][\w$.-]*$/.test(part) && !part.includes('.')) out += out ? `.${part}` : part;
    else if (/^\d+$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/**
 * Text safe to print on a terminal: control characters (which could move the cursor, clear the
 * screen or retitle the window) are shown as `\u001b` escapes instead. Tabs and newlines stay.
 */
export function printable(text: string): string {
  return text.replace(
    /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Format issues as `source: path: message [code]` lines, one per issue, for terminals and logs. */
export function formatIssues(issues: readonly MgiIssue[]): string {
  return issues
    .map((i) => {
      const where = [i.source, i.path.length > 0 ? formatPath(i.path) : undefined].filter(Boolean).join(': ');
      const hint = i.hint ? ` (${i.hint})` : '';
      return printable(`${where ? `${where}: ` : ''}${i.message}${hint} [${i.code}]`).replace(/\n/g, ' ');
    })
    .join('\n');
}

/** Build an issue; optional fields are left out rather than set to `undefined`. */
export function issue(
  code: IssueCode,
  path: IssuePath,
  message: string,
  extra: {
    expected?: string | undefined;
    received?: string | undefined;
    hint?: string | undefined;
    source?: string | undefined;
  } = {},
): MgiIssue {
  const out: { -readonly [K in keyof MgiIssue]: MgiIssue[K] } = { code, path, message };
  if (extra.expected !== undefined) out.expected = extra.expected;
  if (extra.received !== undefined) out.received = extra.received;
  if (extra.hint !== undefined) out.hint = extra.hint;
  if (extra.source !== undefined) out.source = extra.source;
  return out;
}

/**
 * At most `max` issues, followed by one `too-many-issues` issue counting the rest, so that a file
 * with a hundred thousand problems gives a readable report in bounded memory.
 */
export function capIssues(issues: readonly MgiIssue[], max: number): MgiIssue[] {
  if (issues.length <= max) return issues as MgiIssue[];
  const shown = issues.slice(0, Math.max(0, max));
  const rest = issues.length - shown.length;
  shown.push(
    issue('too-many-issues', [], `${rest} more issue(s) not listed; the first ${shown.length} are above`, {
      hint: 'fix these and run again, or raise the limit with the option limits.maxIssues or --limit maxIssues=<n>',
    }),
  );
  return shown;
}

/** Attach a source name (file, submission) to issues that have none. */
export function withSource(issues: readonly MgiIssue[], source: string): MgiIssue[] {
  return issues.map((i) => (i.source === undefined ? { ...i, source } : i));
}
