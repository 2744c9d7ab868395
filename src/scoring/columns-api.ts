import { formulaEngine } from '../formula/engine';
import type { CompiledMatrix } from '../matrix/compiled';
import type { Assessment } from '../schema/assessment';
import type { Matrix } from '../schema/matrix';
import { type ScoreColumns, scoreColumnsWith } from './score-columns';
import type { ScoreOptions } from './score-options';

/**
 * Score assessments into columns: the same calculation as `score()`, with the numbers in typed
 * arrays (NaN where the report has null) and each scorecard built only when asked, so that a
 * batch of any size costs little more than its arithmetic. `cols.scorecard(i)` is the object
 * `score()` reports as `report.scorecards[i]`; writers stream `scorecards()`, `allSeries()`,
 * `warnings` and `errors`. Pure, synchronous, deterministic and browser-safe.
 *
 * @example
 * ```ts
 * const cols = scoreColumns(matrix, assessments, { trace: false });
 * for (let i = 0; i < cols.length; i++) console.log(cols.entity(i), cols.year(i), cols.overall[i]);
 * const k = cols.indicatorIds.indexOf('R1');
 * cols.indicatorScore[0 * cols.indicatorIds.length + k]; // R1's score in the first entity-year
 * ```
 */
export function scoreColumns(
  matrix: Matrix | CompiledMatrix,
  assessments: readonly Assessment[],
  options?: ScoreOptions,
): ScoreColumns {
  return scoreColumnsWith(matrix, assessments, options, formulaEngine);
}

export type { ScoreColumns } from './score-columns';
