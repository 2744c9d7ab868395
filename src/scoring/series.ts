import type { CompiledMatrix } from '../matrix/compiled';
import type { Scorecard, Series } from '../schema/report';
import { change, compoundAnnualRate, projectTargetYear, trendSlope } from './change';
import { finalTarget, isMaintain, maintainTarget } from './progress';

/**
 * Several years of one entity: score histories for overall, dimensions and themes, and per
 * indicator the history, the change from the first to the last year with data, the compound
 * annual rate, the least-squares trend and the year the final target is reached at that trend.
 * Carried-forward values appear in the history but do not feed trends.
 */
export function buildSeries(m: CompiledMatrix, entity: string, cards: readonly Scorecard[]): Series {
  const years = cards.map((c) => c.year);
  return {
    entity,
    years,
    overall: cards.map((c) => ({ year: c.year, score: c.overall.score })),
    dimensions: cards[0]!.dimensions.map((d, i) => ({
      id: d.id,
      history: cards.map((c) => ({ year: c.year, score: c.dimensions[i]!.score })),
    })),
    themes: m.themes.map((th, i) => ({
      id: th.id,
      history: cards.map((c) => ({ year: c.year, score: c.themes[i]!.score })),
    })),
    indicators: m.indicators.map((ind, i) => {
      const history = cards.map((c) => {
        const r = c.indicators[i]!;
        return { year: c.year, value: r.value, level: r.level, score: r.score, status: r.status };
      });
      // Observed points on the indicator's numeric scale (level scores for qualitative indicators).
      const points: { year: number; value: number }[] = [];
      for (const c of cards) {
        const r = c.indicators[i]!;
        if (r.carriedFrom !== undefined) continue;
        const v =
          ind.kind === 'qualitative'
            ? r.level !== null
              ? (ind.levels!.get(r.level) ?? null)
              : null
            : r.value;
        if (v !== null) points.push({ year: c.year, value: v });
      }
      const first = points[0];
      const last = points[points.length - 1];
      const dir = isMaintain(ind)
        ? ({ kind: 'maintain', target: maintainTarget(ind) ?? ind.baseline?.value ?? 0 } as const)
        : ind.direction === 'decrease'
          ? ({ kind: 'decrease' } as const)
          : ({ kind: 'increase' } as const);
      const ch =
        first && last && last.year > first.year ? change(first.year, first.value, last.value, dir) : null;
      const annualRate =
        first && last ? compoundAnnualRate(first.year, first.value, last.year, last.value) : null;
      const trend = trendSlope(points);
      return {
        id: ind.id,
        history,
        change: ch,
        annualRate,
        trend,
        projection: projection(m, i, history, points, trend),
      };
    }),
  };
}

function projection(
  m: CompiledMatrix,
  i: number,
  history: readonly { year: number; status: string }[],
  points: readonly { year: number; value: number }[],
  trend: number | null,
): Series['indicators'][number]['projection'] {
  const ind = m.indicators[i]!;
  const T = finalTarget(ind);
  const achieved = history.find((h) => h.status === 'achieved');
  const lastWithData = [...history].reverse().find((h) => h.status !== 'no-data' && h.status !== 'no-target');
  if (lastWithData?.status === 'achieved') return { reachesTargetIn: achieved!.year, note: 'achieved' };
  if (!T && !isMaintain(ind)) return { reachesTargetIn: null, note: 'no-target' };
  if (isMaintain(ind))
    return { reachesTargetIn: null, note: lastWithData ? 'not-at-this-rate' : 'too-few-points' };
  if (points.length < 2) return { reachesTargetIn: null, note: 'too-few-points' };
  const last = points[points.length - 1]!;
  const year = projectTargetYear(last.year, last.value, trend, T!.value);
  return year === null
    ? { reachesTargetIn: null, note: 'not-at-this-rate' }
    : { reachesTargetIn: year, note: 'on-course' };
}
