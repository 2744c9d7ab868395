import type { Observation } from '../schema/assessment';
import type { ReportIssue } from '../schema/report';
import type { SampleStats } from './normalise-sample';
import type { ScoringPlan } from './plan';

/** Indicator status codes in the column store, in the order of {@link STATUS}. */
export const STATUS = ['achieved', 'on-track', 'off-track', 'regressing', 'no-data', 'no-target'] as const;
export const S_ACHIEVED = 0;
export const S_ON_TRACK = 1;
export const S_OFF_TRACK = 2;
export const S_REGRESSING = 3;
export const S_NO_DATA = 4;
export const S_NO_TARGET = 5;

/** Per-cell flags: which trace steps a cell has. */
export const F_OBSERVED = 1;
export const F_FORMULA = 2;

/** "No year" in the Int32 year columns. */
export const NO_YEAR = -2147483648;

export const ROW_STATUS = [null, 'provisional', 'final'] as const;

export type Breakdown = Record<string, Record<string, number>>;

/**
 * The results of a batch as columns: one row per entity-year (every year scored, including those
 * a `year` option leaves out of the report), `row × indicator` cells, `row × theme` and
 * `row × dimension` aggregates. Numbers are NaN where the report has null; strings are interned.
 */
export interface ColumnStore {
  readonly plan: ScoringPlan;
  readonly rows: number;
  readonly entities: readonly string[];
  readonly entityOf: Int32Array;
  readonly year: Int32Array;
  readonly rowStatus: Uint8Array;
  readonly entityName: (string | undefined)[];
  readonly submissions: string[][];
  readonly details: ({ submission: string; submittedOn?: string; notes?: string }[] | undefined)[];
  /** The observation of a cell whose value was observed and that carries source, evidence, reportedBy or note. */
  readonly meta: (Observation | undefined)[];
  /** Cells whose `meta` or `breakdown` is still the caller's object (see {@link detachInputs}). */
  readonly aliased: number[];
  readonly warnings: (ReportIssue[] | undefined)[];
  // row × indicator
  readonly value: Float64Array;
  readonly level: Int32Array;
  readonly score: Float64Array;
  readonly progress: Float64Array;
  readonly status: Uint8Array;
  readonly flags: Uint8Array;
  readonly carriedFrom: Int32Array;
  /** The year of the latest earlier real value (its value is the cell of that year: {@link prevValueOf}). */
  readonly prevYear: Int32Array;
  readonly reason: Int32Array;
  /** Why a carried-forward cell has no value of its own (cell → reason index; carried cells only, so few). */
  readonly because: Map<number, number>;
  /** Formula results as evaluated (also when not finite), for traces: row × formula indicator ({@link rawCell}). */
  readonly raw: Float64Array;
  /** Breakdowns as reported (sorted when a scorecard is built), or as a formula computed them. */
  readonly breakdown: (Readonly<Record<string, Readonly<Record<string, number>>>> | undefined)[];
  // row × input
  readonly inputValue: Float64Array;
  /** row × formula input: reported, and not as missing (for indicators, the F_OBSERVED flag says it). */
  readonly present: Uint8Array;
  // row × theme, row × dimension, row
  readonly themeScore: Float64Array;
  readonly themeCoverage: Float64Array;
  readonly themeReported: Int32Array;
  readonly dimScore: Float64Array;
  readonly dimCoverage: Float64Array;
  readonly overallScore: Float64Array;
  readonly overallCoverage: Float64Array;
  /** row × indicator results of the "growth" progress method, when the matrix uses it. */
  readonly growth: GrowthColumns | undefined;
  /** Interned reason strings; `reason`/`because` cells index into it (−1: none). */
  readonly reasons: string[];
  readonly reasonIndex: Map<string, number>;
  /** The reason interned last and its index (most cells of a row share "not reported"). */
  lastReason: string | undefined;
  lastIndex: number;
  /** The samples of sample-based normalisation, once computed (see `./normalise-sample`). */
  sample?: SampleStats;
}

/** Growth-rate results per cell (see `./growth`): rates (NaN where null), category and reason codes. */
export interface GrowthColumns {
  readonly observed: Float64Array;
  readonly required: Float64Array;
  /** Category code, {@link G_NONE} where the cell has no growth result. */
  readonly code: Uint8Array;
  readonly why: Uint8Array;
}
export const G_NONE = 255;

/** An empty store for `rows` entity-years. */
export function allocate(plan: ScoringPlan, rows: number, entities: readonly string[]): ColumnStore {
  const cells = rows * plan.nInd;
  const nan = (n: number) => new Float64Array(n).fill(Number.NaN);
  const nInputs = plan.nSlots - plan.nInd;
  return {
    plan,
    rows,
    entities,
    entityOf: new Int32Array(rows),
    year: new Int32Array(rows),
    rowStatus: new Uint8Array(rows),
    entityName: new Array(rows),
    submissions: new Array(rows),
    details: new Array(rows),
    meta: new Array(cells),
    aliased: [],
    warnings: new Array(rows),
    value: nan(cells),
    level: new Int32Array(cells).fill(-1),
    score: nan(cells),
    progress: nan(cells),
    status: new Uint8Array(cells).fill(S_NO_DATA),
    flags: new Uint8Array(cells),
    carriedFrom: new Int32Array(cells).fill(NO_YEAR),
    prevYear: new Int32Array(cells).fill(NO_YEAR),
    reason: new Int32Array(cells).fill(-1),
    because: new Map(),
    raw: nan(rows * plan.nFormulas),
    breakdown: new Array(cells),
    inputValue: nan(rows * nInputs),
    present: new Uint8Array(rows * nInputs),
    themeScore: nan(rows * plan.nThemes),
    themeCoverage: new Float64Array(rows * plan.nThemes),
    themeReported: new Int32Array(rows * plan.nThemes),
    dimScore: nan(rows * 6),
    dimCoverage: new Float64Array(rows * 6),
    overallScore: nan(rows),
    overallCoverage: new Float64Array(rows),
    growth: plan.m.hasGrowth
      ? {
          observed: nan(cells),
          required: nan(cells),
          code: new Uint8Array(cells).fill(G_NONE),
          why: new Uint8Array(cells),
        }
      : undefined,
    reasons: [],
    reasonIndex: new Map(),
    lastReason: undefined,
    lastIndex: -1,
  };
}

/** The cell of `raw` for formula indicator `k` in row `row`. */
export function rawCell(plan: ScoringPlan, row: number, k: number): number {
  return row * plan.nFormulas + plan.formulaSlot[k]!;
}

/**
 * The value a cell's change is measured from: the cell of the same entity and indicator in the
 * year `prevYear` names (the latest earlier real value — a real value is never carried, so that
 * cell holds it). The entity's rows are consecutive and in year order.
 */
export function prevValueOf(s: ColumnStore, row: number, k: number): number {
  const y = s.prevYear[row * s.plan.nInd + k]!;
  const e = s.entityOf[row]!;
  for (let r = row - 1; r >= 0 && s.entityOf[r] === e; r--)
    if (s.year[r] === y) return s.value[r * s.plan.nInd + k]!;
  return Number.NaN;
}

/** The index of an interned reason string. */
export function intern(s: ColumnStore, reason: string): number {
  if (reason === s.lastReason) return s.lastIndex;
  let i = s.reasonIndex.get(reason);
  if (i === undefined) {
    i = s.reasons.length;
    s.reasons.push(reason);
    s.reasonIndex.set(reason, i);
  }
  s.lastReason = reason;
  s.lastIndex = i;
  return i;
}

/** Add a warning to a row. */
export function addWarning(s: ColumnStore, row: number, w: ReportIssue): void {
  const list = s.warnings[row];
  if (list) list.push(w);
  else s.warnings[row] = [w];
}

/**
 * Copy what the store holds of the caller's assessments (breakdowns and the texts of observed
 * cells) into objects of its own, so that a report built from the store later (on access) does not
 * change when the caller changes those assessments after scoring.
 */
export function detachInputs(s: ColumnStore): void {
  const { breakdown, meta, aliased } = s;
  for (const c of aliased) {
    const b = breakdown[c];
    if (b !== undefined) breakdown[c] = copyBreakdown(b);
    const o = meta[c];
    if (o !== undefined) meta[c] = copyTexts(o);
  }
  aliased.length = 0;
}

function copyBreakdown(b: Readonly<Record<string, Readonly<Record<string, number>>>>): Breakdown {
  const out: Breakdown = {};
  for (const dim of Object.keys(b)) out[dim] = { ...b[dim]! };
  return out;
}

function copyTexts(o: Observation): Observation {
  const out: { -readonly [K in keyof Observation]: Observation[K] } = {};
  if (o.source !== undefined) out.source = o.source;
  if (o.evidence !== undefined) out.evidence = o.evidence;
  if (o.reportedBy !== undefined) out.reportedBy = o.reportedBy;
  if (o.note !== undefined) out.note = o.note;
  return out;
}
