import * as z from 'zod';
import { dimensionIds } from '../dimensions';
import {
  DateString,
  Finite,
  FreeText,
  Id,
  Label,
  MAX_MAGNITUDE,
  SemVer,
  Text,
  Weight,
  Year,
  YearKey,
} from './_common';

/** The `format` tag of a matrix document. */
export const MATRIX_FORMAT = 'mgi-engine/matrix@1';

const DimensionRef = z.enum(dimensionIds).describe('One of the six MGI dimension ids.');
const Direction = z
  .enum(['increase', 'decrease', 'maintain'])
  .describe('Which way is better: a higher value, a lower value, or staying within tolerance of the target.');
const Normalisation = z
  .enum(['target', 'goalposts', 'minmax', 'percentile', 'frontier'])
  .describe(
    'How a value becomes a 0–100 score: progress from baseline to target, position between goalposts, or against a sample of entities (see scoring.sample): "minmax" between the sample\'s worst and best, "percentile" the percentile rank in the sample, "frontier" the share of the sample\'s best value.',
  );

/** Which entities a sample-based normalisation compares with. */
const Sample = z
  .strictObject({
    entities: z
      .array(Id)
      .min(1)
      .max(100_000)
      .optional()
      .describe('Only these entities form the sample (default: every entity in the batch).'),
    year: z
      .number()
      .int()
      .min(1900)
      .max(2200)
      .optional()
      .describe(
        "The sample is this year's values, for every year scored, so that scores stay comparable across years (default: each year its own sample).",
      ),
  })
  .describe(
    'The reference set of "minmax", "percentile" and "frontier": by default every entity of the batch in the same year.',
  );
const Progress = z
  .enum(['linear', 'growth'])
  .describe(
    'How progress is judged: "linear" (share of the way from baseline to target, the default) or "growth" (observed compound annual growth rate against the rate the target needs, Open SDG categories).',
  );
const Ratio = (d: string) => z.number().min(-10).max(10).optional().describe(d);
const GrowthThresholds = z
  .strictObject({
    onTrack: Ratio('R at or above which an indicator is on track. Default 0.95.'),
    acceleration: Ratio('R at or above which progress is moderate (acceleration needed). Default 0.6.'),
    limited: Ratio('R at or above which progress is limited; below it, deterioration. Default 0.'),
    substantial: Ratio(
      'Without a target: direction-signed growth rate above which progress is substantial. Default 0.01.',
    ),
    moderate: Ratio('Without a target: rate at or above which progress is moderate. Default 0.'),
    deterioration: Ratio(
      'Without a target: rate at or above which deterioration is moderate; below it, significant. Default -0.01.',
    ),
    zero: z
      .number()
      .positive()
      .max(MAX_MAGNITUDE)
      .optional()
      .describe('What a zero baseline or target is replaced by in growth rates. Default 0.001.'),
  })
  .describe('Thresholds of the "growth" progress method (Open SDG defaults).');
const Method = z
  .enum(['arithmetic', 'geometric'])
  .describe('Weighted arithmetic or weighted geometric mean.');

const ThemeAggregation = z
  .enum(['arithmetic', 'geometric', 'harmonic', 'generalised'])
  .describe(
    'How this theme aggregates its parts: weighted arithmetic, geometric or harmonic mean, or the generalised (power) mean with `power`.',
  );

const Goalposts = z
  .strictObject({
    min: Finite.describe('Value that scores 0 (100 when the direction is "decrease").'),
    max: Finite.describe('Value that scores 100 (0 when the direction is "decrease").'),
    log: z.boolean().optional().describe('Normalise ln(x) instead of x; needs min > 0.'),
  })
  .describe('Fixed minimum and maximum for min–max normalisation; values outside are clamped.');

const Range = z
  .strictObject({ min: Finite.optional(), max: Finite.optional() })
  .describe('Values that can occur at all (e.g. 0–100 for a percentage); a value outside is an error.');

const Disaggregation = z
  .record(Id, z.array(Id).min(1).max(100))
  .describe('Breakdown dimensions (e.g. "sex") and their categories (e.g. ["female", "male"]).');

/** Baseline, targets (milestones and final target) and goalposts of one category, where they differ from the indicator's. */
const CategoryParams = z
  .strictObject({
    baseline: z.strictObject({ year: Year, value: Finite }).optional(),
    targets: z
      .record(YearKey, Finite)
      .optional()
      .describe("The category's target values by year (earlier ones are its milestones)."),
    goalposts: Goalposts.optional(),
  })
  .describe("A category's own scoring parameters; what it leaves out is the indicator's.");

const CategoryOverrides = z
  .record(Id, z.record(Id, CategoryParams))
  .describe('Per-category scoring parameters: breakdown dimension → category → parameters.');

const Frequency = z
  .enum(['annual', 'biennial', 'triennial', 'quinquennial', 'irregular'])
  .describe('How often the indicator is due; used for reporting compliance. Default "annual".');

const commonFields = {
  id: Id.describe('Stable, unique indicator id.'),
  theme: Id.describe('Id of the theme the indicator belongs to.'),
  title: Text,
  description: Text.optional(),
  weight: Weight.optional(),
  normalisation: Normalisation.optional(),
  responsible: z
    .array(Label)
    .max(50)
    .optional()
    .describe('Institutions that report this indicator each cycle.'),
  source: FreeText.optional(),
  frequency: Frequency.optional(),
  tags: z.array(Label).max(50).optional(),
  notes: FreeText.optional(),
};

const numericFields = {
  unit: Label.optional(),
  direction: Direction,
  baseline: z.strictObject({ year: Year, value: Finite }).optional(),
  targets: z
    .record(YearKey, Finite)
    .optional()
    .describe('Target values by year; the latest is the final target, earlier ones are annual milestones.'),
  goalposts: Goalposts.optional(),
  tolerance: z
    .number()
    .min(0)
    .max(MAX_MAGNITUDE)
    .optional()
    .describe('Slack in the indicator unit: "maintain" is achieved within it; on-track allows it.'),
  decimals: z.number().int().min(0).max(6).optional().describe('Decimals to show in scorecards.'),
  progress: Progress.optional(),
  range: Range.optional(),
  disaggregation: Disaggregation.optional(),
  categories: CategoryOverrides.optional(),
  additive: z
    .boolean()
    .optional()
    .describe(
      'Whether the categories add up to the total (counts; default) or not (rates, averages): only additive breakdowns are checked against the total.',
    ),
};

/** An indicator measured as a number. */
export const QuantitativeIndicator = z.strictObject({
  ...commonFields,
  kind: z.literal('quantitative'),
  ...numericFields,
});

/** A level of a qualitative indicator, e.g. absent / partial / complete. */
export const Level = z.strictObject({
  id: Id,
  label: Text,
  score: z.number().min(0).max(100).describe('Score of this level on 0–100.'),
});

/** An indicator assessed on ordered levels. */
export const QualitativeIndicator = z.strictObject({
  ...commonFields,
  kind: z.literal('qualitative'),
  levels: z.array(Level).min(2).max(20).describe('Ordered levels, each with a score on 0–100.'),
  baseline: z.strictObject({ year: Year, level: Id }).optional(),
  targets: z.record(YearKey, Id).optional().describe('Target level ids by year.'),
});

/** An indicator computed from reported inputs and other indicators with a mathjs expression. */
export const FormulaIndicator = z.strictObject({
  ...commonFields,
  kind: z.literal('formula'),
  expression: z
    .string()
    .min(1)
    .describe('mathjs expression over the declared inputs and other indicator ids.'),
  inputs: z
    .array(Id)
    .max(100)
    .optional()
    .describe('Ids of raw variables reported in assessments and used by the expression.'),
  ...numericFields,
});

/** Any indicator of a matrix, told apart by `kind`. */
export const Indicator = z.discriminatedUnion('kind', [
  QuantitativeIndicator,
  QualitativeIndicator,
  FormulaIndicator,
]);

/** A thematic area of a matrix, optionally mapped to one of the six dimensions. */
export const Theme = z.strictObject({
  id: Id,
  title: Text,
  description: Text.optional(),
  dimension: DimensionRef.optional().describe(
    "MGI dimension of the theme; a sub-theme inherits its parent's.",
  ),
  weight: Weight.optional().describe(
    'Weight among its siblings (the themes with the same parent, or the root themes).',
  ),
  parent: Id.optional().describe(
    'Id of the theme this one is part of; the overall aggregates the themes without a parent.',
  ),
  aggregation: ThemeAggregation.optional().describe(
    'How this theme aggregates its parts (indicators, or its sub-themes). Default: scoring.aggregation.indicators for a theme of indicators, scoring.aggregation.themes for a theme of themes.',
  ),
  power: z
    .number()
    .min(-100)
    .max(100)
    .optional()
    .describe(
      'Power p of the generalised mean (Σwᵢsᵢᵖ / Σwᵢ)^(1/p); needs aggregation "generalised". p = 0 is the geometric mean.',
    ),
});

/** A score band such as "Meets" from 80; a score gets the highest band whose `min` it reaches. */
export const Band = z.strictObject({
  id: Id,
  label: Text,
  min: Finite.describe('Lowest score in this band.'),
  code: z.number().int().optional().describe('Numeric code of the band, e.g. 1–4 for SDG 10.7.2.'),
});

/** How the matrix is scored. Every field has a default. */
export const Scoring = z.strictObject({
  normalisation: Normalisation.optional(),
  progress: Progress.optional().describe(
    'Default progress method of the numeric indicators with a baseline (not "maintain" ones): "linear" (default) or "growth".',
  ),
  growth: GrowthThresholds.optional(),
  sample: Sample.optional(),
  aggregation: z
    .strictObject({
      indicators: Method.optional().describe('Indicators → theme. Default arithmetic.'),
      themes: Method.optional().describe('Themes → dimension and overall. Default arithmetic.'),
      overall: z
        .enum(['themes', 'indicators'])
        .optional()
        .describe(
          'Overall (and dimension) score from theme scores (default) or pooled from all indicators, as SDG 10.7.2 does.',
        ),
    })
    .optional(),
  missing: z
    .strictObject({
      policy: z.enum(['reweight', 'zero', 'carryForward']),
      minCoverage: z
        .number()
        .min(0)
        .max(1)
        .optional()
        .describe('Share of weight that must be reported for an aggregate to be computed. Default 0.5.'),
      maxYears: z
        .number()
        .int()
        .min(1)
        .max(50)
        .optional()
        .describe('carryForward: how many years back. Default 1.'),
    })
    .optional(),
  bands: z.array(Band).max(20).optional(),
});

/** A parity band: a parity whose deviation from 1 is at most `maxDeviation` (the last band may omit it). */
export const ParityBand = z.strictObject({
  id: Id,
  label: Text,
  maxDeviation: z
    .number()
    .min(0)
    .max(MAX_MAGNITUDE)
    .optional()
    .describe('Largest |parity − 1| in this band.'),
  code: z.number().int().optional(),
});

/** Per breakdown dimension: score every category, and compare two of them. */
export const DisaggregationSpec = z.strictObject({
  minCoverage: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe(
      "Least share of an aggregate's weight a category needs data for to get a score (default: the matrix's missing.minCoverage). Indicators without the category count as not reported, so a matrix where few indicators are disaggregated sets it low; each category aggregate states its coverage.",
    ),
  parity: z
    .strictObject({
      numerator: Id.describe('Category compared, e.g. "female".'),
      denominator: Id.describe('Category compared against, e.g. "male".'),
      decimals: z
        .number()
        .int()
        .min(0)
        .max(6)
        .optional()
        .describe('Round the parity to this many decimals before banding it (as the HDR bands the GDI).'),
      bands: z.array(ParityBand).max(20).optional(),
    })
    .optional()
    .describe('Parity = numerator score ÷ denominator score, for every indicator and aggregate.'),
});

/** Where a matrix comes from and how far it can be trusted. */
export const Provenance = z.strictObject({
  kind: z.enum(['official', 'adapted', 'illustrative', 'paraphrased']),
  note: FreeText,
  sources: z.array(FreeText).max(50).optional(),
});

/** What the matrix calls its levels, so scorecards use its own words (SDG 10.7.2: domains, sub-categories). */
export const LevelNames = z
  .strictObject({
    theme: Text.optional().describe('One theme, e.g. "thematic area" or "domain".'),
    themes: Text.optional().describe('Several themes, e.g. "thematic areas" or "domains".'),
    indicator: Text.optional().describe('One indicator, e.g. "sub-category".'),
    indicators: Text.optional().describe('Several indicators, e.g. "sub-categories".'),
  })
  .describe('Names of the matrix levels in the scorecards; the fixed labels "theme"/"indicator" otherwise.');

/** An indicator matrix (`mgi-engine/matrix@1`). */
export const MatrixSchema = z.strictObject({
  $schema: z.string().optional(),
  format: z.literal(MATRIX_FORMAT),
  id: Id,
  version: SemVer,
  title: Text,
  description: Text.optional(),
  country: z
    .string()
    .regex(/^[A-Z]{3}$/, { message: 'an ISO 3166-1 alpha-3 code like "MDA"' })
    .optional(),
  status: z.enum(['draft', 'validated', 'approved']).optional(),
  approvedBy: Label.optional(),
  approvedOn: DateString.optional(),
  source: FreeText.optional(),
  notes: FreeText.optional(),
  provenance: Provenance.optional(),
  disclaimer: Text.optional().describe(
    'A note for readers printed at the top of every scorecard, e.g. "The MGI is not a ranking".',
  ),
  levelNames: LevelNames.optional(),
  unitLabels: z
    .record(z.string().max(200), Text)
    .optional()
    .describe(
      'Translations of units as written in the indicators: {"working days": {"ro": "zile lucrătoare"}}.',
    ),
  institutionLabels: z
    .record(z.string().max(200), Text)
    .optional()
    .describe('Translations of the institution names used in "responsible".'),
  sdmx: z
    .strictObject({
      dataflow: z.string().max(200).optional(),
      action: z.enum(['I', 'A', 'R', 'D']).optional(),
      series: z.string().max(200).optional(),
      reportingType: z.enum(['N', 'G', 'R']).optional(),
      bandCodes: z.record(z.string().max(200), z.number()).optional(),
      domains: z.record(z.string().max(200), z.string().max(200)).optional(),
      refAreas: z.record(z.string().max(200), z.string().max(200)).optional(),
      obsStatus: z.string().max(200).optional(),
      unitMeasure: z.string().max(200).optional(),
      nature: z.string().max(200).optional(),
    })
    .optional()
    .describe(
      'SDMX codes for `--format sdmx-csv` (the same fields as an --sdmx-mapping file, which overrides them): a national matrix exported the way SDG 10.7.2 is.',
    ),
  themes: z.array(Theme).min(1),
  indicators: z.array(Indicator).min(1),
  scoring: Scoring.optional(),
  disaggregations: z
    .record(Id, DisaggregationSpec)
    .optional()
    .describe(
      'Breakdown dimensions scored per category (each category gets its own scores and aggregates), with the parity to report.',
    ),
});

/** A parsed matrix. */
export type Matrix = z.infer<typeof MatrixSchema>;
/** A parsed indicator of any kind. */
export type Indicator = z.infer<typeof Indicator>;
export type QuantitativeIndicator = z.infer<typeof QuantitativeIndicator>;
export type QualitativeIndicator = z.infer<typeof QualitativeIndicator>;
export type FormulaIndicator = z.infer<typeof FormulaIndicator>;
export type Theme = z.infer<typeof Theme>;
export type Band = z.infer<typeof Band>;
export type DisaggregationSpec = z.infer<typeof DisaggregationSpec>;
export type ParityBand = z.infer<typeof ParityBand>;
export type Level = z.infer<typeof Level>;
export type Scoring = z.infer<typeof Scoring>;
export type Direction = z.infer<typeof Direction>;
export type LevelNames = z.infer<typeof LevelNames>;
export type AggregationMethod = z.infer<typeof Method>;
export type ProgressMethod = z.infer<typeof Progress>;
export type GrowthThresholds = z.infer<typeof GrowthThresholds>;
/** How a value becomes a score. */
export type NormalisationMethod = z.infer<typeof Normalisation>;
/** Sample-based normalisation methods. */
export type SampleMethod = 'minmax' | 'percentile' | 'frontier';
/** How a theme aggregates its parts. */
export type ThemeAggregation = z.infer<typeof ThemeAggregation>;
