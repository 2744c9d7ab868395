import { issue, MgiError } from '../errors';
import type { FormulaEngine } from '../formula/types';
import type { Limits } from '../limits';
import type { CompiledMatrix } from '../matrix/compiled';
import { compiledFor } from '../matrix/compiled-for';
import type { Assessment } from '../schema/assessment';
import type { Matrix } from '../schema/matrix';
import type { ReportIssue } from '../schema/report';
import { reaggregateOverall } from '../scoring/reaggregate';
import { type ScoredStore, scoreColumnsWith, scoreStoreWith } from '../scoring/score-columns';
import type { Choice } from './choice';

/** How to score each variant. */
export interface EvaluateOptions {
  readonly year?: number | undefined;
  readonly limits?: Partial<Limits> | undefined;
  /** For formula indicators of structure variants (the registered engine in `sensitivity()`). */
  readonly engine?: FormulaEngine | undefined;
  /** Theme scores are asked for: every variant must keep the matrix's themes. */
  readonly themes?: boolean | undefined;
}

interface Structure {
  readonly matrix: Matrix;
  readonly compiled: CompiledMatrix;
  readonly assessments: readonly Assessment[];
  /** The batch scored under this structure, per carry-forward setting ('' none, else maxYears). */
  readonly batches: Map<string, ScoredStore>;
}

/** A value that stands for "as given" in {@link Evaluator.nominalScores}. */
const NOMINAL: unique symbol = Symbol('nominal');
const NOMINAL_KEY = '\u0000nominal';

/** At most this many compiled structure variants are kept (the oldest is evicted first). */
const MAX_STRUCTURES = 512;

/**
 * Scores matrix variants on the columnar core. Structure choices (`changes: 'structure'`) are
 * applied to the matrix and the variant compiled, once per distinct key; weight and scoring choices
 * are applied on top and re-read into a copy of that compiled matrix, so a weight draw costs a
 * scoring run and no compilation. Observations of indicators a variant no longer has are left out
 * of its assessments (they are not errors of the data).
 */
export class Evaluator {
  readonly nominal: CompiledMatrix;
  readonly entities: readonly string[];
  readonly years: readonly number[];
  /** Problems with individual assessments in the nominal run (left out of every run). */
  readonly errors: readonly ReportIssue[];
  private readonly structures = new Map<string, Structure>();
  private readonly structural: readonly number[];
  private readonly cheap: readonly number[];

  constructor(
    private readonly matrix: Matrix,
    private readonly assessments: readonly Assessment[],
    private readonly choices: readonly Choice[],
    private readonly options: EvaluateOptions,
  ) {
    this.nominal = compiledFor(matrix, options.engine);
    const idx = choices.map((_, i) => i);
    this.structural = idx.filter((i) => (choices[i]!.changes ?? 'structure') === 'structure');
    this.cheap = idx.filter((i) => (choices[i]!.changes ?? 'structure') !== 'structure');
    const cols = this.score(this.nominal, assessments);
    this.errors = cols.errors;
    this.entities = Array.from({ length: cols.length }, (_, i) => cols.entity(i));
    this.years = Array.from({ length: cols.length }, (_, i) => cols.year(i));
  }

  /** Number of entity-years each run scores. */
  get length(): number {
    return this.entities.length;
  }

  /** Overall scores of the matrix as given, NaN where there is none (and its theme scores, given `themes`). */
  nominalScores(themes?: Float64Array): Float64Array {
    const out = new Float64Array(this.length);
    this.run(
      this.choices.map(() => NOMINAL),
      out,
      0,
      themes,
    );
    return out;
  }

  /**
   * Score the variant for one value per choice; write the overall scores to `out` at `offset`.
   * The indicators are scored once per structure and carry-forward setting; each weight and
   * scoring variant then only re-aggregates them (`reaggregateOverall`, the engine's own
   * aggregation), which is what makes thousands of runs cheap.
   */
  run(values: readonly unknown[], out: Float64Array, offset: number, themes?: Float64Array): void {
    const nominal = values.length > 0 && values[0] === NOMINAL;
    const st = nominal ? this.nominalStructure() : this.structure(values);
    let variant = st.compiled;
    if (!nominal && this.cheap.length > 0) {
      let m = st.matrix;
      for (const i of this.cheap) m = this.choices[i]!.apply(m, values[i]);
      variant = rebind(st.compiled, m);
    }
    const carry = variant.scoring.missing === 'carryForward' ? String(variant.scoring.maxYears) : '';
    let batch = st.batches.get(carry);
    if (!batch) {
      batch = this.store(variant, st.assessments);
      this.check(batch, variant);
      st.batches.set(carry, batch);
    }
    reaggregateOverall(batch, variant, out, offset, themes);
  }

  /** A variant's batch must hold the nominal's entity-years in the same order. */
  private check(batch: ScoredStore, variant: CompiledMatrix): void {
    // Theme scores are compared theme by theme: a variant must keep the themes, in order.
    if (
      this.options.themes &&
      (variant.themes.length !== this.nominal.themes.length ||
        variant.themes.some((t, i) => t.id !== this.nominal.themes[i]!.id))
    )
      throw new MgiError([
        issue(
          'invalid-value',
          ['choices'],
          'a varied choice changed the themes of the matrix; every variant must keep them',
        ),
      ]);
    let i = 0;
    for (const list of batch.entityRows)
      for (const r of list) {
        const e = batch.s.entities[batch.s.entityOf[r]!]!;
        const y = batch.s.year[r]!;
        if (e !== this.entities[i] || y !== this.years[i])
          throw new Error(`internal: a variant scored different entity-years (${e} ${y})`);
        i++;
      }
    if (i !== this.length) throw new Error('internal: a variant scored a different number of entity-years');
  }

  private store(compiled: CompiledMatrix, assessments: readonly Assessment[]): ScoredStore {
    const y = this.options.year;
    const lim = this.options.limits;
    return scoreStoreWith(compiled, assessments, {
      trace: false,
      ...(y !== undefined ? { year: y } : {}),
      ...(lim ? { limits: lim } : {}),
    });
  }

  private score(compiled: CompiledMatrix, assessments: readonly Assessment[]) {
    const y = this.options.year;
    const lim = this.options.limits;
    return scoreColumnsWith(compiled, assessments, {
      trace: false,
      ...(y !== undefined ? { year: y } : {}),
      ...(lim ? { limits: lim } : {}),
    });
  }

  private nominalStructure(): Structure {
    let st = this.structures.get(NOMINAL_KEY);
    if (!st) {
      st = { matrix: this.matrix, compiled: this.nominal, assessments: this.assessments, batches: new Map() };
      this.structures.set(NOMINAL_KEY, st);
    }
    return st;
  }

  private structure(values: readonly unknown[]): Structure {
    let key = '';
    for (const i of this.structural) {
      const c = this.choices[i]!;
      key += `${c.key ? c.key(values[i]) : JSON.stringify(values[i])}\u0001`;
    }
    const hit = this.structures.get(key);
    if (hit) return hit;
    let m = this.matrix;
    for (const i of this.structural) m = this.choices[i]!.apply(m, values[i]);
    let compiled: CompiledMatrix;
    try {
      compiled = m === this.matrix ? this.nominal : compiledFor(m, this.options.engine);
    } catch (e) {
      if (!(e instanceof MgiError)) throw e;
      const named = this.structural.map((i) => `${this.choices[i]!.id} = ${JSON.stringify(values[i])}`);
      throw new MgiError(
        e.issues.map((x) => ({
          ...x,
          path: ['choices', ...x.path],
          message: `variant (${named.join(', ')}): ${x.message}`,
        })),
      );
    }
    const st: Structure = {
      matrix: m,
      compiled,
      assessments: known(compiled, this.nominal, this.assessments),
      batches: new Map(),
    };
    if (this.structures.size >= MAX_STRUCTURES) this.structures.delete(this.structures.keys().next().value!);
    this.structures.set(key, st);
    return st;
  }
}

/**
 * The assessments without observations of ids the nominal matrix has and the variant does not
 * (a dropped indicator, or the inputs of a dropped formula). Ids unknown to the nominal matrix stay:
 * they are the data's own errors, reported the same way in every run.
 */
function known(
  variant: CompiledMatrix,
  nominal: CompiledMatrix,
  assessments: readonly Assessment[],
): readonly Assessment[] {
  const gone = (id: string) =>
    (nominal.indicatorById.has(id) || nominal.inputs.has(id)) &&
    !variant.indicatorById.has(id) &&
    !variant.inputs.has(id);
  if (variant === nominal) return assessments;
  return assessments.map((a) => {
    const ids = Object.keys(a.observations);
    if (!ids.some(gone)) return a;
    const observations: Assessment['observations'] = {};
    for (const id of ids) if (!gone(id)) observations[id] = a.observations[id]!;
    return { ...a, observations };
  });
}

/**
 * A copy of a compiled matrix with the weights and scoring settings of `m`, a variant of its own
 * matrix that differs in nothing else: what compiling `m` would give, without compiling it.
 */
export function rebind(base: CompiledMatrix, m: Matrix): CompiledMatrix {
  const wInd = new Map(m.indicators.map((i) => [i.id, i.weight ?? 1]));
  const wTheme = new Map(m.themes.map((t) => [t.id, t.weight ?? 1]));
  const ownAgg = new Map(m.themes.map((t) => [t.id, t.aggregation]));
  const indicators = base.indicators.map((ind) => {
    const w = wInd.get(ind.id) ?? ind.weight;
    return w === ind.weight ? ind : { ...ind, weight: w };
  });
  const agg = m.scoring?.aggregation;
  // A theme without its own aggregation follows the matrix default (themes of sub-themes the
  // themes' method, themes of indicators the indicators' method), as the hierarchy resolves it.
  const themes = base.themes.map((th) => {
    const w = wTheme.get(th.id) ?? th.weight;
    const aggregation =
      ownAgg.get(th.id) ??
      (th.children.length > 0 ? (agg?.themes ?? 'arithmetic') : (agg?.indicators ?? 'arithmetic'));
    const power = aggregation === th.aggregation ? th.power : powerOf(aggregation);
    return w === th.weight && aggregation === th.aggregation ? th : { ...th, weight: w, aggregation, power };
  });
  const missing = m.scoring?.missing;
  return {
    ...base,
    matrix: m,
    indicators,
    themes,
    indicatorById: new Map(indicators.map((c) => [c.id, c])),
    themeById: new Map(themes.map((t) => [t.id, t])),
    scoring: {
      ...base.scoring,
      indicators: agg?.indicators ?? 'arithmetic',
      themes: agg?.themes ?? 'arithmetic',
      overall: agg?.overall ?? 'themes',
      missing: missing?.policy ?? 'reweight',
      minCoverage: missing?.minCoverage ?? 0.5,
      maxYears: missing?.maxYears ?? 1,
    },
  };
}

/** The power of a generalised mean for the named means (a "generalised" theme keeps its own). */
function powerOf(aggregation: string): number {
  return aggregation === 'geometric' ? 0 : aggregation === 'harmonic' ? -1 : 1;
}
