import { issue, MgiError, type MgiIssue } from '../errors';
import { registeredFormulaEngine } from '../formula/_registry';
import type { FormulaEngine } from '../formula/types';
import type { Limits } from '../limits';
import { fromZodIssues } from '../schema/_issues';
import type { Assessment } from '../schema/assessment';
import type { Matrix } from '../schema/matrix';
import {
  SENSITIVITY_FORMAT,
  type Sensitivity,
  SensitivityOptionsSchema,
  type SensitivityRow,
  type VarySpec,
} from '../schema/sensitivity';
import { band } from '../scoring/aggregate';
import type { Choice } from './choice';
import {
  aggregationMethod,
  defaultNormalisations,
  dropIndicator,
  droppable,
  indicatorWeights,
  missingPolicy,
  normalisationMethod,
  themeWeights,
} from './choices';
import { sobolIndices } from './estimators';
import { Evaluator } from './evaluate';
import { createRng } from './random';

/** Options of {@link sensitivity}. */
export interface SensitivityOptions {
  /** N, the base sample size (2 – 100,000): N · (k + 2) scoring runs for k varied choices. Default 500. */
  readonly samples?: number;
  /** Seed of the generator (an integer 0 – 2³² − 1). Default 1. Same seed, same result. */
  readonly seed?: number;
  /** What to vary. Default {@link DEFAULT_VARY}; `[]` varies nothing (apart from `choices`). */
  readonly vary?: readonly VarySpec[];
  /** Further choices of your own, varied after those of `vary`. */
  readonly choices?: readonly Choice[];
  /** Report only this year; other years still feed change and carry-forward. */
  readonly year?: number;
  /** Compute the variance-based indices (default true); false runs only A and B (2N runs). */
  readonly indices?: boolean;
  /** Also report every theme's score (intervals and indices per theme). Default false. */
  readonly themes?: boolean;
  /** Size limits, as for `score()`. */
  readonly limits?: Partial<Limits>;
}

/** What is varied by default: weights ± 20 %, both aggregation methods, the missing policy, dropping one indicator. */
export const DEFAULT_VARY: readonly VarySpec[] = /* @__PURE__ */ Object.freeze([
  { choice: 'weights', range: 0.2 },
  { choice: 'aggregation' },
  { choice: 'missing' },
  { choice: 'drop' },
] as const);

/**
 * Uncertainty and sensitivity analysis of the overall score (JRC/OECD Handbook step 7): vary the
 * choices an index builder made — weights, aggregation, missing-data policy, which indicators are
 * in, and any {@link Choice} of your own — by Monte Carlo with a seed, and report per entity-year
 * the median score, the 5–95 % interval, how often the band changes, and the first-order
 * (Saltelli 2010) and total (Jansen) sensitivity index of each choice.
 *
 * Runs on the columnar core: 1 nominal run, 2N runs for the sample matrices A and B, and N more per
 * choice for A_B^(i). Pure, synchronous, deterministic for a given seed and browser-safe.
 *
 * @throws MgiError for bad options (code and path into the options) or an invalid matrix.
 * @example
 * ```ts
 * const s = sensitivity(matrix, assessments, { samples: 1000, seed: 7, vary: [{ choice: 'weights', range: 0.2 }] });
 * s.results[0]; // { entity: 'MDA', year: 2018, median: 13.4, p05: 12.9, p95: 14.1, bandChanged: 0, indices: [...] }
 * ```
 */
export function sensitivity(
  matrix: Matrix,
  assessments: readonly Assessment[],
  options: SensitivityOptions = {},
): Sensitivity {
  return sensitivityWith(matrix, assessments, options, registeredFormulaEngine());
}

/** Core of {@link sensitivity} with an explicit formula engine (the CLI loads its own). */
export function sensitivityWith(
  matrix: Matrix,
  assessments: readonly Assessment[],
  options: SensitivityOptions,
  engine: FormulaEngine | undefined,
): Sensitivity {
  const parsed = SensitivityOptionsSchema.safeParse(options);
  if (!parsed.success) throw new MgiError(fromZodIssues(parsed.error.issues, options));
  const N = options.samples ?? 500;
  const seed = options.seed ?? 1;
  const withIndices = options.indices !== false;
  // By default, dropping is left out of a matrix that has no indicator to drop (asked for, it is an error).
  const vary =
    options.vary ?? DEFAULT_VARY.filter((v) => v.choice !== 'drop' || droppable(matrix).length > 0);
  const choices = choicesFor(matrix, vary, options.choices ?? []);
  const ev = new Evaluator(matrix, assessments, choices, {
    year: options.year,
    limits: options.limits,
    engine,
    themes: options.themes === true,
  });
  const E = ev.length;

  const { A, B } = design(choices, N, seed);
  const nT = options.themes ? ev.nominal.themes.length : 0;
  const out = runDesign(ev, choices, A, B, withIndices, nT);
  const themeNominal = new Float64Array(E * nT);
  const nominal = ev.nominalScores(nT > 0 ? themeNominal : undefined);
  const bands = ev.nominal.bands;
  const results: SensitivityRow[] = [];
  for (let e = 0; e < E; e++) {
    const overall = summarise(out.overall, E, e, N, nominal[e]!, choices, bands);
    const row: SensitivityRow = {
      entity: ev.entities[e]!,
      year: ev.years[e]!,
      nominal: overall.nominal,
      nominalBand: overall.nominalBand,
      median: overall.median,
      p05: overall.p05,
      p95: overall.p95,
      unscored: overall.unscored,
      bandChanged: overall.bandChanged,
      variance: overall.variance,
      indices: overall.indices,
    };
    if (out.themes) {
      const th = out.themes;
      row.themes = ev.nominal.themes.map((t, k) => {
        const x = summarise(th, E * nT, e * nT + k, N, themeNominal[e * nT + k]!, choices, []);
        return {
          theme: t.id,
          nominal: x.nominal,
          median: x.median,
          p05: x.p05,
          p95: x.p95,
          unscored: x.unscored,
          variance: x.variance,
          indices: x.indices,
        };
      });
    }
    results.push(row);
  }
  return {
    format: SENSITIVITY_FORMAT,
    matrix: { id: matrix.id, version: matrix.version },
    seed,
    samples: N,
    runs: 1 + N * (2 + (withIndices ? choices.length : 0)),
    statistics: `median, percentiles and band changes over the ${2 * N} runs of A and B`,
    choices: choices.map((c) => ({ id: c.id, description: c.description })),
    results,
    errors: [...ev.errors],
  };
}

/** The sample matrices: row j of A and of B, one value per choice, each choice from its own stream. */
function design(choices: readonly Choice[], N: number, seed: number): { A: unknown[][]; B: unknown[][] } {
  const streams = choices.map((c) => createRng(seed, c.id));
  const A: unknown[][] = [];
  const B: unknown[][] = [];
  for (let j = 0; j < N; j++) {
    const a: unknown[] = [];
    const b: unknown[] = [];
    choices.forEach((c, i) => {
      a.push(c.draw(streams[i]!));
      b.push(c.draw(streams[i]!));
    });
    A.push(a);
    B.push(b);
  }
  return { A, B };
}

/** Outputs of the runs of A, B and every A_B^(i): row j's values at `[j · width + column]`. */
interface Outputs {
  readonly fA: Float64Array;
  readonly fB: Float64Array;
  readonly fAB: readonly Float64Array[];
}

function newOutputs(n: number, k: number): Outputs {
  return {
    fA: new Float64Array(n),
    fB: new Float64Array(n),
    fAB: Array.from({ length: k }, () => new Float64Array(n)),
  };
}

function runDesign(
  ev: Evaluator,
  choices: readonly Choice[],
  A: readonly unknown[][],
  B: readonly unknown[][],
  withIndices: boolean,
  nT: number,
): { overall: Outputs; themes: Outputs | undefined } {
  const N = A.length;
  const E = ev.length;
  const k = withIndices ? choices.length : 0;
  const o = newOutputs(N * E, k);
  const t = nT > 0 ? newOutputs(N * E * nT, k) : undefined;
  for (let j = 0; j < N; j++) {
    ev.run(A[j]!, o.fA, j * E, t?.fA);
    ev.run(B[j]!, o.fB, j * E, t?.fB);
    for (let i = 0; i < k; i++) {
      // A discrete choice often draws the same value in A and B: then A_B^(i) is A, already scored.
      if (sameValue(choices[i]!, A[j]![i], B[j]![i])) {
        o.fAB[i]!.set(o.fA.subarray(j * E, (j + 1) * E), j * E);
        if (t) t.fAB[i]!.set(t.fA.subarray(j * E * nT, (j + 1) * E * nT), j * E * nT);
        continue;
      }
      const mixed = A[j]!.slice();
      mixed[i] = B[j]![i];
      ev.run(mixed, o.fAB[i]!, j * E, t?.fAB[i]);
    }
  }
  return { overall: o, themes: t };
}

/** Statistics and indices of one output column (an entity-year's overall score, or one theme's). */
function summarise(
  out: Outputs,
  width: number,
  column: number,
  N: number,
  nom: number,
  choices: readonly Choice[],
  bands: readonly { readonly id: string; readonly min: number }[],
) {
  const col = (f: Float64Array) => {
    const c = new Float64Array(N);
    for (let j = 0; j < N; j++) c[j] = f[j * width + column]!;
    return c;
  };
  const a = col(out.fA);
  const b = col(out.fB);
  const sob = sobolIndices(a, b, out.fAB.map(col));
  const nominalBand = Number.isNaN(nom) ? null : band(nom, bands);
  const finite: number[] = [];
  let changed = 0;
  for (const x of [a, b])
    for (const v of x) {
      if (!Number.isNaN(v)) finite.push(v);
      if (bands.length > 0 && (Number.isNaN(v) ? null : band(v, bands)) !== nominalBand) changed++;
    }
  finite.sort((x, y) => x - y);
  return {
    nominal: orNull(nom),
    nominalBand,
    median: quantile(finite, 0.5),
    p05: quantile(finite, 0.05),
    p95: quantile(finite, 0.95),
    unscored: (2 * N - finite.length) / (2 * N),
    bandChanged: bands.length > 0 ? changed / (2 * N) : null,
    variance: orNull(sob.variance),
    indices: sob.inputs.map((x, i) => ({
      choice: choices[i]!.id,
      first: orNull(x.first),
      total: orNull(x.total),
    })),
  };
}

/** Whether two values of a choice give the same matrix (weights are continuous: never compared). */
function sameValue(c: Choice, a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (c.changes === 'weights') return false;
  return c.key ? c.key(a) === c.key(b) : JSON.stringify(a) === JSON.stringify(b);
}

const orNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** The p-quantile of sorted values, interpolated between order statistics (R's type 7); null when empty. */
export function quantile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const x = sorted[lo]!;
  const y = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  return x === y ? x : x + (h - lo) * (y - x);
}

/** The choices of `vary` (in order, a family expanded into its levels) and the custom ones, checked. */
export function choicesFor(matrix: Matrix, vary: readonly VarySpec[], custom: readonly Choice[]): Choice[] {
  const issues: MgiIssue[] = [];
  const out: Choice[] = [];
  const where: (string | number)[][] = [];
  vary.forEach((v, i) => {
    for (const c of expand(matrix, v, ['vary', i], issues)) {
      out.push(c);
      where.push(['vary', i]);
    }
  });
  custom.forEach((c, i) => {
    const at = ['choices', i];
    const ok =
      c !== null &&
      typeof c === 'object' &&
      typeof c.id === 'string' &&
      c.id.length > 0 &&
      typeof c.description === 'string' &&
      typeof c.draw === 'function' &&
      typeof c.apply === 'function';
    if (!ok) {
      issues.push(
        issue('invalid-value', at, 'a choice must have a non-empty id, a description, draw() and apply()', {
          expected: '{ id: string, description: string, draw(rng), apply(matrix, value) }',
        }),
      );
      return;
    }
    out.push(c);
    where.push(at);
  });
  const seen = new Map<string, number>();
  out.forEach((c, i) => {
    const first = seen.get(c.id);
    if (first !== undefined)
      issues.push(
        issue(
          'duplicate-id',
          where[i]!,
          `choice "${c.id}" is varied twice (first by ${where[first]!.join('.')})`,
        ),
      );
    else seen.set(c.id, i);
  });
  if (issues.length > 0) throw new MgiError(issues);
  return out;
}

function expand(matrix: Matrix, v: VarySpec, at: (string | number)[], issues: MgiIssue[]): Choice[] {
  const levels = (l: 'indicators' | 'themes' | 'both' | undefined) =>
    l === 'indicators' ? ['indicators'] : l === 'themes' ? ['themes'] : ['indicators', 'themes'];
  switch (v.choice) {
    case 'weights': {
      const spread = v.dirichlet !== undefined ? { dirichlet: v.dirichlet } : { range: v.range ?? 0.2 };
      return levels(v.level).map((l) =>
        l === 'indicators' ? indicatorWeights(matrix, spread) : themeWeights(matrix, spread),
      );
    }
    case 'aggregation':
      return levels(v.level).map((l) => aggregationMethod(l as 'indicators' | 'themes'));
    case 'missing':
      return [missingPolicy(v.policies ?? ['reweight', 'zero', 'carryForward'])];
    case 'normalisation':
      return [normalisationMethod(v.methods ? [...new Set(v.methods)] : defaultNormalisations(matrix))];
    case 'drop': {
      const can = droppable(matrix);
      if (!v.indicators) {
        if (can.length === 0)
          issues.push(
            issue(
              'invalid-value',
              at,
              'no indicator can be dropped (every one is read by a formula, or there is only one)',
            ),
          );
        return can.length > 0 ? [dropIndicator(can)] : [];
      }
      const ok = new Set(can);
      const ids = new Set(matrix.indicators.map((i) => i.id));
      v.indicators.forEach((id, j) => {
        if (!ids.has(id))
          issues.push(
            issue(
              'unknown-indicator',
              [...at, 'indicators', j],
              `"${id}" is not an indicator of ${matrix.id}`,
            ),
          );
        else if (!ok.has(id))
          issues.push(
            issue(
              'invalid-value',
              [...at, 'indicators', j],
              `${id} cannot be dropped: a formula reads it, or it is the only indicator`,
            ),
          );
      });
      return [dropIndicator(v.indicators)];
    }
  }
}
