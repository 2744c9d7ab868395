/**
 * Score one entity-year and print its scorecard: overall score and band, the six dimensions, how
 * many indicators are achieved / on-track / off-track / regressing, and the ones that need attention.
 *
 * Run from the repository root (no build needed):
 *
 *   npx tsx examples/api/score-year.ts [assessment.json]
 *
 * Default: the provisional 2024 assessment of the illustrative Moldova DMD matrix. Scored alone,
 * without the 2023 files, nothing can be carried forward, so the 2024 gaps lower the coverage.
 *
 * In your own project, import from the published package instead of ../../src:
 *
 *   import { dimensions, score } from 'mgi-engine';
 *   import { loadAssessments, loadMatrix } from 'mgi-engine/node';
 */
import { fileURLToPath } from 'node:url';
import { dimensions, type IndicatorStatus, score } from '../../src/index';
import { loadAssessments, loadMatrix } from '../../src/node';

const root = fileURLToPath(new URL('../../', import.meta.url));
const file = process.argv[2] ?? `${root}examples/moldova/mda-2024.json`;

const matrix = await loadMatrix('moldova-dmd'); // a built-in id, or a path to a matrix file
const loaded = await loadAssessments([file], { matrix });
if (loaded.issues.length > 0) {
  for (const i of loaded.issues) console.error(`${i.path.join('.')}: ${i.message} [${i.code}]`);
  process.exit(1);
}

const report = score(matrix, loaded.assessments);
for (const e of report.errors) console.error(`error: ${e.message} [${e.code}]`);

for (const card of report.scorecards) {
  const { overall } = card;
  const fmt = (x: number | null) => (x === null ? '—' : x.toFixed(2));
  console.log(`${card.entityName ?? card.entity} (${card.entity}), ${card.year} [${card.status ?? 'n/a'}]`);
  console.log(
    `Overall: ${fmt(overall.score)} (${overall.band ?? 'no band'}), coverage ${(100 * (overall.coverage ?? 0)).toFixed(1)}%`,
  );
  console.log('Dimensions:');
  for (const d of card.dimensions) {
    const label = dimensions.find((x) => x.id === d.id)!.label.en;
    console.log(`  ${label.padEnd(40)} ${fmt(d.score).padStart(6)}  ${d.band ?? ''}`);
  }

  const counts = new Map<IndicatorStatus, number>();
  for (const i of card.indicators) counts.set(i.status, (counts.get(i.status) ?? 0) + 1);
  const order: IndicatorStatus[] = [
    'achieved',
    'on-track',
    'off-track',
    'regressing',
    'no-data',
    'no-target',
  ];
  console.log(`Statuses: ${order.map((s) => `${s} ${counts.get(s) ?? 0}`).join(', ')}`);

  for (const i of card.indicators.filter((x) => x.status === 'regressing' || x.status === 'no-data')) {
    const shown = i.value ?? i.level ?? '—';
    console.log(
      `  ${i.status.padEnd(10)} ${i.id.padEnd(6)} value ${shown}${i.reason ? ` (${i.reason})` : ''}`,
    );
  }
}
