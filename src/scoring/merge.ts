import { issue } from '../errors';
import { checkAssessment, cleanSlots } from '../matrix/check-assessment';
import type { Assessment, Observation } from '../schema/assessment';
import type { ReportIssue } from '../schema/report';
import { toReportIssue } from './_issues';
import type { ScoringPlan } from './plan';

/**
 * The submissions for one entity-year merged: the observation per slot (indicators, then formula
 * inputs), which slots are in conflict or only ever reported invalidly, and who submitted.
 */
export interface Group {
  readonly entity: string;
  entityName: string | undefined;
  readonly year: number;
  status: 'provisional' | 'final' | null;
  readonly submissions: string[];
  /** Date and notes of the submissions that give them. */
  details: { submission: string; submittedOn?: string; notes?: string }[] | undefined;
  readonly obs: (Observation | undefined)[];
  /** Slots reported differently by several submissions, with the reason (created on the first conflict). */
  excluded: Map<number, string> | undefined;
  /** Slots only ever reported invalidly (each is in the errors). */
  invalid: Set<number> | undefined;
  /** Every entity name given, when submissions disagree (the report uses the first in code-unit order). */
  names: Set<string> | undefined;
  /** Who reported each slot, once a second submission arrives; absent entries: the first submission. */
  origin: Map<number, string[]> | undefined;
  firstSource: string;
}

/** Group assessments by entity-year, check each against the matrix and merge submissions. */
export function mergeSubmissions(
  plan: ScoringPlan,
  assessments: readonly Assessment[],
  sources: readonly (string | undefined)[],
  errors: ReportIssue[],
): Group[] {
  const groups = new Map<string, Group>();
  const slots = new Int32Array(plan.nSlots);
  const values: Observation[] = new Array(plan.nSlots);
  for (let i = 0; i < assessments.length; i++) {
    const a = assessments[i]!;
    // score() takes parsed assessments; anything else is named, not a TypeError. A clean
    // assessment (the common case) is known to be well-formed without a second look.
    const n = hasShape(a) ? cleanSlots(plan.m, a, slots, values) : -1;
    const clean = n >= 0;
    if (!clean && !looksParsed(a)) {
      const msg = `assessments[${i}] is not a parsed assessment; use parseAssessment() first`;
      errors.push(
        toReportIssue(issue('invalid-type', [], msg), { source: sources[i] ?? `assessments[${i}]` }),
      );
      continue;
    }
    const { source, submission } = labelsOf(a, i, sources);
    if (a.entity.trim() !== a.entity) {
      errors.push(paddedEntity(a, source));
      continue;
    }
    const badIds = clean ? NONE : checked(plan, a, source, errors);
    if (badIds === null) continue;
    const g = groupFor(plan, groups, a, source);
    const fresh = g.submissions.length === 0;
    g.submissions.push(submission);
    if (a.submittedOn !== undefined || a.notes !== undefined) addDetails(g, a, submission);
    if (clean && fresh) {
      // The first submission of an entity-year, checked clean: nothing to merge with.
      for (let j = 0; j < n; j++) g.obs[slots[j]!] = values[j]!;
    } else if (clean) {
      for (let j = 0; j < n; j++) mergeOne(plan, g, a, source, slots[j]!, values[j]!, errors);
    } else mergeObservations(plan, g, a, source, badIds, errors);
  }
  return [...groups.values()];
}

const NONE: ReadonlySet<string> = new Set();

/**
 * How assessment `i` is named: in errors (`source`: the file and the institution) and in the
 * scorecard's list of who submitted (`submission`).
 */
export function labelsOf(
  a: Assessment,
  i: number,
  sources: readonly (string | undefined)[],
): { source: string; submission: string } {
  const where = sources[i];
  const source =
    where !== undefined && a.submittedBy !== undefined
      ? `${a.submittedBy} (${where})`
      : (where ?? a.submittedBy ?? `assessments[${i}]`);
  return { source, submission: a.submittedBy ?? where ?? `assessments[${i}]` };
}

/**
 * The entity-year of one clean assessment, the only one of its entity-year: what
 * {@link mergeSubmissions} makes of it, with the observations put in `obs` (the caller's array,
 * `nSlots` long and empty) from the `n` slots and values `cleanSlots` found.
 */
export function singleGroup(
  a: Assessment,
  i: number,
  sources: readonly (string | undefined)[],
  obs: (Observation | undefined)[],
  slots: Int32Array,
  values: readonly Observation[],
  n: number,
): Group {
  const { source, submission } = labelsOf(a, i, sources);
  const g = newGroup(a, source, obs);
  g.submissions.push(submission);
  if (a.submittedOn !== undefined || a.notes !== undefined) addDetails(g, a, submission);
  for (let j = 0; j < n; j++) obs[slots[j]!] = values[j]!;
  return g;
}

function newGroup(a: Assessment, source: string, obs: (Observation | undefined)[]): Group {
  return {
    entity: a.entity,
    entityName: a.entityName,
    year: a.year,
    status: a.status ?? null,
    submissions: [],
    details: undefined,
    obs,
    excluded: undefined,
    invalid: undefined,
    names: undefined,
    origin: undefined,
    firstSource: source,
  };
}

/** The ids reported invalidly (each issue goes to `errors`), or null when the assessment is for another matrix. */
function checked(
  plan: ScoringPlan,
  a: Assessment,
  source: string,
  errors: ReportIssue[],
): ReadonlySet<string> | null {
  const badIds = new Set<string>();
  let fatal = false;
  for (const is of checkAssessment(plan.m, a)) {
    errors.push(toReportIssue(is, { entity: a.entity, year: a.year, source }));
    if (is.code === 'matrix-mismatch') fatal = true;
    if (is.path[0] === 'observations' && typeof is.path[1] === 'string') badIds.add(is.path[1]);
  }
  return fatal ? null : badIds;
}

function groupFor(plan: ScoringPlan, groups: Map<string, Group>, a: Assessment, source: string): Group {
  const key = `${a.entity}\u0000${a.year}`;
  let g = groups.get(key);
  if (!g) {
    g = newGroup(a, source, new Array(plan.nSlots));
    groups.set(key, g);
  } else {
    if (g.status !== a.status)
      g.status = g.status === 'provisional' || a.status === 'provisional' ? 'provisional' : null;
    mergeName(g, a.entityName);
    g.origin ??= new Map();
  }
  return g;
}

function mergeObservations(
  plan: ScoringPlan,
  g: Group,
  a: Assessment,
  source: string,
  badIds: ReadonlySet<string>,
  errors: ReportIssue[],
): void {
  const observations = a.observations;
  for (const id in observations) {
    if (!Object.hasOwn(observations, id)) continue;
    const slot = plan.slotById.get(id);
    // An unknown id is in the errors and belongs to no slot.
    if (slot === undefined) continue;
    const obs = observations[id]!;
    // An invalid observation is named in the errors and left out; another submission's valid
    // value for the same id still counts.
    if (badIds.has(id)) {
      if (g.obs[slot] === undefined && !g.excluded?.has(slot)) {
        g.invalid ??= new Set();
        g.invalid.add(slot);
      }
      continue;
    }
    mergeOne(plan, g, a, source, slot, obs, errors);
  }
}

/** Merge one valid observation into its entity-year: new, the same as before, or in conflict. */
function mergeOne(
  plan: ScoringPlan,
  g: Group,
  a: Assessment,
  source: string,
  slot: number,
  obs: Observation,
  errors: ReportIssue[],
): void {
  const id = plan.slotIds[slot]!;
  const conflict = g.excluded?.get(slot);
  if (conflict !== undefined) {
    // A third (fourth, …) submission of an id already in conflict is named too.
    const msg = `${id} for ${a.entity} ${a.year} is also reported by ${source} (${describeObs(obs)}), while in ${conflict}`;
    errors.push(conflictIssue(a, id, source, msg, false));
    return;
  }
  g.invalid?.delete(slot);
  const prev = g.obs[slot];
  if (prev === undefined) {
    g.obs[slot] = obs;
    g.origin?.set(slot, [source]);
  } else if (sameObservation(prev, obs)) {
    const list = g.origin!.get(slot) ?? [g.firstSource];
    list.push(source);
    g.origin!.set(slot, list);
  } else {
    const first = (g.origin!.get(slot) ?? [g.firstSource]).join(' and ');
    const msg = `${id} for ${a.entity} ${a.year} is reported differently by ${first} (${describeObs(prev)}) and ${source} (${describeObs(obs)})`;
    errors.push(conflictIssue(a, id, source, msg, true));
    g.obs[slot] = undefined;
    g.excluded ??= new Map();
    g.excluded.set(slot, `conflict between ${first} and ${source}`);
  }
}

/**
 * Two names for one entity-year: whichever comes first in code-unit order is used, so that the
 * order of the files does not change the report; the scorecard warns about the others.
 */
function mergeName(g: Group, name: string | undefined): void {
  if (name === undefined || name === g.entityName) return;
  if (g.entityName === undefined) {
    g.entityName = name;
    return;
  }
  g.names ??= new Set([g.entityName]);
  g.names.add(name);
  if (name < g.entityName) g.entityName = name;
}

/** A submission's date and notes, for the scorecard. */
function addDetails(g: Group, a: Assessment, submission: string): void {
  const d: { submission: string; submittedOn?: string; notes?: string } = { submission };
  if (a.submittedOn !== undefined) d.submittedOn = a.submittedOn;
  if (a.notes !== undefined) d.notes = a.notes;
  g.details ??= [];
  g.details.push(d);
}

/** "MDA " is not silently another entity than "MDA": the assessment is refused, with the fix. */
function paddedEntity(a: Assessment, source: string): ReportIssue {
  const msg = `entity ${JSON.stringify(a.entity)} has spaces around it; remove them (it would be another entity than ${JSON.stringify(a.entity.trim())})`;
  return toReportIssue(issue('invalid-value', ['entity'], msg), { entity: a.entity, year: a.year, source });
}

function conflictIssue(a: Assessment, id: string, source: string, msg: string, hint: boolean): ReportIssue {
  const i = hint
    ? issue('conflict', ['observations', id], msg, {
        hint: 'agree on one value and correct the other submission',
      })
    : issue('conflict', ['observations', id], msg);
  return toReportIssue(i, { entity: a.entity, year: a.year, source, indicator: id });
}

export function hasShape(a: unknown): a is Assessment {
  if (a === null || typeof a !== 'object') return false;
  const x = a as Partial<Assessment>;
  return (
    typeof x.matrix === 'string' &&
    typeof x.entity === 'string' &&
    Number.isInteger(x.year) &&
    x.observations !== null &&
    typeof x.observations === 'object'
  );
}

function looksParsed(a: unknown): a is Assessment {
  if (!hasShape(a)) return false;
  const x = a as Partial<Assessment>;
  const obs = x.observations as Record<string, unknown>;
  for (const id in obs) {
    if (!Object.hasOwn(obs, id)) continue;
    const o = obs[id];
    if (o === null || typeof o !== 'object') return false;
  }
  return true;
}

function sameObservation(a: Observation, b: Observation): boolean {
  return (
    a.value === b.value &&
    a.level === b.level &&
    a.missing === b.missing &&
    canonical(a.breakdown) === canonical(b.breakdown)
  );
}

function canonical(v: unknown): string {
  if (v === undefined) return '';
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const keys = Object.keys(v).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
}

function describeObs(o: Observation): string {
  if (o.value !== undefined)
    return `value ${o.value}${o.breakdown ? ` with breakdown ${canonical(o.breakdown)}` : ''}`;
  if (o.level !== undefined) return `level "${o.level}"`;
  if (o.missing === undefined) return `breakdown ${canonical(o.breakdown)}`;
  return `missing: ${o.missing}`;
}
