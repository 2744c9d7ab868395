import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

export default defineConfig([
  {
    entry: { index: 'src/index.ts', node: 'src/node.ts', xlsx: 'src/xlsx/index.ts' },
    format: ['esm', 'cjs'],
    dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
    target: 'es2022',
    clean: false,
    sourcemap: false,
    splitting: true,
    treeshake: true,
    shims: true,
    esbuildOptions(options) {
      options.chunkNames = 'chunks/[name]-[hash]';
    },
  },
  {
    // The CLI is ESM only; heavy modules (mathjs, renderers, json-schema-to-typescript) are
    // loaded with dynamic import() so that a command pays only for what it uses.
    entry: { cli: 'src/cli/bin.ts' },
    // Bundling zod and mathjs (the parser only) into the CLI's lazy chunks halves start-up time and
    // peak memory: the mathjs package entry would otherwise load and set up every function it has.
    noExternal: ['zod', 'mathjs'],
    define: { __VERSION__: JSON.stringify(version) },
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    splitting: true,
    clean: false,
    banner: { js: '#!/usr/bin/env node' },
    esbuildOptions(options) {
      options.chunkNames = 'cli/[name]-[hash]';
    },
    outDir: 'dist',
  },
]);
