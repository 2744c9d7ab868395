import { resolveLimits } from '../limits';
import { cleanSlots } from '../matrix/check-assessment';
import type { Assessment, Observation } from '../schema/assessment';
import { cmp } from './_issues';
import { type Group, hasShape, singleGroup } from './merge';
import type { ScoringPlan } from './plan';
import type { ScoreOptions } from './score-options';

/**
 * The common batch, scored without merging (issue 15, row 1a): every assessment well-formed for
 * the matrix, alone in its entity-year, and the batch within its limits. Its rows are known before
 * any observation is read, so each entity-year's group is made when its row is scored and dropped
 * after it — no group or observation array per entity-year lives until the end of the batch
 * (they were most of the collector's work). Anything else — an unclean assessment, two
 * submissions of one entity-year, a limit reached — is for `mergeSubmissions`, which words it.
 */
export interface SimpleBatch {
  /** Entity ids, sorted as the report sorts them. */
  readonly entities: readonly string[];
  /** The assessment of each row, rows ordered by entity, then year. */
  readonly order: Int32Array;
  /** Rows of entity `e`: `start[e]` to `start[e + 1]`. */
  readonly start: Int32Array;
}

/** The rows of a simple batch, or `undefined` when the batch is not one. */
export function simpleBatch(
  plan: ScoringPlan,
  assessments: readonly Assessment[],
  options: ScoreOptions,
): SimpleBatch | undefined {
  const byEntity = new Map<string, number[]>();
  for (let i = 0; i < assessments.length; i++) {
    const a = assessments[i]!;
    if (!hasShape(a) || a.matrix !== plan.m.ref || a.entity.trim() !== a.entity) return undefined;
    const list = byEntity.get(a.entity);
    if (list) list.push(i);
    else byEntity.set(a.entity, [i]);
  }
  const limits = resolveLimits(options.limits);
  if (byEntity.size > limits.maxEntities) return undefined;
  const entities = [...byEntity.keys()].sort(cmp);
  const order = new Int32Array(assessments.length);
  const start = new Int32Array(entities.length + 1);
  let row = 0;
  for (let e = 0; e < entities.length; e++) {
    const list = byEntity.get(entities[e]!)!;
    if (list.length > limits.maxYears) return undefined;
    list.sort((x, y) => assessments[x]!.year - assessments[y]!.year);
    start[e] = row;
    for (let j = 0; j < list.length; j++) {
      // Two submissions of one entity-year are merged (or in conflict): not simple.
      if (j > 0 && assessments[list[j]!]!.year === assessments[list[j - 1]!]!.year) return undefined;
      order[row++] = list[j]!;
    }
  }
  start[entities.length] = row;
  return { entities, order, start };
}

/** Reads the rows of a simple batch one at a time into one reused observation array. */
export class SimpleRows {
  private readonly slots: Int32Array;
  private readonly values: Observation[];
  private readonly obs: (Observation | undefined)[];
  private n = 0;

  constructor(
    private readonly plan: ScoringPlan,
    private readonly assessments: readonly Assessment[],
    private readonly sources: readonly (string | undefined)[],
  ) {
    this.slots = new Int32Array(plan.nSlots);
    this.values = new Array(plan.nSlots);
    this.obs = new Array(plan.nSlots);
  }

  /** The group of assessment `i`, or `undefined` when it is not clean (the batch is not simple). */
  group(i: number): Group | undefined {
    for (let j = 0; j < this.n; j++) this.obs[this.slots[j]!] = undefined;
    this.n = 0;
    const a = this.assessments[i]!;
    const n = cleanSlots(this.plan.m, a, this.slots, this.values);
    if (n < 0) return undefined;
    this.n = n;
    return singleGroup(a, i, this.sources, this.obs, this.slots, this.values, n);
  }
}
