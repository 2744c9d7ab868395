/**
 * The library in a browser: score the Moldova series and render a scorecard with nothing but the
 * browser-safe entry (no file system: the matrix and assessments are bundled as JSON). Bundle it
 * with esbuild for the browser (`--bundle --platform=browser`) and open it in a page; the result
 * is left on `globalThis.mgiResult`. tests/browser-bundle.test.ts does exactly that in Chromium and
 * compares the report with the one Node computes.
 *
 * In your own project: import 'mgi-engine/formula' (the Moldova matrix has formula indicators) and
 * import { parseAssessment, parseMatrix, render, score } from 'mgi-engine'.
 */
import '../../src/formula/register';
import matrixJson from '../../indicators/moldova-dmd.json';
import { parseAssessment, parseMatrix, type Report, render, score } from '../../src/index';
import a2018 from '../moldova/mda-2018.json';
import a2019 from '../moldova/mda-2019.json';
import a2020 from '../moldova/mda-2020.json';
import a2021 from '../moldova/mda-2021.json';
import a2022 from '../moldova/mda-2022.json';
import a2023c from '../moldova/mda-2023-chancellery.json';
import a2023m from '../moldova/mda-2023-mfaei.json';
import a2023l from '../moldova/mda-2023-mlsp.json';
import a2024 from '../moldova/mda-2024.json';

/** Score the bundled Moldova series; the same function runs in Node and in the browser. */
export function scoreMoldova(): { report: Report; markdown: string } {
  const matrix = parseMatrix(matrixJson);
  const assessments = [a2018, a2019, a2020, a2021, a2022, a2023c, a2023m, a2023l, a2024].map((a) =>
    parseAssessment(a),
  );
  const report = score(matrix, assessments);
  return { report, markdown: render(report, { format: 'md', lang: 'fr' }) };
}

(globalThis as { mgiResult?: unknown }).mgiResult = scoreMoldova();
