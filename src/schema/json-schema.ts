import * as z from 'zod';
import { AssessmentSchema } from './assessment';
import { MatrixSchema } from './matrix';
import { ReportSchema, ScorecardSchema } from './report';
import { SensitivitySchema } from './sensitivity';

/** JSON Schema draft versions offered. Form builders (@rjsf/core, JSON Forms) default to draft-07. */
export type JsonSchemaTarget = 'draft-2020-12' | 'draft-07';

function generate(
  schema: z.ZodType,
  name: string,
  title: string,
  target: JsonSchemaTarget,
): Record<string, unknown> {
  const out = z.toJSONSchema(schema, { target, io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return {
    ...(withoutTypeArrays(out) as Record<string, unknown>),
    title,
    $comment: `mgi-engine ${name} schema, generated from the zod schemas`,
  };
}

/**
 * zod writes a union of primitive types as `"type": ["number", "string", …]`; Ajv's strict mode
 * (the default many integrators keep) rejects such union types. The same constraint as `anyOf` of
 * single types is accepted by every validator.
 */
function withoutTypeArrays(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutTypeArrays);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    // Keys under "properties" and the like are names, not keywords: only the "type" keyword of a
    // schema object is rewritten, and every value is walked.
    out[key] = withoutTypeArrays(value);
  }
  const type = out.type;
  if (
    Array.isArray(type) &&
    type.length > 1 &&
    Object.keys(out).every((k) => k === 'type' || k === 'description')
  ) {
    const { description } = out;
    return {
      ...(description === undefined ? {} : { description }),
      anyOf: type.map((t) => ({ type: t })),
    };
  }
  return out;
}

/** JSON Schema of a matrix document (`mgi-engine/matrix@1`). */
export function matrixJsonSchema(target: JsonSchemaTarget = 'draft-2020-12'): Record<string, unknown> {
  return generate(MatrixSchema, 'matrix', 'mgi-engine indicator matrix', target);
}

/** JSON Schema of an assessment document (`mgi-engine/assessment@1`), for any matrix. */
export function assessmentJsonSchema(target: JsonSchemaTarget = 'draft-2020-12'): Record<string, unknown> {
  return generate(AssessmentSchema, 'assessment', 'mgi-engine assessment', target);
}

/** JSON Schema of one entity-year scorecard (`mgi-engine/scorecard@1`). */
export function scorecardJsonSchema(target: JsonSchemaTarget = 'draft-2020-12'): Record<string, unknown> {
  return generate(ScorecardSchema, 'scorecard', 'mgi-engine scorecard', target);
}

/** JSON Schema of a report, what `score()` returns (`mgi-engine/report@1`). */
export function reportJsonSchema(target: JsonSchemaTarget = 'draft-2020-12'): Record<string, unknown> {
  return generate(ReportSchema, 'report', 'mgi-engine report', target);
}

/** JSON Schema of a sensitivity result (`sensitivity()`, `mgi sensitivity --format json`). */
export function sensitivityJsonSchema(target: JsonSchemaTarget = 'draft-2020-12'): Record<string, unknown> {
  return generate(SensitivitySchema, 'sensitivity', 'mgi-engine sensitivity result', target);
}
