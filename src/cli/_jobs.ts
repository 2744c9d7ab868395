/**
 * `mgi score --jobs N`: a pool of worker threads (`node:worker_threads`) that score entities while
 * the main thread reads input and writes output in order. Entities are independent, so scoring
 * them on different threads and writing the results in input order gives the very bytes of
 * `--jobs 1`; the main thread keeps every decision that orders output (grouping, which problems
 * come when, counting warnings), the workers do the parsing and scoring (see `./_worker`).
 *
 * The worker is `dist/cli-worker.js`, an entry of the CLI build of its own that shares the CLI's
 * chunks (tsup.config.ts).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { MgiError, type MgiIssue } from '../errors';
import { UsageError } from './_args';

export { MAX_JOBS, parseJobs } from './_jobs-args';

import type { Request, Response } from './_worker';

/** What a worker failed with, carried across the thread boundary. */
export interface WorkerFailure {
  readonly name: string;
  readonly message: string;
  readonly stack?: string | undefined;
  readonly issues?: readonly MgiIssue[] | undefined;
  readonly hint?: string | undefined;
}

/** Rebuild a worker's error on the main thread, of the class that gives the same exit code. */
export function revive(f: WorkerFailure): Error {
  if (f.issues) return new MgiError(f.issues);
  if (f.name === 'UsageError') return new UsageError(f.message, f.hint);
  const e = new Error(f.message);
  e.stack = f.stack ?? f.message;
  return e;
}

/** A request that gets an answer, without its id (the pool numbers them). */
type Question =
  Extract<Request, { id: number }> extends infer R
    ? R extends Extract<Request, { id: number }>
      ? Omit<R, 'id'>
      : never
    : never;

interface Slot {
  readonly worker: Worker;
  /** Requests sent and not yet answered. */
  busy: number;
  failed: Error | undefined;
}

interface Waiting {
  readonly slot: Slot;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** Worker threads running `./_worker`, each answering its requests in order. */
export class Pool {
  private readonly slots: Slot[] = [];
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;

  constructor(readonly size: number) {
    const url = workerUrl();
    for (let i = 0; i < size; i++) {
      const worker = new Worker(url, { stdout: false, stderr: false });
      // An idle worker does not keep the process alive (a usage error between opening the pool and
      // closing it must not hang the run); one with requests in flight does.
      worker.unref();
      const slot: Slot = { worker, busy: 0, failed: undefined };
      worker.on('message', (m: Response) => this.answer(m));
      worker.on('error', (e) => this.fail(slot, e));
      worker.on('exit', (code) => this.fail(slot, new Error(`a worker thread exited (code ${code})`)));
      this.slots.push(slot);
    }
  }

  /** Send a request every worker must see before the next ones (the matrix, the options). */
  broadcast(request: Request): void {
    for (const s of this.slots) s.worker.postMessage(request);
  }

  /** Send a request that needs no answer to worker `w`. */
  tell(w: number, request: Request): void {
    this.slots[w]!.worker.postMessage(request);
  }

  /** The least busy worker (the first of them on a tie). */
  pick(): number {
    let best = 0;
    for (let i = 1; i < this.slots.length; i++) if (this.slots[i]!.busy < this.slots[best]!.busy) best = i;
    return best;
  }

  /** Send `request` to worker `w` (default: the least busy) and get its answer. */
  ask<T>(request: Question, w = this.pick()): Promise<T> {
    const slot = this.slots[w]!;
    if (slot.failed) return Promise.reject(slot.failed);
    const id = this.nextId++;
    if (slot.busy++ === 0) slot.worker.ref();
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { slot, resolve: resolve as (v: unknown) => void, reject });
      slot.worker.postMessage({ ...request, id } as Request);
    });
  }

  /** Stop every worker. */
  async close(): Promise<void> {
    const all = this.slots.map((s) => {
      s.failed ??= new Error('the worker pool was closed');
      return s.worker.terminate();
    });
    await Promise.all(all);
  }

  private answer(m: Response): void {
    const w = this.waiting.get(m.id);
    if (!w) return;
    this.waiting.delete(m.id);
    if (--w.slot.busy === 0) w.slot.worker.unref();
    if (m.ok) w.resolve(m.value);
    else w.reject(revive(m.error));
  }

  private fail(slot: Slot, e: Error): void {
    if (slot.failed) return;
    slot.failed = e;
    for (const [id, w] of this.waiting) {
      if (w.slot !== slot) continue;
      this.waiting.delete(id);
      w.reject(e);
    }
  }
}

/** `cli-worker.js` beside the CLI's entry (from `dist/cli.js` or a chunk in `dist/cli/`). */
function workerUrl(): URL {
  for (const rel of ['./cli-worker.js', '../cli-worker.js']) {
    const u = new URL(rel, import.meta.url);
    if (existsSync(fileURLToPath(u))) return u;
  }
  // Running from the sources (tsx): the worker module itself, with the same loader.
  return new URL('./_worker.ts', import.meta.url);
}
