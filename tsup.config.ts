import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'tsup';

// Bare `prettier` (what json-schema-to-typescript imports) becomes the TypeScript-only formatter;
// `prettier/standalone` and `prettier/plugins/*` resolve as usual.
const prettierTypescriptOnly = {
  name: 'prettier-typescript-only',
  setup(build: { onResolve: (o: { filter: RegExp }, f: () => { path: string }) => void }) {
    build.onResolve({ filter: /^prettier$/ }, () => ({
      path: resolve('scripts/build/prettier-typescript.ts'),
    }));
  },
};

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

export default defineConfig([
  {
    // index, formula and matrices are browser-safe; node is Node-only and imports node:* itself.
    entry: {
      index: 'src/index.ts',
      node: 'src/node.ts',
      formula: 'src/formula/register.ts',
      matrices: 'src/matrices.ts',
      // Not exported: as an entry of its own, dimensions.ts gets a chunk of its own instead of sharing
      // one with the zod schemas, so an app importing only `dimensions` from "mgi-engine" bundles ~2 KB.
      dimensions: 'src/dimensions.ts',
      xlsx: 'src/xlsx/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
    target: 'es2022',
    clean: false,
    sourcemap: false,
    splitting: true,
    treeshake: true,
    // No shims: tsup's shims import `path` and `url` into a chunk shared with the browser entries.
    // node.ts finds its folder with `__dirname` (CJS) or `import.meta.url` (ESM) on its own.
    shims: false,
    // fflate (zip for mgi-engine/xlsx) is bundled into the xlsx chunk only: library users who never
    // read a workbook install nothing for it, and the install stays at zod + mathjs.
    noExternal: ['fflate'],
    esbuildOptions(options) {
      options.chunkNames = 'chunks/[name]-[hash]';
    },
  },
  {
    // The CLI is ESM only; heavy modules (mathjs, renderers, json-schema-to-typescript) are
    // loaded with dynamic import() so that a command pays only for what it uses.
    // cli-worker: the worker thread of `mgi score --jobs N` (src/cli/_jobs.ts finds it beside cli.js);
    // it shares the CLI's chunks.
    entry: { cli: 'src/cli/bin.ts', 'cli-worker': 'src/cli/_worker.ts' },
    // Bundling zod and mathjs (the parser only) into the CLI's lazy chunks halves start-up time and
    // peak memory: the mathjs package entry would otherwise load and set up every function it has.
    // json-schema-to-typescript (with Prettier and the rest of its dependencies) is bundled too, into
    // the chunk only `mgi types` loads, so that library users do not install it: the CLI bundles
    // every package it uses.
    noExternal: [/./],
    define: { __VERSION__: JSON.stringify(version) },
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    splitting: true,
    clean: false,
    // Bundled CommonJS packages (json-schema-to-typescript) call require('fs'): give every chunk a
    // real require.
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __mgiCreateRequire } from 'node:module';\nconst require = __mgiCreateRequire(import.meta.url);",
    },
    esbuildOptions(options) {
      options.chunkNames = 'cli/[name]-[hash]';
    },
    esbuildPlugins: [prettierTypescriptOnly],
    outDir: 'dist',
  },
]);
