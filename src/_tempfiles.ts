import { unlinkSync } from 'node:fs';

// Temporary files of atomic writes in progress, so an interrupted process can remove them.
const pending = new Set<string>();
let abortCode: number | null = null;

/** Note a temporary file that must not outlive the process. */
export function trackTemp(path: string): void {
  pending.add(path);
}

/**
 * Forget a temporary file (renamed into place or removed). If an interrupt is waiting for the
 * writes in progress, the last one to finish ends the process.
 */
export function untrackTemp(path: string): void {
  pending.delete(path);
  if (abortCode !== null && pending.size === 0 && !testing) process.exit(abortCode);
}

/** The exit code of the interrupt waiting for writes to stop (130, 143, 129), if any. */
export function abortExitCode(): number | null {
  return abortCode;
}

/**
 * Set or clear the interrupt flag without a signal, so that tests can stop a write at a chosen
 * step (the fuzz suite). Not for production code.
 *
 * @internal
 */
export function __setAbortForTest(code: number | null): void {
  abortCode = code;
  testing = code !== null;
}

/** Set by {@link __setAbortForTest}: the last write does not end the (test) process. */
let testing = false;

/** Whether an interrupt asked the writes in progress to stop. */
export function aborting(): boolean {
  return abortCode !== null;
}

/** Remove every temporary file still pending; synchronous. */
export function removePendingTemps(): void {
  for (const p of pending) {
    try {
      unlinkSync(p);
    } catch {
      // already gone, or not created yet (the write sees `aborting()` and removes it)
    }
  }
}

/**
 * Stop on a signal without leaving a temporary file: with no write in progress, exit at once;
 * otherwise let each write notice `aborting()`, remove its file and exit when the last is gone.
 * A file system call already under way in another thread could create a temporary file after a
 * synchronous removal, which is why the writes clean up after themselves. A timer bounds the wait.
 * A second signal (Ctrl-C pressed again) does not wait: it removes what is pending and exits.
 */
export function abortOnSignal(code: number): void {
  if (pending.size === 0 || abortCode !== null) {
    removePendingTemps();
    process.exit(abortCode ?? code);
  }
  abortCode = code;
  removePendingTemps();
  setTimeout(() => {
    removePendingTemps();
    process.exit(code);
  }, 2000).unref();
}

/**
 * Handle SIGINT, SIGTERM and SIGHUP for the whole life of the process (exit 130, 143, 129). A
 * handler kept with `process.once` would leave a second signal to Node's default action, which
 * kills the process before it can remove a temporary file.
 */
export function handleSignals(): void {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    process.on(signal, () => abortOnSignal(code));
  }
}
