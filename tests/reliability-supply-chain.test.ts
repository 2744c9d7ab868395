/**
 * Supply chain: exactly three pinned runtime dependencies, a committed lockfile whose every package
 * is a registry release with an integrity hash, no install scripts of our own, and no install
 * script anywhere in what a user installs. No network here: `npm audit` is run by hand and its
 * result recorded in docs/reliability.md.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

interface LockPackage {
  version?: string;
  resolved?: string;
  integrity?: string;
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
  link?: boolean;
  hasInstallScript?: boolean;
}

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
};
const lock = existsSync('package-lock.json')
  ? (JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
      lockfileVersion: number;
      packages: Record<string, LockPackage>;
    })
  : undefined;

/** Packages a user installs: everything in the lockfile that is not dev-only. */
const runtimePackages = Object.entries(lock?.packages ?? {}).filter(
  ([path, p]) => path !== '' && !p.dev && !p.devOptional,
);

describe('supply chain', () => {
  it('package-lock.json exists (lockfile v3) and pins every package', () => {
    expect(lock).toBeDefined();
    expect(lock!.lockfileVersion).toBeGreaterThanOrEqual(3);
    expect(Object.keys(lock!.packages).length).toBeGreaterThan(10);
  });

  it('the runtime dependencies are exactly zod, mathjs, json-schema-to-typescript and fflate (mgi-engine/xlsx only), each pinned to one version', () => {
    expect(Object.keys(pkg.dependencies ?? {}).sort()).toEqual([
      'fflate',
      'json-schema-to-typescript',
      'mathjs',
      'zod',
    ]);
    for (const [name, range] of Object.entries(pkg.dependencies ?? {})) {
      expect(range, name).toMatch(/^\d+\.\d+\.\d+$/);
      expect(lock!.packages[`node_modules/${name}`]?.version, name).toBe(range);
    }
  });

  it('package.json has no preinstall, install or postinstall script', () => {
    // These run on a user's machine at install time; prepare/prepack run only for maintainers.
    for (const hook of ['preinstall', 'install', 'postinstall'])
      expect(pkg.scripts?.[hook], hook).toBeUndefined();
  });

  it('every locked package is a registry release with a sha512 integrity hash (no git, file or tarball URLs)', () => {
    for (const [path, p] of Object.entries(lock!.packages)) {
      if (path === '' || p.link) continue;
      expect(p.version, path).toMatch(/^\d+\.\d+\.\d+(-[\w.-]+)?$/);
      expect(p.integrity, path).toMatch(/^sha512-/);
      // This lockfile omits "resolved" (the registry is implied); where present it must be npm's.
      if (p.resolved !== undefined) expect(p.resolved, path).toMatch(/^https:\/\/registry\.npmjs\.org\//);
    }
  });

  it('the library makes no network calls: no fetch, http(s), net, dns or tls in src/, and JSON Schema $refs are never fetched', () => {
    const files = readdirSync('src', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(20);
    const network =
      /\bfetch\s*\(|['"](node:)?(http|https|http2|net|dgram|dns|tls)['"]|XMLHttpRequest|WebSocket|EventSource|sendBeacon/;
    for (const f of files) expect(readFileSync(join('src', f), 'utf8'), f).not.toMatch(network);
    // json-schema-to-typescript could resolve remote $refs: mgi types turns that off.
    expect(readFileSync('src/schema/matrix-types.ts', 'utf8')).toMatch(
      /resolve:\s*\{\s*external:\s*false\s*\}/,
    );
  });

  it('nothing a user installs runs an install script (only dev tools such as esbuild do)', () => {
    const withScripts = runtimePackages.filter(([, p]) => p.hasInstallScript).map(([path]) => path);
    expect(withScripts).toEqual([]);
    console.log(
      `supply chain: ${runtimePackages.length} packages installed for users, ${Object.keys(lock!.packages).length - 1} in the lockfile`,
    );
  });
});
