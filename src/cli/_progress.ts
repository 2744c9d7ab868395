/**
 * A throttled progress line on stderr for long runs: assessments done (of how many), rate and time
 * elapsed. Shown on a terminal once a run has lasted `MGI_PROGRESS_AFTER_MS` (default 2000 ms),
 * at most every `MGI_PROGRESS_EVERY_MS` (default 250 ms); `--progress` shows it also when stderr is
 * a pipe or file (one line per update instead of a line redrawn in place), `--no-progress` never.
 * With `--format json` each update is a JSON line `{"progress": {…}}`, so stderr stays JSON lines.
 * The two environment variables exist for tests, which set them to 0 instead of waiting.
 */
import type { Io } from './_io';

/** What `--progress` / `--no-progress` and the environment decide. */
export interface ProgressOptions {
  /** `true` for `--progress`, `false` for `--no-progress`, `undefined` to decide by the terminal. */
  readonly flag: boolean | undefined;
  readonly json: boolean;
  /** Assessments in the whole run. */
  readonly total: number;
  /** Whether stderr is a terminal (the line is then redrawn in place). */
  readonly tty: boolean;
  /** The clock, in milliseconds; a parameter so that tests can drive it. */
  readonly now?: () => number;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The progress line of one run. */
export class Progress {
  private readonly start: number;
  private readonly now: () => number;
  private readonly after: number;
  private readonly every: number;
  private readonly enabled: boolean;
  private last = Number.NEGATIVE_INFINITY;
  private shown = false;

  constructor(
    private readonly io: Io,
    private readonly options: ProgressOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.start = this.now();
    const env = options.env ?? process.env;
    this.after = ms(env.MGI_PROGRESS_AFTER_MS, 2000);
    this.every = ms(env.MGI_PROGRESS_EVERY_MS, 250);
    this.enabled = options.flag ?? options.tty;
  }

  /** Note that `done` assessments are scored; prints when due. */
  update(done: number): void {
    if (!this.enabled) return;
    const t = this.now();
    const elapsed = t - this.start;
    if (elapsed < this.after || t - this.last < this.every) return;
    this.last = t;
    this.print(done, elapsed);
  }

  /** Clear the redrawn line on a terminal (the final counts are in the summary). */
  end(): void {
    if (this.shown && this.options.tty && !this.options.json) this.io.err('\r\u001b[K');
  }

  private print(done: number, elapsed: number): void {
    const total = this.options.total;
    const rate = elapsed > 0 ? Math.round((done * 1000) / elapsed) : 0;
    this.shown = true;
    if (this.options.json) {
      this.io.err(
        `${JSON.stringify({ progress: { done, total, perSecond: rate, elapsedMs: Math.round(elapsed) } })}\n`,
      );
      return;
    }
    const pct = total > 0 ? ` (${((100 * done) / total).toFixed(1)} %)` : '';
    const line = `mgi: ${done} of ${total} assessments${pct}, ${rate}/s, ${(elapsed / 1000).toFixed(1)} s elapsed`;
    this.io.err(this.options.tty ? `\r${line}\u001b[K` : `${line}\n`);
  }
}

function ms(value: string | undefined, fallback: number): number {
  const n = value === undefined || value === '' ? Number.NaN : Number(value);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

export { yieldToLoop } from '../_yield';
