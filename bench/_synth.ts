/**
 * Deterministic synthetic assessments for the benchmarks: the same seed gives the same bytes on every
 * machine. Entities are `E00000`, `E00001`, … (so their order is also the sorted order), each with
 * consecutive years from 2018 (the Moldova baseline year), and their assessments come grouped by
 * entity, years ascending — the layout `mgi score` streams.
 *
 * What a synthetic assessment holds, per indicator of the matrix:
 * - quantitative: a value on the baseline → final target line at a random share of the way
 *   (−30 % … 150 % of the progress expected by that year), clamped to the declared range, rounded to
 *   the indicator's decimals; "maintain" indicators within ±2 tolerances of the target; a breakdown
 *   for every declared disaggregation (categories share the total, the last takes the remainder);
 * - qualitative: a random level, more likely the higher the year;
 * - formula: its inputs (two inputs: the second 200–1000, the first 50–100 % of it; one input:
 *   100–100,000), never the formula itself;
 * - gaps: 3 % of observations are `{missing: …}` and 2 % are left out, except for indicators that a
 *   formula reads (WB_03), so that formula values never depend on carried-forward values.
 *
 * Entities from {@link DISTINCT_ENTITIES} on reuse the observations of an earlier entity.
 */
import type { Assessment, Observation } from '../src/schema/assessment';
import type { Matrix } from '../src/schema/matrix';

/** The first year of every synthetic entity (the baseline year of the Moldova matrix). */
export const FIRST_YEAR = 2018;

/**
 * Entities from this number on repeat the observations of entity `e mod DISTINCT_ENTITIES` (same
 * year) under their own id, sharing the observation objects: generating 100,000 distinct assessments
 * would cost more than scoring them, and the engine does the same work for every assessment.
 */
export const DISTINCT_ENTITIES = 1000;

/** mulberry32: a small, fast, deterministic PRNG (uniform in [0, 1)). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The id of the i-th synthetic entity; ids sort in the order they are generated. */
export function entityId(i: number): string {
  return `E${String(i).padStart(5, '0')}`;
}

type AnyIndicator = Matrix['indicators'][number];

function roundTo(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f + 0; // + 0: never -0
}

function targetsOf(ind: AnyIndicator): [number, number | string][] {
  const t = (ind as { targets?: Record<string, number | string> }).targets ?? {};
  return Object.entries(t)
    .map(([y, v]) => [Number(y), v] as [number, number | string])
    .sort((a, b) => a[0] - b[0]);
}

/** Ids that some formula reads as an indicator (not as an input): never left missing. */
function formulaReads(matrix: Matrix): Set<string> {
  const ids = new Set(matrix.indicators.map((i) => i.id));
  const out = new Set<string>();
  for (const ind of matrix.indicators) {
    if (ind.kind !== 'formula') continue;
    for (const name of ind.expression.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [])
      if (ids.has(name)) out.add(name);
  }
  return out;
}

/** Generator of synthetic assessments for one matrix. */
export interface Synth {
  /** The assessment of entity number `e` in year `FIRST_YEAR + y`. */
  assessment(e: number, y: number): Assessment;
}

/** What the generator needs of one indicator, worked out once per matrix. */
interface Plan {
  readonly id: string;
  readonly kind: 'quantitative' | 'qualitative' | 'formula';
  readonly keep: boolean;
  readonly inputs: readonly string[];
  readonly levels: readonly string[];
  readonly baseline: { readonly year: number; readonly value: number } | null;
  readonly target: { readonly year: number; readonly value: number } | null;
  readonly maintain: boolean;
  readonly tolerance: number;
  readonly decimals: number;
  readonly min: number;
  readonly max: number;
  readonly disaggregation: readonly (readonly [string, readonly string[]])[];
}

function plan(matrix: Matrix): Plan[] {
  const reads = formulaReads(matrix);
  return matrix.indicators.map((ind): Plan => {
    const ts = targetsOf(ind);
    const last = ts[ts.length - 1];
    const base = (ind as { baseline?: { year: number; value?: number } }).baseline;
    const range = (ind as { range?: { min?: number; max?: number } }).range;
    const dis = (ind as { disaggregation?: Record<string, string[]> }).disaggregation ?? {};
    const target = last && typeof last[1] === 'number' ? { year: last[0], value: last[1] } : null;
    const baseline = base && typeof base.value === 'number' ? { year: base.year, value: base.value } : null;
    return {
      id: ind.id,
      kind: ind.kind,
      keep: reads.has(ind.id),
      inputs: ind.kind === 'formula' ? (ind.inputs ?? []) : [],
      levels: ind.kind === 'qualitative' ? ind.levels.map((l) => l.id) : [],
      baseline,
      target,
      maintain:
        ind.kind !== 'qualitative' && (ind.direction === 'maintain' || target?.value === baseline?.value),
      tolerance: (ind as { tolerance?: number }).tolerance ?? 0,
      decimals: (ind as { decimals?: number }).decimals ?? 2,
      min: range?.min ?? Number.NEGATIVE_INFINITY,
      max: range?.max ?? Number.POSITIVE_INFINITY,
      disaggregation: Object.entries(dis),
    };
  });
}

/** A generator of deterministic synthetic assessments of `matrix`. */
export function synth(matrix: Matrix, seed = 20240601): Synth {
  const plans = plan(matrix);
  const ref = `${matrix.id}@${matrix.version}`;
  const templates = new Map<number, Assessment>();
  const fresh = (e: number, y: number): Assessment => {
    // One stream per entity-year: any entity-year can be generated on its own, in any order.
    const rnd = prng((seed ^ Math.imul(e + 1, 0x9e3779b1) ^ Math.imul(y + 1, 0x85ebca6b)) >>> 0);
    const year = FIRST_YEAR + y;
    const observations: Record<string, Observation> = {};
    for (const p of plans) {
      if (p.kind === 'formula') {
        const [a, b] = p.inputs;
        if (a !== undefined && b !== undefined) {
          const vb = roundTo(200 + 800 * rnd(), 1);
          gap(observations, a, roundTo(vb * (0.5 + 0.5 * rnd()), 1), rnd, false);
          gap(observations, b, vb, rnd, false);
        } else if (a !== undefined) gap(observations, a, roundTo(100 + 99_900 * rnd(), 0), rnd, false);
        continue;
      }
      if (p.kind === 'qualitative') {
        const n = p.levels.length;
        const lift = Math.min(1, (year - FIRST_YEAR) / 8);
        const k = Math.min(n - 1, Math.floor(rnd() * n * (0.5 + 0.5 * lift) + rnd() * lift));
        gap(observations, p.id, { level: p.levels[k]! }, rnd, p.keep);
        continue;
      }
      let v: number;
      if (p.baseline && p.target) {
        if (p.maintain) v = p.target.value + p.tolerance * (4 * rnd() - 2);
        else {
          const share = Math.max(0, (year - p.baseline.year) / (p.target.year - p.baseline.year));
          v = p.baseline.value + (p.target.value - p.baseline.value) * share * (-0.3 + 1.8 * rnd());
        }
      } else v = 100 * rnd();
      v = roundTo(Math.min(p.max, Math.max(p.min, v)), p.decimals);
      const obs: Observation = { value: v };
      if (p.disaggregation.length > 0) {
        const breakdown: Record<string, Record<string, number>> = {};
        for (const [dim, cats] of p.disaggregation) {
          const parts: Record<string, number> = {};
          let rest = v;
          cats.forEach((c, k) => {
            const share = k === cats.length - 1 ? rest : (v / cats.length) * (0.8 + 0.4 * rnd());
            const x = roundTo(share, 2);
            parts[c] = x;
            rest -= x;
          });
          breakdown[dim] = parts;
        }
        obs.breakdown = breakdown;
      }
      gap(observations, p.id, obs, rnd, p.keep);
    }
    return {
      format: 'mgi-engine/assessment@1',
      matrix: ref,
      entity: entityId(e),
      year,
      status: 'final',
      submittedBy: 'synthetic',
      observations,
    };
  };
  return {
    assessment(e: number, y: number): Assessment {
      if (e < DISTINCT_ENTITIES) return fresh(e, y);
      const key = (e % DISTINCT_ENTITIES) * 1000 + y;
      let t = templates.get(key);
      if (!t) {
        t = fresh(e % DISTINCT_ENTITIES, y);
        templates.set(key, t);
      }
      return { ...t, entity: entityId(e) };
    },
  };
}

/** Record an observation, or a gap: 3 % `{missing}`, 2 % left out (never for `keep`). */
function gap(
  into: Record<string, Observation>,
  id: string,
  obs: Observation | number,
  rnd: () => number,
  keep: boolean,
): void {
  const r = rnd();
  if (!keep && r < 0.02) return;
  if (!keep && r < 0.05) {
    into[id] = { missing: 'synthetic gap' };
    return;
  }
  into[id] = typeof obs === 'number' ? { value: obs } : obs;
}

/** `entities × years` assessments, grouped by entity, years ascending. */
export function assessments(matrix: Matrix, entities: number, years: number, seed?: number): Assessment[] {
  const s = synth(matrix, seed);
  const out: Assessment[] = [];
  for (let e = 0; e < entities; e++) for (let y = 0; y < years; y++) out.push(s.assessment(e, y));
  return out;
}

/**
 * The matrix without formula indicators (and so without their inputs): the same themes and
 * scoring, a different id so that assessments cannot be mixed up.
 */
export function withoutFormulas(matrix: Matrix): Matrix {
  return {
    ...matrix,
    id: `${matrix.id}-noformula`,
    indicators: matrix.indicators.filter((i) => i.kind !== 'formula'),
  } as Matrix;
}

/** An assessment of `matrix` restricted to what `target` (a variant of it) declares. */
export function restrictTo(a: Assessment, target: Matrix): Assessment {
  const keep = new Set(target.indicators.map((i) => i.id));
  const observations: Record<string, Observation> = {};
  for (const [id, o] of Object.entries(a.observations)) if (keep.has(id)) observations[id] = o;
  return { ...a, matrix: `${target.id}@${target.version}`, observations };
}
