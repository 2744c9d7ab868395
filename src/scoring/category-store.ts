import type { CategoryView } from '../matrix/compiled';
import type { Observation } from '../schema/assessment';
import {
  type Acc,
  type AggregateColumns,
  aggregateScores,
  newAcc,
  type SomePartsPlan,
  somePartsPlan,
} from './aggregate-columns';
import { allocate, type ColumnStore, NO_YEAR } from './columns';
import { type History, newHistory, scoreIndicators } from './indicator';
import type { Group } from './merge';
import { applySampleNormalisation } from './normalise-sample';
import { planFor, type ScoringPlan } from './plan';
import { yearPlan } from './year-plan';

/**
 * One category of a batch being scored (issue 16), row for row with the total's store: its rows are
 * the total's, each scored from the total's merged group (the category's value of every
 * observation that gives one) as soon as the total's row is, on the category's compact matrix —
 * only the indicators that can have a value for the category. Its aggregates are the view's, with
 * every other indicator of the matrix counted as not reported.
 */
export interface CategoryStore {
  readonly view: CategoryView;
  /** The store of the compact matrix; its aggregate columns hold the view's aggregates. */
  readonly s: ColumnStore;
  /** The view's plan: the aggregates' weights, themes and rules. */
  readonly full: ScoringPlan;
  /** Compact indicator `k'` → the matrix's indicator index. */
  readonly toFull: Int32Array;
  /** Compact slot → the total's slot. */
  readonly fromTotal: Int32Array;
  readonly history: History;
  /** How the view's aggregates read the compact scores (undefined: through {@link scratch}). */
  readonly some: SomePartsPlan | undefined;
  /** One row of the view's indicator scores (NaN but for the compact indicators), for aggregating. */
  readonly scratch: Float64Array;
  /** One reused observation per compact slot: the category's value is written into it. */
  readonly pool: { value: number }[];
  readonly obs: (Observation | undefined)[];
  /** Per compact indicator slot, the range a category value must lie in (the view's). */
  readonly range: readonly ({ readonly min: number; readonly max: number } | null)[];
}

/** A store per category of the matrix, for `rows` entity-years of the total `total`. */
export function categoryStores(
  total: ScoringPlan,
  rows: number,
  entities: readonly string[],
): CategoryStore[] {
  return (total.m.categoryViews ?? []).map((view) => {
    const plan = planFor(view.compact.matrix);
    const full = planFor(view.matrix);
    const fromTotal = Int32Array.from(plan.slotIds, (id) => total.slotById.get(id) ?? -1);
    const toCompact = new Int32Array(full.nInd).fill(-1);
    view.compact.indicators.forEach((k, j) => {
      toCompact[k] = j;
    });
    return {
      view,
      s: allocate(plan, rows, entities),
      full,
      toFull: view.compact.indicators,
      fromTotal,
      history: newHistory(plan),
      some: somePartsPlan(full, toCompact),
      scratch: new Float64Array(full.nInd).fill(Number.NaN),
      pool: Array.from({ length: plan.nSlots }, () => ({ value: 0 })),
      obs: new Array(plan.nSlots),
      range: plan.slotIds.map((_, j) => (j < plan.nInd ? plan.m.indicators[j]!.range : null)),
    };
  });
}

/**
 * What a scored category keeps for its results (issue 16): per row of the total's store, its
 * compact indicators' value, score, progress and status, and its overall score and coverage. The
 * rest of its column store (reasons, carry-forward and change bookkeeping, per-theme aggregates)
 * only served the scoring; a row's themes and dimensions are aggregated again from the kept scores
 * when its scorecard is built (the same computation on the same numbers, so the same result).
 */
export interface CategoryResults {
  /** The compact matrix's plan (expected progress per year, themes, bands). */
  readonly plan: ScoringPlan;
  readonly toFull: Int32Array;
  readonly year: Int32Array;
  readonly value: Float64Array;
  readonly score: Float64Array;
  readonly progress: Float64Array;
  readonly status: Uint8Array;
  readonly overallScore: Float64Array;
  readonly overallCoverage: Float64Array;
  /** Row `row`'s theme and dimension aggregates (a one-row set of aggregate columns). */
  aggregates(row: number): AggregateColumns;
}

/** The results of a scored category, without the store it was scored in. */
export function categoryResults(c: CategoryStore): CategoryResults {
  const { full, some, scratch, toFull } = c;
  // Only these arrays are kept (the closure below must not hold the store itself).
  const { plan, year, value, score, progress, status, overallScore, overallCoverage } = c.s;
  const n = plan.nInd;
  const acc = newAcc(Math.max(full.nInd, full.nThemes, 1));
  return {
    plan,
    toFull,
    year,
    value,
    score,
    progress,
    status,
    overallScore,
    overallCoverage,
    aggregates(row) {
      const out: AggregateColumns = {
        themeScore: new Float64Array(full.nThemes),
        themeCoverage: new Float64Array(full.nThemes),
        themeReported: new Int32Array(full.nThemes),
        dimScore: new Float64Array(6),
        dimCoverage: new Float64Array(6),
        overallScore: new Float64Array(1),
        overallCoverage: new Float64Array(1),
      };
      if (some) aggregateScores(full, out, 0, score, row * n, acc, null, some);
      else {
        for (let k = 0; k < n; k++) scratch[toFull[k]!] = score[row * n + k]!;
        aggregateScores(full, out, 0, scratch, 0, acc, null);
      }
      return out;
    },
  };
}

/** A new entity starts: its categories' earlier values are forgotten. */
export function newEntity(cats: readonly CategoryStore[]): void {
  for (const c of cats) c.history.year.fill(NO_YEAR);
}

/**
 * Score row `row` of every category from the total's group `g` (already scored into the total's
 * row `row`, entity `e`); aggregate it too unless `aggregate` is false (sample normalisation
 * aggregates after the whole batch).
 */
export function scoreCategoryRows(
  cats: readonly CategoryStore[],
  row: number,
  e: number,
  g: Group,
  acc: Acc,
  aggregate: boolean,
): void {
  for (const c of cats) {
    const s = c.s;
    s.entityOf[row] = e;
    s.year[row] = g.year;
    scoreIndicators(s, row, categoryGroup(c, g), c.history, yearPlan(s.plan, g.year));
    if (aggregate) aggregateCategoryRow(c, row, acc);
  }
}

/** After a two-pass batch: the categories' samples, then their aggregates. */
export function finishCategories(cats: readonly CategoryStore[], rows: number, acc: Acc): void {
  for (const c of cats) {
    applySampleNormalisation(c.s);
    for (let r = 0; r < rows; r++) aggregateCategoryRow(c, r, acc);
  }
}

function aggregateCategoryRow(c: CategoryStore, row: number, acc: Acc): void {
  const { s, scratch, toFull } = c;
  const n = s.plan.nInd;
  const base = row * n;
  // The overall is what the scoring keeps; dimensions are aggregated again when a scorecard is built.
  if (c.some) {
    aggregateScores(c.full, s, row, s.score, base, acc, null, c.some, false);
    return;
  }
  for (let k = 0; k < n; k++) scratch[toFull[k]!] = s.score[base + k]!;
  aggregateScores(c.full, s, row, scratch, 0, acc, null, undefined, false);
}

/**
 * The group of the category: each observation of the total's group that gives the category's
 * value, as `{value}`; a value outside the category's range (its own goalposts may be on a log
 * scale) is reported invalidly, as is every slot the total's group has as invalid, and a slot in
 * dispute between submissions is in dispute for every category.
 */
function categoryGroup(c: CategoryStore, g: Group): Group {
  const { view, fromTotal, pool, obs, range } = c;
  const { dimension: dim, category: cat } = view;
  let excluded: Map<number, string> | undefined;
  let invalid: Set<number> | undefined;
  for (let j = 0; j < fromTotal.length; j++) {
    obs[j] = undefined;
    const t = fromTotal[j]!;
    if (t < 0) continue;
    if (g.excluded?.has(t)) {
      excluded ??= new Map();
      excluded.set(j, g.excluded.get(t)!);
      continue;
    }
    if (g.invalid?.has(t)) {
      invalid ??= new Set();
      invalid.add(j);
      continue;
    }
    const v = g.obs[t]?.breakdown?.[dim]?.[cat];
    if (v === undefined) continue;
    const r = range[j];
    if (!Number.isFinite(v) || (r && (v < r.min || v > r.max))) {
      invalid ??= new Set();
      invalid.add(j);
      continue;
    }
    const o = pool[j]!;
    o.value = v;
    obs[j] = o;
  }
  return {
    entity: g.entity,
    entityName: undefined,
    year: g.year,
    status: g.status,
    submissions: g.submissions,
    details: undefined,
    obs,
    excluded,
    invalid,
    names: undefined,
    origin: undefined,
    firstSource: g.firstSource,
  };
}
