import * as z from 'zod';
import { DateString, Finite, FreeText, Id, Label, Year } from './_common';

/** The pattern of an assessment's `matrix` reference, `id@version`. */
export const MATRIX_REF_PATTERN =
  /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}@(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$/;

/** The pattern of `missing` reasons: text without control characters except tab and line breaks. */
export const MISSING_PATTERN = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$/;

/** The `format` tag of an assessment document. */
export const ASSESSMENT_FORMAT = 'mgi-engine/assessment@1';

/** One reported value: `{value}`, `{level}` or `{missing: reason}`, with optional breakdown and metadata. */
export const Observation = z
  .strictObject({
    value: Finite.optional().describe('The value of a quantitative indicator or input.'),
    level: Id.optional().describe('The level id of a qualitative indicator.'),
    missing: z
      .string()
      .min(1)
      .max(1000)
      .regex(MISSING_PATTERN, {
        message: 'text without control characters',
      })
      .optional()
      .describe('States that the value is not available, and why.'),
    breakdown: z
      .record(Id, z.record(Id, Finite))
      .optional()
      .describe('Disaggregated values: breakdown dimension → category → value.'),
    source: FreeText.optional(),
    evidence: FreeText.optional(),
    reportedBy: Label.optional(),
    note: FreeText.optional(),
  })
  .superRefine((o, ctx) => {
    const n =
      (o.value !== undefined ? 1 : 0) + (o.level !== undefined ? 1 : 0) + (o.missing !== undefined ? 1 : 0);
    // Issue 16: the categories alone may be given ({breakdown} with no total); the total is then not scored.
    if (n === 0 && o.breakdown !== undefined && Object.keys(o.breakdown).length > 0) return;
    if (n !== 1) {
      ctx.addIssue({
        code: 'custom',
        message:
          n === 0
            ? 'an observation needs exactly one of "value", "level" or "missing" (or a "breakdown" alone)'
            : 'an observation has more than one of "value", "level" and "missing"; keep exactly one',
        params: { mgiCode: n === 0 ? 'required' : 'invalid-value' },
      });
    }
  });

/** What was observed for one entity in one year (`mgi-engine/assessment@1`). */
export const AssessmentSchema = z.strictObject({
  $schema: z.string().optional(),
  format: z.literal(ASSESSMENT_FORMAT),
  matrix: z.string().regex(MATRIX_REF_PATTERN, {
    message: 'a matrix reference "id@version", like "moldova-dmd@1.0.0"',
  }),
  entity: Label.describe('The country (ISO 3166-1 alpha-3) or municipality code assessed.'),
  entityName: Label.optional(),
  year: Year,
  status: z.enum(['provisional', 'final']).optional(),
  submittedBy: Label.optional(),
  submittedOn: DateString.optional(),
  notes: FreeText.optional(),
  observations: z.record(Id, Observation),
});

/** A parsed assessment. */
export type Assessment = z.infer<typeof AssessmentSchema>;
/** A parsed observation. */
export type Observation = z.infer<typeof Observation>;
