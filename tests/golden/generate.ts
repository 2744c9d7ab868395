/**
 * Writes the golden reports (`npx tsx tests/golden/generate.ts`, after `npm run build` for the CLI
 * cases). Run it only to record a deliberate change of report bytes, and say in the commit why each
 * changed number changed.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import '../../src/formula/register';
import { goldenCases, goldenCli, goldenOutput } from './cases';

const ROOT = join(import.meta.dirname, '..', '..');
const lines: string[] = [];
for (const c of goldenCases()) lines.push(JSON.stringify({ name: c.name, report: goldenOutput(c) }));
for (const args of goldenCli) {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  lines.push(JSON.stringify({ name: `cli ${args.join(' ')}`, code: r.status, stdout: r.stdout }));
}
writeFileSync(
  join(import.meta.dirname, 'reports.ndjson.gz'),
  gzipSync(`${lines.join('\n')}\n`, { level: 9 }),
);
console.log(`${lines.length} golden outputs written`);
