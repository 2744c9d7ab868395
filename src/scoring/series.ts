import { dimensionIds } from '../dimensions';
import type { Series } from '../schema/report';
import { change, compoundAnnualRate, projectTargetYear, trendSlope } from './change';
import { type ColumnStore, NO_YEAR, STATUS } from './columns';
import { changeDirection } from './materialise';
import { finalTarget, isMaintain } from './progress';

const nul = (x: number): number | null => (Number.isNaN(x) ? null : x);

/**
 * Several years of one entity (store rows `rows`, years ascending), read from the columns: score
 * histories for overall, dimensions and themes, and per indicator the history, the change from the
 * first to the last year with data, the compound annual rate, the least-squares trend and the year
 * the final target is reached at that trend. Carried-forward values appear in the history but do
 * not feed trends.
 */
export function seriesOf(s: ColumnStore, rows: readonly number[]): Series {
  const p = s.plan;
  const m = p.m;
  return {
    entity: s.entities[s.entityOf[rows[0]!]!]!,
    years: rows.map((r) => s.year[r]!),
    overall: rows.map((r) => ({ year: s.year[r]!, score: nul(s.overallScore[r]!) })),
    dimensions: dimensionIds.map((id, d) => ({
      id,
      history: rows.map((r) => ({ year: s.year[r]!, score: nul(s.dimScore[r * 6 + d]!) })),
    })),
    themes: m.themes.map((th, t) => ({
      id: th.id,
      history: rows.map((r) => ({ year: s.year[r]!, score: nul(s.themeScore[r * p.nThemes + t]!) })),
    })),
    indicators: m.indicators.map((_, k) => indicatorSeries(s, rows, k)),
  };
}

function indicatorSeries(s: ColumnStore, rows: readonly number[], k: number): Series['indicators'][number] {
  const p = s.plan;
  const ind = p.m.indicators[k]!;
  const qual = ind.kind === 'qualitative';
  const history = rows.map((r) => {
    const c = r * p.nInd + k;
    const a = s.value[c]!;
    const lvl = s.level[c]!;
    return {
      year: s.year[r]!,
      value: qual || Number.isNaN(a) ? null : a,
      level: !Number.isNaN(a) && lvl >= 0 ? p.levelIds[k]![lvl]! : null,
      score: nul(s.score[c]!),
      status: STATUS[s.status[c]!]!,
    };
  });
  // Observed points on the indicator's numeric scale (level scores for qualitative indicators).
  const points: { year: number; value: number }[] = [];
  for (const r of rows) {
    const c = r * p.nInd + k;
    if (s.carriedFrom[c] !== NO_YEAR || Number.isNaN(s.value[c]!)) continue;
    points.push({ year: s.year[r]!, value: s.value[c]! });
  }
  const first = points[0];
  const last = points[points.length - 1];
  const ch =
    first && last && last.year > first.year
      ? change(first.year, first.value, last.value, changeDirection(p, k))
      : null;
  const annualRate =
    first && last ? compoundAnnualRate(first.year, first.value, last.year, last.value) : null;
  const trend = trendSlope(points);
  return {
    id: ind.id,
    history,
    change: ch,
    annualRate,
    trend,
    projection: projection(s, k, history, points, trend),
  };
}

function projection(
  s: ColumnStore,
  k: number,
  history: readonly { year: number; status: string }[],
  points: readonly { year: number; value: number }[],
  trend: number | null,
): Series['indicators'][number]['projection'] {
  const ind = s.plan.m.indicators[k]!;
  const T = finalTarget(ind);
  const achieved = history.find((h) => h.status === 'achieved');
  let lastWithData: { status: string } | undefined;
  for (let i = history.length - 1; i >= 0 && !lastWithData; i--) {
    const h = history[i]!;
    if (h.status !== 'no-data' && h.status !== 'no-target') lastWithData = h;
  }
  if (lastWithData?.status === 'achieved') return { reachesTargetIn: achieved!.year, note: 'achieved' };
  if (!T && !isMaintain(ind)) return { reachesTargetIn: null, note: 'no-target' };
  if (isMaintain(ind))
    return { reachesTargetIn: null, note: lastWithData ? 'not-at-this-rate' : 'too-few-points' };
  if (points.length < 2) return { reachesTargetIn: null, note: 'too-few-points' };
  const lastPoint = points[points.length - 1]!;
  const year = projectTargetYear(lastPoint.year, lastPoint.value, trend, T!.value);
  return year === null
    ? { reachesTargetIn: null, note: 'not-at-this-rate' }
    : { reachesTargetIn: year, note: 'on-course' };
}
