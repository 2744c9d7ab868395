/**
 * Normalisation over a sample of entities: `minmax`, `percentile` and `frontier` (issue 18).
 *
 * Unlike targets and goalposts, these scores compare an entity with others, so they need every
 * value of the sample before any score: `scoreColumns()` first scores every entity-year's values
 * (as always), then {@link applySampleNormalisation} makes one pass over the batch — per year (or
 * the declared reference year) and sample indicator it gathers the sample's values, its minimum
 * and maximum (and, for percentile ranks, the values sorted), then scores each cell — and only then
 * aggregates. Cost: one pass over `rows × sample indicators`, plus a sort per year and percentile
 * indicator. The CLI's entity-by-entity streaming path cannot see the batch and refuses these
 * methods (see `src/cli/_stream.ts`).
 *
 * The sample of an indicator in year t is the value (observed, computed or carried forward) of
 * every entity in the batch — or only of `scoring.sample.entities` — in year t, or in
 * `scoring.sample.year` for every t. With x the value, min/max the sample's, n its size:
 * - `minmax`: `100 · (x − min) / (max − min)`, or `100 · (max − x) / (max − min)` when lower is better;
 * - `percentile`: `100 · below / (n − 1)`, `below` the sample values strictly worse than x (ties
 *   take the lowest rank, as COINr's `n_prank`);
 * - `frontier`: the share of the sample's best, `100 · x / max`, or `100 · min / x` when lower is
 *   better (COINr's `n_fracmax`); needs a positive best, otherwise it falls back to `minmax`.
 * Scores are clamped to [0, 100] (a value outside a reference sample's range). A sample of one, or
 * with all values equal, has no spread: every entity scores 50 for `minmax` and `percentile` (the
 * middle: neither best nor worst), with a `sample-degenerate` warning. A sample with no value at
 * all leaves the cell without a score (`sample-empty`). Never NaN.
 */
import { warning } from './_issues';
import { addWarning, type ColumnStore, intern } from './columns';
import { Norm } from './plan';

/** The values of one indicator over the sample in one year. */
export interface Sample {
  /** The year whose values form the sample. */
  readonly year: number;
  readonly n: number;
  readonly min: number;
  readonly max: number;
  /** The values ascending (percentile only; empty otherwise). */
  readonly sorted: Float64Array;
}

/** Every sample of a batch: per year scored, per indicator index (undefined for other methods). */
export interface SampleStats {
  /** The sample in words, for traces. */
  readonly label: string;
  readonly byYear: ReadonlyMap<number, readonly (Sample | undefined)[]>;
}

/** Score every sample-based cell of the store, in one pass over the batch (see the module doc). */
export function applySampleNormalisation(s: ColumnStore): void {
  const p = s.plan;
  if (p.sampleInd.length === 0) return;
  const { entities, year: refYear } = p.m.scoring.sample;
  const members = new Map<number, number[]>();
  for (let r = 0; r < s.rows; r++) {
    if (entities && !entities.has(s.entities[s.entityOf[r]!]!)) continue;
    const y = s.year[r]!;
    const list = members.get(y);
    if (list) list.push(r);
    else members.set(y, [r]);
  }
  const built = new Map<number, (Sample | undefined)[]>();
  const byYear = new Map<number, (Sample | undefined)[]>();
  s.sample = { label: sampleLabel(entities, refYear), byYear };
  for (let r = 0; r < s.rows; r++) {
    const y = s.year[r]!;
    let samples = byYear.get(y);
    if (!samples) {
      const key = refYear ?? y;
      samples = built.get(key);
      if (!samples) {
        samples = buildSamples(s, members.get(key) ?? [], key);
        built.set(key, samples);
      }
      byYear.set(y, samples);
    }
    for (const k of p.sampleInd) scoreCell(s, r, k, samples[k]!);
  }
}

function sampleLabel(entities: ReadonlySet<string> | null, year: number | null): string {
  const who = entities ? `entities ${[...entities].join(', ')}` : 'every entity in the batch';
  return `${who}, ${year === null ? 'same year' : `year ${year}`}`;
}

function buildSamples(s: ColumnStore, rows: readonly number[], year: number): (Sample | undefined)[] {
  const p = s.plan;
  const out = new Array<Sample | undefined>(p.nInd);
  const buf = new Float64Array(rows.length);
  for (const k of p.sampleInd) {
    let n = 0;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const r of rows) {
      const x = s.value[r * p.nInd + k]!;
      if (Number.isNaN(x)) continue;
      buf[n++] = x;
      if (x < min) min = x;
      if (x > max) max = x;
    }
    const sorted = p.norm[k] === Norm.Percentile ? buf.slice(0, n).sort() : new Float64Array(0);
    out[k] = { year, n, min, max, sorted };
  }
  return out;
}

function scoreCell(s: ColumnStore, row: number, k: number, sample: Sample): void {
  const p = s.plan;
  const cell = row * p.nInd + k;
  const x = s.value[cell]!;
  if (Number.isNaN(x)) return;
  const ind = p.m.indicators[k]!;
  const entity = s.entities[s.entityOf[row]!]!;
  const year = s.year[row]!;
  if (sample.n === 0) {
    const msg = `${ind.id}: the sample (${s.sample!.label}) has no value in ${sample.year}; no score`;
    s.reason[cell] = intern(s, `the sample has no value of ${ind.id} in ${sample.year}`);
    addWarning(s, row, warning('sample-empty', msg, entity, year, ind.id));
    return;
  }
  const r = sampleScore(p.norm[k]!, ind.direction === 'decrease', x, sample);
  s.score[cell] = r.score;
  if (r.note !== undefined)
    addWarning(s, row, warning(r.code!, `${ind.id}: ${r.note}`, entity, year, ind.id));
}

/** The score of `x` against a sample, and why the sample gives no spread, if it does not. */
export function sampleScore(
  norm: number,
  lowerIsBetter: boolean,
  x: number,
  sample: Pick<Sample, 'n' | 'min' | 'max' | 'sorted'>,
): { score: number; code?: string; note?: string } {
  const { n, min, max } = sample;
  if (norm === Norm.Frontier) {
    const best = lowerIsBetter ? min : max;
    if (best > 0) {
      const f = lowerIsBetter ? (x <= 0 ? 1 : min / x) : x / max;
      const score = clamp100(100 * f);
      const note = 'the sample has one value; the score is the share of that value';
      return n === 1 ? { score, code: 'sample-degenerate', note } : { score };
    }
    const r = sampleScore(Norm.MinMax, lowerIsBetter, x, sample);
    const note = `the sample's best value is ${best}, not positive, so "frontier" is scored as "minmax"`;
    return { score: r.score, code: r.code ?? 'sample-frontier', note: r.note ? `${note}; ${r.note}` : note };
  }
  if (n === 1 || min === max) {
    const note =
      n === 1
        ? 'the sample has one value, nothing to compare with; it scores 50'
        : `all ${n} values of the sample equal ${min}, nothing to tell apart; every entity scores 50`;
    return { score: 50, code: 'sample-degenerate', note };
  }
  if (norm === Norm.MinMax)
    return { score: clamp100(100 * ((lowerIsBetter ? max - x : x - min) / (max - min))) };
  const below = lowerIsBetter ? n - upperBound(sample.sorted, x) : lowerBound(sample.sorted, x);
  return { score: clamp100(100 * (below / (n - 1))) };
}

function clamp100(x: number): number {
  return (x < 0 ? 0 : x > 100 ? 100 : x) + 0; // + 0 turns -0 into 0
}

/** Number of entries < x in an ascending array. */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of entries ≤ x in an ascending array. */
function upperBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const SAMPLE_NAMES: ReadonlySet<string> = new Set(['minmax', 'percentile', 'frontier']);

/** Whether a matrix scores any indicator against a sample (so it needs the whole batch at once). */
export function usesSampleNormalisation(m: {
  readonly scoring?: { readonly normalisation?: string | undefined } | undefined;
  readonly indicators: readonly { readonly kind: string; readonly normalisation?: string | undefined }[];
}): boolean {
  const byDefault = SAMPLE_NAMES.has(m.scoring?.normalisation ?? '');
  return m.indicators.some(
    (i) => i.kind !== 'qualitative' && SAMPLE_NAMES.has(i.normalisation ?? (byDefault ? 'minmax' : '')),
  );
}
