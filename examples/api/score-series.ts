/**
 * Score several years of one entity as a series and print how it moves: the overall score per
 * year, each dimension's history, and for every quantitative indicator the trend and the year its
 * final target is reached at that trend (the projection).
 *
 * Run from the repository root (no build needed):
 *
 *   npx tsx examples/api/score-series.ts [folder-or-files…]
 *
 * Default: the synthetic Moldova DMD series in examples/moldova (2018–2024, with 2023 split in
 * three institutional submissions that are merged).
 *
 * In your own project, import from the published package instead of ../../src:
 *
 *   import { score } from 'mgi-engine';
 *   import { loadAssessments, loadMatrix } from 'mgi-engine/node';
 */
import { fileURLToPath } from 'node:url';
import { score } from '../../src/index';
import { loadAssessments, loadMatrix } from '../../src/node';

const root = fileURLToPath(new URL('../../', import.meta.url));
const inputs = process.argv.length > 2 ? process.argv.slice(2) : [`${root}examples/moldova`];

const matrix = await loadMatrix('moldova-dmd');
const loaded = await loadAssessments(inputs, { matrix });
if (loaded.issues.length > 0) {
  for (const i of loaded.issues) console.error(`${i.path.join('.')}: ${i.message} [${i.code}]`);
  process.exit(1);
}
const report = score(matrix, loaded.assessments);
const fmt = (x: number | null) => (x === null ? '—' : x.toFixed(2));

for (const series of report.series) {
  console.log(`${series.entity}: ${series.years.length} years, ${series.years[0]}–${series.years.at(-1)}`);
  for (const point of series.overall) {
    const card = report.scorecards.find((c) => c.entity === series.entity && c.year === point.year)!;
    const who = card.submissions.length > 1 ? ` (${card.submissions.length} submissions merged)` : '';
    console.log(`  ${point.year}  overall ${fmt(point.score).padStart(6)}  ${card.overall.band ?? ''}${who}`);
  }
  console.log('Dimensions (first → last year):');
  for (const d of series.dimensions) {
    const first = d.history[0]?.score ?? null;
    const last = d.history.at(-1)?.score ?? null;
    console.log(`  ${d.id.padEnd(24)} ${fmt(first).padStart(6)} → ${fmt(last).padStart(6)}`);
  }

  console.log('Trend per year and projection to the final target (carried-forward values excluded):');
  const notes = new Map<string, number>();
  for (const ind of series.indicators) {
    const { note, reachesTargetIn } = ind.projection;
    notes.set(note, (notes.get(note) ?? 0) + 1);
    if (ind.trend === null) continue;
    const when = reachesTargetIn === null ? '' : ` (${reachesTargetIn})`;
    const last = ind.history.at(-1);
    console.log(
      `  ${ind.id.padEnd(6)} trend ${ind.trend.toFixed(2).padStart(9)}/yr  ${note}${when}  [${last?.year}: ${last?.status}]`,
    );
  }
  console.log(`Projection notes: ${[...notes].map(([n, k]) => `${n} ${k}`).join(', ')}`);
}
