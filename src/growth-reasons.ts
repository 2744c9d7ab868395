/**
 * Why the "growth" progress method could not assess a value: a stable key (for the report
 * wording, `growth.reason.<key>`) and the English text the report carries in `growth.reason`.
 * Shared by the scoring core and the renderers, so it depends on nothing.
 */
export const growthReasons = [
  ['before-baseline', 'the year is before the baseline year'],
  ['too-few-years', 'a growth rate needs at least two years of data: the baseline year and a later one'],
  ['sign', 'the values do not share one sign, so no growth rate is defined'],
  ['flat', 'the target equals the baseline, so no growth rate is required'],
  ['overflow', 'the growth rates are too large to compare (a value too close to zero)'],
] as const;

export type GrowthReasonKey = (typeof growthReasons)[number][0];
