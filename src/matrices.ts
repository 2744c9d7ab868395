/**
 * The built-in matrices as data (`mgi-engine/matrices`), for apps without a file system (browsers,
 * workers): each is the JSON of `indicators/<id>.json`, typed as a {@link Matrix}. Pass one to
 * `parseMatrix()` or `score()`; import only the ones you use (each is a separate export, so a bundler
 * leaves the others out). `moldovaDmd` has formula indicators: `import 'mgi-engine/formula'` first.
 *
 * @example
 * ```ts
 * import { parseMatrix, score } from 'mgi-engine';
 * import { sdg1072 } from 'mgi-engine/matrices';
 * const report = score(parseMatrix(sdg1072), assessments);
 * ```
 *
 * @packageDocumentation
 */
import mgiStarterJson from '../indicators/mgi-starter.json';
import moldovaDmdJson from '../indicators/moldova-dmd.json';
import sdg1072Json from '../indicators/sdg-10-7-2.json';
import type { Matrix } from './schema/matrix';

// JSON imports type string fields as `string`, not the literal unions of Matrix; a test checks that
// each file parses as a matrix, which is what makes these casts true.

/** `mgi-starter`: an MGI-style starter matrix covering the six dimensions (`indicators/mgi-starter.json`). */
export const mgiStarter: Matrix = mgiStarterJson as unknown as Matrix;

/** `moldova-dmd`: an illustrative reconstruction of Moldova's 65-indicator matrix, with formula indicators. */
export const moldovaDmd: Matrix = moldovaDmdJson as unknown as Matrix;

/** `sdg-10-7-2`: SDG indicator 10.7.2 (well-managed migration policies), paraphrased sub-categories. */
export const sdg1072: Matrix = sdg1072Json as unknown as Matrix;
