import { unlinkSync } from 'node:fs';

// Temporary files of atomic writes in progress, so an interrupted process can remove them.
const pending = new Set<string>();

/** Note a temporary file that must not outlive the process. */
export function trackTemp(path: string): void {
  pending.add(path);
}

/** Forget a temporary file (renamed into place or removed). */
export function untrackTemp(path: string): void {
  pending.delete(path);
}

/** Remove every temporary file still pending; synchronous, for signal handlers. */
export function removePendingTemps(): void {
  for (const p of pending) {
    try {
      unlinkSync(p);
    } catch {
      // already gone
    }
  }
  pending.clear();
}
