/**
 * Results of Math.exp, Math.log and `**` may differ in the last bit between JavaScript engines
 * (V8 versions, browsers), which would make Node and a browser print different digits for the
 * same input. Values computed with them are therefore rounded to 12 significant digits, far below
 * any precision that matters for a 0–100 score, so every engine prints the same bytes.
 */
export function transcendental(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x === 0 ? 0 : x;
  return Number(x.toPrecision(12));
}
