import type { CompiledMatrix } from '../matrix/compiled';
import { aggregateRow, newAcc } from './aggregate-columns';
import type { ColumnStore } from './columns';
import { variantPlan } from './plan';
import type { ScoredStore } from './score-columns';

/**
 * Overall scores of a scored batch under other weights or aggregation settings, without scoring
 * its indicators again: theme, dimension and overall aggregates are recomputed by the same
 * `aggregateRow` as `scoreColumns()` from the batch's indicator scores. For sensitivity analysis,
 * where thousands of weight draws share one set of indicator scores.
 *
 * `variant` must be the batch's compiled matrix with only indicator and theme weights and
 * `scoring` (aggregation methods, pooled or by theme, missing policy, minCoverage) changed, and
 * with the same carry-forward as the batch was scored with (`missing: 'carryForward'` and its
 * `maxYears` change indicator values, so such a variant needs a batch scored with it). Writes the
 * overall score of every row in the result (ordered as `scoreColumns()`'s) to `out` from `offset`,
 * and, given `themes`, its theme scores (in matrix order) to `themes` from `offset × themes`.
 */
export function reaggregateOverall(
  batch: ScoredStore,
  variant: CompiledMatrix,
  out: Float64Array,
  offset: number,
  themes?: Float64Array,
): void {
  const base = batch.s;
  const plan = variantPlan(base.plan, variant);
  const rows = base.rows;
  const nT = plan.nThemes;
  const s: ColumnStore = {
    ...base,
    plan,
    warnings: new Array(rows),
    themeScore: new Float64Array(rows * nT),
    themeCoverage: new Float64Array(rows * nT),
    themeReported: new Int32Array(rows * nT),
    dimScore: new Float64Array(rows * 6),
    dimCoverage: new Float64Array(rows * 6),
    overallScore: new Float64Array(rows),
    overallCoverage: new Float64Array(rows),
  };
  const acc = newAcc(Math.max(plan.nInd, plan.nThemes, 1));
  // A row's aggregates depend on its own indicator scores only: the rows in the result suffice.
  let i = offset;
  for (const list of batch.entityRows)
    for (const r of list) {
      aggregateRow(s, r, acc);
      if (themes) themes.set(s.themeScore.subarray(r * nT, (r + 1) * nT), i * nT);
      out[i++] = s.overallScore[r]!;
    }
}
