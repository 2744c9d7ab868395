import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { scoreMoldova } from '../examples/api/browser-score';
import { launchChromium, skipBrowser } from './fixtures/browser';

// The core runs in a browser: bundle examples/api/browser-score.ts for the browser platform, run it
// in headless Chromium, and compare the report with the one computed here in Node.
describe.skipIf(skipBrowser)('the library in a browser', () => {
  it('produces the same report and scorecard in Chromium as in Node', async () => {
    const bundle = await build({
      entryPoints: ['examples/api/browser-score.ts'],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      logLevel: 'silent',
    });
    const code = bundle.outputFiles[0]!.text;
    expect(code).not.toMatch(/require\("node:|from "node:/);

    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.setContent('<!doctype html><title>mgi-engine</title>');
      await page.addScriptTag({ content: code });
      const inBrowser = await page.evaluate(() =>
        JSON.stringify((globalThis as { mgiResult?: unknown }).mgiResult),
      );
      expect(errors).toEqual([]);
      const inNode = JSON.stringify(scoreMoldova());
      expect(inBrowser.length).toBeGreaterThan(100_000);
      // Compare without dumping a megabyte on failure: the first differing position and its context.
      let i = 0;
      while (i < inNode.length && inNode[i] === inBrowser[i]) i++;
      expect(
        i === inNode.length && inBrowser.length === inNode.length
          ? 'identical'
          : `differs at ${i}: node …${inNode.slice(i - 200, i + 80)}… browser …${inBrowser.slice(i - 200, i + 80)}…`,
      ).toBe('identical');
    } finally {
      await browser.close();
    }
  });
});
