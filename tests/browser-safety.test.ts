import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('the browser entry', () => {
  it('src/index.ts reaches no node: module (bundles for the browser platform)', async () => {
    const result = await build({
      entryPoints: ['src/index.ts'],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(
      inputs.filter((i) => i.startsWith('node:') || /^(fs|path|os|child_process|crypto)$/.test(i)),
    ).toEqual([]);
    expect(inputs.some((i) => i.endsWith('src/scoring/score-columns.ts'))).toBe(true);
  });
});
