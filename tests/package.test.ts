import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// These check the built package (npm test builds before vitest).
describe('the published package', () => {
  it('ships only dist, the node10 entry stubs, schemas, indicators, docs and the top-level texts', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const files = (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    const outside = files.filter(
      (f) =>
        !/^(dist|schemas|indicators|docs)\//.test(f) &&
        !['README.md', 'CHANGELOG.md', 'SECURITY.md', 'LICENSE', 'package.json'].includes(f) &&
        !/^(node|formula|matrices|xlsx)\/package\.json$/.test(f),
    );
    expect(outside).toEqual([]);
    expect(files).toContain('dist/cli.js');
    expect(files).toContain('indicators/moldova-dmd.json');
    expect(files).toContain('schemas/matrix.schema.json');
  });

  it('every relative link in the README points to a file the package ships', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const files = new Set((JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path));
    const links = [...readFileSync('README.md', 'utf8').matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => m[1]!.split('#')[0]!)
      .filter((l) => l !== '' && !/^[a-z]+:/i.test(l));
    expect(links.length).toBeGreaterThan(5);
    expect(links.filter((l) => !files.has(l.replace(/^\.\//, '')))).toEqual([]);
  });

  it.each([
    [
      'require',
      "const m = require('mgi-engine'); console.log(JSON.stringify([m.dimensions.map((d) => d.id), typeof m.parseMatrix, typeof m.safeParseAssessment, typeof m.score]))",
    ],
    [
      'import',
      "import('mgi-engine').then((m) => console.log(JSON.stringify([m.dimensions.map((d) => d.id), typeof m.parseMatrix, typeof m.safeParseAssessment, typeof m.score])))",
    ],
  ])(
    '%s("mgi-engine") exposes the six dimensions in canonical order and the parse functions',
    (_how, code) => {
      // Resolve the package by its own name (self-reference through "exports").
      const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual([
        [
          'migrants-rights',
          'whole-of-government',
          'partnerships',
          'well-being',
          'mobility-crises',
          'safe-orderly-migration',
        ],
        'function',
        'function',
        'function',
      ]);
    },
  );

  it('mgi-engine/node loads the built-in matrices from CJS', () => {
    const r = spawnSync(
      process.execPath,
      [
        '-e',
        "require('mgi-engine/node').builtinMatrices().then((l) => console.log(l.map((m) => m.id + ':' + m.indicators).join(',')))",
      ],
      { encoding: 'utf8' },
    );
    expect(r.stdout.trim()).toBe('mgi-starter:27,moldova-dmd:65,sdg-10-7-2:30');
  });

  it('has caret ranges for runtime dependencies, exact versions for tools, and no install scripts', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
    // An app on another patch or minor release of zod or mathjs shares one copy with mgi-engine.
    expect(pkg.dependencies).toEqual({
      mathjs: expect.stringMatching(/^\^15\./),
      zod: expect.stringMatching(/^\^4\./),
    });
    for (const v of Object.values(pkg.devDependencies)) expect(v).toMatch(/^\d+\.\d+\.\d+$/);
    expect(Object.keys(pkg.scripts).filter((s) => /^(pre|post)?install$|^prepare$/.test(s))).toEqual([]);
  });
});
