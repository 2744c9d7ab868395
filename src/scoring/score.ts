import { dimensionIds } from '../dimensions';
import { issue, MgiError, type MgiIssue } from '../errors';
import type { FormulaEngine } from '../formula/types';
import { countIssue, type Limits, resolveLimits } from '../limits';
import { checkAssessment } from '../matrix/check-assessment';
import type { CompiledIndicator, CompiledMatrix } from '../matrix/compiled';
import { compiledFor } from '../parse';
import { MAX_MAGNITUDE } from '../schema/_common';
import type { Assessment, Observation } from '../schema/assessment';
import type { Matrix } from '../schema/matrix';
import {
  type DimensionResult,
  type IndicatorResult,
  REPORT_FORMAT,
  type Report,
  type ReportIssue,
  type ReportingResult,
  type ReportMatrix,
  SCORECARD_FORMAT,
  type Scorecard,
  type ThemeResult,
  type TraceStep,
} from '../schema/report';
import { type Aggregate, aggregate, band, type MissingRule, type Part } from './aggregate';
import { type ChangeDirection, change } from './change';
import { normalise } from './normalise';
import {
  expectedProgress,
  finalTarget,
  isMaintain,
  maintainTarget,
  milestoneValue,
  progress,
  progressSlack,
  status,
} from './progress';
import { buildSeries } from './series';

/** Options of {@link scoreWith} / `score()`. */
export interface ScoreOptions {
  /** Include a calculation trace per indicator (default true). Turn off for speed. */
  readonly trace?: boolean;
  /** A name per assessment (file name, institution), used in conflict errors and warnings. */
  readonly sources?: readonly (string | undefined)[];
  /** Score only this year; other years still feed year-over-year change and carry-forward. */
  readonly year?: number;
  /** Size limits (entities and years per batch); see `Limits`. */
  readonly limits?: Partial<Limits>;
}

type Value = { value: number; level: string | null; carriedFrom?: number };

interface Merged {
  entity: string;
  entityName: string | undefined;
  year: number;
  status: 'provisional' | 'final' | null;
  submissions: string[];
  observations: Map<string, Observation>;
  /** Observation ids reported differently by several submissions, with the reason. */
  excluded: Map<string, string>;
  /** Observation ids only ever reported invalidly (each is in the errors). */
  invalid: Set<string>;
  /** Who reported each observation (identical reports merge), to name every side of a conflict. */
  origin: Map<string, string[]>;
}

/**
 * Score assessments against a matrix: the annual M&E calculation for every entity-year, plus a
 * series per entity with several years. Pure and deterministic. Problems with individual
 * assessments go to `report.errors`; everything else is still scored.
 */
export function scoreWith(
  matrixInput: Matrix | CompiledMatrix,
  assessments: readonly Assessment[],
  options: ScoreOptions = {},
  engine?: FormulaEngine,
): Report {
  const m = compiledFor(matrixInput, engine);
  const wantTrace = options.trace !== false;
  const errors: ReportIssue[] = [];
  const warnings: ReportIssue[] = [];

  const groups = mergeSubmissions(m, assessments, options.sources ?? [], errors);
  const byEntity = new Map<string, Merged[]>();
  for (const g of groups) {
    const list = byEntity.get(g.entity) ?? [];
    list.push(g);
    byEntity.set(g.entity, list);
  }
  const entities = [...byEntity.keys()].sort(cmp);
  const limits = resolveLimits(options.limits);
  const tooMany = countIssue(entities.length, limits.maxEntities, [], 'entities in one batch', 'maxEntities');
  if (tooMany) throw new MgiError([tooMany]);
  for (const [entity, list] of byEntity) {
    const years = countIssue(list.length, limits.maxYears, [], `years for entity ${entity}`, 'maxYears');
    if (years) throw new MgiError([years]);
  }
  const scorecards: Scorecard[] = [];
  const series: Report['series'] = [];
  for (const entity of entities) {
    const years = byEntity.get(entity)!.sort((a, b) => a.year - b.year);
    const history = new Map<string, { year: number; value: Value }[]>();
    const cards: Scorecard[] = [];
    for (const g of years) {
      const card = scoreEntityYear(m, g, history, wantTrace);
      if (options.year === undefined || g.year === options.year) {
        cards.push(card);
        for (const w of card.warnings) warnings.push(w);
      }
    }
    for (const item of cards) scorecards.push(item);
    if (cards.length > 1) series.push(buildSeries(m, entity, cards));
  }
  return {
    format: REPORT_FORMAT,
    matrix: reportMatrix(m),
    scorecards,
    series,
    warnings,
    errors,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sameObservation(a: Observation, b: Observation): boolean {
  return (
    a.value === b.value &&
    a.level === b.level &&
    a.missing === b.missing &&
    canonical(a.breakdown) === canonical(b.breakdown)
  );
}

function canonical(v: unknown): string {
  if (v === undefined) return '';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** Group assessments by entity-year, check each against the matrix and merge submissions. */
function mergeSubmissions(
  m: CompiledMatrix,
  assessments: readonly Assessment[],
  sources: readonly (string | undefined)[],
  errors: ReportIssue[],
): Merged[] {
  const groups = new Map<string, Merged>();
  assessments.forEach((a, i) => {
    // score() takes parsed assessments; anything else is named, not a TypeError.
    if (!looksParsed(a)) {
      errors.push(
        toReportIssue(
          issue(
            'invalid-type',
            [],
            `assessments[${i}] is not a parsed assessment; use parseAssessment() first`,
          ),
          {
            source: sources[i] ?? `assessments[${i}]`,
          },
        ),
      );
      return;
    }
    // Errors name the file and the institution; the scorecard lists who submitted.
    const where = sources[i];
    const source =
      where !== undefined && a.submittedBy !== undefined
        ? `${a.submittedBy} (${where})`
        : (where ?? a.submittedBy ?? `assessments[${i}]`);
    const issues = checkAssessment(m, a);
    const badIds = new Set<string>();
    let fatal = false;
    for (const is of issues) {
      errors.push(toReportIssue(is, { entity: a.entity, year: a.year, source }));
      if (is.code === 'matrix-mismatch') fatal = true;
      if (is.path[0] === 'observations' && typeof is.path[1] === 'string') badIds.add(is.path[1]);
    }
    if (fatal) return;
    const key = `${a.entity}\u0000${a.year}`;
    let g = groups.get(key);
    if (!g) {
      g = {
        entity: a.entity,
        entityName: a.entityName,
        year: a.year,
        status: a.status ?? null,
        submissions: [],
        observations: new Map(),
        excluded: new Map(),
        invalid: new Set(),
        origin: new Map(),
      };
      groups.set(key, g);
    } else {
      if (g.status !== a.status)
        g.status = g.status === 'provisional' || a.status === 'provisional' ? 'provisional' : null;
      g.entityName ??= a.entityName;
    }
    g.submissions.push(a.submittedBy ?? where ?? `assessments[${i}]`);
    for (const [id, obs] of Object.entries(a.observations)) {
      // An invalid observation is named in the errors and left out; another submission's valid
      // value for the same id still counts.
      if (badIds.has(id)) {
        if (!g.observations.has(id) && !g.excluded.has(id)) g.invalid.add(id);
        continue;
      }
      const conflict = g.excluded.get(id);
      if (conflict !== undefined) {
        // A third (fourth, …) submission of an id already in conflict is named too.
        errors.push(
          toReportIssue(
            issue(
              'conflict',
              ['observations', id],
              `${id} for ${a.entity} ${a.year} is also reported by ${source} (${describeObs(obs)}), while in ${conflict}`,
            ),
            { entity: a.entity, year: a.year, source, indicator: id },
          ),
        );
        continue;
      }
      g.invalid.delete(id);
      const prev = g.observations.get(id);
      if (prev === undefined) {
        g.observations.set(id, obs);
        g.origin.set(id, [source]);
      } else if (sameObservation(prev, obs)) {
        g.origin.get(id)!.push(source);
      } else {
        const first = g.origin.get(id)!.join(' and ');
        errors.push(
          toReportIssue(
            issue(
              'conflict',
              ['observations', id],
              `${id} for ${a.entity} ${a.year} is reported differently by ${first} (${describeObs(prev)}) and ${source} (${describeObs(obs)})`,
              { hint: 'agree on one value and correct the other submission' },
            ),
            { entity: a.entity, year: a.year, source, indicator: id },
          ),
        );
        g.observations.delete(id);
        g.excluded.set(id, `conflict between ${first} and ${source}`);
      }
    }
  });
  return [...groups.values()];
}

function looksParsed(a: unknown): a is Assessment {
  if (a === null || typeof a !== 'object') return false;
  const x = a as Partial<Assessment>;
  return (
    typeof x.matrix === 'string' &&
    typeof x.entity === 'string' &&
    Number.isInteger(x.year) &&
    x.observations !== null &&
    typeof x.observations === 'object' &&
    Object.values(x.observations).every((o) => o !== null && typeof o === 'object')
  );
}

/** Language maps with their keys sorted, so the report's bytes do not depend on input key order. */
function canonicalText(t: string | Readonly<Record<string, string>>): string | Record<string, string> {
  if (typeof t === 'string') return t;
  const out: Record<string, string> = {};
  for (const k of Object.keys(t).sort()) out[k] = t[k]!;
  return out;
}

/** A breakdown with dimensions and categories in sorted order (for byte-identical reports). */
function sortedBreakdown(
  b: Readonly<Record<string, Readonly<Record<string, number>>>>,
): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const dim of Object.keys(b).sort()) {
    const cats: Record<string, number> = {};
    for (const c of Object.keys(b[dim]!).sort()) cats[c] = b[dim]![c]!;
    out[dim] = cats;
  }
  return out;
}

function describeObs(o: Observation): string {
  if (o.value !== undefined)
    return `value ${o.value}${o.breakdown ? ` with breakdown ${canonical(o.breakdown)}` : ''}`;
  if (o.level !== undefined) return `level "${o.level}"`;
  return `missing: ${o.missing}`;
}

function toReportIssue(
  i: MgiIssue,
  ctx: { entity?: string; year?: number; source?: string; indicator?: string },
): ReportIssue {
  const out: ReportIssue = { code: i.code, message: i.message, path: [...i.path] };
  if (ctx.entity !== undefined) out.entity = ctx.entity;
  if (ctx.year !== undefined) out.year = ctx.year;
  const ind =
    ctx.indicator ?? (i.path[0] === 'observations' && typeof i.path[1] === 'string' ? i.path[1] : undefined);
  if (ind !== undefined) out.indicator = ind;
  const source = i.source ?? ctx.source;
  if (source !== undefined) out.source = source;
  if (i.hint !== undefined) out.hint = i.hint;
  return out;
}

function warn(list: ReportIssue[], code: string, message: string, g: Merged, indicator?: string): void {
  const w: ReportIssue = {
    code,
    message,
    path: indicator ? ['observations', indicator] : [],
    entity: g.entity,
    year: g.year,
  };
  if (indicator !== undefined) w.indicator = indicator;
  list.push(w);
}

function changeDirection(ind: CompiledIndicator): ChangeDirection {
  if (isMaintain(ind)) return { kind: 'maintain', target: maintainTarget(ind) ?? ind.baseline?.value ?? 0 };
  return ind.direction === 'decrease' ? { kind: 'decrease' } : { kind: 'increase' };
}

function scoreEntityYear(
  m: CompiledMatrix,
  g: Merged,
  history: Map<string, { year: number; value: Value }[]>,
  wantTrace: boolean,
): Scorecard {
  const t = g.year;
  const warnings: ReportIssue[] = [];
  const values = new Map<string, Value>();
  const results: IndicatorResult[] = new Array(m.indicators.length);
  const breakdowns = new Map<string, Record<string, Record<string, number>>>();

  for (const idx of m.order) {
    const ind = m.indicators[idx]!;
    const trace: TraceStep[] | undefined = wantTrace ? [] : undefined;
    let val: Value | null = null;
    let reason: string | undefined;
    let breakdown: Record<string, Record<string, number>> | undefined;
    const obs = g.observations.get(ind.id);

    if (ind.formula) {
      const r = evaluateFormula(m, ind, g, values, breakdowns, trace);
      if (typeof r === 'string') reason = r;
      else {
        val = { value: r.value, level: null };
        breakdown = r.breakdown;
      }
    } else if (g.excluded.has(ind.id)) {
      reason = g.excluded.get(ind.id)!;
    } else if (obs === undefined) {
      reason = g.invalid.has(ind.id) ? 'reported with an invalid value (see errors)' : 'not reported';
    } else if (obs.missing !== undefined) {
      reason = `reported missing: ${obs.missing}`;
    } else if (ind.kind === 'qualitative') {
      val = { value: ind.levels!.get(obs.level!)!, level: obs.level! };
      trace?.push({
        step: 'observed',
        inputs: { level: obs.level! },
        result: val.value,
        formula: 'score of the level',
      });
    } else {
      val = { value: obs.value!, level: null };
      trace?.push({ step: 'observed', result: obs.value! });
      if (obs.breakdown) {
        breakdown = sortedBreakdown(obs.breakdown);
        checkBreakdownSum(ind.id, obs.value!, obs.breakdown, g, warnings);
      }
    }

    // A value in dispute or reported invalidly is not papered over with last year's.
    if (
      val === null &&
      m.scoring.missing === 'carryForward' &&
      !g.excluded.has(ind.id) &&
      !g.invalid.has(ind.id)
    ) {
      const past = history.get(ind.id);
      const last = past?.[past.length - 1];
      if (last && t - last.year <= m.scoring.maxYears && last.year < t) {
        val = { ...last.value, carriedFrom: last.year };
        trace?.push({
          step: 'carried-forward',
          inputs: { fromYear: last.year, because: reason ?? null },
          result: val.value,
        });
        warn(
          warnings,
          'carried-forward',
          `${ind.id}: ${reason ?? 'no value'}; the ${last.year} value is carried forward`,
          g,
          ind.id,
        );
        reason = undefined;
      }
    }
    if (val !== null) values.set(ind.id, val);
    if (breakdown) breakdowns.set(ind.id, breakdown);

    results[idx] = indicatorResult(ind, t, val, reason, breakdown, history, trace, g, warnings);
  }

  // Keep real (not carried) values for next years' change and carry-forward.
  for (const ind of m.indicators) {
    const v = values.get(ind.id);
    if (v && v.carriedFrom === undefined) {
      const list = history.get(ind.id) ?? [];
      list.push({ year: t, value: v });
      history.set(ind.id, list);
    }
  }

  const rule: MissingRule = {
    policy: m.scoring.missing,
    minCoverage: m.scoring.minCoverage,
  };
  const themeAggs: Aggregate[] = m.themes.map((th) =>
    aggregate(
      th.indicators.map((i) => indicatorPart(m.indicators[i]!, results[i]!)),
      m.scoring.indicators,
      rule,
    ),
  );
  const themes: ThemeResult[] = m.themes.map((th, i) => {
    const a = themeAggs[i]!;
    if (a.reason === 'below-min-coverage') {
      warn(
        warnings,
        'low-coverage',
        `theme ${th.id}: only ${pct(a.coverage)} of its weight has data (minimum ${pct(rule.minCoverage)}); no score`,
        g,
      );
    }
    if (a.zeroInGeometric)
      warn(
        warnings,
        'geometric-zero',
        `theme ${th.id}: an indicator scores 0, so its geometric mean is 0`,
        g,
      );
    return {
      id: th.id,
      dimension: th.dimension,
      score: a.score,
      band: band(a.score, m.bands),
      coverage: a.coverage,
      reported: a.reported,
      total: a.total,
    };
  });

  const overallAgg = aggregateLevel(
    m,
    m.themes.map((th) => th.index),
    themeAggs,
    results,
    rule,
  );
  if (overallAgg.reason === 'below-min-coverage') {
    warn(
      warnings,
      'low-coverage',
      `overall: only ${pct(overallAgg.coverage)} of the weight has data (minimum ${pct(rule.minCoverage)}); no overall score`,
      g,
    );
  }
  const dimensions: DimensionResult[] = dimensionIds.map((id) => {
    const ths = m.themes.filter((th) => th.dimension === id);
    const a = aggregateLevel(
      m,
      ths.map((th) => th.index),
      themeAggs,
      results,
      rule,
    );
    return {
      id,
      score: a.score,
      band: band(a.score, m.bands),
      coverage: a.coverage,
      themes: ths.map((th) => th.id),
    };
  });

  return {
    format: SCORECARD_FORMAT,
    matrix: { id: m.id, version: m.version },
    entity: g.entity,
    ...(g.entityName !== undefined ? { entityName: g.entityName } : {}),
    year: t,
    status: g.status,
    submissions: g.submissions,
    overall: {
      score: overallAgg.score,
      band: band(overallAgg.score, m.bands),
      coverage: overallAgg.coverage,
    },
    dimensions,
    themes,
    indicators: results,
    reporting: reporting(m, g),
    warnings,
  };
}

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

function indicatorPart(ind: CompiledIndicator, r: IndicatorResult): Part {
  return { score: r.score, weight: ind.weight, coverage: r.score === null ? 0 : 1 };
}

/** Overall or dimension: from theme aggregates (weighted by theme) or pooled from indicators. */
function aggregateLevel(
  m: CompiledMatrix,
  themeIdx: readonly number[],
  themeAggs: readonly Aggregate[],
  results: readonly IndicatorResult[],
  rule: MissingRule,
): Aggregate {
  if (m.scoring.overall === 'indicators') {
    const parts: Part[] = [];
    for (const ti of themeIdx) {
      for (const i of m.themes[ti]!.indicators) parts.push(indicatorPart(m.indicators[i]!, results[i]!));
    }
    return aggregate(parts, m.scoring.indicators, rule);
  }
  const parts: Part[] = [];
  for (const ti of themeIdx) {
    const a = themeAggs[ti]!;
    if (a.total === 0) continue; // a theme without indicators takes no part
    parts.push({ score: a.score, weight: m.themes[ti]!.weight, coverage: a.coverage });
  }
  return aggregate(parts, m.scoring.themes, rule);
}

function checkBreakdownSum(
  id: string,
  total: number,
  breakdown: Record<string, Record<string, number>>,
  g: Merged,
  warnings: ReportIssue[],
): void {
  for (const [dim, cats] of Object.entries(breakdown)) {
    const sum = Object.values(cats).reduce((s, v) => s + v, 0);
    const tol = Math.max(0.5, Math.abs(total) * 0.005);
    if (Math.abs(sum - total) > tol) {
      warn(
        warnings,
        'breakdown-mismatch',
        `${id}: the "${dim}" breakdown adds up to ${round6(sum)}, not the total ${total}`,
        g,
        id,
      );
    }
  }
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

type FormulaResult = { value: number; breakdown?: Record<string, Record<string, number>> } | string;

function evaluateFormula(
  m: CompiledMatrix,
  ind: CompiledIndicator,
  g: Merged,
  values: ReadonlyMap<string, Value>,
  breakdowns: ReadonlyMap<string, Record<string, Record<string, number>>>,
  trace: TraceStep[] | undefined,
): FormulaResult {
  const f = ind.formula!;
  const scope: Record<string, number> = {};
  const missing: string[] = [];
  const symBreakdowns: (Record<string, Record<string, number>> | undefined)[] = [];
  for (const sym of f.compiled.symbols) {
    if (m.inputs.has(sym) && f.inputs.includes(sym)) {
      const obs = g.observations.get(sym);
      if (g.excluded.has(sym)) missing.push(`${sym} (${g.excluded.get(sym)})`);
      else if (g.invalid.has(sym)) missing.push(`${sym} (reported with an invalid value)`);
      else if (obs?.value === undefined)
        missing.push(obs?.missing ? `${sym} (reported missing: ${obs.missing})` : sym);
      else {
        scope[sym] = obs.value;
        symBreakdowns.push(obs.breakdown);
      }
    } else {
      const v = values.get(sym);
      if (v === undefined) missing.push(sym);
      else {
        scope[sym] = v.value;
        symBreakdowns.push(breakdowns.get(sym));
      }
    }
  }
  if (missing.length > 0) return `missing input${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`;
  let value: number;
  try {
    value = f.compiled.evaluate(scope);
  } catch (e) {
    return `formula could not be evaluated: ${e instanceof Error ? e.message : String(e)}`;
  }
  trace?.push({
    step: 'formula',
    formula: f.expression,
    inputs: { ...scope },
    result: Number.isFinite(value) ? value : String(value),
  });
  if (!Number.isFinite(value)) {
    return `formula result is not a finite number (${String(value)}), e.g. a division by zero`;
  }
  if (Math.abs(value) > MAX_MAGNITUDE) {
    return `formula result ${value} is beyond ±${MAX_MAGNITUDE}, the largest magnitude mgi-engine scores`;
  }
  // Per-category results when every symbol has the same categories for a breakdown dimension.
  let breakdown: Record<string, Record<string, number>> | undefined;
  if (symBreakdowns.length > 0 && symBreakdowns.every((b) => b !== undefined)) {
    const first = symBreakdowns[0]!;
    for (const dim of Object.keys(first).sort()) {
      const cats = Object.keys(first[dim]!).sort();
      const same = symBreakdowns.every((b) => {
        const c = b![dim];
        return c !== undefined && Object.keys(c).sort().join('\u0000') === cats.join('\u0000');
      });
      if (!same) continue;
      const out: Record<string, number> = {};
      for (const cat of cats) {
        const s: Record<string, number> = {};
        f.compiled.symbols.forEach((sym, k) => {
          s[sym] = symBreakdowns[k]![dim]![cat]!;
        });
        try {
          const v = f.compiled.evaluate(s);
          if (Number.isFinite(v)) out[cat] = v;
        } catch {
          // a category without a finite result is left out of the breakdown
        }
      }
      breakdown ??= {};
      breakdown[dim] = out;
    }
  }
  return breakdown ? { value, breakdown } : { value };
}

function indicatorResult(
  ind: CompiledIndicator,
  t: number,
  val: Value | null,
  reason: string | undefined,
  breakdown: Record<string, Record<string, number>> | undefined,
  history: ReadonlyMap<string, { year: number; value: Value }[]>,
  trace: TraceStep[] | undefined,
  g: Merged,
  warnings: ReportIssue[],
): IndicatorResult {
  const T = finalTarget(ind);
  const target = T
    ? T.level !== undefined
      ? { year: T.year, level: T.level }
      : { year: T.year, value: T.value }
    : null;
  const mv = milestoneValue(ind, t);
  // A qualitative milestone names its level in a year that has one.
  const levelThisYear = ind.kind === 'qualitative' ? ind.targets.find((p) => p.year === t)?.level : undefined;
  const milestone =
    mv === null
      ? null
      : levelThisYear !== undefined
        ? { year: t, value: mv, level: levelThisYear }
        : { year: t, value: mv };
  const base: IndicatorResult = {
    id: ind.id,
    theme: ind.theme,
    kind: ind.kind,
    value: null,
    level: null,
    score: null,
    progress: null,
    expected: null,
    target,
    milestone,
    status: 'no-data',
    change: null,
  };
  if (val === null) {
    base.reason = reason ?? 'not reported';
    if (breakdown) base.breakdown = breakdown;
    if (trace) base.trace = trace;
    return base;
  }
  const a = val.value;
  base.value = ind.kind === 'qualitative' ? null : a;
  base.level = val.level;
  if (val.carriedFrom !== undefined) base.carriedFrom = val.carriedFrom;
  if (ind.baseline && t < ind.baseline.year && ind.targets.length > 0) {
    warn(
      warnings,
      'year-before-baseline',
      `${ind.id}: ${t} is before the baseline year ${ind.baseline.year}; no progress is measured`,
      g,
      ind.id,
    );
  }
  const p = ind.baseline && t < ind.baseline.year ? null : progress(ind, a);
  const e = ind.baseline && t < ind.baseline.year ? null : expectedProgress(ind, t);
  base.progress = p;
  base.expected = e;
  base.status = status(ind, a, t);
  base.score = normalise(ind, a, t);
  if (base.score === null && ind.normalisation === 'none')
    base.reason = 'no target or goalposts to score against';
  if (trace) {
    const b = ind.baseline;
    if (p !== null && b && T) {
      trace.push({
        step: 'progress',
        formula: '(a − b) / (T − b)',
        inputs: { a, b: b.value, T: T.value },
        result: p,
      });
    }
    if (e !== null && b && T) {
      trace.push({
        step: 'expected',
        formula: '(M(t) − b) / (T − b), M(t) interpolated between baseline and targets, clamped to [0, 1]',
        inputs: { t, y0: b.year, yT: T.year, 'M(t)': mv },
        result: e,
      });
    }
    trace.push({
      step: 'status',
      formula: isMaintain(ind)
        ? ind.kind === 'qualitative'
          ? 'achieved if score ≥ target score, else regressing'
          : 'achieved if |a − T| ≤ tolerance, else regressing'
        : 'achieved if p ≥ 1; on-track if p ≥ e − slack; regressing if p < 0; else off-track',
      inputs: { p, e, slack: progressSlack(ind), tolerance: ind.tolerance },
      result: base.status,
    });
    trace.push(scoreStep(ind, a, p, base.score));
  }
  // Change from the latest earlier year with a reported value.
  const past = history.get(ind.id);
  if (past && past.length > 0) {
    const prev = past[past.length - 1]!;
    if (prev.year < t) {
      base.change = change(prev.year, prev.value.value, a, changeDirection(ind));
      trace?.push({
        step: 'change',
        formula: 'a(t) − a(previous year with data)',
        inputs: { from: prev.value.value, fromYear: prev.year, to: a },
        result: base.change.absolute,
      });
    }
  }
  if (breakdown) base.breakdown = breakdown;
  if (trace) base.trace = trace;
  return base;
}

function scoreStep(ind: CompiledIndicator, a: number, p: number | null, score: number | null): TraceStep {
  switch (ind.normalisation) {
    case 'levels':
      return { step: 'score', formula: 'score of the level', inputs: { level: a }, result: score };
    case 'target':
      return isMaintain(ind)
        ? {
            step: 'score',
            formula: '100 if within tolerance of the target, else 0',
            inputs: { a, T: maintainTarget(ind), tolerance: ind.tolerance },
            result: score,
          }
        : { step: 'score', formula: '100 · clamp(p, 0, 1)', inputs: { p }, result: score };
    case 'goalposts': {
      const gp = ind.goalposts!;
      return {
        step: 'score',
        formula: `100 · clamp((${gp.log ? 'ln x − ln min) / (ln max − ln min' : 'x − min) / (max − min'}), 0, 1)${ind.direction === 'decrease' ? ', reversed (100 − s) because lower is better' : ''}`,
        inputs: { x: a, min: gp.min, max: gp.max, log: gp.log },
        result: score,
      };
    }
    default:
      return { step: 'score', formula: 'no target or goalposts', result: null };
  }
}

function isDue(ind: CompiledIndicator, t: number): boolean {
  const every = { annual: 1, biennial: 2, triennial: 3, quinquennial: 5, irregular: 0 }[ind.frequency];
  if (every === 0) return false;
  if (every === 1) return true;
  const anchor = ind.baseline?.year ?? 0;
  return (((t - anchor) % every) + every) % every === 0;
}

/** Reporting compliance per institution: what each was due to report this year, and what is missing. */
function reporting(m: CompiledMatrix, g: Merged): ReportingResult[] {
  const due = new Map<string, string[]>();
  const add = (inst: string, id: string) => {
    const list = due.get(inst) ?? [];
    if (!list.includes(id)) list.push(id);
    due.set(inst, list);
  };
  for (const ind of m.indicators) {
    if (!isDue(ind, g.year)) continue;
    if (ind.formula) {
      for (const input of ind.formula.inputs) for (const r of ind.responsible) add(r, input);
    } else for (const r of ind.responsible) add(r, ind.id);
  }
  const reported = (id: string) => {
    const o = g.observations.get(id);
    return o !== undefined && o.missing === undefined;
  };
  return [...due.keys()].sort(cmp).map((institution) => {
    const ids = due.get(institution)!;
    const missing = ids.filter((id) => !reported(id));
    return { institution, expected: ids.length, reported: ids.length - missing.length, missing };
  });
}

/** A compact copy of the matrix's labels and scoring settings for renderers. */
export function reportMatrix(m: CompiledMatrix): ReportMatrix {
  const mx = m.matrix;
  const out: ReportMatrix = {
    id: m.id,
    version: m.version,
    title: canonicalText(mx.title),
    themes: mx.themes.map((t) => ({
      id: t.id,
      title: canonicalText(t.title),
      dimension: t.dimension ?? null,
      weight: t.weight ?? 1,
    })),
    indicators: mx.indicators.map((i) => {
      const r: ReportMatrix['indicators'][number] = {
        id: i.id,
        theme: i.theme,
        title: canonicalText(i.title),
        kind: i.kind,
        direction: i.kind === 'qualitative' ? 'increase' : i.direction,
        weight: i.weight ?? 1,
      };
      if (i.kind !== 'qualitative' && i.unit !== undefined) r.unit = i.unit;
      if (i.kind !== 'qualitative' && i.decimals !== undefined) r.decimals = i.decimals;
      if (i.kind === 'qualitative')
        r.levels = i.levels.map((l) => ({ id: l.id, label: canonicalText(l.label), score: l.score }));
      if (i.responsible !== undefined) r.responsible = [...i.responsible];
      return r;
    }),
    bands: (mx.scoring?.bands ?? []).map((b) =>
      b.code !== undefined
        ? { id: b.id, label: canonicalText(b.label), min: b.min, code: b.code }
        : { id: b.id, label: canonicalText(b.label), min: b.min },
    ),
    scoring: {
      normalisation: m.scoring.normalisation,
      indicators: m.scoring.indicators,
      themes: m.scoring.themes,
      overall: m.scoring.overall,
      missing: m.scoring.missing,
      minCoverage: m.scoring.minCoverage,
      maxYears: m.scoring.maxYears,
    },
  };
  if (mx.provenance) out.provenance = `${mx.provenance.kind}: ${mx.provenance.note}`;
  return out;
}

// Re-exported for callers that want to fail on report errors.
export function throwOnErrors(report: Report): Report {
  if (report.errors.length > 0) {
    throw new MgiError(
      report.errors.map((e) => ({
        code: e.code as MgiIssue['code'],
        path: e.path,
        message: e.message,
        ...(e.source !== undefined ? { source: e.source } : {}),
      })),
    );
  }
  return report;
}
