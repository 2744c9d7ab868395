import * as z from 'zod';
import { Id, SemVer, Year } from './_common';
import { ReportIssue } from './report';

/** The `format` tag of a sensitivity result. */
export const SENSITIVITY_FORMAT = 'mgi-engine/sensitivity@1';

const Policy = z.enum(['reweight', 'zero', 'carryForward']);
const Level = z.enum(['indicators', 'themes', 'both']);

/** One family of choices to vary (the `vary` option of `sensitivity()`, `--vary` of the CLI). */
export const VarySpec = z.discriminatedUnion('choice', [
  z
    .strictObject({
      choice: z.literal('weights'),
      level: Level.optional().describe('Indicator weights, theme weights, or both (default).'),
      range: z
        .number()
        .min(0)
        .lt(1)
        .optional()
        .describe('Each weight × U(1 − range, 1 + range). Default 0.2 unless dirichlet is given.'),
      dirichlet: z
        .number()
        .gt(0)
        .max(1e6)
        .optional()
        .describe('Dirichlet concentration around the given weights (larger: closer to them).'),
    })
    .refine((v) => v.range === undefined || v.dirichlet === undefined, {
      message: 'give either range or dirichlet, not both',
      path: ['dirichlet'],
    }),
  z.strictObject({
    choice: z.literal('aggregation'),
    level: Level.optional().describe('Indicators → theme, themes → overall, or both (default).'),
  }),
  z.strictObject({
    choice: z.literal('missing'),
    policies: z
      .array(Policy)
      .min(2)
      .max(3)
      .optional()
      .describe('Policies to draw from, equally likely (default all three).'),
  }),
  z.strictObject({
    choice: z.literal('normalisation'),
    methods: z
      .array(z.enum(['target', 'goalposts', 'minmax', 'percentile', 'frontier']))
      .min(2)
      .max(5)
      .optional()
      .describe(
        "The matrix's default normalisation, drawn from these, equally likely (indicators that name their own keep it). Default: minmax, percentile and frontier for a matrix that normalises over a sample, else target and goalposts.",
      ),
  }),
  z.strictObject({
    choice: z.literal('drop'),
    indicators: z
      .array(Id)
      .min(1)
      .max(10_000)
      .optional()
      .describe('Indicators that may be dropped (default: every indicator no formula reads).'),
  }),
]);

/** Options of `sensitivity()`, checked before anything runs (custom `choices` are checked by shape only). */
export const SensitivityOptionsSchema = z.strictObject({
  samples: z
    .number()
    .int()
    .min(2)
    .max(100_000)
    .optional()
    .describe('N, the base sample size: N · (k + 2) scoring runs for k varied choices. Default 500.'),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .optional()
    .describe('Seed of the pseudo-random generator. Default 1.'),
  vary: z.array(VarySpec).max(20).optional().describe('What to vary. Default: everything, as the CLI does.'),
  choices: z.array(z.any()).max(50).optional().describe('Further choices (objects with id, draw and apply).'),
  year: Year.optional().describe('Report only this year (other years still feed change and carry-forward).'),
  indices: z.boolean().optional().describe('Compute the variance-based indices (default true).'),
  themes: z.boolean().optional().describe('Also report each theme score (default false).'),
});

const Num = z.number().nullable();

/** The indices of one varied choice for one entity-year. */
export const ChoiceIndices = z.strictObject({
  choice: z.string().describe('Id of the varied choice.'),
  first: Num.describe(
    'First-order index S_i (Saltelli 2010): share of the variance due to this choice alone. Null when the score does not vary.',
  ),
  total: Num.describe(
    'Total index S_Ti (Jansen): share due to this choice and its interactions. Null when the score does not vary.',
  ),
});

/** The uncertainty and sensitivity of one theme's score in one entity-year (option `themes`). */
export const ThemeSensitivity = z.strictObject({
  theme: z.string().describe('Theme id.'),
  nominal: Num.describe('The theme score with the matrix as given.'),
  median: Num,
  p05: Num,
  p95: Num,
  unscored: z.number().min(0).max(1),
  variance: Num,
  indices: z.array(ChoiceIndices),
});

/** The uncertainty and sensitivity of one entity-year's overall score. */
export const SensitivityRow = z.strictObject({
  entity: z.string(),
  year: z.number().int(),
  nominal: Num.describe('The overall score with the matrix as given (null: no score).'),
  nominalBand: z.string().nullable().describe('Its band (null without bands or score).'),
  median: Num.describe('Median of the overall score over the Monte Carlo samples (null: never scored).'),
  p05: Num.describe('5th percentile of the overall score.'),
  p95: Num.describe('95th percentile of the overall score.'),
  unscored: z.number().min(0).max(1).describe('Share of the samples in which there was no overall score.'),
  bandChanged: Num.describe(
    'Share of the samples whose band differs from the nominal band (no score counts as a change); null when the matrix has no bands.',
  ),
  variance: Num.describe('Variance of the overall score over the samples.'),
  indices: z
    .array(ChoiceIndices)
    .describe('Per varied choice, in the order of `choices`; empty when not computed.'),
  themes: z
    .array(ThemeSensitivity)
    .optional()
    .describe('Per theme in matrix order, with the option `themes`.'),
});

/** The result of `sensitivity()` / `mgi sensitivity --format json`. */
export const SensitivitySchema = z.strictObject({
  format: z.literal(SENSITIVITY_FORMAT),
  matrix: z.strictObject({ id: Id, version: SemVer }),
  seed: z.number().int(),
  samples: z.number().int().describe('N, the base sample size.'),
  runs: z
    .number()
    .int()
    .describe(
      'Runs of the design: 1 nominal + 2N (A and B) + kN (A_B^(i)) with indices. A run whose matrix is that of an earlier run of its row (a discrete choice drawing the same value in A and B) reuses its scores.',
    ),
  statistics: z
    .string()
    .describe('Which runs the median, percentiles and band changes are taken over (the 2N of A and B).'),
  choices: z.array(z.strictObject({ id: z.string(), description: z.string() })),
  results: z.array(SensitivityRow).describe('One row per entity-year, ordered by entity, then year.'),
  errors: z
    .array(ReportIssue)
    .describe(
      'Problems with individual assessments, as score() reports them: those were left out of every run.',
    ),
});

export type VarySpec = z.infer<typeof VarySpec>;
export type SensitivityRow = z.infer<typeof SensitivityRow>;
export type ChoiceIndices = z.infer<typeof ChoiceIndices>;
export type ThemeSensitivity = z.infer<typeof ThemeSensitivity>;
export type Sensitivity = z.infer<typeof SensitivitySchema>;
