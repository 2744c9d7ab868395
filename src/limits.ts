import { issue, type MgiIssue } from './errors';

/**
 * Bounds on input size, so that a hostile or mistaken file gets a clear `too-large`, `too-deep` or
 * `too-many` issue instead of exhausting memory or time. Every limit can be raised per call
 * (`options.limits`) or on the command line (`--limit name=value`). String lengths are part of the
 * formats themselves (titles and labels ≤ 200 characters, free text ≤ 10,000) and are not limits.
 */
export interface Limits {
  /** Largest file the node helpers and the CLI read, in bytes. */
  readonly maxFileBytes: number;
  /** Longest JSON text parsed, in characters. */
  readonly maxTextLength: number;
  /** Deepest nesting of JSON arrays and objects. */
  readonly maxDepth: number;
  /** Most indicators in one matrix. */
  readonly maxIndicators: number;
  /** Most themes in one matrix. */
  readonly maxThemes: number;
  /** Most observations in one assessment. */
  readonly maxObservations: number;
  /** Most distinct entities in one batch scored in memory. */
  readonly maxEntities: number;
  /** Most distinct years of one entity in one batch. */
  readonly maxYears: number;
  /** Most issues listed for one file or value; the rest are counted in one `too-many-issues` issue. */
  readonly maxIssues: number;
}

/** The default limits: generous for real matrices (Moldova: 65 indicators), small enough to fail fast. */
export const DEFAULT_LIMITS: Limits = Object.freeze({
  maxFileBytes: 256 * 1024 * 1024,
  maxTextLength: 256 * 1024 * 1024,
  maxDepth: 64,
  maxIndicators: 5_000,
  maxThemes: 500,
  maxObservations: 50_000,
  maxEntities: 1_000_000,
  maxYears: 200,
  maxIssues: 1_000,
});

/** The names of the limits, for `--limit name=value`. */
export const limitNames = Object.keys(DEFAULT_LIMITS) as (keyof Limits)[];

/** Defaults overridden by what is given. */
export function resolveLimits(partial?: Partial<Limits>): Limits {
  return partial ? { ...DEFAULT_LIMITS, ...partial } : DEFAULT_LIMITS;
}

/** A `too-many` issue when an array or object at `path` has more than `max` entries, else null. */
export function countIssue(
  count: number,
  max: number,
  path: (string | number)[],
  what: string,
  limit: keyof Limits,
): MgiIssue | null {
  if (count <= max) return null;
  return issue('too-many', path, `${count} ${what}; the limit is ${max}`, {
    hint: `raise it with the option limits.${limit} or --limit ${limit}=<n>`,
  });
}
