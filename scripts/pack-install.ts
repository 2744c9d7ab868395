/**
 * Pack mgi-engine as `npm publish` would and install the tarball into a fresh project, the way a
 * user's app gets it: used by tests/package-tarball.test.ts (bundlers, browsers, Node) and by the
 * package rows of `npm run bench` (install size, import time, bundle sizes). Needs a built `dist/`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** A temporary app with the packed mgi-engine installed in `node_modules`. */
export interface InstalledApp {
  /** The app folder (has package.json and node_modules). */
  readonly dir: string;
  /** The packed tarball. */
  readonly tarball: string;
  /** Packages in the app's node_modules (mgi-engine included), sorted. */
  readonly packages: string[];
  /** Sum of the sizes of every file in node_modules, in bytes (what `du --apparent-size` says). */
  readonly nodeModulesBytes: number;
  dispose(): void;
}

/** `npm pack` the repository into a temporary folder and install the tarball into a new app there. */
export function packAndInstall(): InstalledApp {
  const base = mkdtempSync(join(tmpdir(), 'mgi-pack-'));
  try {
    const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', base], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tarball = join(base, (JSON.parse(out) as { filename: string }[])[0]!.filename);
    const dir = join(base, 'app');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'package.json'),
      `${JSON.stringify({ name: 'mgi-engine-consumer', private: true, type: 'module' }, null, 2)}\n`,
    );
    execFileSync(
      'npm',
      [
        'install',
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--prefer-offline',
        '--loglevel=error',
        tarball,
      ],
      { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    const nm = join(dir, 'node_modules');
    return {
      dir,
      tarball,
      packages: listPackages(nm),
      nodeModulesBytes: treeBytes(nm),
      dispose: () => rmSync(base, { recursive: true, force: true }),
    };
  } catch (e) {
    rmSync(base, { recursive: true, force: true });
    throw e;
  }
}

/** Package folders in a node_modules tree, nested ones included (`a`, `@scope/b`, `a/node_modules/c`). */
export function listPackages(nm: string, prefix = ''): string[] {
  let names: string[];
  try {
    names = readdirSync(nm);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const n of names) {
    if (n.startsWith('.')) continue;
    const scoped = n.startsWith('@');
    for (const pkg of scoped ? readdirSync(join(nm, n)).map((s) => `${n}/${s}`) : [n]) {
      out.push(`${prefix}${pkg}`);
      for (const nested of listPackages(join(nm, pkg, 'node_modules'), `${prefix}${pkg}/node_modules/`))
        out.push(nested);
    }
  }
  return out.sort();
}

function treeBytes(path: string): number {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isDirectory()) return st.isFile() ? st.size : 0;
  let total = 0;
  for (const n of readdirSync(path)) total += treeBytes(join(path, n));
  return total;
}
