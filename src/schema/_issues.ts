import type * as z from 'zod';
import { type IssueCode, type IssuePath, issue, type MgiIssue } from '../errors';

// Every field name any of our schemas knows, for "did you mean" hints on unknown fields.
const KNOWN_FIELDS = [
  '$schema',
  'format',
  'id',
  'version',
  'title',
  'description',
  'country',
  'status',
  'approvedBy',
  'approvedOn',
  'source',
  'notes',
  'provenance',
  'themes',
  'indicators',
  'scoring',
  'dimension',
  'weight',
  'theme',
  'kind',
  'unit',
  'direction',
  'baseline',
  'targets',
  'goalposts',
  'tolerance',
  'decimals',
  'range',
  'disaggregation',
  'normalisation',
  'responsible',
  'frequency',
  'tags',
  'levels',
  'label',
  'score',
  'expression',
  'inputs',
  'year',
  'value',
  'level',
  'min',
  'max',
  'log',
  'aggregation',
  'missing',
  'policy',
  'minCoverage',
  'maxYears',
  'bands',
  'code',
  'matrix',
  'entity',
  'entityName',
  'submittedBy',
  'submittedOn',
  'observations',
  'breakdown',
  'evidence',
  'reportedBy',
  'note',
  'overall',
  'sources',
];

/** Levenshtein distance, small strings only (`closest` uses a banded, bounded variant). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/**
 * Bounds on "did you mean" hints, so that validation stays linear in the input: a hint is only
 * looked for when the word is short enough to be a mistyped id, the distance is computed in a band
 * around the diagonal, and one validation call (one matrix, one assessment) spends at most
 * `cellsPerCall` distance cells on hints. Once that is spent, later issues come without a hint.
 */
export const SUGGEST_LIMITS = Object.freeze({
  /** Words longer than this get no hint (ids and field names are short). */
  maxWordLength: 64,
  /** Edit-distance cells one validation call may spend on hints. */
  cellsPerCall: 1_000_000,
});

/** The work left for hints in one validation call; share one across the calls of a loop. */
export interface SuggestBudget {
  cells: number;
}

/** A fresh budget for one validation call. */
export function suggestBudget(cells: number = SUGGEST_LIMITS.cellsPerCall): SuggestBudget {
  return { cells };
}

let cellsComputed = 0;

/** Edit-distance cells computed for hints since the process started (for tests that count work). */
export function suggestionWork(): number {
  return cellsComputed;
}

/**
 * The closest candidate within a small edit distance, for "did you mean" hints. Costs at most
 * O(candidates × word length × distance bound), and nothing once `budget` is spent.
 */
export function closest(
  word: string,
  candidates: Iterable<string>,
  budget: SuggestBudget = suggestBudget(),
): string | undefined {
  if (word.length === 0 || word.length > SUGGEST_LIMITS.maxWordLength || budget.cells <= 0) return undefined;
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(word.length / 3)) + 1;
  const lower = word.toLowerCase();
  for (const c of candidates) {
    if (budget.cells <= 0) break;
    const gap = Math.abs(c.length - word.length); // a lower bound of the distance
    if (gap > bestD || (gap === bestD && best === undefined)) continue;
    const d = lower === c.toLowerCase() ? 0 : boundedDistance(word, c, bestD, budget);
    if (d < bestD || (d === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

/** One iterable over several, without copying them into an array. */
export function* chain<T>(...iterables: Iterable<T>[]): Generator<T> {
  for (const it of iterables) yield* it;
}

/**
 * Levenshtein distance when it is at most `limit`, otherwise `limit + 1`: only the cells within
 * `limit` of the diagonal are computed (Ukkonen's band), and it stops as soon as a whole row
 * exceeds the limit.
 */
export function boundedDistance(a: string, b: string, limit: number, budget?: SuggestBudget): number {
  const n = a.length;
  const m = b.length;
  const over = limit + 1;
  if (Math.abs(n - m) > limit) return over;
  let prev = new Uint32Array(m + 2);
  let cur = new Uint32Array(m + 2);
  for (let j = 0; j <= m + 1; j++) prev[j] = j <= limit ? j : over;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - limit);
    const hi = Math.min(m, i + limit);
    cur[lo - 1] = lo === 1 && i <= limit ? i : over;
    let rowMin = cur[lo - 1]!;
    const ai = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ai === b.charCodeAt(j - 1) ? 0 : 1));
      const c = v > over ? over : v;
      cur[j] = c;
      if (c < rowMin) rowMin = c;
    }
    if (hi + 1 <= m + 1) cur[hi + 1] = over;
    const cells = hi - lo + 1;
    cellsComputed += cells;
    if (budget) budget.cells -= cells;
    if (rowMin > limit) return over;
    [prev, cur] = [cur, prev];
  }
  return Math.min(prev[m]!, over);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'a non-finite number';
  return typeof value;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Object.hasOwn(cur, key) ? (cur as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return cur;
}

function toPath(path: readonly PropertyKey[]): IssuePath {
  return path.map((p) => (typeof p === 'number' ? p : String(p)));
}

/** Convert zod issues into mgi issues with stable codes, JSON paths and readable messages. */
export function fromZodIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  budget: SuggestBudget = suggestBudget(),
): MgiIssue[] {
  const out: MgiIssue[] = [];
  for (const zi of issues) {
    const path = toPath(zi.path);
    const received = valueAt(input, zi.path);
    switch (zi.code) {
      case 'invalid_type': {
        if (received === undefined) {
          out.push(
            issue('required', path, `"${String(path[path.length - 1] ?? 'value')}" is required`, {
              expected: zi.expected,
            }),
          );
        } else if (typeof received === 'number' && !Number.isFinite(received)) {
          out.push(
            issue('non-finite-number', path, 'expected a finite number', { received: String(received) }),
          );
        } else {
          out.push(
            issue('invalid-type', path, `expected ${zi.expected}, received ${describe(received)}`, {
              expected: zi.expected,
              received: describe(received),
            }),
          );
        }
        break;
      }
      case 'unrecognized_keys':
        for (const key of zi.keys) {
          const hint = closest(key, KNOWN_FIELDS, budget);
          out.push(
            issue(
              'unknown-field',
              [...path, key],
              `unknown field "${key}"`,
              hint ? { hint: `did you mean "${hint}"?` } : {},
            ),
          );
        }
        break;
      case 'invalid_value':
        out.push(
          issue(
            'invalid-value',
            path,
            `expected ${zi.values.map((v) => JSON.stringify(v)).join(' or ')}, received ${describe(received)}`,
            {
              expected: zi.values.map((v) => String(v)).join(' | '),
              received: describe(received),
              hint: typeof received === 'string' ? suggest(received, zi.values, budget) : undefined,
            },
          ),
        );
        break;
      case 'invalid_union': {
        // A discriminated union with an unknown discriminator, or a Text that is neither form.
        if (zi.errors.length > 0 && zi.errors.every((e) => e.length > 0)) {
          const best = zi.errors.reduce((a, b) => (a.length <= b.length ? a : b));
          const nested = fromZodIssues(
            best.map((e) => ({ ...e, path: [...zi.path, ...e.path] })),
            input,
            budget,
          );
          for (const n of nested) out.push(n);
        } else {
          const note = (zi as { note?: string }).note;
          out.push(
            issue(
              'invalid-value',
              path,
              note ?? `value does not match any allowed form (received ${describe(received)})`,
            ),
          );
        }
        break;
      }
      case 'too_small':
      case 'too_big': {
        const small = zi.code === 'too_small';
        const bound = String(zi.code === 'too_small' ? zi.minimum : zi.maximum);
        const inclusive = zi.inclusive !== false;
        const what =
          zi.origin === 'array'
            ? `${small ? 'at least' : 'at most'} ${bound} item(s)`
            : zi.origin === 'string'
              ? `${small ? 'at least' : 'at most'} ${bound} character(s)`
              : `a number ${small ? (inclusive ? '≥' : '>') : inclusive ? '≤' : '<'} ${bound}`;
        const code: IssueCode =
          zi.origin === 'array' && !small
            ? 'too-many'
            : zi.origin === 'array' || zi.origin === 'string'
              ? 'invalid-value'
              : 'out-of-range';
        out.push(
          issue(code, path, `expected ${what}, received ${describe(received)}`, {
            expected: what,
            received: describe(received),
          }),
        );
        break;
      }
      case 'invalid_format':
        out.push(
          issue(
            'invalid-format',
            path,
            `expected ${zi.message ?? zi.format}, received ${describe(received)}`,
            {
              received: describe(received),
            },
          ),
        );
        break;
      case 'invalid_key':
        out.push(issue('invalid-format', path, `invalid key: ${zi.issues.map((i) => i.message).join('; ')}`));
        break;
      case 'invalid_element':
        for (const n of fromZodIssues(
          zi.issues.map((e) => ({ ...e, path: [...zi.path, ...e.path] })),
          input,
          budget,
        ))
          out.push(n);
        break;
      case 'custom': {
        const code = ((zi.params as { mgiCode?: IssueCode } | undefined)?.mgiCode ??
          'invalid-value') as IssueCode;
        out.push(issue(code, path, zi.message));
        break;
      }
      default:
        out.push(issue('invalid-value', path, zi.message));
    }
  }
  return out;
}

function suggest(received: string, values: readonly unknown[], budget: SuggestBudget): string | undefined {
  const hit = closest(
    received,
    values.filter((v): v is string => typeof v === 'string'),
    budget,
  );
  return hit ? `did you mean "${hit}"?` : undefined;
}
