/**
 * Goals 7a–7f: the package as users install it (issue 13). `npm pack`, install the tarball into a
 * fresh app, then measure from there: what the install brings (packages, bytes), how long
 * `import('mgi-engine')` takes against bare Node (fresh processes, interleaved rounds, medians),
 * and what a browser app pays (esbuild, minified, gzip -9) for score only, score with render, and
 * dimensions only. Run alone with `npm run bench:package`; `npm run bench` runs it too.
 */
import { spawnSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { packAndInstall } from '../scripts/pack-install';
import { type Goal, goal, median, progress, r3 } from './_common';

export interface PackageResult {
  readonly install: { packages: string[]; nodeModulesMb: number };
  readonly importMs: { rounds: number; nodeE0: number; importCore: number; importFormula: number };
  readonly bundles: Record<string, { minifiedBytes: number; gzipBytes: number }>;
  readonly goals: Goal[];
}

const BUNDLES = {
  scoreOnly: "export { parseAssessment, parseMatrix, score } from 'mgi-engine';",
  withRender: "export { parseAssessment, parseMatrix, render, score } from 'mgi-engine';",
  dimensionsOnly: "export { dimensions } from 'mgi-engine';",
  withFormulas:
    "import 'mgi-engine/formula';\nexport { parseAssessment, parseMatrix, render, score } from 'mgi-engine';",
} as const;

async function bundleSize(dir: string, source: string) {
  const r = await build({
    stdin: { contents: source, resolveDir: dir, loader: 'js', sourcefile: 'app.js' },
    absWorkingDir: dir,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const code = r.outputFiles[0]!.contents;
  return { minifiedBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

function importTimes(dir: string, rounds: number) {
  const cases = {
    nodeE0: '0',
    importCore: "import('mgi-engine')",
    importFormula: "import('mgi-engine').then(() => import('mgi-engine/formula'))",
  };
  const times: Record<keyof typeof cases, number[]> = { nodeE0: [], importCore: [], importFormula: [] };
  for (let r = 0; r < rounds; r++) {
    for (const [k, code] of Object.entries(cases) as [keyof typeof cases, string][]) {
      const t0 = performance.now();
      const p = spawnSync(process.execPath, ['-e', code], { cwd: dir, stdio: 'ignore' });
      const ms = performance.now() - t0;
      if (p.status !== 0) throw new Error(`node -e "${code}" exited ${p.status}`);
      times[k].push(ms);
    }
  }
  return {
    rounds,
    nodeE0: r3(median(times.nodeE0)),
    importCore: r3(median(times.importCore)),
    importFormula: r3(median(times.importFormula)),
  };
}

/** Pack, install and measure; prints its rows. */
export async function packageRows(): Promise<PackageResult> {
  progress('npm pack, and install the tarball into a fresh app');
  const app = packAndInstall();
  try {
    const install = { packages: app.packages, nodeModulesMb: r3(app.nodeModulesBytes / 1e6) };
    console.log(
      `   install: ${install.packages.length} packages, ${install.nodeModulesMb} MB in node_modules (${install.packages.join(', ')})`,
    );
    progress('import time, fresh processes');
    const importMs = importTimes(app.dir, 21);
    console.log(
      `   node -e 0 ${importMs.nodeE0} ms · import('mgi-engine') ${importMs.importCore} ms · with mgi-engine/formula ${importMs.importFormula} ms (medians of ${importMs.rounds} rounds)`,
    );
    const bundles: Record<string, { minifiedBytes: number; gzipBytes: number }> = {};
    for (const [name, source] of Object.entries(BUNDLES)) bundles[name] = await bundleSize(app.dir, source);
    console.log(
      `   browser bundles from the tarball (min+gzip): ${Object.entries(bundles)
        .map(([k, b]) => `${k} ${r3(b.gzipBytes / 1024)} KB`)
        .join(' · ')}`,
    );
    const kb = (name: keyof typeof BUNDLES) => bundles[name]!.gzipBytes / 1024;
    const goals = [
      goal(
        'P1',
        "import('mgi-engine') ÷ node -e 0, from the tarball",
        importMs.importCore / importMs.nodeE0,
        '×',
        2,
      ),
      goal('P2', 'browser bundle: parse + score, from the tarball, min+gzip', kb('scoreOnly'), 'KB', 60),
      goal('P3', 'browser bundle: parse + score + render, min+gzip', kb('withRender'), 'KB', 75),
      goal('P4', 'browser bundle: dimensions only, min+gzip', kb('dimensionsOnly'), 'KB', 5),
      goal('P5', "consumer's npm install of the tarball: packages", install.packages.length, 'pkgs', 12),
      goal('P6', "consumer's npm install of the tarball: node_modules size", install.nodeModulesMb, 'MB', 25),
    ];
    return { install, importMs, bundles, goals };
  } finally {
    app.dispose();
  }
}

// `npm run bench:package`: only these rows.
if (process.argv[1] && /_package\.ts$/.test(process.argv[1])) {
  console.log('7. the packed package');
  const r = await packageRows();
  for (const g of r.goals)
    console.log(
      `   ${g.id.padEnd(3)} ${g.what.padEnd(64)} ${`${g.value} ${g.unit}`.padStart(10)}  goal ≤ ${g.max} ${g.unit}  ${g.pass ? 'pass' : 'MISS'}`,
    );
}
