import { issue, type MgiIssue } from '../errors';
import { MAX_MAGNITUDE } from '../schema/_common';
import { chain, closest, suggestBudget } from '../schema/_issues';
import type { Assessment, Observation } from '../schema/assessment';
import type { CompiledMatrix } from './compiled';

/**
 * Check an assessment against the matrix it claims to report on: the matrix reference, that every
 * observation id is an indicator or input of the matrix, that values match the indicator kind,
 * levels exist, breakdown categories are declared, and values lie in the declared range.
 * Returns every issue found; an empty list means the assessment can be scored as given.
 */
export function checkAssessment(compiled: CompiledMatrix, assessment: Assessment): MgiIssue[] {
  const issues: MgiIssue[] = [];
  const budget = suggestBudget();
  if (assessment.matrix !== compiled.ref) {
    const [id] = assessment.matrix.split('@');
    issues.push(
      issue(
        'matrix-mismatch',
        ['matrix'],
        id === compiled.id
          ? `assessment is for version ${assessment.matrix.slice(id!.length + 1)} of "${compiled.id}", but the matrix is version ${compiled.version}`
          : `assessment is for matrix "${assessment.matrix}", not "${compiled.ref}"`,
        { expected: compiled.ref, received: assessment.matrix },
      ),
    );
    return issues;
  }
  for (const [id, obs] of Object.entries(assessment.observations)) {
    const path = ['observations', id];
    const ind = compiled.indicatorById.get(id);
    const input = compiled.inputs.get(id);
    if (!ind && !input) {
      const near = closest(id, chain(compiled.indicatorById.keys(), compiled.inputs.keys()), budget);
      issues.push(
        issue('unknown-indicator', path, `"${id}" is not an indicator or input of ${compiled.ref}`, {
          hint: near ? `did you mean "${near}"?` : undefined,
        }),
      );
      continue;
    }
    if (ind?.formula) {
      issues.push(
        issue(
          'kind-mismatch',
          path,
          `${id} is computed by a formula; report its inputs (${ind.formula.inputs.join(', ') || 'none'}) instead`,
        ),
      );
      continue;
    }
    const wrong = wrongType(obs);
    if (wrong) {
      // Only an unparsed object passed to score() gets here: the schema refuses these.
      issues.push(
        issue('invalid-type', [...path, ...wrong.at], `${id}: ${wrong.message}`, {
          expected: wrong.expected,
        }),
      );
      continue;
    }
    if (obs.missing !== undefined) {
      if (obs.breakdown !== undefined) {
        issues.push(
          issue(
            'invalid-value',
            [...path, 'breakdown'],
            `${id} is reported missing but has a breakdown; report the total as "value" or drop the breakdown`,
          ),
        );
      }
      continue;
    }
    const qualitative = ind?.kind === 'qualitative';
    if (qualitative) {
      if (obs.level === undefined) {
        issues.push(
          issue(
            'kind-mismatch',
            path,
            `${id} is qualitative: report a "level" (${[...ind!.levels!.keys()].join(', ')}), not a value`,
            {
              expected: 'level',
            },
          ),
        );
      } else if (!ind!.levels!.has(obs.level)) {
        const near = closest(obs.level, ind!.levels!.keys());
        issues.push(
          issue(
            'unknown-level',
            [...path, 'level'],
            `level "${obs.level}" is not one of ${id}'s levels (${[...ind!.levels!.keys()].join(', ')})`,
            {
              hint: near ? `did you mean "${near}"?` : undefined,
            },
          ),
        );
      }
      if (obs.breakdown !== undefined) {
        issues.push(
          issue(
            'kind-mismatch',
            [...path, 'breakdown'],
            `${id} is qualitative and cannot have a numeric breakdown`,
          ),
        );
      }
      continue;
    }
    if (obs.value === undefined && obs.level !== undefined) {
      issues.push(
        issue(
          'kind-mismatch',
          path,
          `${id} is ${ind ? 'quantitative' : 'a formula input'}: report a "value", not a level`,
          { expected: 'value' },
        ),
      );
      continue;
    }
    if (obs.value === undefined && obs.missing === undefined && compiled.categoryViews === undefined) {
      // Issue 16: categories without a total only where the matrix scores categories (opt-in).
      issues.push(
        issue('required', [...path, 'value'], `${id} gives a breakdown without a total "value"`, {
          hint: 'add the total in "value" (or the reason in "missing"); a breakdown alone needs a matrix with "disaggregations"',
        }),
      );
      continue;
    }
    const range = ind?.range;
    if (range && obs.value !== undefined && (obs.value < range.min || obs.value > range.max)) {
      issues.push(
        issue(
          'value-out-of-range',
          [...path, 'value'],
          `${obs.value} is outside the declared range of ${id} (${fmtRange(range)})`,
        ),
      );
    }
    const categories = ind?.categories ?? input!.categories;
    for (const [dim, cats] of Object.entries(obs.breakdown ?? {})) {
      const allowed = categories.get(dim);
      if (!allowed) {
        issues.push(
          issue('unknown-category', [...path, 'breakdown', dim], `${id} has no breakdown by "${dim}"`, {
            expected: [...categories.keys()].join(', ') || 'no breakdown',
            hint: (() => {
              const near = closest(dim, categories.keys());
              return near ? `did you mean "${near}"?` : undefined;
            })(),
          }),
        );
        continue;
      }
      for (const [cat, v] of Object.entries(cats)) {
        if (!allowed.has(cat)) {
          const near = closest(cat, allowed);
          issues.push(
            issue(
              'unknown-category',
              [...path, 'breakdown', dim, cat],
              `"${cat}" is not a category of "${dim}" (${[...allowed].join(', ')})`,
              {
                hint: near ? `did you mean "${near}"?` : undefined,
              },
            ),
          );
        } else if (range && (v < range.min || v > range.max)) {
          issues.push(
            issue(
              'value-out-of-range',
              [...path, 'breakdown', dim, cat],
              `${v} is outside the declared range of ${id} (${fmtRange(range)})`,
            ),
          );
        }
      }
    }
  }
  return issues;
}

/** What the schema's `Finite` accepts: a number within ±1e15. */
const isFiniteNumber = (v: unknown): v is number =>
  typeof v === 'number' && v >= -MAX_MAGNITUDE && v <= MAX_MAGNITUDE;

/**
 * A field of the wrong type in an observation that never went through the schema (score() given
 * unparsed objects; issue 19 #15): NaN or "70" as a value, a number as a level. Null when sound.
 */
function wrongType(obs: unknown): { at: string[]; message: string; expected: string } | null {
  if (obs === null || typeof obs !== 'object' || Array.isArray(obs))
    return { at: [], message: 'an observation is an object', expected: 'an object' };
  const o = obs as Record<string, unknown>;
  if (o.value !== undefined && !isFiniteNumber(o.value))
    return {
      at: ['value'],
      message: `the value must be a number within ±1e15, not ${shown(o.value)}`,
      expected: 'a finite number',
    };
  for (const f of ['level', 'missing'] as const)
    if (o[f] !== undefined && typeof o[f] !== 'string')
      return { at: [f], message: `"${f}" must be a string, not ${shown(o[f])}`, expected: 'a string' };
  const b = o.breakdown;
  if (b === undefined) return null;
  if (b === null || typeof b !== 'object' || Array.isArray(b))
    return {
      at: ['breakdown'],
      message: 'the breakdown must be an object of categories',
      expected: 'an object',
    };
  for (const [dim, cats] of Object.entries(b)) {
    if (cats === null || typeof cats !== 'object' || Array.isArray(cats))
      return {
        at: ['breakdown', dim],
        message: `breakdown "${dim}" must be an object`,
        expected: 'an object',
      };
    for (const [cat, v] of Object.entries(cats))
      if (!isFiniteNumber(v))
        return {
          at: ['breakdown', dim, cat],
          message: `the breakdown value must be a number within ±1e15, not ${shown(v)}`,
          expected: 'a finite number',
        };
  }
  return null;
}

function shown(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number') return String(v);
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

function fmtRange(r: { min: number; max: number }): string {
  if (r.min === Number.MIN_VALUE)
    return `above 0, as its goalposts are on a log scale${Number.isFinite(r.max) ? `, up to ${r.max}` : ''}`;
  return `${Number.isFinite(r.min) ? r.min : '−∞'} to ${Number.isFinite(r.max) ? r.max : '∞'}`;
}

// --- fast path ---

interface SlotCheck {
  readonly formula: boolean;
  readonly qualitative: boolean;
  readonly levels: ReadonlyMap<string, number> | null;
  readonly range: { readonly min: number; readonly max: number } | null;
  readonly categories: ReadonlyMap<string, ReadonlySet<string>>;
  /** Issue 16: the matrix scores categories, so a breakdown may be given without a total. */
  readonly byCategoryOnly: boolean;
}

/** Observation ids of a compiled matrix as slots (indicators in matrix order, then inputs), with their checks. */
export interface SlotTable {
  readonly slotById: ReadonlyMap<string, number>;
  readonly slotIds: readonly string[];
  readonly checks: readonly SlotCheck[];
}

const slotTables = new WeakMap<CompiledMatrix, SlotTable>();

/** The slot table of a compiled matrix, built once and cached with it. */
export function slotTable(compiled: CompiledMatrix): SlotTable {
  let table = slotTables.get(compiled);
  if (table) return table;
  const slotIds: string[] = [];
  const checks: SlotCheck[] = [];
  for (const ind of compiled.indicators) {
    slotIds.push(ind.id);
    checks.push({
      formula: ind.formula !== null,
      qualitative: ind.kind === 'qualitative',
      levels: ind.levels,
      range: ind.range,
      categories: ind.categories,
      byCategoryOnly: compiled.categoryViews !== undefined,
    });
  }
  // Indicators take precedence over inputs of the same id, as in checkAssessment.
  for (const [id, input] of compiled.inputs) {
    if (compiled.indicatorById.has(id)) continue;
    slotIds.push(id);
    checks.push({
      formula: false,
      qualitative: false,
      levels: null,
      range: null,
      categories: input.categories,
      byCategoryOnly: compiled.categoryViews !== undefined,
    });
  }
  table = { slotById: new Map(slotIds.map((id, i) => [id, i])), slotIds, checks };
  slotTables.set(compiled, table);
  return table;
}

function inRange(v: number, r: SlotCheck['range']): boolean {
  return isFiniteNumber(v) && (r === null || !(v < r.min || v > r.max));
}

function breakdownClean(
  b: Readonly<Record<string, Readonly<Record<string, number>>>>,
  c: SlotCheck,
): boolean {
  for (const dim in b) {
    const allowed = c.categories.get(dim);
    if (!allowed) return false;
    const cats = b[dim]!;
    for (const cat in cats) if (!allowed.has(cat) || !inRange(cats[cat]!, c.range)) return false;
  }
  return true;
}

/**
 * Whether {@link checkAssessment} would find nothing, decided from checks compiled once per
 * matrix and without building any message: one map lookup per observation. When clean, the
 * observations' slots and values are left in `slots`/`values` (in the object's key order) and
 * their number is returned; otherwise −1, and `checkAssessment` gives the issues.
 */
export function cleanSlots(
  compiled: CompiledMatrix,
  assessment: Assessment,
  slots: Int32Array,
  values: Observation[],
): number {
  if (assessment.matrix !== compiled.ref) return -1;
  const table = slotTable(compiled);
  const observations = assessment.observations;
  let n = 0;
  for (const id in observations) {
    if (!Object.hasOwn(observations, id)) continue;
    const slot = table.slotById.get(id);
    if (slot === undefined || n >= slots.length) return -1;
    const c = table.checks[slot]!;
    const obs = observations[id]!;
    if (c.formula || obs === null || typeof obs !== 'object' || !observationClean(obs, c)) return -1;
    slots[n] = slot;
    values[n++] = obs;
  }
  return n;
}

function observationClean(obs: Observation, c: SlotCheck): boolean {
  if (obs.missing !== undefined) return typeof obs.missing === 'string' && obs.breakdown === undefined;
  if (c.qualitative)
    return typeof obs.level === 'string' && c.levels!.has(obs.level) && obs.breakdown === undefined;
  if (obs.value === undefined)
    return (
      c.byCategoryOnly &&
      obs.level === undefined &&
      obs.breakdown !== undefined &&
      breakdownClean(obs.breakdown, c)
    );
  if (!inRange(obs.value, c.range)) return false;
  return obs.breakdown === undefined || breakdownClean(obs.breakdown, c);
}
