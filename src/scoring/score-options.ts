import type { Limits } from '../limits';

/** Options of {@link scoreWith} / `score()`. */
export interface ScoreOptions {
  /** Include a calculation trace per indicator (default true). Turn off for speed. */
  readonly trace?: boolean;
  /** A name per assessment (file name, institution), used in conflict errors and warnings. */
  readonly sources?: readonly (string | undefined)[];
  /** Score only this year; other years still feed year-over-year change and carry-forward. */
  readonly year?: number;
  /** Size limits (entities and years per batch); see `Limits`. */
  readonly limits?: Partial<Limits>;
}
