import type { Change } from '../schema/report';
import { transcendental } from './_math';

/** Which way is better for a change. `maintain` compares distances to `target`. */
export type ChangeDirection =
  | { readonly kind: 'increase' }
  | { readonly kind: 'decrease' }
  | { readonly kind: 'maintain'; readonly target: number };

/**
 * Year-over-year change from `from` (year `fromYear`) to `to`: absolute, relative to `|from|`, and
 * whether it is an improvement given the direction. Antisymmetric: swapping the two negates
 * `absolute` and swaps improvement and deterioration.
 */
export function change(fromYear: number, from: number, to: number, dir: ChangeDirection): Change {
  // `+ 0` turns -0 into 0, so equal inputs always print the same.
  from += 0;
  to += 0;
  const absolute = to - from + 0;
  const relative = from === 0 ? null : finiteOrNull(absolute / Math.abs(from));
  let better: number;
  if (dir.kind === 'increase') better = absolute;
  else if (dir.kind === 'decrease') better = -absolute;
  else better = Math.abs(from - dir.target) - Math.abs(to - dir.target);
  return {
    fromYear,
    from,
    to,
    absolute,
    relative,
    assessment: better > 0 ? 'improvement' : better < 0 ? 'deterioration' : 'unchanged',
  };
}

/**
 * Compound annual rate `(last / first)^(1 / years) − 1`; null unless both values are positive and
 * the years differ.
 */
export function compoundAnnualRate(
  firstYear: number,
  first: number,
  lastYear: number,
  last: number,
): number | null {
  if (!(first > 0 && last > 0) || lastYear <= firstYear) return null;
  return finiteOrNull(transcendental((last / first) ** (1 / (lastYear - firstYear)) - 1));
}

/** Least-squares slope of value per year; null with fewer than two distinct years. */
export function trendSlope(
  points: readonly { readonly year: number; readonly value: number }[],
): number | null {
  const n = points.length;
  if (n < 2) return null;
  let sx = 0;
  let sy = 0;
  for (const p of points) {
    sx += p.year;
    sy += p.value;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.year - mx) ** 2;
    sxy += (p.year - mx) * (p.value - my);
  }
  return sxx === 0 ? null : finiteOrNull(sxy / sxx);
}

/** A finite number, or null (overflow to ±Infinity or NaN must never reach a report). */
export function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? (x === 0 ? 0 : x) : null;
}

/**
 * The first whole year in which the trend line from the last observation reaches the target:
 * `lastYear + ceil((T − last) / slope)`; null when the trend does not move towards the target, or
 * would take more than 1000 years.
 */
export function projectTargetYear(
  lastYear: number,
  last: number,
  slope: number | null,
  target: number,
): number | null {
  if (slope === null || slope === 0) return null;
  const years = (target - last) / slope;
  // Beyond a millennium (or an overflow) the trend does not reach the target in any useful sense.
  if (!Number.isFinite(years) || years > 1000) return null;
  if (years <= 0) return years === 0 ? lastYear : null;
  return lastYear + Math.ceil(years - 1e-9);
}
