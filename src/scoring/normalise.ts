import type { CompiledIndicator } from '../matrix/compiled';
import { transcendental } from './_math';
import { clamp01, isMaintain, maintainTarget, progress } from './progress';

/**
 * Score of a value on 0–100 by the indicator's normalisation:
 * - `levels`: the level's score (the value passed is already the level score);
 * - `target`: `100 · clamp(p, 0, 1)`; "maintain": 100 within tolerance of the target, else 0;
 * - `goalposts`: `100 · clamp((x − min) / (max − min), 0, 1)` on `x` or `ln x`, reversed when decreasing;
 * - `none`: null (nothing to score against).
 * Years before the baseline have no target-based score (null).
 */
export function normalise(ind: CompiledIndicator, a: number, t: number): number | null {
  switch (ind.normalisation) {
    case 'levels':
      return a;
    case 'target': {
      if (ind.baseline && t < ind.baseline.year) return null;
      if (isMaintain(ind)) {
        const T = maintainTarget(ind);
        return T === null ? null : Math.abs(a - T) <= ind.tolerance ? 100 : 0;
      }
      const p = progress(ind, a);
      return p === null ? null : 100 * clamp01(p);
    }
    case 'goalposts':
      return goalpostScore(ind, a);
    default:
      return null;
  }
}

/** Min–max score between goalposts, optionally on a log scale, direction-aware and clamped. */
export function goalpostScore(ind: CompiledIndicator, a: number): number | null {
  const g = ind.goalposts;
  if (!g) return null;
  let s: number;
  if (g.log) {
    // ln a has no value at 0 or below: no score (observations are refused there at validation;
    // only a formula result can get here). Issue 19 #14.
    if (!(a > 0)) return null;
    s = transcendental((Math.log(a) - Math.log(g.min)) / (Math.log(g.max) - Math.log(g.min)));
  } else {
    s = (a - g.min) / (g.max - g.min);
  }
  s = clamp01(s);
  return 100 * (ind.direction === 'decrease' ? 1 - s : s) + 0; // + 0 turns -0 into 0
}
