import type { CategoryView, CompiledMatrix } from '../matrix/compiled';
import type { Assessment, Observation } from '../schema/assessment';
import type { DisaggregationSpec } from '../schema/matrix';
import type { CategoryScorecard, GapParity, ParityResult, Scorecard } from '../schema/report';
import { type CategoryParts, categoryParts, overallCoverage, storeOf } from './category-parts';
import type { ScoreColumns } from './score-columns';
import type { ScoreOptions } from './score-options';

/**
 * One category's results as columns, aligned with the batch's entity-years (`i`): the category's
 * overall score and indicator scores (row-major, as `ScoreColumns.indicatorScore`), NaN where null.
 */
export interface CategoryColumns {
  readonly dimension: string;
  readonly category: string;
  readonly overall: Float64Array;
  /** The category's overall coverage (share of the weight scored for it), 0 where it has no row. */
  readonly coverage: Float64Array;
  readonly indicatorScore: Float64Array;
}

/** A scored category: its columns, and the scored batch of the category's matrix behind them. */
export interface CategoryRun extends CategoryColumns {
  readonly view: CategoryView;
  readonly cols: ScoreColumns;
  /** Row of `cols` for each entity-year of the batch (−1: none). */
  readonly rowOf: Int32Array;
}

type Scorer = (m: CompiledMatrix, a: readonly Assessment[], o: ScoreOptions) => ScoreColumns;

/**
 * Score every category of the matrix's `disaggregations`: each category's matrix (its own
 * baseline, targets, goalposts) on each assessment's values for that category. An observation
 * without the category is left out, so the category counts it as not reported.
 */
export function scoreCategories(
  m: CompiledMatrix,
  assessments: readonly Assessment[],
  options: ScoreOptions,
  batch: ScoreColumns,
  scorer: Scorer,
): CategoryRun[] {
  const key = (e: string, y: number) => `${e}\u0000${y}`;
  const nInd = batch.indicatorIds.length;
  // The observations with a breakdown, found once for every category (most have none).
  const withBreakdown = assessments.map(breakdownIds);
  return (m.categoryViews ?? []).map((view) => {
    const mapped = assessments.map((a, i) =>
      categoryAssessment(a, withBreakdown[i]!, view.dimension, view.category),
    );
    const cols = scorer(view.matrix, mapped, { ...options, trace: false });
    const at = new Map<string, number>();
    for (let j = 0; j < cols.length; j++) at.set(key(cols.entity(j), cols.year(j)), j);
    const rowOf = new Int32Array(batch.length).fill(-1);
    const overall = new Float64Array(batch.length).fill(Number.NaN);
    const indicatorScore = new Float64Array(batch.length * nInd).fill(Number.NaN);
    for (let i = 0; i < batch.length; i++) {
      const j = at.get(key(batch.entity(i), batch.year(i)));
      if (j === undefined) continue;
      rowOf[i] = j;
      overall[i] = cols.overall[j]!;
      indicatorScore.set(cols.indicatorScore.subarray(j * nInd, (j + 1) * nInd), i * nInd);
    }
    const { dimension, category } = view;
    let coverage: Float64Array | undefined;
    return {
      dimension,
      category,
      overall,
      // Built on first read: it needs the category's scorecards, which plain column readers skip.
      get coverage() {
        coverage ??= Float64Array.from(rowOf, (j) => (j < 0 ? 0 : overallCoverage(cols, j)));
        return coverage;
      },
      indicatorScore,
      view,
      cols,
      rowOf,
    };
  });
}

/** The assessment as one category reports it: each observation's value for the category, or nothing. */
function categoryAssessment(a: Assessment, ids: readonly string[], dim: string, cat: string): Assessment {
  const observations: Record<string, Observation> = {};
  for (const id of ids) {
    const v = a.observations[id]!.breakdown?.[dim]?.[cat];
    if (typeof v === 'number') observations[id] = { value: v };
  }
  return { ...a, observations };
}

/** The ids of an assessment's observations that have a breakdown, in the assessment's order. */
function breakdownIds(a: Assessment): string[] {
  const ids: string[] = [];
  for (const id in a.observations) if (a.observations[id]?.breakdown !== undefined) ids.push(id);
  return ids;
}

/**
 * Whether an indicator of entity-year `i` has a value for some category (what `enrichReport`
 * counts as data), read from the category runs' columns without building the scorecard.
 */
export function hasCategoryResults(i: number, runs: readonly CategoryRun[]): boolean {
  for (const run of runs) {
    const j = run.rowOf[i]!;
    if (j < 0) continue;
    const inner = storeOf(run.cols);
    if (!inner) {
      if (run.cols.scorecard(j).indicators.some((r) => r.value !== null)) return true;
      continue;
    }
    const n = inner.s.plan.nInd;
    const row = inner.sel[j]!;
    // As the category results word it: a value, not a qualitative level.
    const inds = inner.s.plan.m.indicators;
    for (let k = 0; k < n; k++)
      if (!Number.isNaN(inner.s.value[row * n + k]!) && inds[k]!.kind !== 'qualitative') return true;
  }
  return false;
}

/** The scorecard of entity-year `i` with its per-category results and parities added (new fields last). */
export function withCategories(
  card: Scorecard,
  i: number,
  runs: readonly CategoryRun[],
  m: CompiledMatrix,
): Scorecard {
  const specs = m.matrix.disaggregations ?? {};
  const byCategory: Record<string, Record<string, CategoryScorecard>> = {};
  const parts = new Map<string, CategoryParts | null>();
  for (const run of runs) {
    const j = run.rowOf[i]!;
    const c = j < 0 ? null : categoryParts(run.cols, j, declaredBy(m, run.dimension, run.category));
    parts.set(`${run.dimension}\u0000${run.category}`, c);
    if (!c) continue;
    byCategory[run.dimension] ??= {};
    byCategory[run.dimension]![run.category] = {
      overall: c.overall,
      themes: c.themes.map(({ id, score, band, coverage }) => ({ id, score, band, coverage })),
      dimensions: c.dimensions.map(({ id, score, band, coverage }) => ({ id, score, band, coverage })),
    };
    for (const [k, r] of c.indicators) {
      const own = card.indicators[k]!;
      own.byCategory ??= {};
      own.byCategory[run.dimension] ??= {};
      own.byCategory[run.dimension]![run.category] = {
        value: r.value,
        score: r.score,
        progress: r.progress,
        expected: r.expected,
        status: r.status,
      };
    }
  }
  const parity: Record<string, ParityResult> = {};
  for (const dim of Object.keys(specs).sort()) {
    const p = specs[dim]!.parity;
    if (!p) continue;
    const num = parts.get(`${dim}\u0000${p.numerator}`) ?? null;
    const den = parts.get(`${dim}\u0000${p.denominator}`) ?? null;
    parity[dim] = parityOf(card, dim, num, den, p);
  }
  return { ...card, byCategory, ...(Object.keys(parity).length > 0 ? { parity } : {}) };
}

const declaredCache = new WeakMap<CompiledMatrix, Map<string, ReadonlySet<number>>>();

/** Indices of the indicators that declare category `cat` of `dim`. */
function declaredBy(m: CompiledMatrix, dim: string, cat: string): ReadonlySet<number> {
  let byKey = declaredCache.get(m);
  if (!byKey) {
    byKey = new Map();
    declaredCache.set(m, byKey);
  }
  const key = `${dim}\u0000${cat}`;
  let set = byKey.get(key);
  if (!set) {
    set = new Set(m.indicators.filter((ind) => ind.categories.get(dim)?.has(cat)).map((ind) => ind.index));
    byKey.set(key, set);
  }
  return set;
}

type Parity = NonNullable<DisaggregationSpec['parity']>;

function parityOf(
  card: Scorecard,
  dim: string,
  num: CategoryParts | null,
  den: CategoryParts | null,
  p: Parity,
): ParityResult {
  const overall = gapParity(num?.overall.score ?? null, den?.overall.score ?? null);
  card.indicators.forEach((r, k) => {
    const a = num?.indicators.get(k)?.score ?? null;
    const b = den?.indicators.get(k)?.score ?? null;
    if (a === null && b === null) return;
    r.parity ??= {};
    r.parity[dim] = gapParity(a, b);
  });
  return {
    numerator: p.numerator,
    denominator: p.denominator,
    overall: overall.parity,
    gap: overall.gap,
    ...bandOf(overall.parity, p),
    themes: card.themes.map((t, n) => ({
      id: t.id,
      ...gapParity(num?.themes[n]?.score ?? null, den?.themes[n]?.score ?? null),
    })),
    dimensions: card.dimensions.map((d, n) => ({
      id: d.id,
      ...gapParity(num?.dimensions[n]?.score ?? null, den?.dimensions[n]?.score ?? null),
    })),
  };
}

function bandOf(x: number | null, p: Parity): { band?: string | null; bandCode?: number } {
  if (!p.bands) return {};
  const band = parityBand(x, p);
  const code = p.bands.find((b) => b.id === band)?.code;
  return code === undefined ? { band } : { band, bandCode: code };
}

/** Gap and parity of two scores; null where either is null (and parity where the denominator is 0). */
export function gapParity(a: number | null, b: number | null): GapParity {
  if (a === null || b === null) return { gap: null, parity: null };
  return { gap: a - b, parity: b === 0 ? null : a / b };
}

/** The first parity band whose `maxDeviation` the parity's |x − 1| does not exceed (rounded first when `decimals` is given). */
export function parityBand(x: number | null, p: Parity): string | null {
  if (x === null || !p.bands) return null;
  const r = p.decimals === undefined ? x : Math.round(x * 10 ** p.decimals) / 10 ** p.decimals;
  const dev = Math.abs(r - 1);
  const tol = p.decimals === undefined ? 0 : 10 ** -(p.decimals + 6);
  for (const b of p.bands) if (b.maxDeviation === undefined || dev <= b.maxDeviation + tol) return b.id;
  return null;
}
