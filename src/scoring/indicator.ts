import type { CompiledIndicator } from '../matrix/compiled';
import { warning } from './_issues';
import {
  addWarning,
  type ColumnStore,
  F_OBSERVED,
  intern,
  NO_YEAR,
  S_ACHIEVED,
  S_NO_TARGET,
  S_OFF_TRACK,
  S_ON_TRACK,
  S_REGRESSING,
} from './columns';
import { evaluateFormula } from './formula';
import { measureGrowth } from './growth';
import type { Group } from './merge';
import { goalpostScore } from './normalise';
import { Norm, type ScoringPlan } from './plan';
import { clamp01 } from './progress';
import type { YearPlan } from './year-plan';

/** The latest real (not carried) value of each indicator of one entity, for change and carry-forward. */
export interface History {
  readonly year: Int32Array;
  readonly value: Float64Array;
  readonly level: Int32Array;
}

export function newHistory(plan: ScoringPlan): History {
  return {
    year: new Int32Array(plan.nInd).fill(NO_YEAR),
    value: new Float64Array(plan.nInd),
    level: new Int32Array(plan.nInd),
  };
}

/** Score every indicator of row `row` (group `g`) into the store, in evaluation order. */
export function scoreIndicators(s: ColumnStore, row: number, g: Group, h: History, yp: YearPlan): void {
  const plan = s.plan;
  const m = plan.m;
  for (const k of m.order) {
    const ind = m.indicators[k]!;
    const cell = row * plan.nInd + k;
    const reason = observe(s, row, cell, ind, g);
    if (reason !== undefined) {
      if (!carryForward(s, row, cell, ind, g, h, reason)) {
        s.reason[cell] = intern(s, reason);
        continue;
      }
    }
    measure(s, row, cell, ind, g, yp, h);
  }
  // Keep real (not carried) values for next years' change and carry-forward.
  const base = row * plan.nInd;
  for (let k = 0; k < plan.nInd; k++) {
    const cell = base + k;
    if (!Number.isNaN(s.value[cell]!) && s.carriedFrom[cell] === NO_YEAR) {
      h.year[k] = g.year;
      h.value[k] = s.value[cell]!;
      h.level[k] = s.level[cell]!;
    }
  }
}

/** Put the observed (or computed) value in the cell; returns why there is none, if there is none. */
function observe(
  s: ColumnStore,
  row: number,
  cell: number,
  ind: CompiledIndicator,
  g: Group,
): string | undefined {
  const slot = ind.index;
  if (ind.formula) {
    const r = evaluateFormula(s, row, ind, g);
    if (typeof r === 'string') return r;
    s.value[cell] = r.value;
    if (r.breakdown) s.breakdown[cell] = r.breakdown;
    return undefined;
  }
  if (g.excluded?.has(slot)) return g.excluded.get(slot)!;
  const obs = g.obs[slot];
  if (obs === undefined)
    return g.invalid?.has(slot) ? 'reported with an invalid value (see errors)' : 'not reported';
  if (obs.missing !== undefined) return missingReason(obs.missing);
  if (obs.value === undefined && obs.level === undefined) return 'reported by category only';
  s.flags[cell]! |= F_OBSERVED;
  if (
    obs.source !== undefined ||
    obs.evidence !== undefined ||
    obs.reportedBy !== undefined ||
    obs.note !== undefined
  ) {
    s.meta[cell] = obs;
    s.aliased.push(cell);
  }
  if (ind.kind === 'qualitative') {
    s.value[cell] = ind.levels!.get(obs.level!)!;
    s.level[cell] = s.plan.levelIndex[slot]!.get(obs.level!)!;
    return undefined;
  }
  s.value[cell] = obs.value!;
  if (obs.breakdown) {
    // Kept as given; sorted when the scorecard is built.
    s.breakdown[cell] = obs.breakdown;
    s.aliased.push(cell);
    if (!isNonAdditive(s, ind.index)) checkBreakdownSum(s, row, ind.id, obs.value!, obs.breakdown, g);
  }
  return undefined;
}

/** Carry the latest earlier value forward when the policy allows; a value in dispute or reported invalidly is not papered over. */
function carryForward(
  s: ColumnStore,
  row: number,
  cell: number,
  ind: CompiledIndicator,
  g: Group,
  h: History,
  reason: string,
): boolean {
  const m = s.plan.m;
  if (m.scoring.missing !== 'carryForward' || g.excluded?.has(ind.index) || g.invalid?.has(ind.index))
    return false;
  const last = h.year[ind.index]!;
  const t = g.year;
  if (last === NO_YEAR || !(t - last <= m.scoring.maxYears && last < t)) return false;
  s.value[cell] = h.value[ind.index]!;
  s.level[cell] = h.level[ind.index]!;
  s.carriedFrom[cell] = last;
  s.because.set(cell, intern(s, reason));
  const msg = `${ind.id}: ${reason}; the ${last} value is carried forward`;
  addWarning(s, row, warning('carried-forward', msg, g.entity, t, ind.id));
  return true;
}

/** Progress, status, score and change of a cell that has a value. */
function measure(
  s: ColumnStore,
  row: number,
  cell: number,
  ind: CompiledIndicator,
  g: Group,
  yp: YearPlan,
  h: History,
): void {
  const p = s.plan;
  const k = ind.index;
  const a = s.value[cell]!;
  const t = yp.year;
  const beforeBase = t < p.baseYear[k]!;
  if (beforeBase && p.hasTargets[k]) {
    const msg = `${ind.id}: ${t} is before the baseline year ${p.baseYear[k]}; no progress is measured`;
    addWarning(s, row, warning('year-before-baseline', msg, g.entity, t, ind.id));
  }
  const span = p.span[k]!;
  let prog = (a - p.base[k]!) / span;
  if (!Number.isFinite(prog)) prog = Number.NaN;
  else if (prog === 0) prog = 0;
  if (!beforeBase) s.progress[cell] = prog;
  s.status[cell] = statusOf(p, k, a, prog, yp.expected[k]!, beforeBase);
  let score = scoreOf(p, k, ind, a, prog, beforeBase);
  if (ind.progress === 'growth') score = measureGrowth(s, row, k, score);
  s.score[cell] = score;
  if (Number.isNaN(score) && s.reason[cell]! < 0) {
    const why = noScoreReason(p, k, ind, a, span, beforeBase);
    if (why !== undefined) s.reason[cell] = intern(s, why);
  }
  const last = h.year[k]!;
  if (last !== NO_YEAR && last < t) {
    s.prevYear[cell] = last;
  }
}

/** Why a cell with a value has no score, where that is not self-evident. */
function noScoreReason(
  p: ScoringPlan,
  k: number,
  ind: CompiledIndicator,
  a: number,
  span: number,
  beforeBase: boolean,
): string | undefined {
  const norm = p.norm[k];
  if (norm === Norm.None) return 'no target or goalposts to score against';
  if (norm === Norm.Goalposts && ind.goalposts?.log && !(a > 0))
    return `the value ${a} is not above 0, so it has no place on the log-scale goalposts`;
  if (norm === Norm.Target && !beforeBase && !Number.isNaN(span))
    return `the target and the baseline differ by only ${span}, too little to measure progress against`;
  return undefined;
}

function statusOf(
  p: ScoringPlan,
  k: number,
  a: number,
  prog: number,
  e: number,
  beforeBase: boolean,
): number {
  if (beforeBase) return S_NO_TARGET;
  if (p.maintain[k]) {
    const T = p.maintainAt[k]!;
    if (Number.isNaN(T)) return S_NO_TARGET;
    if (p.qualitative[k]) return a >= T ? S_ACHIEVED : S_REGRESSING;
    return Math.abs(a - T) <= p.tolerance[k]! ? S_ACHIEVED : S_REGRESSING;
  }
  if (Number.isNaN(p.baseYear[k]!) || Number.isNaN(prog) || Number.isNaN(e)) return S_NO_TARGET;
  if (prog >= 1) return S_ACHIEVED;
  if (prog >= e - p.slack[k]!) return S_ON_TRACK;
  if (prog < 0) return S_REGRESSING;
  return S_OFF_TRACK;
}

function scoreOf(
  p: ScoringPlan,
  k: number,
  ind: CompiledIndicator,
  a: number,
  prog: number,
  beforeBase: boolean,
): number {
  switch (p.norm[k]) {
    case Norm.Levels:
      return a;
    case Norm.Maintain: {
      if (beforeBase) return Number.NaN;
      const T = p.maintainAt[k]!;
      return Number.isNaN(T) ? Number.NaN : Math.abs(a - T) <= p.tolerance[k]! ? 100 : 0;
    }
    case Norm.Target:
      return beforeBase || Number.isNaN(prog) ? Number.NaN : 100 * clamp01(prog);
    case Norm.Goalposts:
      return goalpostScore(ind, a) ?? Number.NaN;
    default:
      return Number.NaN;
  }
}

const missingReasons = new Map<string, string>();

/** "reported missing: …", built once per distinct reason. */
function missingReason(why: string): string {
  let r = missingReasons.get(why);
  if (r === undefined) {
    r = `reported missing: ${why}`;
    if (missingReasons.size < 10_000) missingReasons.set(why, r);
  }
  return r;
}

export function checkBreakdownSum(
  s: ColumnStore,
  row: number,
  id: string,
  total: number,
  breakdown: Readonly<Record<string, Readonly<Record<string, number>>>>,
  g: Group,
): void {
  for (const dim in breakdown) {
    const cats = breakdown[dim]!;
    let sum = 0;
    for (const c in cats) sum += cats[c]!;
    const tol = Math.max(0.5, Math.abs(total) * 0.005);
    if (Math.abs(sum - total) > tol) {
      const msg = `${id}: the "${dim}" breakdown adds up to ${round6(sum)}, not the total ${total}`;
      addWarning(s, row, warning('breakdown-mismatch', msg, g.entity, g.year, id));
    }
  }
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Issue 16: `additive: false` (rates, averages) means the categories need not add up to the total. */
function isNonAdditive(s: ColumnStore, k: number): boolean {
  const ind = s.plan.m.matrix.indicators[k]!;
  return ind.kind !== 'qualitative' && ind.additive === false;
}
