import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The README's API example must compile (strict) against the real types and print what it says.
const readme = readFileSync('README.md', 'utf8');
const block = /<!-- api-example[^>]*-->\n```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

describe('the README API example', () => {
  const dir = resolve('test-artifacts', 'readme');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'api-example.ts');
  writeFileSync(file, block.replaceAll("from 'mgi-engine'", `from '${resolve('src/index')}'`));

  it('is present', () => {
    expect(block).toContain("from 'mgi-engine'");
  });

  it('compiles with tsc --strict, and a wrong indicator id or level does not', () => {
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      exactOptionalPropertyTypes: true,
      noUncheckedIndexedAccess: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: ['node'],
      skipLibCheck: true,
    };
    const diagnostics = (path: string) =>
      ts
        .getPreEmitDiagnostics(ts.createProgram([path], options))
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics(file)).toEqual([]);
    const wrongId = join(dir, 'wrong-id.ts');
    writeFileSync(wrongId, readFileSync(file, 'utf8').replace('R1: { value: 58 }', 'R3: { value: 58 }'));
    expect(diagnostics(wrongId).length).toBeGreaterThan(0);
    const wrongLevel = join(dir, 'wrong-level.ts');
    writeFileSync(
      wrongLevel,
      readFileSync(file, 'utf8').replace("R2: { level: 'partial' }", "R2: { level: 'done' }"),
    );
    expect(diagnostics(wrongLevel).length).toBeGreaterThan(0);
  }, 240_000); // a whole tsc program: minutes on a loaded 2-core machine

  it('prints what the README says it prints', () => {
    const expected = /\n\/\/ (.+)\n/.exec(block.slice(block.indexOf('console.log')))?.[1];
    const r = spawnSync(resolve('node_modules/.bin/tsx'), [file], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(expected);
  });
});

// The README's Markdown excerpt is made of lines of the real output of the command it shows.
describe('the README Markdown excerpt', () => {
  const excerpt = /<!-- md-excerpt[^>]*-->\n```markdown\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

  it('is present and every line of it is a line of `mgi score examples/moldova --year 2024 --format md`', () => {
    expect(excerpt).toContain('### Summary, 2024');
    const r = spawnSync(
      process.execPath,
      [
        resolve('dist/cli.js'),
        'score',
        'examples/moldova',
        '--matrix',
        'moldova-dmd',
        '--year',
        '2024',
        '--format',
        'md',
        '--quiet',
      ],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    const lines = new Set(r.stdout.split('\n'));
    const missing = excerpt.split('\n').filter((l) => l !== '' && !lines.has(l));
    expect(missing).toEqual([]);
  });
});
