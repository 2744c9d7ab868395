import type { CompiledIndicator } from '../matrix/compiled';
import type { ScoringPlan, TargetRef } from './plan';
import { expectedProgress, milestoneValue } from './progress';

/** What one institution is due to report in a year: ids and their observation slots. */
export interface DueList {
  readonly institution: string;
  readonly ids: readonly string[];
  readonly slots: Int32Array;
}

/**
 * The constants of one year for every indicator: the milestone value `M(t)` and its report
 * object, the expected progress `e(t)` (NaN where null, including years before the baseline), and
 * the institutions' due lists. Built once per plan and year, frozen, shared by every entity.
 */
export interface YearPlan {
  readonly year: number;
  readonly milestoneValue: Float64Array;
  readonly milestone: readonly (TargetRef | null)[];
  readonly expected: Float64Array;
  readonly due: readonly DueList[];
}

const years = new WeakMap<ScoringPlan, Map<number, YearPlan>>();

/** The year plan for year `t`, built on first use. */
export function yearPlan(plan: ScoringPlan, t: number): YearPlan {
  let byYear = years.get(plan);
  if (!byYear) {
    byYear = new Map();
    years.set(plan, byYear);
  }
  let y = byYear.get(t);
  if (!y) {
    y = buildYear(plan, t);
    byYear.set(t, y);
  }
  return y;
}

function milestoneRef(ind: CompiledIndicator, t: number, mv: number | null): TargetRef | null {
  if (mv === null) return null;
  // A qualitative milestone names its level in a year that has one.
  const level = ind.kind === 'qualitative' ? ind.targets.find((p) => p.year === t)?.level : undefined;
  return Object.freeze(level !== undefined ? { year: t, value: mv, level } : { year: t, value: mv });
}

function buildYear(plan: ScoringPlan, t: number): YearPlan {
  const n = plan.nInd;
  const mvs = new Float64Array(n).fill(Number.NaN);
  const expected = new Float64Array(n).fill(Number.NaN);
  const milestone: (TargetRef | null)[] = [];
  plan.m.indicators.forEach((ind, k) => {
    const mv = milestoneValue(ind, t);
    if (mv !== null) mvs[k] = mv;
    milestone.push(milestoneRef(ind, t, mv));
    const e = ind.baseline && t < ind.baseline.year ? null : expectedProgress(ind, t);
    if (e !== null) expected[k] = e;
  });
  return Object.freeze({ year: t, milestoneValue: mvs, milestone, expected, due: dueLists(plan, t) });
}

function isDue(ind: CompiledIndicator, t: number): boolean {
  const every = { annual: 1, biennial: 2, triennial: 3, quinquennial: 5, irregular: 0 }[ind.frequency];
  if (every === 0) return false;
  if (every === 1) return true;
  const anchor = ind.baseline?.year ?? 0;
  return (((t - anchor) % every) + every) % every === 0;
}

/** Per institution (sorted), the ids it was due to report in year `t`, in matrix order. */
function dueLists(plan: ScoringPlan, t: number): DueList[] {
  const due = new Map<string, string[]>();
  const add = (inst: string, id: string) => {
    const list = due.get(inst) ?? [];
    if (!list.includes(id)) list.push(id);
    due.set(inst, list);
  };
  for (const ind of plan.m.indicators) {
    if (!isDue(ind, t)) continue;
    if (ind.formula) {
      for (const input of ind.formula.inputs) for (const r of ind.responsible) add(r, input);
    } else for (const r of ind.responsible) add(r, ind.id);
  }
  return [...due.keys()]
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((institution) => {
      const ids = Object.freeze(due.get(institution)!);
      return Object.freeze({
        institution,
        ids,
        slots: Int32Array.from(ids, (id) => plan.slotById.get(id) ?? -1),
      });
    });
}
