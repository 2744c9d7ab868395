import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build as esbuild } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InstalledApp, packAndInstall, ROOT } from '../scripts/pack-install';
import { launchChromium, skipBrowser } from './fixtures/browser';

// The package as users get it: `npm pack`, installed from the tarball into a fresh app (npm test
// builds dist/ before vitest runs). The app imports score and render from "mgi-engine", is bundled
// for the browser by esbuild, Vite and webpack, and each bundle must give in Chromium the same
// bytes as the same app run by Node.

let app: InstalledApp;

const moldova = readdirSync(join(ROOT, 'examples/moldova'))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(ROOT, 'examples/moldova', f), 'utf8')));

const APP = `import 'mgi-engine/formula';
import { parseAssessment, parseMatrix, render, score } from 'mgi-engine';
import { moldovaDmd } from 'mgi-engine/matrices';
import { assessments } from './data.js';

export function run() {
  const report = score(parseMatrix(moldovaDmd), assessments.map((a) => parseAssessment(a)));
  return JSON.stringify({
    json: render(report, { format: 'json' }),
    html: render(report, { format: 'html', lang: 'fr' }),
  });
}
`;

const SCORE_ONLY = `import { parseAssessment, parseMatrix, score } from 'mgi-engine';
import { sdg1072 } from 'mgi-engine/matrices';
export function run(assessments) {
  return score(parseMatrix(sdg1072), assessments.map((a) => parseAssessment(a)));
}
`;

/** Fails the import of anything from mathjs, to prove a code path never loads it. */
const NO_MATHJS_HOOK = `export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (r.url.includes('/node_modules/mathjs/')) throw new Error('mathjs was loaded for ' + specifier);
  return r;
}
`;

function node(args: string[]) {
  return spawnSync(process.execPath, args, { cwd: app.dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

beforeAll(() => {
  app = packAndInstall();
  const src = join(app.dir, 'src');
  mkdirSync(src);
  writeFileSync(join(src, 'data.js'), `export const assessments = ${JSON.stringify(moldova)};\n`);
  writeFileSync(join(src, 'app.js'), APP);
  writeFileSync(join(src, 'browser.js'), "import { run } from './app.js';\nglobalThis.mgiResult = run();\n");
  writeFileSync(join(src, 'score-only.js'), SCORE_ONLY);
  writeFileSync(join(app.dir, 'no-mathjs-hooks.mjs'), NO_MATHJS_HOOK);
  writeFileSync(
    join(app.dir, 'no-mathjs.mjs'),
    "import { register } from 'node:module';\nregister('./no-mathjs-hooks.mjs', import.meta.url);\n",
  );
}, 240_000);

afterAll(() => app?.dispose());

describe('the installed tarball in Node', () => {
  it('installs zod and mathjs with what they need, and nothing for the CLI only', () => {
    expect(app.packages).toContain('mgi-engine');
    expect(app.packages).toContain('zod');
    expect(app.packages).toContain('mathjs');
    expect(app.packages.filter((p) => /json-schema-to-typescript|prettier|lodash/.test(p))).toEqual([]);
    expect(app.packages.length).toBeLessThanOrEqual(12);
  });

  it('import("mgi-engine") scores a matrix without formulas and never resolves mathjs', () => {
    const sdg = readdirSync(join(ROOT, 'examples/sdg'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => readFileSync(join(ROOT, 'examples/sdg', f), 'utf8'));
    writeFileSync(join(app.dir, 'sdg.json'), JSON.stringify(sdg.map((t) => JSON.parse(t))));
    const code =
      "const { readFileSync } = await import('node:fs'); const { run } = await import('./src/score-only.js');" +
      "const r = run(JSON.parse(readFileSync('sdg.json', 'utf8'))); console.log(r.scorecards.length, r.matrix.id);";
    const r = node(['--import', './no-mathjs.mjs', '--input-type=module', '-e', code]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('6 sdg-10-7-2');
    // the hook does fail when mathjs is loaded
    const control = node([
      '--import',
      './no-mathjs.mjs',
      '--input-type=module',
      '-e',
      "await import('mgi-engine/formula')",
    ]);
    expect(control.stderr).toContain('mathjs was loaded');
  });

  it('require("mgi-engine") does not load mathjs either', () => {
    const r = node([
      '-e',
      "require('mgi-engine'); console.log(Object.keys(require.cache).filter((k) => k.includes('mathjs')).length)",
    ]);
    expect(r.stdout.trim()).toBe('0');
  });

  it('a formula matrix without mgi-engine/formula is an MgiError with code formula-unsupported', () => {
    const code =
      "const { parseMatrix } = await import('mgi-engine'); const { moldovaDmd } = await import('mgi-engine/matrices');" +
      'try { parseMatrix(moldovaDmd); console.log("parsed") } catch (e) { console.log(e.name, e.code, e.issues.length) }';
    expect(node(['--input-type=module', '-e', code]).stdout.trim()).toBe('MgiError formula-unsupported 1');
  });

  it('mgi-engine/node loads the built-in formula matrix from CJS without any extra import', () => {
    const r = node([
      '-e',
      "require('mgi-engine/node').loadMatrix('moldova-dmd').then((m) => console.log(require('mgi-engine').score(m, []).matrix.id))",
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('moldova-dmd');
  });

  it('mgi types works from the tarball, with json-schema-to-typescript bundled into the CLI', () => {
    const out = execFileSync(
      process.execPath,
      ['node_modules/mgi-engine/dist/cli.js', 'types', 'mgi-starter'],
      {
        cwd: app.dir,
        encoding: 'utf8',
      },
    );
    expect(out).toContain('export interface MgiStarterAssessment');
  });

  it('an esbuild browser bundle of a score-only app has no mathjs and no Node built-in', async () => {
    const r = await esbuild({
      entryPoints: [join(app.dir, 'src/score-only.js')],
      absWorkingDir: app.dir,
      bundle: true,
      write: false,
      metafile: true,
      platform: 'browser',
      format: 'esm',
      logLevel: 'silent',
    });
    const inputs = Object.keys(r.metafile.inputs);
    expect(inputs.filter((f) => f.includes('node_modules/mathjs'))).toEqual([]);
    expect(inputs.some((f) => f.includes('node_modules/mgi-engine/dist/'))).toBe(true);
  });
});

async function bundleEsbuild(): Promise<string> {
  const r = await esbuild({
    entryPoints: [join(app.dir, 'src/browser.js')],
    absWorkingDir: app.dir,
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    minify: true,
    logLevel: 'silent',
  });
  return r.outputFiles[0]!.text;
}

async function bundleVite(): Promise<string> {
  const { build } = await import('vite');
  const out = await build({
    root: app.dir,
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      lib: { entry: join(app.dir, 'src/browser.js'), formats: ['iife'], name: 'app', fileName: 'app' },
    },
  });
  const result = (Array.isArray(out) ? out[0] : out) as { output: { type: string; code?: string }[] };
  return result.output.find((o) => o.type === 'chunk')!.code!;
}

async function bundleWebpack(): Promise<string> {
  const { default: webpack } = await import('webpack');
  const outDir = join(app.dir, 'webpack-out');
  await new Promise<void>((resolve, reject) => {
    webpack(
      {
        mode: 'production',
        context: app.dir,
        entry: './src/browser.js',
        target: 'web',
        output: { path: outDir, filename: 'app.js' },
        optimization: { minimize: false },
        performance: { hints: false },
      },
      (err, stats) => {
        if (err) reject(err);
        else if (stats?.hasErrors()) reject(new Error(stats.toString({ all: false, errors: true })));
        else resolve();
      },
    );
  });
  return readFileSync(join(outDir, 'app.js'), 'utf8');
}

describe.skipIf(skipBrowser)('the installed tarball bundled for the browser', () => {
  let inNode: string;
  let browser: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    const r = node([
      '--input-type=module',
      '-e',
      "process.stdout.write((await import('./src/app.js')).run())",
    ]);
    expect(r.stderr).toBe('');
    inNode = r.stdout;
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    ['esbuild --platform=browser', bundleEsbuild],
    ['Vite 7', bundleVite],
    ['webpack 5', bundleWebpack],
  ])(
    '%s: the bundle runs in Chromium and gives the same report and scorecard bytes as Node',
    async (_name, bundle) => {
      const code = await bundle();
      expect(code).not.toMatch(/require\(["'](node:)?(path|url|fs)["']\)|from ["'](node:)?(path|url|fs)["']/);
      const page = await browser.newPage();
      try {
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.setContent('<!doctype html><title>mgi-engine</title>');
        await page.addScriptTag({ content: code });
        const inBrowser = await page.evaluate(() => (globalThis as { mgiResult?: string }).mgiResult ?? '');
        expect(errors).toEqual([]);
        expect(inNode.length).toBeGreaterThan(100_000);
        let i = 0;
        while (i < inNode.length && inNode[i] === inBrowser[i]) i++;
        expect(
          i === inNode.length && inBrowser.length === inNode.length
            ? 'identical'
            : `differs at ${i}: node …${inNode.slice(i - 100, i + 60)}… browser …${inBrowser.slice(i - 100, i + 60)}…`,
        ).toBe('identical');
      } finally {
        await page.close();
      }
    },
  );
});
