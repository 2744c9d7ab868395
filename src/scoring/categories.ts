import type { CategoryView, CompiledMatrix } from '../matrix/compiled';
import type { DisaggregationSpec } from '../schema/matrix';
import type { CategoryScorecard, GapParity, ParityResult, Scorecard } from '../schema/report';
import { type CategoryParts, categoryParts, storeOf } from './category-parts';
import { type CategoryResults, type CategoryStore, categoryResults } from './category-store';
import type { ScoreColumns } from './score-columns';

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

/** A scored category: its columns, and the results behind them. */
export interface CategoryRun extends CategoryColumns {
  readonly view: CategoryView;
  readonly store: CategoryResults;
  /** Store row of each entity-year of the batch (the total's rows). */
  readonly sel: readonly number[];
}

/**
 * The categories of a batch as columns aligned with its entity-years: each category was scored
 * row for row with the total (see `./category-store`): its matrix (own baseline, targets,
 * goalposts) on each entity-year's values for that category. An observation without the category
 * counts as not reported for it.
 */
export function categoryRuns(stores: readonly CategoryStore[], batch: ScoreColumns): CategoryRun[] {
  const sel = storeOf(batch)!.sel;
  const nInd = batch.indicatorIds.length;
  return stores.map((c) => {
    const s = categoryResults(c);
    const { toFull } = s;
    const view = c.view;
    const n = s.plan.nInd;
    const overall = Float64Array.from(sel, (r) => s.overallScore[r]!);
    // Full-width columns are built on first read (a report built from the results does not read them).
    let indicatorScore: Float64Array | undefined;
    const scores = () => {
      const out = new Float64Array(sel.length * nInd).fill(Number.NaN);
      for (let i = 0; i < sel.length; i++) {
        const base = sel[i]! * n;
        for (let k = 0; k < n; k++) out[i * nInd + toFull[k]!] = s.score[base + k]!;
      }
      return out;
    };
    let coverage: Float64Array | undefined;
    return {
      dimension: view.dimension,
      category: view.category,
      overall,
      get coverage() {
        coverage ??= Float64Array.from(sel, (r) => s.overallCoverage[r]!);
        return coverage;
      },
      get indicatorScore() {
        indicatorScore ??= scores();
        return indicatorScore;
      },
      view,
      store: s,
      sel,
    };
  });
}

/**
 * Whether an indicator of entity-year `i` has a value for some category (what `enrichReport`
 * counts as data), read from the category runs' columns without building the scorecard.
 */
export function hasCategoryResults(i: number, runs: readonly CategoryRun[]): boolean {
  for (const run of runs) {
    const s = run.store;
    const n = s.plan.nInd;
    const row = run.sel[i]!;
    // As the category results word it: a value, not a qualitative level (compact matrices have none).
    for (let k = 0; k < n; k++) if (!Number.isNaN(s.value[row * n + k]!)) return true;
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
  const parts = new Map<string, CategoryParts>();
  for (const run of runs) {
    const c = categoryParts(run.store, run.sel[i]!, declaredBy(m, run.dimension, run.category));
    parts.set(`${run.dimension}\u0000${run.category}`, c);
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
