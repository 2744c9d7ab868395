import type { CompiledIndicator, Point } from '../matrix/compiled';
import type { IndicatorStatus } from '../schema/report';

/** The final target: the latest year in `targets`, or null. */
export function finalTarget(ind: CompiledIndicator): Point | null {
  return ind.targets.length > 0 ? ind.targets[ind.targets.length - 1]! : null;
}

/**
 * The value expected in year `t` on the path baseline → milestones → final target (linear
 * interpolation between consecutive points; flat before the baseline and after the final target).
 */
export function milestoneValue(ind: CompiledIndicator, t: number): number | null {
  const b = ind.baseline;
  if (!b || ind.targets.length === 0) return null;
  if (t <= b.year) return b.value;
  let prev: Point = b;
  for (const p of ind.targets) {
    if (t <= p.year) return prev.value + ((p.value - prev.value) * (t - prev.year)) / (p.year - prev.year);
    prev = p;
  }
  return prev.value;
}

/**
 * Progress `p = (a − b) / (T − b)` from baseline `b` to final target `T`; null when either is missing or
 * `T = b` (a "maintain" indicator has no progress, only within/outside tolerance).
 */
export function progress(ind: CompiledIndicator, a: number): number | null {
  const b = ind.baseline;
  const T = finalTarget(ind);
  if (!b || !T || T.value === b.value) return null;
  const p = (a - b.value) / (T.value - b.value);
  // never -0 (equal inputs must print identically); never ±Infinity (a subnormal T − b)
  return Number.isFinite(p) ? (p === 0 ? 0 : p) : null;
}

/**
 * Expected progress in year `t`: from the milestone path, `(M(t) − b) / (T − b)`, clamped to [0, 1].
 * Without milestones this is `(t − y0) / (yT − y0)`.
 */
export function expectedProgress(ind: CompiledIndicator, t: number): number | null {
  const b = ind.baseline;
  const T = finalTarget(ind);
  if (!b || !T || T.value === b.value) return null;
  const m = milestoneValue(ind, t)!;
  const e = (m - b.value) / (T.value - b.value);
  return Number.isNaN(e) ? null : clamp01(e);
}

/** Slack on progress allowed for "on-track": the indicator's tolerance expressed as a share of `|T − b|`. */
export function progressSlack(ind: CompiledIndicator): number {
  const b = ind.baseline;
  const T = finalTarget(ind);
  if (!b || !T || T.value === b.value) return 0;
  return ind.tolerance / Math.abs(T.value - b.value);
}

/** Whether the indicator is judged as "stay at the target" (explicit maintain, or a qualitative target equal to the baseline). */
export function isMaintain(ind: CompiledIndicator): boolean {
  if (ind.direction === 'maintain') return true;
  const b = ind.baseline;
  const T = finalTarget(ind);
  return ind.kind === 'qualitative' && b !== null && T !== null && T.value === b.value;
}

/** The value a "maintain" indicator must stay at: its final target (null without one). */
export function maintainTarget(ind: CompiledIndicator): number | null {
  return finalTarget(ind)?.value ?? null;
}

/**
 * Status of a value `a` in year `t`. For "maintain" indicators: achieved within tolerance of the
 * target (at or above it, for qualitative levels), otherwise regressing. For the rest: achieved if
 * `p ≥ 1`, on-track if `p ≥ e(t) − slack`, regressing if `p < 0`, off-track otherwise.
 */
export function status(ind: CompiledIndicator, a: number | null, t: number): IndicatorStatus {
  if (a === null) return 'no-data';
  if (ind.baseline && t < ind.baseline.year) return 'no-target';
  if (isMaintain(ind)) {
    const T = maintainTarget(ind);
    if (T === null) return 'no-target';
    if (ind.kind === 'qualitative') return a >= T ? 'achieved' : 'regressing';
    return Math.abs(a - T) <= ind.tolerance ? 'achieved' : 'regressing';
  }
  if (!ind.baseline) return 'no-target';
  const p = progress(ind, a);
  const e = expectedProgress(ind, t);
  if (p === null || e === null) return 'no-target';
  if (p >= 1) return 'achieved';
  if (p >= e - progressSlack(ind)) return 'on-track';
  if (p < 0) return 'regressing';
  return 'off-track';
}

/** Clamp to [0, 1] (and turn -0 into 0). */
export function clamp01(x: number): number {
  return x <= 0 ? 0 : x > 1 ? 1 : x;
}
