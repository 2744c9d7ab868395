import * as z from 'zod';
import { AssessmentSchema } from './assessment';
import { MatrixSchema } from './matrix';
import { ReportSchema, ScorecardSchema } from './report';

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
  return { ...out, title, $comment: `mgi-engine ${name} schema, generated from the zod schemas` };
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
