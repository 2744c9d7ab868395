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
import { type Language, languages, render, score } from '../../src/index';
import { loadAssessments, loadMatrix } from '../../src/node';

type Format = 'md' | 'html' | 'csv' | 'json';

const format = (process.argv[2] ?? 'md') as Format;
const lang = (process.argv[3] ?? 'en') as Language;
if (!['md', 'html', 'csv', 'json'].includes(format) || !languages.includes(lang)) {
  console.error('usage: render-scorecard.ts [md|html|csv|json] [en|fr|es]');
  process.exit(2);
}

const root = fileURLToPath(new URL('../../', import.meta.url));
const matrix = await loadMatrix('sdg-10-7-2');
const loaded = await loadAssessments([`${root}examples/sdg/xae-2021.json`], { matrix });
const report = score(matrix, loaded.assessments);
process.stdout.write(render(report, { format, lang }));
