/**
 * A fast path for the assessment schema (issue 15: parsing was a third of the time of scoring
 * the HDI). {@link fastAssessment} accepts only what `AssessmentSchema` accepts and returns what it
 * would return — new objects with the schema's keys in the schema's order, records in input
 * order — and gives up (returns `undefined`) at the first doubt, so that the schema itself then
 * decides and words the issues. The patterns are the schema's own constants; a property test
 * (`tests/assessment-fast.test.ts`) holds the two to the same answers and the same output bytes.
 *
 * Takes plain JSON data (what `toJsonValue` gives): no getters, no prototypes to worry about.
 */
import { DATE_PATTERN, FREE_TEXT_PATTERN, ID_PATTERN, LABEL_PATTERN, MAX_MAGNITUDE } from './_common';
import {
  ASSESSMENT_FORMAT,
  type Assessment,
  MATRIX_REF_PATTERN,
  MISSING_PATTERN,
  type Observation,
} from './assessment';

type Data = Record<string, unknown>;

/** The schema's output for `v`, or `undefined` when the schema must look (invalid, or unusual). */
export function fastAssessment(v: unknown): Assessment | undefined {
  if (!isRecord(v)) return undefined;
  let n = 0;
  for (const k in v) {
    if (!ASSESSMENT_KEYS.has(k) || v[k] === undefined) return undefined;
    n++;
  }
  if (
    v.format !== ASSESSMENT_FORMAT ||
    !isString(v.matrix, 0, Number.POSITIVE_INFINITY, MATRIX_REF_PATTERN) ||
    !isLabel(v.entity) ||
    !isYear(v.year) ||
    !isRecord(v.observations)
  )
    return undefined;
  // Shape order, as the schema builds its output; required keys are checked above.
  const out: Data = {};
  let seen = 0;
  for (const [key, check] of TOP_LEVEL) {
    if (check === null) {
      out[key] = v[key];
      seen++;
    } else if (key in v) {
      if (!check(v[key])) return undefined;
      out[key] = v[key];
      seen++;
    }
  }
  if (seen + 1 !== n) return undefined;
  const observations = observationsOf(v.observations);
  if (observations === undefined) return undefined;
  out.observations = observations;
  return out as Assessment;
}

/**
 * The assessment's keys before `observations`, in the schema's order, each with the check of an
 * optional key (`null`: required, checked before).
 */
const TOP_LEVEL: readonly (readonly [string, ((x: unknown) => boolean) | null])[] = [
  ['$schema', (x) => typeof x === 'string'],
  ['format', null],
  ['matrix', null],
  ['entity', null],
  ['entityName', (x) => isLabel(x)],
  ['year', null],
  ['status', (x) => x === 'provisional' || x === 'final'],
  ['submittedBy', (x) => isLabel(x)],
  ['submittedOn', (x) => isString(x, 0, Number.POSITIVE_INFINITY, DATE_PATTERN)],
  ['notes', (x) => isFreeText(x)],
];

const ASSESSMENT_KEYS = new Set([...TOP_LEVEL.map(([k]) => k), 'observations']);

function observationsOf(obs: Data): Record<string, Observation> | undefined {
  const out: Record<string, Observation> = {};
  for (const id in obs) {
    if (!isId(id)) return undefined;
    const o = observationOf(obs[id]);
    if (o === undefined) return undefined;
    out[id] = o;
  }
  return out;
}

function observationOf(o: unknown): Observation | undefined {
  if (!isRecord(o)) return undefined;
  let n = 0;
  for (const k in o) {
    if (!OBSERVATION_KEYS.has(k) || o[k] === undefined) return undefined;
    n++;
  }
  const out: Data = {};
  let given = 0;
  let seen = 0;
  if ('value' in o) {
    if (!isBoundedNumber(o.value)) return undefined;
    out.value = o.value;
    given++;
  }
  if ('level' in o) {
    if (typeof o.level !== 'string' || !isId(o.level)) return undefined;
    out.level = o.level;
    given++;
  }
  if ('missing' in o) {
    if (!isString(o.missing, 1, 1000, MISSING_PATTERN)) return undefined;
    out.missing = o.missing;
    given++;
  }
  seen += given;
  if ('breakdown' in o) {
    const b = breakdownOf(o.breakdown);
    if (b === undefined) return undefined;
    out.breakdown = b;
    seen++;
    // The schema's one exception: categories alone, with no total.
    if (given === 0 && Object.keys(b).length === 0) return undefined;
  } else if (given !== 1) return undefined;
  if (given > 1) return undefined;
  for (const k of TEXT_KEYS) {
    if (!(k in o)) continue;
    if (k === 'reportedBy' ? !isLabel(o[k]) : !isFreeText(o[k])) return undefined;
    out[k] = o[k];
    seen++;
  }
  return seen === n ? (out as Observation) : undefined;
}

const OBSERVATION_KEYS = new Set([
  'value',
  'level',
  'missing',
  'breakdown',
  'source',
  'evidence',
  'reportedBy',
  'note',
]);
const TEXT_KEYS = ['source', 'evidence', 'reportedBy', 'note'] as const;

function breakdownOf(b: unknown): Record<string, Record<string, number>> | undefined {
  if (!isRecord(b)) return undefined;
  const out: Record<string, Record<string, number>> = {};
  for (const dim in b) {
    const cats = b[dim];
    if (!isId(dim) || !isRecord(cats)) return undefined;
    const c: Record<string, number> = {};
    for (const cat in cats) {
      const x = cats[cat];
      if (!isId(cat) || !isBoundedNumber(x)) return undefined;
      c[cat] = x;
    }
    out[dim] = c;
  }
  return out;
}

function isRecord(v: unknown): v is Data {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isBoundedNumber(v: unknown): v is number {
  return typeof v === 'number' && v >= -MAX_MAGNITUDE && v <= MAX_MAGNITUDE;
}

function isYear(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1900 && v <= 2200;
}

function isString(v: unknown, min: number, max: number, pattern: RegExp): v is string {
  return typeof v === 'string' && v.length >= min && v.length <= max && pattern.test(v);
}

function isLabel(v: unknown): v is string {
  return isString(v, 1, 200, LABEL_PATTERN);
}

function isFreeText(v: unknown): v is string {
  return isString(v, 0, 10_000, FREE_TEXT_PATTERN);
}

/** Ids seen valid (the same few dozen repeat in every assessment of a batch), bounded. */
const goodIds = new Set<string>();

function isId(s: string): boolean {
  if (goodIds.has(s)) return true;
  if (!ID_PATTERN.test(s)) return false;
  if (goodIds.size < 4096) goodIds.add(s);
  return true;
}
