/** `--jobs N|auto` of `mgi score` (the worker pool itself is in `./_jobs`, loaded only when used). */
import { availableParallelism } from 'node:os';
import { UsageError } from './_args';

/** The most workers accepted (more than a machine has cores only adds overhead). */
export const MAX_JOBS = 256;

/** Parse `--jobs N|auto` (default 1); `auto` is `os.availableParallelism()`. */
export function parseJobs(value: unknown): number {
  if (value === undefined) return 1;
  const text = String(value);
  if (text === 'auto') return Math.max(1, Math.min(MAX_JOBS, availableParallelism()));
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= 1 && n <= MAX_JOBS)) {
    throw new UsageError(
      `--jobs takes a whole number of worker threads from 1 to ${MAX_JOBS}, or auto; got "${text}"`,
      `e.g. --jobs 2, or --jobs auto for one per available core (${availableParallelism()} here)`,
    );
  }
  return n;
}
