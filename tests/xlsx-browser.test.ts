import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const bundle = async (entry: string) => {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    metafile: true,
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
};

describe('the spreadsheet entry (mgi-engine/xlsx) and the core', () => {
  it('src/xlsx/index.ts bundles for the browser: no node: module, fflate included', async () => {
    const inputs = await bundle('src/xlsx/index.ts');
    expect(
      inputs.filter((i) => i.startsWith('node:') || /^(fs|path|os|child_process|crypto)$/.test(i)),
    ).toEqual([]);
    expect(inputs.some((i) => i.includes('node_modules/fflate'))).toBe(true);
    expect(inputs.some((i) => i.endsWith('src/io/_tabular.ts'))).toBe(true);
  });

  it('the core entry (src/index.ts) never pulls fflate or the spreadsheet code', async () => {
    const inputs = await bundle('src/index.ts');
    expect(inputs.filter((i) => i.includes('fflate') || i.includes('src/xlsx/'))).toEqual([]);
  });
});
