import { growthReasons } from '../growth-reasons';
import type { GrowthSettings } from '../matrix/progress-method';
import {
  type GrowthCategory,
  type GrowthResult,
  growthCategories,
  type IndicatorStatus,
  type TraceStep,
} from '../schema/report';
import { transcendental } from './_math';
import { type ColumnStore, G_NONE, intern, NO_YEAR, STATUS } from './columns';
import { Norm } from './plan';
import { clamp01 } from './progress';

/**
 * The "growth" progress method (Open SDG / Statistics Canada, after Eurostat): the compound annual
 * growth rate observed since the baseline against the rate that reaches the final target in its
 * year, `R = CAGR_o / CAGR_r`, or, without a target, the direction-signed `CAGR_o` alone. See
 * docs/method.md §2b. {@link assessGrowth} is a pure function; the column kernel calls it
 * through {@link measureGrowth} and keeps the result in `ColumnStore.growth`, from which the
 * scorecard and the trace read it back ({@link growthAt}).
 */

/** The categories by code (an assessment's `code` indexes this list). */
export const GROWTH_CATEGORIES: readonly GrowthCategory[] = growthCategories;
export const G_UNABLE = 9;

/** The scorecard status each category maps to. */
export const GROWTH_STATUS: Readonly<Record<GrowthCategory, IndicatorStatus>> = {
  'target-achieved': 'achieved',
  'on-track': 'on-track',
  'acceleration-needed': 'off-track',
  'limited-progress': 'off-track',
  deterioration: 'regressing',
  'substantial-progress': 'on-track',
  'moderate-progress': 'off-track',
  'moderate-deterioration': 'regressing',
  'significant-deterioration': 'regressing',
  'unable-to-assess': 'no-target',
};

/** Why a value could not be assessed, by reason code − 1 (code 0: it was assessed). */
export const GROWTH_REASONS: readonly string[] = /* @__PURE__ */ growthReasons.map(([, text]) => text);

/** What {@link assessGrowth} needs about one indicator and one value. */
export interface GrowthInput {
  /** The value and the year it was observed (a carried-forward value keeps its own year). */
  readonly a: number;
  readonly t: number;
  /** Baseline value and year. */
  readonly b: number;
  readonly t0: number;
  /** Final target value and year; NaN without a target. */
  readonly T: number;
  readonly tT: number;
  /** +1 when higher is better, −1 when lower is better. */
  readonly d: 1 | -1;
}

/** The assessment, with the numbers the trace prints. */
export interface GrowthAssessment extends GrowthResult {
  /** Category code (index into {@link GROWTH_CATEGORIES}) and reason code (0: none). */
  readonly code: number;
  readonly why: number;
  /** Without a target: the direction-signed rate the category was read from (else null). */
  readonly signed: number | null;
}

/** `(x / x0)^(1 / n) − 1`, rounded as every transcendental result is (same bytes in every engine). */
export function cagr(x0: number, x: number, n: number): number {
  return transcendental((x / x0) ** (1 / n) - 1);
}

const finite = (x: number | null) => (x !== null && Number.isFinite(x) ? x : null);

function result(
  code: number,
  rawObserved: number | null,
  rawRequired: number | null,
  why = 0,
  signed: number | null = null,
): GrowthAssessment {
  const observed = finite(rawObserved);
  const required = finite(rawRequired);
  const q = observed !== null && required !== null && required !== 0 ? observed / required + 0 : null;
  const ratio = q !== null && Number.isFinite(q) ? q : null;
  const r: GrowthAssessment = {
    observed,
    required,
    ratio,
    category: GROWTH_CATEGORIES[code]!,
    code,
    why,
    signed,
  };
  if (why > 0) (r as { reason?: string }).reason = GROWTH_REASONS[why - 1]!;
  return r;
}

/**
 * Assess one value by the growth method. Order of the rules: a year before the baseline cannot be
 * assessed; a target reached in the desired direction is "target achieved" whatever the pace; then
 * at least one year since the baseline; a zero baseline or target becomes `th.zero`; the baseline
 * and the target must share one sign, and the value must not have the other one (0 is allowed); with a target, `R = CAGR_o / CAGR_r` against `onTrack` / `acceleration` /
 * `limited`; without one, `d · sign(x0) · CAGR_o` against `substantial` / `moderate` /
 * `deterioration` (for an all-negative series the ratio of magnitudes moves the other way).
 */
export function assessGrowth(g: GrowthInput, th: GrowthSettings): GrowthAssessment {
  const hasTarget = !Number.isNaN(g.T);
  if (g.t < g.t0) return result(G_UNABLE, null, null, 1);
  const z = (x: number) => (x === 0 ? th.zero : x);
  const x0 = z(g.b);
  const x = g.a + 0;
  const xT = hasTarget ? z(g.T) : x0;
  const sameSign = (x0 > 0 && x >= 0 && xT > 0) || (x0 < 0 && x <= 0 && xT < 0);
  const n = g.t - g.t0;
  const observed = n >= 1 && sameSign ? cagr(x0, x, n) : null;
  const required = hasTarget && sameSign && g.tT > g.t0 ? cagr(x0, xT, g.tT - g.t0) : null;
  if (hasTarget && (g.d > 0 ? g.a >= g.T : g.a <= g.T)) return result(0, observed, required);
  if (n < 1) return result(G_UNABLE, null, null, 2);
  if (!sameSign || observed === null) return result(G_UNABLE, null, null, 3);
  if (!Number.isFinite(observed)) return result(G_UNABLE, null, null, 5);
  if (hasTarget) {
    if (required === null || required === 0) return result(G_UNABLE, observed, null, 4);
    if (!Number.isFinite(required)) return result(G_UNABLE, observed, null, 5);
    const R = observed / required;
    if (!Number.isFinite(R)) return result(G_UNABLE, observed, null, 5);
    const code = R >= th.onTrack ? 1 : R >= th.acceleration ? 2 : R >= th.limited ? 3 : 4;
    return result(code, observed, required);
  }
  const signed = g.d * Math.sign(x0) * observed + 0;
  const code = signed > th.substantial ? 5 : signed >= th.moderate ? 6 : signed >= th.deterioration ? 7 : 8;
  return result(code, observed, null, 0, signed);
}

/**
 * The 0–100 score of a target indicator under the growth method: 100 when the target is achieved,
 * else `100 · clamp(R, 0, 1)` (the share of the required pace kept up); NaN when unable to assess.
 */
export function growthScore(x: GrowthAssessment): number {
  if (x.code === 0) return 100;
  return x.ratio === null ? Number.NaN : 100 * clamp01(x.ratio);
}

/** The report's copy of an assessment (fixed key order). */
export function growthResult(x: GrowthAssessment): GrowthResult {
  const r: GrowthResult = {
    observed: x.observed,
    required: x.required,
    ratio: x.ratio,
    category: x.category,
  };
  if (x.reason !== undefined) r.reason = x.reason;
  return r;
}

/** Status codes of the column store per category code. */
const STATUS_CODE = /* @__PURE__ */ Uint8Array.from(GROWTH_CATEGORIES, (c) =>
  STATUS.indexOf(GROWTH_STATUS[c]),
);

/** Assess cell (row, k), which has a value, from the store's value and the plan's constants. */
function assessCell(s: ColumnStore, row: number, k: number): GrowthAssessment {
  const p = s.plan;
  const cell = row * p.nInd + k;
  const carried = s.carriedFrom[cell]!;
  const target = p.targetRef[k];
  return assessGrowth(
    {
      a: s.value[cell]!,
      t: carried !== NO_YEAR ? carried : s.year[row]!,
      b: p.base[k]!,
      t0: p.baseYear[k]!,
      T: p.target[k]!,
      tT: target ? target.year : Number.NaN,
      d: p.m.indicators[k]!.direction === 'decrease' ? -1 : 1,
    },
    p.m.scoring.growth,
  );
}

/**
 * The growth assessment of cell (row, k) as the kernel stored it: null when the indicator is
 * judged linearly or the cell has no value. Rebuilt without recomputing the rates.
 */
export function growthAt(s: ColumnStore, row: number, k: number): GrowthAssessment | null {
  const g = s.growth;
  if (!g) return null;
  const cell = row * s.plan.nInd + k;
  const code = g.code[cell]!;
  if (code === G_NONE) return null;
  const nul = (x: number) => (Number.isNaN(x) ? null : x);
  const observed = nul(g.observed[cell]!);
  let signed: number | null = null;
  if (code >= 5 && code <= 8 && observed !== null) {
    const b = s.plan.base[k]!;
    const d = s.plan.m.indicators[k]!.direction === 'decrease' ? -1 : 1;
    signed = d * (b === 0 ? 1 : Math.sign(b)) * observed + 0;
  }
  return result(code, observed, nul(g.required[cell]!), g.why[cell]!, signed);
}

/**
 * The column kernel's hook: assess cell (row, k), store the result in the growth columns, set the
 * status from its category and return its score — under "target" normalisation
 * {@link growthScore} (with the reason when there is none), otherwise the `linear` score it was
 * given (goalposts keep their goalpost score).
 */
export function measureGrowth(s: ColumnStore, row: number, k: number, linear: number): number {
  const x = assessCell(s, row, k);
  const cell = row * s.plan.nInd + k;
  const g = s.growth!;
  g.observed[cell] = x.observed ?? Number.NaN;
  g.required[cell] = x.required ?? Number.NaN;
  g.code[cell] = x.code;
  g.why[cell] = x.why;
  s.status[cell] = STATUS_CODE[x.code]!;
  if (s.plan.norm[k] !== Norm.Target) return linear;
  const score = growthScore(x);
  if (Number.isNaN(score) && x.reason !== undefined) s.reason[cell] = intern(s, x.reason);
  return score;
}

const pct = (x: number) => `${Math.round(x * 1e6) / 1e4} %`;

type Formulas = { readonly growth: string; readonly status: string };
const formulaCache = new WeakMap<GrowthSettings, readonly [Formulas, Formulas]>();

/** The trace's formula texts for a matrix's thresholds, with a target ([0]) and without ([1]); built once. */
function formulas(th: GrowthSettings, hasTarget: boolean): Formulas {
  let f = formulaCache.get(th);
  if (!f) {
    const cagrO = 'CAGR_o = (x / x0)^(1 / (t − t0)) − 1';
    f = [
      {
        growth: `${cagrO}; CAGR_r = (x* / x0)^(1 / (t* − t0)) − 1; R = CAGR_o / CAGR_r; a zero x0 or x* counts as ${th.zero}`,
        status: `target-achieved if x reached x* in the desired direction; on-track if R ≥ ${pct(th.onTrack)}; acceleration-needed if R ≥ ${pct(th.acceleration)}; limited-progress if R ≥ ${pct(th.limited)}; else deterioration (status: achieved, on-track, off-track, off-track, regressing)`,
      },
      {
        growth: `${cagrO}; r = d · sign(x0) · CAGR_o; a zero x0 counts as ${th.zero}`,
        status: `substantial-progress if r > ${pct(th.substantial)}; moderate-progress if r ≥ ${pct(th.moderate)}; moderate-deterioration if r ≥ ${pct(th.deterioration)}; else significant-deterioration (status: on-track, off-track, regressing, regressing)`,
      },
    ];
    formulaCache.set(th, f);
  }
  return f[hasTarget ? 0 : 1];
}

/** The trace steps of the growth method for cell (row, k): the rates, the status, and the score. */
export function growthSteps(s: ColumnStore, row: number, k: number, x: GrowthAssessment): TraceStep[] {
  const p = s.plan;
  const ind = p.m.indicators[k]!;
  const th = p.m.scoring.growth;
  const cell = row * p.nInd + k;
  const carried = s.carriedFrom[cell]!;
  const hasTarget = !Number.isNaN(p.target[k]!);
  const inputs: Record<string, number | string | null> = {
    x: s.value[cell]!,
    t: carried !== NO_YEAR ? carried : s.year[row]!,
    x0: p.base[k]!,
    t0: p.baseYear[k]!,
  };
  if (hasTarget) {
    inputs['x*'] = p.target[k]!;
    inputs['t*'] = p.targetRef[k]!.year;
  } else inputs.d = ind.direction === 'decrease' ? -1 : 1;
  inputs.zero = th.zero;
  inputs.CAGR_o = x.observed;
  if (hasTarget) inputs.CAGR_r = x.required;
  if (x.reason !== undefined) inputs.reason = x.reason;
  const f = formulas(th, hasTarget);
  const steps: TraceStep[] = [
    { step: 'growth', formula: f.growth, inputs, result: hasTarget ? x.ratio : x.signed },
    { step: 'status', formula: f.status, inputs: { category: x.category }, result: STATUS[s.status[cell]!]! },
  ];
  if (p.norm[k] === Norm.Target) {
    const score = s.score[cell]!;
    steps.push({
      step: 'score',
      formula: '100 if the target is achieved, else 100 · clamp(R, 0, 1)',
      inputs: { R: x.ratio, category: x.category },
      result: Number.isNaN(score) ? null : score,
    });
  }
  return steps;
}
