/**
 * Score an assessment and render the report as Markdown (or HTML, CSV, JSON) on stdout.
 *
 * Run from the repository root (no build needed):
 *
 *   npx tsx examples/api/render-scorecard.ts [md|html|csv|json] [en|fr|es] > scorecard.md
 *
 * Default: Markdown in English for the fictional SDG 10.7.2 country XAE ("Exemplaria", 2021).
 *
 * In your own project, import from the published package instead of ../../src:
 *
 *   import { render, score } from 'mgi-engine';
 *   import { loadAssessments, loadMatrix } from 'mgi-engine/node';
 */
import { fileURLToPath } from 'node:url';
import * as mgi from '../../src/index';
import { loadAssessments, loadMatrix } from '../../src/node';

type Format = 'md' | 'html' | 'csv' | 'json';
// `render` belongs to the public API (DESIGN.md section 5). Reading it off the namespace keeps this
// script type-correct while src/index.ts does not re-export it yet; the check below says so.
const { render } = mgi as typeof mgi & {
  render?: (report: mgi.Report, options: { format: Format; lang?: mgi.Language }) => string;
};

const format = (process.argv[2] ?? 'md') as Format;
const lang = (process.argv[3] ?? 'en') as mgi.Language;
if (!['md', 'html', 'csv', 'json'].includes(format) || !mgi.languages.includes(lang)) {
  console.error('usage: render-scorecard.ts [md|html|csv|json] [en|fr|es]');
  process.exit(2);
}
if (typeof render !== 'function') {
  console.error('render() is not exported by src/index.ts yet (see src/report/render.ts)');
  process.exit(1);
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const matrix = await loadMatrix('sdg-10-7-2');
const loaded = await loadAssessments([`${root}examples/sdg/xae-2021.json`], { matrix });
const report = mgi.score(matrix, loaded.assessments);
process.stdout.write(render(report, { format, lang }));
