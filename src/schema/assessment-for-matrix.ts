import { textIn } from './_common';
import { ASSESSMENT_FORMAT } from './assessment';
import { assessmentJsonSchema, type JsonSchemaTarget } from './json-schema';
import type { Indicator, Matrix, NormalisationMethod } from './matrix';

/** A JSON Schema document. */
export type JsonSchema = Record<string, unknown>;

const BASE = 'https://mgi-engine.dev/schemas/matrices';

/** Observation fields shared by every indicator and input; kept in the definitions and referenced. */
const META_FIELDS = ['source', 'evidence', 'reportedBy', 'note'] as const;

/**
 * The JSON Schema of an assessment of one matrix: the generic assessment schema
 * ({@link assessmentJsonSchema}) narrowed so that `matrix` is the constant `id@version`, and
 * `observations` lists exactly the matrix's reportable ids (non-formula indicators and formula
 * inputs, in matrix order) with their shapes: `{value}` within the declared range, with `breakdown`
 * by the declared categories, or a level id of a qualitative indicator, or `{missing: reason}`.
 * Titles and descriptions come from the matrix (English, or its first language), so form builders
 * (@rjsf/core, JSON Forms) show the indicator names. With `target: 'draft-07'` the schema uses
 * `definitions` and only draft-07 keywords.
 *
 * It accepts what `mgi validate` accepts for that matrix, except that qualitative indicators may
 * not carry a `breakdown` at all (the scorer ignores one).
 *
 * @example
 * ```ts
 * const schema = assessmentSchemaForMatrix(matrix, 'draft-07'); // give it to a form builder
 * ```
 */
export function assessmentSchemaForMatrix(
  matrix: Matrix,
  target: JsonSchemaTarget = 'draft-2020-12',
): JsonSchema {
  const generic = assessmentJsonSchema(target);
  const genericProps = generic.properties as Record<string, JsonSchema>;
  const genericObs = (genericProps.observations?.additionalProperties ?? {}) as {
    properties?: Record<string, JsonSchema>;
  };
  const obsProps = genericObs.properties ?? {};
  const defsKey = target === 'draft-07' ? 'definitions' : '$defs';
  const ref = (name: string): JsonSchema => ({ $ref: `#/${defsKey}/${name}` });

  const defs: Record<string, JsonSchema> = {
    missing: {
      ...strip(obsProps.missing),
      description:
        'The value is not available; say why (e.g. "not yet reported", "survey not run this year").',
    },
  };
  for (const f of META_FIELDS) defs[f] = strip(obsProps[f]);
  const meta: Record<string, JsonSchema> = Object.fromEntries(META_FIELDS.map((f) => [f, ref(f)]));

  const observations: Record<string, JsonSchema> = {};
  const reported = new Set<string>();
  // Issue 16: categories without a total only where the matrix scores categories.
  const byCategory = matrix.disaggregations !== undefined;
  for (const ind of matrix.indicators) {
    if (ind.kind === 'formula') continue;
    reported.add(ind.id);
    observations[ind.id] =
      ind.kind === 'qualitative'
        ? qualitative(ind, meta, ref)
        : quantitative(ind, meta, ref, matrix.scoring?.normalisation ?? 'target', byCategory);
  }
  for (const input of formulaInputs(matrix)) {
    if (reported.has(input.id)) continue; // an id collision; the matrix itself is invalid then
    reported.add(input.id);
    observations[input.id] = numeric(
      {
        title: input.id,
        description: `Input of the formula indicator${input.usedBy.length > 1 ? 's' : ''} ${input.usedBy.join(', ')}.`,
      },
      {},
      input.categories,
      meta,
      ref,
      undefined,
      false,
      byCategory,
    );
  }

  const ref_ = `${matrix.id}@${matrix.version}`;
  const title = textIn(matrix.title, 'en');
  const properties: Record<string, JsonSchema> = {};
  for (const [key, value] of Object.entries(genericProps)) {
    if (key === 'format') properties[key] = { type: 'string', const: ASSESSMENT_FORMAT };
    else if (key === 'matrix') {
      properties[key] = {
        type: 'string',
        const: ref_,
        description: `The matrix reported on: ${title}, version ${matrix.version}.`,
      };
    } else if (key === 'observations') {
      properties[key] = {
        type: 'object',
        description:
          'Reported values by indicator or input id. Leave an id out, or give {"missing": reason}, when the value is not available.',
        properties: observations,
        additionalProperties: false,
      };
    } else properties[key] = value;
  }

  return {
    $schema: generic.$schema,
    $id: `${BASE}/${matrix.id}/${matrix.version}/assessment.schema.json`,
    title: `Assessment for ${title} (${ref_})`,
    description: `An mgi-engine assessment (${ASSESSMENT_FORMAT}) of matrix ${ref_}: what was observed for one entity in one year.`,
    type: 'object',
    properties,
    required: generic.required,
    additionalProperties: false,
    [defsKey]: defs,
  };
}

/** A reportable raw variable of a formula indicator, with the categories it may be broken down by. */
interface FormulaInput {
  readonly id: string;
  readonly usedBy: readonly string[];
  readonly categories: Readonly<Record<string, readonly string[]>>;
}

/**
 * The inputs of a matrix's formula indicators, sorted by id, with the formulas that read them and
 * the union of those formulas' breakdown categories, as `compileMatrix` resolves them. Shared with
 * the CSV reader and `mgi init`; not part of the public API.
 *
 * @internal
 */
export function formulaInputs(matrix: Matrix): FormulaInput[] {
  const byId = new Map<string, { usedBy: string[]; categories: Map<string, string[]> }>();
  for (const ind of matrix.indicators) {
    if (ind.kind !== 'formula') continue;
    for (const id of ind.inputs ?? []) {
      let use = byId.get(id);
      if (!use) {
        use = { usedBy: [], categories: new Map() };
        byId.set(id, use);
      }
      if (!use.usedBy.includes(ind.id)) use.usedBy.push(ind.id);
      for (const [dim, cats] of Object.entries(ind.disaggregation ?? {})) {
        const list = use.categories.get(dim) ?? [];
        for (const c of cats) if (!list.includes(c)) list.push(c);
        use.categories.set(dim, list);
      }
    }
  }
  return [...byId]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, use]) => ({ id, usedBy: use.usedBy, categories: Object.fromEntries(use.categories) }));
}

// --- internal ---

function qualitative(
  ind: Extract<Indicator, { kind: 'qualitative' }>,
  meta: Record<string, JsonSchema>,
  ref: (name: string) => JsonSchema,
): JsonSchema {
  const levels = ind.levels.map((l) => `"${l.id}" = ${textIn(l.label, 'en')} (score ${l.score})`).join('; ');
  return {
    ...describeIndicator(ind),
    oneOf: [
      {
        title: 'Reported',
        type: 'object',
        properties: {
          level: {
            type: 'string',
            enum: ind.levels.map((l) => l.id),
            description: `The level reached: ${levels}.`,
          },
          ...meta,
        },
        required: ['level'],
        additionalProperties: false,
      },
      missingBranch(meta, ref, {}),
    ],
  };
}

function quantitative(
  ind: Extract<Indicator, { kind: 'quantitative' }>,
  meta: Record<string, JsonSchema>,
  ref: (name: string) => JsonSchema,
  defaultNormalisation: NormalisationMethod,
  byCategory: boolean,
): JsonSchema {
  return numeric(
    describeIndicator(ind),
    ind.range ?? {},
    ind.disaggregation ?? {},
    meta,
    ref,
    ind.unit,
    needsPositiveValues(ind, defaultNormalisation),
    byCategory,
  );
}

/**
 * Whether an indicator's values must be above 0: its goalposts are on a log scale and score it
 * (the same choice as `compileMatrix`; issue 19 #14).
 */
export function needsPositiveValues(
  ind: Extract<Indicator, { kind: 'quantitative' }>,
  defaultNormalisation: NormalisationMethod,
): boolean {
  return ind.goalposts?.log === true && scoredByGoalposts(ind, defaultNormalisation);
}

function scoredByGoalposts(
  ind: Extract<Indicator, { kind: 'quantitative' }>,
  defaultNormalisation: NormalisationMethod,
): boolean {
  const chosen = ind.normalisation ?? defaultNormalisation;
  if (chosen !== 'target' && chosen !== 'goalposts') return false; // a sample-based method
  if (ind.normalisation) return ind.normalisation === 'goalposts';
  const hasTargets = Object.keys(ind.targets ?? {}).length > 0;
  return hasTargets ? defaultNormalisation !== 'target' : true;
}

function numeric(
  described: JsonSchema,
  range: { min?: number | undefined; max?: number | undefined },
  categories: Readonly<Record<string, readonly string[]>>,
  meta: Record<string, JsonSchema>,
  ref: (name: string) => JsonSchema,
  unit?: string,
  logScale = false,
  byCategory = false,
): JsonSchema {
  const number: JsonSchema = { type: 'number' };
  if (range.min !== undefined) number.minimum = range.min;
  // Log-scale goalposts have no place for 0 or below (issue 19 #14): the value must be above 0.
  if (logScale && !(range.min !== undefined && range.min > 0)) number.exclusiveMinimum = 0;
  if (range.max !== undefined) number.maximum = range.max;
  const breakdown: Record<string, JsonSchema> = {};
  for (const [dim, cats] of Object.entries(categories)) {
    breakdown[dim] = {
      type: 'object',
      description: `Values by ${dim}: ${cats.join(', ')}.`,
      properties: Object.fromEntries(cats.map((c) => [c, { ...number }])),
      additionalProperties: false,
    };
  }
  const extra: Record<string, JsonSchema> = {};
  if (Object.keys(breakdown).length > 0) {
    extra.breakdown = {
      type: 'object',
      description: 'Disaggregated values: breakdown dimension → category → value. The total goes in "value".',
      properties: breakdown,
      additionalProperties: false,
    };
  }
  return {
    ...described,
    oneOf: [
      {
        title: 'Reported',
        type: 'object',
        properties: {
          value: { ...number, description: unit ? `The value, in ${unit}.` : 'The value.' },
          ...extra,
          ...meta,
        },
        required: ['value'],
        additionalProperties: false,
      },
      missingBranch(meta, ref, extra),
      ...(extra.breakdown && byCategory
        ? [
            {
              title: 'By category only',
              description: 'The categories without a total (issue 16): the total is not scored.',
              type: 'object',
              properties: { ...extra, ...meta },
              required: ['breakdown'],
              additionalProperties: false,
            },
          ]
        : []),
    ],
  };
}

function missingBranch(
  meta: Record<string, JsonSchema>,
  ref: (name: string) => JsonSchema,
  extra: Record<string, JsonSchema>,
): JsonSchema {
  return {
    title: 'Not available',
    type: 'object',
    properties: { missing: ref('missing'), ...extra, ...meta },
    required: ['missing'],
    additionalProperties: false,
  };
}

function describeIndicator(ind: Indicator): JsonSchema {
  const parts: string[] = [];
  if (ind.description !== undefined) parts.push(textIn(ind.description, 'en'));
  if (ind.kind !== 'qualitative' && ind.unit !== undefined) parts.push(`Unit: ${ind.unit}.`);
  if (
    ind.kind !== 'qualitative' &&
    ind.range &&
    (ind.range.min !== undefined || ind.range.max !== undefined)
  ) {
    parts.push(`Range: ${ind.range.min ?? '−∞'} to ${ind.range.max ?? '∞'}.`);
  }
  if (ind.responsible && ind.responsible.length > 0)
    parts.push(`Reported by: ${ind.responsible.join(', ')}.`);
  const out: JsonSchema = { title: `${ind.id}: ${textIn(ind.title, 'en')}` };
  if (parts.length > 0) out.description = parts.join(' ');
  return out;
}

/** A copy of a generic field schema without its generic description (ours is more specific). */
function strip(schema: JsonSchema | undefined): JsonSchema {
  const { description: _d, ...rest } = schema ?? {};
  return rest;
}
