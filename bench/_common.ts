/**
 * Shared pieces of the benchmarks: paths, loading the built library, statistics, goals and the
 * temporary folder for generated inputs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The built CLI, as `npm run bench` builds it first. */
export const CLI = join(ROOT, 'dist', 'cli.js');
/** The built Moldova matrix file. */
export const MOLDOVA = join(ROOT, 'indicators', 'moldova-dmd.json');

/** The public API as built in `dist/` (what users get), typed from the sources. */
export type Lib = typeof import('../src/index');

/** Import the built library (`dist/index.js`). Dynamic, so that type-checking works before a build. */
export async function loadLib(): Promise<Lib> {
  // The Moldova matrix has formula indicators: register the formula engine as an app would.
  await import(pathToFileURL(join(ROOT, 'dist', 'formula.js')).href);
  return (await import(pathToFileURL(join(ROOT, 'dist', 'index.js')).href)) as Lib;
}

/** The median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Round for reports: 3 significant digits (numbers ≥ 1000 to whole units). */
export function r3(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  if (Math.abs(x) >= 1000) return Math.round(x);
  const d = 2 - Math.floor(Math.log10(Math.abs(x)));
  const f = 10 ** Math.max(0, d);
  return Math.round(x * f) / f;
}

/** One goal of the issue: a measured value against a limit. */
export interface Goal {
  readonly id: string;
  readonly what: string;
  readonly value: number;
  readonly unit: string;
  /** The value must be at most this. */
  readonly max: number;
  readonly pass: boolean;
}

export function goal(id: string, what: string, value: number, unit: string, max: number): Goal {
  return { id, what, value: r3(value), unit, max, pass: value <= max };
}

/** A temporary folder for generated inputs, removed by {@link Scratch.dispose}. */
export interface Scratch {
  readonly dir: string;
  dispose(): void;
}

export function scratch(): Scratch {
  const dir = mkdtempSync(join(tmpdir(), 'mgi-bench-'));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Log a progress line to stderr (stdout carries the results). */
export function progress(text: string): void {
  process.stderr.write(`  … ${text}\n`);
}
