import type { AggregationMethod } from '../schema/matrix';
import { pct, warning } from './_issues';
import { arithmeticOf, geometricOf, powerMeanOf } from './aggregate';
import { addWarning, type ColumnStore } from './columns';
import { MeanKind } from './plan';

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

/** Theme (every level, sub-themes first), dimension and overall scores of row `row`, with their coverage warnings. */
export function aggregateRow(s: ColumnStore, row: number, acc: Acc): void {
  const p = s.plan;
  const m = p.m;
  const zero = m.scoring.missing === 'zero';
  const minCov = m.scoring.minCoverage;
  const nT = p.nThemes;
  for (const t of m.themeOrder) {
    const children = p.themeChildren[t]!;
    const th = m.themes[t]!;
    const ofThemes = th.children.length > 0;
    if (ofThemes) themeParts(s, row, acc, children, zero);
    else indicatorParts(s, row, acc, p.themeInd[t]!, zero);
    finishWith(acc, p.themeMethod[t]!, p.themePower[t]!, zero, minCov);
    const c = row * nT + t;
    s.themeScore[c] = acc.score;
    s.themeCoverage[c] = acc.coverage;
    let reported = acc.reported;
    if (ofThemes) {
      reported = 0;
      for (const ch of children) reported += s.themeReported[row * nT + ch]!;
    }
    s.themeReported[c] = reported;
    if (acc.reason === R_LOW) {
      const msg = `theme ${th.id}: only ${pct(acc.coverage)} of its weight has data (minimum ${pct(minCov)}); no score`;
      addWarning(s, row, rowWarning(s, row, 'low-coverage', msg));
    }
    if (acc.zeroInGeometric) zeroWarning(s, row, th.id, th.aggregation, ofThemes);
  }
  level(s, row, acc, p.rootParts, zero);
  s.overallScore[row] = acc.score;
  s.overallCoverage[row] = acc.coverage;
  if (acc.reason === R_LOW) {
    const msg = `overall: only ${pct(acc.coverage)} of the weight has data (minimum ${pct(minCov)}); no overall score`;
    addWarning(s, row, rowWarning(s, row, 'low-coverage', msg));
  }
  for (let d = 0; d < 6; d++) {
    level(s, row, acc, p.dimThemes[d]!, zero);
    s.dimScore[row * 6 + d] = acc.score;
    s.dimCoverage[row * 6 + d] = acc.coverage;
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
function themeParts(s: ColumnStore, row: number, acc: Acc, children: readonly number[], zero: boolean): void {
  const p = s.plan;
  reset(acc);
  for (const t of children) {
    const c = row * p.nThemes + t;
    part(acc, s.themeScore[c]!, p.themeWeight[t]!, s.themeCoverage[c]!, zero);
  }
}

function indicatorParts(s: ColumnStore, row: number, acc: Acc, inds: readonly number[], zero: boolean): void {
  const p = s.plan;
  const base = row * p.nInd;
  reset(acc);
  for (const k of inds) {
    const sc = s.score[base + k]!;
    part(acc, sc, p.themeIndWeight[k]!, Number.isNaN(sc) ? 0 : 1, zero);
  }
}

/** Overall or dimension: from theme aggregates (weighted by theme) or pooled from indicators. */
function level(s: ColumnStore, row: number, acc: Acc, themes: readonly number[], zero: boolean): void {
  const p = s.plan;
  const m = p.m;
  if (m.scoring.overall === 'indicators') {
    reset(acc);
    const base = row * p.nInd;
    for (const t of themes) {
      for (const k of p.themeSubInd[t]!) {
        const sc = s.score[base + k]!;
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
