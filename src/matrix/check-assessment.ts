import { issue, type MgiIssue } from '../errors';
import { closest } from '../schema/_issues';
import type { Assessment } from '../schema/assessment';
import type { CompiledMatrix } from './compiled';

/**
 * Check an assessment against the matrix it claims to report on: the matrix reference, that every
 * observation id is an indicator or input of the matrix, that values match the indicator kind,
 * levels exist, breakdown categories are declared, and values lie in the declared range.
 * Returns every issue found; an empty list means the assessment can be scored as given.
 */
export function checkAssessment(compiled: CompiledMatrix, assessment: Assessment): MgiIssue[] {
  const issues: MgiIssue[] = [];
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
      const near = closest(id, [...compiled.indicatorById.keys(), ...compiled.inputs.keys()]);
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
    if (obs.value === undefined) {
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
    const range = ind?.range;
    if (range && (obs.value < range.min || obs.value > range.max)) {
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

function fmtRange(r: { min: number; max: number }): string {
  return `${Number.isFinite(r.min) ? r.min : '−∞'} to ${Number.isFinite(r.max) ? r.max : '∞'}`;
}

// --- fast path ---

interface SlotCheck {
  readonly formula: boolean;
  readonly qualitative: boolean;
  readonly levels: ReadonlyMap<string, number> | null;
  readonly range: { readonly min: number; readonly max: number } | null;
  readonly categories: ReadonlyMap<string, ReadonlySet<string>>;
}

const slotChecks = new WeakMap<CompiledMatrix, ReadonlyMap<string, SlotCheck>>();

function checksFor(compiled: CompiledMatrix): ReadonlyMap<string, SlotCheck> {
  let table = slotChecks.get(compiled);
  if (table) return table;
  const t = new Map<string, SlotCheck>();
  for (const [id, input] of compiled.inputs) {
    t.set(id, {
      formula: false,
      qualitative: false,
      levels: null,
      range: null,
      categories: input.categories,
    });
  }
  // Indicators take precedence over inputs of the same id, as in checkAssessment.
  for (const ind of compiled.indicators) {
    t.set(ind.id, {
      formula: ind.formula !== null,
      qualitative: ind.kind === 'qualitative',
      levels: ind.levels,
      range: ind.range,
      categories: ind.categories,
    });
  }
  table = t;
  slotChecks.set(compiled, table);
  return table;
}

function inRange(v: number, r: SlotCheck['range']): boolean {
  return r === null || !(v < r.min || v > r.max);
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
 * matrix and without building any message: the common case of a clean assessment costs one map
 * lookup per observation. When this says false, call `checkAssessment` for the issues.
 */
export function assessmentIsClean(compiled: CompiledMatrix, assessment: Assessment): boolean {
  if (assessment.matrix !== compiled.ref) return false;
  const table = checksFor(compiled);
  const observations = assessment.observations;
  for (const id in observations) {
    if (!Object.hasOwn(observations, id)) continue;
    const c = table.get(id);
    const obs = observations[id]!;
    if (!c || c.formula || obs === null || typeof obs !== 'object') return false;
    if (obs.missing !== undefined) {
      if (obs.breakdown !== undefined) return false;
      continue;
    }
    if (c.qualitative) {
      if (obs.level === undefined || !c.levels!.has(obs.level) || obs.breakdown !== undefined) return false;
      continue;
    }
    if (obs.value === undefined || !inRange(obs.value, c.range)) return false;
    if (obs.breakdown !== undefined && !breakdownClean(obs.breakdown, c)) return false;
  }
  return true;
}
