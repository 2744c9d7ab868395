import { dimensionIds } from '../dimensions';
import type { CardFacts } from '../report/enrich';
import {
  type DimensionResult,
  type IndicatorResult,
  type ReportingResult,
  SCORECARD_FORMAT,
  type Scorecard,
  type ThemeResult,
} from '../schema/report';
import { band } from './aggregate';
import { type ChangeDirection, change } from './change';
import {
  type Breakdown,
  type ColumnStore,
  F_OBSERVED,
  NO_YEAR,
  prevValueOf,
  ROW_STATUS,
  STATUS,
} from './columns';
import { growthAt, growthResult } from './growth';
import type { ScoringPlan } from './plan';
import { isMaintain, maintainTarget } from './progress';
import { traceOf } from './trace';
import { type YearPlan, yearPlan } from './year-plan';

const nul = (x: number): number | null => (Number.isNaN(x) ? null : x);

/** The scorecard of store row `row`, built from the columns: the object `score()` reports. */
export function scorecardOf(
  s: ColumnStore,
  row: number,
  withTrace: boolean,
  aggregatesOnly = false,
): Scorecard {
  const p = s.plan;
  const m = p.m;
  const yp = yearPlan(p, s.year[row]!);
  const name = s.entityName[row];
  const ov = s.overallScore[row]!;
  // Issue 16: a category's results need the aggregates only (its indicators are built one by one).
  const indicators: IndicatorResult[] = new Array(aggregatesOnly ? 0 : p.nInd);
  if (!aggregatesOnly) for (let k = 0; k < p.nInd; k++) indicators[k] = indicatorOf(s, row, k, yp, withTrace);
  return {
    format: SCORECARD_FORMAT,
    matrix: { id: m.id, version: m.version },
    entity: s.entities[s.entityOf[row]!]!,
    ...(name !== undefined ? { entityName: name } : {}),
    year: s.year[row]!,
    status: ROW_STATUS[s.rowStatus[row]!]!,
    submissions: s.submissions[row]!,
    ...(s.details[row] ? { submissionDetails: s.details[row]!.map((d) => ({ ...d })) } : {}),
    overall: { score: nul(ov), band: band(nul(ov), m.bands), coverage: s.overallCoverage[row]! },
    dimensions: dimensionsOf(s, row),
    themes: themesOf(s, row),
    indicators,
    reporting: aggregatesOnly ? [] : reportingOf(s, row, yp),
    warnings: s.warnings[row] ?? [],
  };
}

function dimensionsOf(s: ColumnStore, row: number): DimensionResult[] {
  const bands = s.plan.m.bands;
  return dimensionIds.map((id, d) => {
    const score = nul(s.dimScore[row * 6 + d]!);
    return {
      id,
      score,
      band: band(score, bands),
      coverage: s.dimCoverage[row * 6 + d]!,
      themes: [...s.plan.dimThemeIds[d]!],
    };
  });
}

function themesOf(s: ColumnStore, row: number): ThemeResult[] {
  const p = s.plan;
  return p.m.themes.map((th, t) => {
    const c = row * p.nThemes + t;
    const score = nul(s.themeScore[c]!);
    const r: ThemeResult = {
      id: th.id,
      dimension: th.dimension,
      score,
      band: band(score, p.m.bands),
      coverage: s.themeCoverage[c]!,
      reported: s.themeReported[c]!,
      total: p.themeSubInd[t]!.length,
    };
    if (th.parent >= 0) r.parent = p.m.themes[th.parent]!.id;
    return r;
  });
}

/** The direction a change is judged by. */
export function changeDirection(p: ScoringPlan, k: number): ChangeDirection {
  const ind = p.m.indicators[k]!;
  if (isMaintain(ind)) return { kind: 'maintain', target: maintainTarget(ind) ?? ind.baseline?.value ?? 0 };
  return ind.direction === 'decrease' ? { kind: 'decrease' } : { kind: 'increase' };
}

/**
 * What the derived warnings of `enrichReport` look at in the scorecard of row `row`, read from the
 * columns with the same rules as {@link indicatorOf} (value and level null, carried forward), so
 * that a report built on access can give its warnings before any scorecard is built.
 */
export function rowFacts(s: ColumnStore, row: number): CardFacts {
  const p = s.plan;
  const empty: string[] = [];
  let carried = false;
  for (let k = 0; k < p.nInd; k++) {
    const cell = row * p.nInd + k;
    const has = !Number.isNaN(s.value[cell]!);
    const valueNull = !has || p.m.indicators[k]!.kind === 'qualitative';
    const levelNull = !has || s.level[cell]! < 0;
    if (valueNull && levelNull) empty.push(p.m.indicators[k]!.id);
    if (has && s.carriedFrom[cell] !== NO_YEAR) carried = true;
  }
  return {
    entity: s.entities[s.entityOf[row]!]!,
    year: s.year[row]!,
    indicators: p.nInd,
    empty,
    byCategory: false,
    carried,
    warningCodes: (s.warnings[row] ?? []).map((w) => w.code),
  };
}

/** One indicator's result in a scorecard (key order as the report has always printed it). */
export function indicatorOf(
  s: ColumnStore,
  row: number,
  k: number,
  yp: YearPlan,
  withTrace: boolean,
): IndicatorResult {
  const p = s.plan;
  const ind = p.m.indicators[k]!;
  const cell = row * p.nInd + k;
  const a = s.value[cell]!;
  const lvl = s.level[cell]!;
  const has = !Number.isNaN(a);
  const r: IndicatorResult = {
    id: ind.id,
    theme: ind.theme,
    kind: ind.kind,
    value: has && ind.kind !== 'qualitative' ? a : null,
    level: has && lvl >= 0 ? p.levelIds[k]![lvl]! : null,
    score: nul(s.score[cell]!),
    progress: nul(s.progress[cell]!),
    expected: has ? nul(yp.expected[k]!) : null,
    target: p.targetRef[k]! as IndicatorResult['target'],
    milestone: yp.milestone[k]! as IndicatorResult['milestone'],
    status: STATUS[s.status[cell]!]!,
    change: null,
  };
  const reason = s.reason[cell]!;
  if (!has) r.reason = reason < 0 ? 'not reported' : s.reasons[reason]!;
  else {
    const carried = s.carriedFrom[cell]!;
    if (carried !== NO_YEAR) r.carriedFrom = carried;
    if (reason >= 0) r.reason = s.reasons[reason]!;
    const prevYear = s.prevYear[cell]!;
    if (prevYear !== NO_YEAR) r.change = change(prevYear, prevValueOf(s, row, k), a, changeDirection(p, k));
  }
  const bd = s.breakdown[cell];
  if (bd) r.breakdown = sortedBreakdown(bd);
  const meta = s.meta[cell];
  if (meta) {
    if (meta.source !== undefined) r.source = meta.source;
    if (meta.evidence !== undefined) r.evidence = meta.evidence;
    if (meta.reportedBy !== undefined) r.reportedBy = meta.reportedBy;
    if (meta.note !== undefined) r.note = meta.note;
  }
  const g = growthAt(s, row, k);
  if (g) r.growth = growthResult(g);
  if (withTrace) r.trace = traceOf(s, row, k, yp);
  return r;
}

/** Reporting compliance per institution: what each was due to report this year, and what is missing. */
function reportingOf(s: ColumnStore, row: number, yp: YearPlan): ReportingResult[] {
  const { nInd, nSlots } = s.plan;
  const reported = (slot: number) =>
    slot < 0
      ? false
      : slot < nInd
        ? (s.flags[row * nInd + slot]! & F_OBSERVED) !== 0
        : s.present[row * (nSlots - nInd) + slot - nInd] === 1;
  return yp.due.map((d) => {
    const missing: string[] = [];
    for (let i = 0; i < d.ids.length; i++) if (!reported(d.slots[i]!)) missing.push(d.ids[i]!);
    return {
      institution: d.institution,
      expected: d.ids.length,
      reported: d.ids.length - missing.length,
      missing,
    };
  });
}

/** A breakdown with dimensions and categories in sorted order (for byte-identical reports). */
function sortedBreakdown(b: Readonly<Record<string, Readonly<Record<string, number>>>>): Breakdown {
  const out: Breakdown = {};
  for (const dim of Object.keys(b).sort()) {
    const cats: Record<string, number> = {};
    for (const c of Object.keys(b[dim]!).sort()) cats[c] = b[dim]![c]!;
    out[dim] = cats;
  }
  return out;
}
