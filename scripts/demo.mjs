// `npm run demo`: score the bundled Moldova series and write its scorecards in every format to out/.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

mkdirSync('out', { recursive: true });
const runs = [
  ['json', 'en', 'out/moldova.json'],
  ['md', 'en', 'out/moldova.md'],
  ['csv', 'en', 'out/moldova.csv'],
  ['html', 'en', 'out/moldova.html'],
  ['html', 'fr', 'out/moldova.fr.html'],
  ['html', 'es', 'out/moldova.es.html'],
  ['html', 'ro', 'out/moldova.ro.html'],
  ['html', 'ru', 'out/moldova.ru.html'],
  ['csv-summary', 'en', 'out/moldova.summary.csv'],
];
for (const [format, lang, out] of runs) {
  const args = [
    'dist/cli.js',
    'score',
    'examples/moldova',
    '--matrix',
    'moldova-dmd',
    '--format',
    format,
    '--lang',
    lang,
    '--out',
    out,
    '--quiet',
  ];
  const r = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  console.log(`wrote ${out}`);
}
