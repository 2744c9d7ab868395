import type { AggregationMethod } from '../schema/matrix';
import { pct, warning } from './_issues';
import { arithmeticOf, geometricOf, powerMeanOf } from './aggregate';
import { addWarning, type ColumnStore } from './columns';
import { MeanKind, type ScoringPlan } from './plan';

const R_NONE = 0;
const R_NO_PARTS = 1;
const R_NO_DATA = 2;
const R_LOW = 3;

/** Scratch space and the result of one aggregate, reused for every aggregate of a batch. */
export interface Acc {
  readonly scores: Float64Array;
  readonly weights: Float64Array;
  n: number;
  wAll: number;
  wCov: number;
  reported: number;
  total: number;
  score: number;
  coverage: number;
  reason: number;
  zeroInGeometric: boolean;
}

export function newAcc(maxParts: number): Acc {
  return {
    scores: new Float64Array(maxParts),
    weights: new Float64Array(maxParts),
    n: 0,
    wAll: 0,
    wCov: 0,
    reported: 0,
    total: 0,
    score: Number.NaN,
    coverage: 0,
    reason: R_NONE,
    zeroInGeometric: false,
  };
}

function reset(a: Acc): void {
  a.n = 0;
  a.wAll = 0;
  a.wCov = 0;
  a.reported = 0;
  a.total = 0;
}

/** Add a part (score NaN when missing) under the missing policy (`zero` counts it as 0). */
function part(a: Acc, score: number, weight: number, coverage: number, zero: boolean): void {
  a.total++;
  a.wAll += weight;
  a.wCov += weight * coverage;
  if (!Number.isNaN(score)) {
    a.scores[a.n] = score;
    a.weights[a.n++] = weight;
    a.reported++;
  } else if (zero) {
    a.scores[a.n] = 0;
    a.weights[a.n++] = weight;
  }
}

/** The weighted mean of the parts added, exactly as `aggregate()` computes it. */
function finish(a: Acc, method: AggregationMethod, zero: boolean, minCoverage: number): void {
  finishWith(a, method === 'geometric' ? MeanKind.Geometric : MeanKind.Arithmetic, 1, zero, minCoverage);
}

/** {@link finish} with any mean: `kind` a {@link MeanKind}, `power` for {@link MeanKind.Power}. */
function finishWith(a: Acc, kind: number, power: number, zero: boolean, minCoverage: number): void {
  a.zeroInGeometric = false;
  a.score = Number.NaN;
  if (a.total === 0) {
    a.coverage = 0;
    a.reason = R_NO_PARTS;
    return;
  }
  a.coverage = Math.min(1, a.wCov / a.wAll);
  a.reason = R_NONE;
  if (a.n === 0) a.reason = R_NO_DATA;
  else if (!zero && (a.reported === 0 || a.coverage + 1e-9 < minCoverage))
    a.reason = a.reported === 0 ? R_NO_DATA : R_LOW;
  else if (kind === MeanKind.Arithmetic) a.score = arithmeticOf(a.scores, a.weights, a.n);
  else {
    a.score =
      kind === MeanKind.Geometric
        ? geometricOf(a.scores, a.weights, a.n)
        : powerMeanOf(a.scores, a.weights, a.n, kind === MeanKind.Harmonic ? -1 : power);
    if (a.score === 0 && (kind !== MeanKind.Power || power <= 0))
      for (let i = 0; i < a.n; i++) if (a.scores[i]! <= 0) a.zeroInGeometric = true;
  }
}

/** The aggregate columns of a store (or of a category's store, issue 16). */
export type AggregateColumns = Pick<
  ColumnStore,
  | 'themeScore'
  | 'themeCoverage'
  | 'themeReported'
  | 'dimScore'
  | 'dimCoverage'
  | 'overallScore'
  | 'overallCoverage'
>;

/** Theme (every level, sub-themes first), dimension and overall scores of row `row`, with their coverage warnings. */
export function aggregateRow(s: ColumnStore, row: number, acc: Acc): void {
  aggregateScores(s.plan, s, row, s.score, row * s.plan.nInd, acc, s);
}

/**
 * The indicator parts of one aggregate (a theme's, or a pooled level's) when only some indicators
 * can have a score (a category's, issue 16): those (`ks`, indices into the category's scores, with
 * their weights `ws`), in the aggregate's order, and what all the parts add up to (`wAll`, `total`)
 * — summed in the same order as {@link part} sums them, so the aggregate is the same number to the
 * last bit as adding every part with the others missing.
 */
export interface SomeParts {
  readonly ks: Int32Array;
  readonly ws: Float64Array;
  readonly wAll: number;
  readonly total: number;
}

/** The {@link SomeParts} of every aggregate of plan `p` when only indicators with `toSome[k] >= 0` can score. */
export interface SomePartsPlan {
  /** Per theme (leaf themes; empty for themes of themes). */
  readonly theme: readonly SomeParts[];
  /** Pooled levels (`overall: "indicators"`): the overall's, then each dimension's. */
  readonly root: SomeParts;
  readonly dim: readonly SomeParts[];
}

/**
 * The parts plan for a category that scores only some indicators, or undefined under the `zero`
 * missing policy (a missing part is then a 0 among the others, so every part is added in order).
 */
export function somePartsPlan(p: ScoringPlan, toSome: Int32Array): SomePartsPlan | undefined {
  if (p.m.scoring.missing === 'zero') return undefined;
  const of = (ks: readonly number[], w: Float64Array): SomeParts => {
    const keep: number[] = [];
    const ws: number[] = [];
    let wAll = 0;
    for (const k of ks) {
      wAll += w[k]!;
      if (toSome[k]! >= 0) {
        keep.push(toSome[k]!);
        ws.push(w[k]!);
      }
    }
    return { ks: Int32Array.from(keep), ws: Float64Array.from(ws), wAll, total: ks.length };
  };
  const pooled = (themes: readonly number[]) =>
    of(
      themes.flatMap((t) => p.themeSubInd[t]!),
      p.weight,
    );
  return {
    theme: p.themeInd.map((ks) => of(ks, p.themeIndWeight)),
    root: pooled(p.rootParts),
    dim: p.dimThemes.map(pooled),
  };
}

function someParts(a: Acc, score: Float64Array, base: number, list: SomeParts): void {
  reset(a);
  const { ks, ws } = list;
  for (let j = 0; j < ks.length; j++) {
    const sc = score[base + ks[j]!]!;
    if (Number.isNaN(sc)) continue;
    const w = ws[j]!;
    a.wCov += w;
    a.scores[a.n] = sc;
    a.weights[a.n++] = w;
    a.reported++;
  }
  a.wAll = list.wAll;
  a.total = list.total;
}

/**
 * The aggregates of row `row` under plan `p`, from the indicator scores `score[base + k]` (`k` an
 * indicator of `p`, or with `some`, an index of its `SomeParts`), into `out`. Coverage warnings go
 * to `warnTo` (none when null: a category's aggregates are reported as numbers only). Without
 * `dimensions`, the six dimension aggregates are left out (a category computes them again when a
 * scorecard is built, and its scoring needs only the overall).
 */
export function aggregateScores(
  p: ScoringPlan,
  out: AggregateColumns,
  row: number,
  score: Float64Array,
  base: number,
  acc: Acc,
  warnTo: ColumnStore | null,
  some?: SomePartsPlan,
  dimensions = true,
): void {
  const m = p.m;
  const zero = m.scoring.missing === 'zero';
  const minCov = m.scoring.minCoverage;
  const nT = p.nThemes;
  for (const t of m.themeOrder) {
    const children = p.themeChildren[t]!;
    const th = m.themes[t]!;
    const ofThemes = th.children.length > 0;
    if (ofThemes) themeParts(p, out, row, acc, children, zero);
    else if (some) someParts(acc, score, base, some.theme[t]!);
    else indicatorParts(p, score, base, acc, p.themeInd[t]!, zero);
    finishWith(acc, p.themeMethod[t]!, p.themePower[t]!, zero, minCov);
    const c = row * nT + t;
    out.themeScore[c] = acc.score;
    out.themeCoverage[c] = acc.coverage;
    let reported = acc.reported;
    if (ofThemes) {
      reported = 0;
      for (const ch of children) reported += out.themeReported[row * nT + ch]!;
    }
    out.themeReported[c] = reported;
    if (warnTo === null) continue;
    if (acc.reason === R_LOW) {
      const msg = `theme ${th.id}: only ${pct(acc.coverage)} of its weight has data (minimum ${pct(minCov)}); no score`;
      addWarning(warnTo, row, rowWarning(warnTo, row, 'low-coverage', msg));
    }
    if (acc.zeroInGeometric) zeroWarning(warnTo, row, th.id, th.aggregation, ofThemes);
  }
  level(p, out, row, score, base, acc, p.rootParts, zero, some?.root);
  out.overallScore[row] = acc.score;
  out.overallCoverage[row] = acc.coverage;
  if (warnTo !== null && acc.reason === R_LOW) {
    const msg = `overall: only ${pct(acc.coverage)} of the weight has data (minimum ${pct(minCov)}); no overall score`;
    addWarning(warnTo, row, rowWarning(warnTo, row, 'low-coverage', msg));
  }
  if (!dimensions) return;
  for (let d = 0; d < 6; d++) {
    level(p, out, row, score, base, acc, p.dimThemes[d]!, zero, some?.dim[d]);
    out.dimScore[row * 6 + d] = acc.score;
    out.dimCoverage[row * 6 + d] = acc.coverage;
  }
}

function zeroWarning(s: ColumnStore, row: number, id: string, method: string, ofThemes: boolean): void {
  const part = ofThemes ? 'a sub-theme' : 'an indicator';
  if (method === 'geometric') {
    const msg = `theme ${id}: ${part} scores 0, so its geometric mean is 0`;
    addWarning(s, row, rowWarning(s, row, 'geometric-zero', msg));
  } else {
    const msg = `theme ${id}: ${part} scores 0, so its ${method} mean is 0`;
    addWarning(s, row, rowWarning(s, row, 'mean-zero', msg));
  }
}

/** A theme of themes: its sub-themes' scores, weighted among siblings, with their coverage. */
function themeParts(
  p: ScoringPlan,
  s: AggregateColumns,
  row: number,
  acc: Acc,
  children: readonly number[],
  zero: boolean,
): void {
  reset(acc);
  for (const t of children) {
    const c = row * p.nThemes + t;
    part(acc, s.themeScore[c]!, p.themeWeight[t]!, s.themeCoverage[c]!, zero);
  }
}

function indicatorParts(
  p: ScoringPlan,
  score: Float64Array,
  base: number,
  acc: Acc,
  inds: readonly number[],
  zero: boolean,
): void {
  reset(acc);
  for (const k of inds) {
    const sc = score[base + k]!;
    part(acc, sc, p.themeIndWeight[k]!, Number.isNaN(sc) ? 0 : 1, zero);
  }
}

/** Overall or dimension: from theme aggregates (weighted by theme) or pooled from indicators. */
function level(
  p: ScoringPlan,
  s: AggregateColumns,
  row: number,
  score: Float64Array,
  base: number,
  acc: Acc,
  themes: readonly number[],
  zero: boolean,
  some?: SomeParts,
): void {
  const m = p.m;
  if (m.scoring.overall === 'indicators') {
    if (some) {
      someParts(acc, score, base, some);
      finish(acc, m.scoring.indicators, zero, m.scoring.minCoverage);
      return;
    }
    reset(acc);
    for (const t of themes) {
      for (const k of p.themeSubInd[t]!) {
        const sc = score[base + k]!;
        part(acc, sc, p.weight[k]!, Number.isNaN(sc) ? 0 : 1, zero);
      }
    }
    finish(acc, m.scoring.indicators, zero, m.scoring.minCoverage);
    return;
  }
  reset(acc);
  for (const t of themes) {
    if (p.themeSubInd[t]!.length === 0) continue; // a theme without indicators takes no part
    const c = row * p.nThemes + t;
    part(acc, s.themeScore[c]!, p.themeWeight[t]!, s.themeCoverage[c]!, zero);
  }
  finish(acc, m.scoring.themes, zero, m.scoring.minCoverage);
}

/** A warning about row `row`, naming its entity and year (read from the store only when there is one). */
function rowWarning(s: ColumnStore, row: number, code: string, msg: string): ReturnType<typeof warning> {
  return warning(code, msg, s.entities[s.entityOf[row]!]!, s.year[row]!);
}
