import { issue, type MgiIssue } from '../errors';
import type { GrowthThresholds, Matrix, ProgressMethod } from '../schema/matrix';
import type { CompiledIndicator } from './compiled';

/** The thresholds of the "growth" method, every one resolved. */
export type GrowthSettings = { readonly [K in keyof GrowthThresholds]-?: number };
type Mutable = { -readonly [K in keyof GrowthSettings]: number };

/** The Open SDG / sdg-build defaults of the "growth" progress method. */
export const DEFAULT_GROWTH_THRESHOLDS: GrowthSettings = Object.freeze({
  onTrack: 0.95,
  acceleration: 0.6,
  limited: 0,
  substantial: 0.01,
  moderate: 0,
  deterioration: -0.01,
  zero: 0.001,
});

/** What {@link resolveProgress} adds to the compiled matrix. */
export interface ProgressSettings {
  readonly progress: ProgressMethod;
  readonly growth: GrowthSettings;
  readonly hasGrowth: boolean;
}

/** Whether the "growth" method can judge an indicator: numeric, not "maintain", with a baseline. */
function canGrow(c: CompiledIndicator): boolean {
  return c.kind !== 'qualitative' && c.direction !== 'maintain' && c.baseline !== null;
}

/**
 * Resolve each compiled indicator's progress method (its own `progress`, else the matrix default
 * where the growth method applies, else "linear") and check the thresholds. An indicator that asks
 * for "growth" but cannot be judged by it, and thresholds out of order, are issues.
 */
export function resolveProgress(
  matrix: Matrix,
  compiled: readonly CompiledIndicator[],
  issues: MgiIssue[],
): ProgressSettings {
  const fallback = matrix.scoring?.progress ?? 'linear';
  let hasGrowth = false;
  for (const c of compiled) {
    const raw = matrix.indicators[c.index]!;
    const own = raw.kind === 'qualitative' ? undefined : raw.progress;
    let method: ProgressMethod = own ?? (canGrow(c) ? fallback : 'linear');
    if (own === 'growth' && !canGrow(c)) {
      const why = c.direction === 'maintain' ? 'a "maintain" indicator' : `${c.id} without a "baseline"`;
      issues.push(
        issue(
          'progress-unavailable',
          ['indicators', c.index, 'progress'],
          `"growth" progress cannot judge ${why}`,
          {
            hint: 'growth rates are measured from the baseline in the desired direction; use "linear" or add a baseline',
          },
        ),
      );
      method = 'linear';
    }
    (c as { progress: ProgressMethod }).progress = method;
    if (method === 'growth') hasGrowth = true;
  }
  const given = matrix.scoring?.growth ?? {};
  const growth: Mutable = { ...DEFAULT_GROWTH_THRESHOLDS };
  for (const key of Object.keys(growth) as (keyof GrowthSettings)[]) {
    const v = given[key];
    if (v !== undefined) growth[key] = v;
  }
  checkOrder(growth, ['onTrack', 'acceleration', 'limited'], issues);
  checkOrder(growth, ['substantial', 'moderate', 'deterioration'], issues);
  return { progress: fallback, growth: Object.freeze(growth), hasGrowth };
}

/** Each threshold must not be above the one before it. */
function checkOrder(g: GrowthSettings, keys: readonly (keyof GrowthThresholds)[], issues: MgiIssue[]): void {
  for (let i = 1; i < keys.length; i++) {
    const hi = keys[i - 1]!;
    const lo = keys[i]!;
    if (g[lo] > g[hi]) {
      issues.push(
        issue(
          'growth-thresholds-order',
          ['scoring', 'growth', lo],
          `growth threshold "${lo}" (${g[lo]}) is above "${hi}" (${g[hi]})`,
          { expected: `${keys.join(' ≥ ')}` },
        ),
      );
    }
  }
}
