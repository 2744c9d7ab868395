import type { FormulaEngine } from './types';

// The engine is kept on globalThis under a registered symbol rather than in a module variable, so
// that one registration is seen by every copy of mgi-engine in a process: the ESM and the CJS build
// (an app that requires "mgi-engine" and imports "mgi-engine/formula"), or two bundled chunks.
const KEY = Symbol.for('mgi-engine/formula-engine');

type Holder = { [KEY]?: FormulaEngine | undefined };

/** The formula engine registered by `import 'mgi-engine/formula'`, if any. */
export function registeredFormulaEngine(): FormulaEngine | undefined {
  return (globalThis as Holder)[KEY];
}

/** Register (or, with `undefined`, unregister) the engine used by `parseMatrix()` and `score()`. */
export function registerFormulaEngine(engine: FormulaEngine | undefined): void {
  (globalThis as Holder)[KEY] = engine;
}
