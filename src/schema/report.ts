import * as z from 'zod';
import { dimensionIds } from '../dimensions';
import { Text } from './_common';

/** The `format` tag of a report (what `score()` returns). */
export const REPORT_FORMAT = 'mgi-engine/report@1';
/** The `format` tag of one entity-year scorecard. */
export const SCORECARD_FORMAT = 'mgi-engine/scorecard@1';

const Score = /* @__PURE__ */ (() =>
  z.number().min(0).max(100).nullable().describe('Score on 0–100, not rounded; null when not computable.'))();
const Coverage = /* @__PURE__ */ (() =>
  z.number().min(0).max(1).describe('Share of weight with data, 0–1.'))();
const BandCode = /* @__PURE__ */ (() =>
  z
    .number()
    .int()
    .optional()
    .describe('Numeric code of the band (SDG 10.7.2: 1–4), when the matrix gives one.'))();
const Status = /* @__PURE__ */ (() =>
  z
    .enum(['achieved', 'on-track', 'off-track', 'regressing', 'no-data', 'no-target'])
    .describe('Progress status of an indicator in the year.'))();

/** Open SDG progress categories of the "growth" method (with a target, without one, or neither). */
/** The growth categories in code order (the columnar core stores their index). */
export const growthCategories = [
  'target-achieved',
  'on-track',
  'acceleration-needed',
  'limited-progress',
  'deterioration',
  'substantial-progress',
  'moderate-progress',
  'moderate-deterioration',
  'significant-deterioration',
  'unable-to-assess',
] as const;

export const GrowthCategory = /* @__PURE__ */ (() =>
  z.enum(growthCategories).describe('Progress category of the "growth" method (Open SDG).'))();

/** The growth-rate assessment of an indicator in the year (progress method "growth"). */
export const GrowthResult = /* @__PURE__ */ (() =>
  z
    .strictObject({
      observed: z
        .number()
        .nullable()
        .describe('Compound annual growth rate from the baseline to the value: (x / x0)^(1 / (t − t0)) − 1.'),
      required: z
        .number()
        .nullable()
        .describe(
          'Rate that reaches the final target in its year: (x* / x0)^(1 / (t* − t0)) − 1; null without a target.',
        ),
      ratio: z.number().nullable().describe('R = observed / required; null without a target.'),
      category: GrowthCategory,
      reason: z.string().optional().describe('Why the progress could not be assessed.'),
    })
    .describe('Observed against required growth (progress method "growth").'))();

/** A warning or error attached to a report, with where it belongs. */
export const ReportIssue = /* @__PURE__ */ (() =>
  z.strictObject({
    code: z.string(),
    message: z.string(),
    path: z.array(z.union([z.string(), z.number()])),
    entity: z.string().optional(),
    year: z.number().optional(),
    indicator: z.string().optional(),
    source: z.string().optional(),
    hint: z.string().optional(),
  }))();

/** One step of an indicator's calculation, enough to recompute it by hand. */
export const TraceStep = /* @__PURE__ */ (() =>
  z.strictObject({
    step: z.string().describe('What was done: observed, progress, expected, status, score, change, …'),
    formula: z.string().optional().describe('The formula in words or symbols.'),
    inputs: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])).optional(),
    result: z.union([z.number(), z.string(), z.boolean(), z.null()]),
  }))();

/** Year-over-year change of an indicator. */
export const Change = /* @__PURE__ */ (() =>
  z.strictObject({
    fromYear: z.number(),
    from: z.number().describe('Previous value (or level score for qualitative indicators).'),
    to: z.number(),
    absolute: z.number().describe('to − from'),
    relative: z.number().nullable().describe('(to − from) / |from|; null when from is 0.'),
    assessment: z.enum(['improvement', 'deterioration', 'unchanged']),
  }))();

const TargetRef = /* @__PURE__ */ (() =>
  z.strictObject({
    year: z.number(),
    value: z.number().optional(),
    level: z.string().optional(),
  }))();

/** One category's result for an indicator (issue 16): the same method as the total. */
export const CategoryIndicatorResult = /* @__PURE__ */ (() =>
  z.strictObject({
    value: z.number().nullable(),
    score: Score,
    progress: z.number().nullable(),
    expected: z.number().nullable(),
    status: Status,
  }))();

/** Gap (numerator score − denominator score) and parity (numerator score ÷ denominator score); null where either score is. */
export const GapParity = /* @__PURE__ */ (() =>
  z.strictObject({
    gap: z.number().nullable(),
    parity: z.number().nullable(),
  }))();

/** The result for one indicator in one entity-year. */
export const IndicatorResult = /* @__PURE__ */ (() =>
  z.strictObject({
    id: z.string(),
    theme: z.string(),
    kind: z.enum(['quantitative', 'qualitative', 'formula']),
    value: z.number().nullable(),
    level: z.string().nullable(),
    score: Score,
    progress: z.number().nullable().describe('(a − b) / (T − b); not clamped.'),
    expected: z.number().nullable().describe('Expected progress for the year, 0–1.'),
    target: TargetRef.nullable().describe('The final target.'),
    milestone: TargetRef.nullable().describe(
      'The value (or level) expected in this year from the milestones.',
    ),
    status: Status,
    change: Change.nullable(),
    growth: GrowthResult.optional(),
    carriedFrom: z
      .number()
      .optional()
      .describe('Year the value was carried forward from (missing policy carryForward).'),
    reason: z.string().optional().describe('Why the score or status could not be computed.'),
    breakdown: z.record(z.string(), z.record(z.string(), z.number())).optional(),
    source: z
      .string()
      .optional()
      .describe('Where the observed value comes from, as the assessment gives it.'),
    evidence: z.string().optional().describe('Evidence (text or URL) for the observed value, as given.'),
    reportedBy: z.string().optional().describe('Who reported the observed value, as given.'),
    note: z.string().optional().describe('A note on the observed value, as given.'),
    trace: z.array(TraceStep).optional(),
    byCategory: z
      .record(z.string(), z.record(z.string(), CategoryIndicatorResult))
      .optional()
      .describe('Per-category results: dimension → category (dimensions in the matrix "disaggregations").'),
    parity: z
      .record(z.string(), GapParity)
      .optional()
      .describe("Per dimension with a parity comparison: gap and parity of the two categories' scores."),
  }))();

/** The score of one theme. */
export const ThemeResult = /* @__PURE__ */ (() =>
  z.strictObject({
    id: z.string(),
    dimension: z.enum(dimensionIds).nullable(),
    score: Score,
    band: z.string().nullable(),
    bandCode: BandCode,
    coverage: Coverage,
    reported: z.number().int().describe('Indicators with a score (in the theme and its sub-themes).'),
    total: z.number().int().describe('Indicators in the theme (and its sub-themes).'),
    parent: z.string().optional().describe('The theme this one is part of; absent for a root theme.'),
  }))();

/** The score of one of the six dimensions; null when the matrix maps no theme to it or data is short. */
export const DimensionResult = /* @__PURE__ */ (() =>
  z.strictObject({
    id: z.enum(dimensionIds),
    score: Score,
    band: z.string().nullable(),
    bandCode: BandCode,
    coverage: Coverage,
    themes: z.array(z.string()),
  }))();

/** Reporting compliance of one institution in the year. */
export const ReportingResult = /* @__PURE__ */ (() =>
  z.strictObject({
    institution: z.string(),
    expected: z.number().int(),
    reported: z.number().int(),
    missing: z.array(z.string()),
  }))();

const Aggregate = /* @__PURE__ */ (() =>
  z.strictObject({
    id: z.string(),
    score: Score,
    band: z.string().nullable(),
    coverage: Coverage,
  }))();

/**
 * One category's aggregates (issue 16), by the matrix's aggregation and missing-data rules on the
 * category's values. An indicator without that category counts as not reported for it: it lowers
 * the coverage (and, under policy "zero", scores 0); the total's value is never used instead.
 */
export const CategoryScorecard = /* @__PURE__ */ (() =>
  z.strictObject({
    overall: z.strictObject({ score: Score, band: z.string().nullable(), coverage: Coverage }),
    themes: z.array(Aggregate),
    dimensions: z.array(Aggregate),
  }))();

/** A breakdown dimension scored per category, as renderers need it: its categories and parity settings. */
const ReportDisaggregation = /* @__PURE__ */ (() =>
  z.strictObject({
    categories: z.array(z.string()),
    parity: z
      .strictObject({
        numerator: z.string(),
        denominator: z.string(),
        bands: z.array(
          z.strictObject({
            id: z.string(),
            label: Text,
            maxDeviation: z.number().optional(),
            code: z.number().optional(),
          }),
        ),
      })
      .optional(),
  }))();

/** The parity of one disaggregation dimension: numerator ÷ denominator, on the overall and every theme and dimension score. */
export const ParityResult = /* @__PURE__ */ (() =>
  z.strictObject({
    numerator: z.string(),
    denominator: z.string(),
    overall: z.number().nullable(),
    gap: z.number().nullable(),
    band: z
      .string()
      .nullable()
      .optional()
      .describe('The parity band, where the matrix declares parity bands.'),
    bandCode: z
      .number()
      .optional()
      .describe("The parity band's code, where it has one (e.g. the GDI group 1–5)."),
    themes: z.array(
      z.strictObject({ id: z.string(), gap: z.number().nullable(), parity: z.number().nullable() }),
    ),
    dimensions: z.array(
      z.strictObject({ id: z.string(), gap: z.number().nullable(), parity: z.number().nullable() }),
    ),
  }))();

/** The scorecard of one entity in one year (`mgi-engine/scorecard@1`). */
export const ScorecardSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    format: z.literal(SCORECARD_FORMAT),
    matrix: z.strictObject({ id: z.string(), version: z.string() }),
    entity: z.string(),
    entityName: z.string().optional(),
    year: z.number(),
    status: z.enum(['provisional', 'final']).nullable(),
    submissions: z.array(z.string()).describe('Who submitted the observations merged into this scorecard.'),
    submissionDetails: z
      .array(
        z.strictObject({
          submission: z.string(),
          submittedOn: z.string().optional(),
          notes: z.string().optional(),
        }),
      )
      .optional()
      .describe('The date and notes of each submission that gives them, in the order of `submissions`.'),
    overall: z.strictObject({
      score: Score,
      band: z.string().nullable(),
      bandCode: BandCode,
      coverage: Coverage,
    }),
    coverage: z
      .strictObject({
        reported: Coverage.describe('Share of weight reported in this year itself.'),
        used: Coverage.describe('Share of weight used in the scores: reported plus carried forward.'),
      })
      .optional()
      .describe('The two coverages of the overall score (added by enrichReport).'),
    dimensions: z.array(DimensionResult).describe('All six dimensions, in canonical order.'),
    themes: z.array(ThemeResult),
    indicators: z.array(IndicatorResult),
    reporting: z.array(ReportingResult),
    warnings: z.array(ReportIssue),
    byCategory: z
      .record(z.string(), z.record(z.string(), CategoryScorecard))
      .optional()
      .describe('Per-category aggregates: dimension → category.'),
    parity: z.record(z.string(), ParityResult).optional().describe('Per dimension with a parity comparison.'),
  }))();

const Point = /* @__PURE__ */ (() => z.strictObject({ year: z.number(), score: Score }))();

/** Several years of one entity: histories, trends and projections. */
export const SeriesSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    entity: z.string(),
    years: z.array(z.number()),
    overall: z.array(Point),
    dimensions: z.array(z.strictObject({ id: z.enum(dimensionIds), history: z.array(Point) })),
    themes: z.array(z.strictObject({ id: z.string(), history: z.array(Point) })),
    indicators: z.array(
      z.strictObject({
        id: z.string(),
        history: z.array(
          z.strictObject({
            year: z.number(),
            value: z.number().nullable(),
            level: z.string().nullable(),
            score: Score,
            status: Status,
          }),
        ),
        change: Change.nullable().describe('From the first to the last year with data.'),
        annualRate: z
          .number()
          .nullable()
          .describe('Compound annual rate of change of the value; null when not defined.'),
        trend: z.number().nullable().describe('Least-squares slope of the value per year.'),
        projection: z
          .strictObject({
            reachesTargetIn: z.number().nullable(),
            note: z.enum(['achieved', 'on-course', 'not-at-this-rate', 'no-target', 'too-few-points']),
          })
          .describe('The year the final target is reached at the current trend, if ever.'),
      }),
    ),
  }))();

/** A compact copy of the matrix's labels, so a report renders without the matrix file. */
export const ReportMatrix = /* @__PURE__ */ (() =>
  z.strictObject({
    id: z.string(),
    version: z.string(),
    title: Text,
    provenance: z.string().optional(),
    disclaimer: Text.optional().describe("The matrix's note for readers."),
    levelNames: z
      .strictObject({
        theme: Text.optional(),
        themes: Text.optional(),
        indicator: Text.optional(),
        indicators: Text.optional(),
      })
      .optional(),
    unitLabels: z.record(z.string(), Text).optional(),
    institutionLabels: z.record(z.string(), Text).optional(),
    themes: z.array(
      z.strictObject({
        id: z.string(),
        title: Text,
        dimension: z.enum(dimensionIds).nullable(),
        weight: z.number(),
        parent: z.string().optional(),
        aggregation: z.enum(['arithmetic', 'geometric', 'harmonic', 'generalised']).optional(),
        power: z.number().optional(),
      }),
    ),
    indicators: z.array(
      z.strictObject({
        id: z.string(),
        theme: z.string(),
        title: Text,
        kind: z.enum(['quantitative', 'qualitative', 'formula']),
        unit: z.string().optional(),
        direction: z.enum(['increase', 'decrease', 'maintain']),
        decimals: z.number().optional(),
        weight: z.number(),
        levels: z.array(z.strictObject({ id: z.string(), label: Text, score: z.number() })).optional(),
        responsible: z.array(z.string()).optional(),
      }),
    ),
    bands: z.array(
      z.strictObject({ id: z.string(), label: Text, min: z.number(), code: z.number().optional() }),
    ),
    scoring: z.strictObject({
      normalisation: z.enum(['target', 'goalposts', 'minmax', 'percentile', 'frontier']),
      sample: z
        .strictObject({ entities: z.array(z.string()).optional(), year: z.number().optional() })
        .optional()
        .describe('The declared reference set of sample-based normalisation, when the matrix has one.'),
      indicators: z.enum(['arithmetic', 'geometric']),
      themes: z.enum(['arithmetic', 'geometric']),
      overall: z.enum(['themes', 'indicators']),
      missing: z.enum(['reweight', 'zero', 'carryForward']),
      minCoverage: z.number(),
      maxYears: z.number(),
      progress: z
        .enum(['linear', 'growth'])
        .optional()
        .describe('The default progress method, when the matrix sets one.'),
      growth: z
        .strictObject({
          onTrack: z.number(),
          acceleration: z.number(),
          limited: z.number(),
          substantial: z.number(),
          moderate: z.number(),
          deterioration: z.number(),
          zero: z.number(),
        })
        .optional()
        .describe('Thresholds of the "growth" method, when an indicator uses it.'),
    }),
    disaggregations: z
      .record(z.string(), ReportDisaggregation)
      .optional()
      .describe('The breakdown dimensions scored per category (issue 16), for renderers.'),
  }))();

/** What `score()` returns and `mgi score --format json` prints (`mgi-engine/report@1`). */
export const ReportSchema = /* @__PURE__ */ (() =>
  z.strictObject({
    format: z.literal(REPORT_FORMAT),
    matrix: ReportMatrix,
    scorecards: z.array(ScorecardSchema).describe('One per entity-year, ordered by entity, then year.'),
    series: z.array(SeriesSchema).describe('One per entity with several years.'),
    warnings: z.array(ReportIssue),
    errors: z.array(ReportIssue).describe('Problems that kept part of the input from being scored.'),
  }))();

export type Report = z.infer<typeof ReportSchema>;
export type Scorecard = z.infer<typeof ScorecardSchema>;
export type Series = z.infer<typeof SeriesSchema>;
export type IndicatorResult = z.infer<typeof IndicatorResult>;
export type ThemeResult = z.infer<typeof ThemeResult>;
export type DimensionResult = z.infer<typeof DimensionResult>;
export type ReportingResult = z.infer<typeof ReportingResult>;
export type ReportIssue = z.infer<typeof ReportIssue>;
export type TraceStep = z.infer<typeof TraceStep>;
export type Change = z.infer<typeof Change>;
export type ReportMatrix = z.infer<typeof ReportMatrix>;
export type IndicatorStatus = z.infer<typeof Status>;
export type GrowthResult = z.infer<typeof GrowthResult>;
export type GrowthCategory = z.infer<typeof GrowthCategory>;
export type CategoryIndicatorResult = z.infer<typeof CategoryIndicatorResult>;
export type CategoryScorecard = z.infer<typeof CategoryScorecard>;
export type ParityResult = z.infer<typeof ParityResult>;
export type GapParity = z.infer<typeof GapParity>;
