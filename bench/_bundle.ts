/**
 * Goal 5: the browser bundle, minified and gzipped by esbuild — the scoring core without the
 * formula engine (`scoreWith`, `safeParseMatrixWith`, `safeParseAssessmentCore`) and the whole
 * public entry `src/index.ts` (with the formula engine, renderers, CSV). The esbuild metafile says
 * what the bytes are.
 */
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { type Goal, goal, ROOT, r3 } from './_common';

export interface BundleSize {
  readonly entry: string;
  readonly minifiedBytes: number;
  readonly gzipBytes: number;
  /** Minified bytes by origin (a package, or a folder of src/), largest first. */
  readonly minifiedByOrigin: Record<string, number>;
}

export interface BundleResult {
  readonly core: BundleSize;
  readonly full: BundleSize;
  readonly goals: Goal[];
}

const CORE =
  "export { scoreWith } from './src/scoring/score';\n" +
  "export { safeParseAssessmentCore, safeParseMatrixWith } from './src/parse';\n";

async function bundle(entry: { stdin: string } | { file: string }, name: string): Promise<BundleSize> {
  const r = await build({
    ...('stdin' in entry
      ? { stdin: { contents: entry.stdin, resolveDir: ROOT, loader: 'ts' as const, sourcefile: name } }
      : { entryPoints: [entry.file] }),
    absWorkingDir: ROOT,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = r.outputFiles[0]!.contents;
  return {
    entry: name,
    minifiedBytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    minifiedByOrigin: byOrigin(r.metafile),
  };
}

function byOrigin(meta: Metafile): Record<string, number> {
  const sums = new Map<string, number>();
  for (const out of Object.values(meta.outputs)) {
    for (const [file, info] of Object.entries(out.inputs)) {
      let origin = file;
      const nm = file.lastIndexOf('node_modules/');
      if (nm >= 0) {
        const parts = file.slice(nm + 'node_modules/'.length).split('/');
        origin = parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
      } else if (file.startsWith('src/')) {
        const parts = file.split('/');
        origin = parts.length > 2 ? `src/${parts[1]}/` : file;
      }
      sums.set(origin, (sums.get(origin) ?? 0) + info.bytesInOutput);
    }
  }
  return Object.fromEntries([...sums].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]));
}

export async function bundleSizes(): Promise<BundleResult> {
  const core = await bundle({ stdin: CORE }, 'scoreWith + safeParseMatrixWith + safeParseAssessmentCore');
  const full = await bundle({ file: 'src/index.ts' }, 'src/index.ts');
  return {
    core,
    full,
    goals: [goal('5', 'browser core without formulas, min+gzip', r3(core.gzipBytes / 1024), 'KB', 60)],
  };
}
