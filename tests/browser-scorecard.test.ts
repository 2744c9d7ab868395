import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { launchChromium, skipBrowser } from './fixtures/browser';
import { runCli, tempFiles } from './fixtures/cli';

// The Moldova series scorecard as a person sees it: rendered by the built CLI, opened in Chromium.
describe.skipIf(skipBrowser)('the Moldova HTML scorecard in a browser', () => {
  it('loads with no console errors and no network requests, shows six dimensions and 65 indicators, draws its charts, prints to a sensible number of A4 pages', async () => {
    const dir = tempFiles({});
    const file = join(dir, 'moldova.html');
    const r = runCli([
      'score',
      'examples/moldova',
      '--matrix',
      'moldova-dmd',
      '--format',
      'html',
      '--out',
      file,
      '--quiet',
    ]);
    expect(r.code).toBe(0);

    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const consoleErrors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(m.text());
      });
      page.on('pageerror', (e) => consoleErrors.push(String(e)));
      page.on('request', (req) => {
        if (req.url() !== pathToFileURL(file).href) requests.push(req.url());
      });
      await page.goto(pathToFileURL(file).href);

      expect(consoleErrors).toEqual([]);
      expect(requests).toEqual([]);

      // innerText, not textContent: only what is rendered visibly counts.
      // biome-ignore lint/performance/useDomNodeTextContent: visibility is the point of this check
      const text = await page.evaluate(() => document.body.innerText);
      for (const label of [
        "Migrants' rights",
        'Whole-of-government approach',
        'Partnerships',
        'Well-being of migrants',
        'Mobility dimensions of crises',
        'Safe, orderly and dignified migration',
      ]) {
        expect(text).toContain(label);
      }
      // Every one of the 65 indicator ids is visible in the latest year's tables.
      const matrix = JSON.parse(readFileSync('indicators/moldova-dmd.json', 'utf8')) as {
        indicators: { id: string }[];
      };
      expect(matrix.indicators).toHaveLength(65);
      const missing = matrix.indicators.map((i) => i.id).filter((id) => !text.includes(id));
      expect(missing).toEqual([]);

      const svgSizes = await page.evaluate(() =>
        [...document.querySelectorAll('svg')].map((s) => {
          const b = s.getBoundingClientRect();
          return [b.width, b.height];
        }),
      );
      expect(svgSizes.length).toBeGreaterThan(10);
      expect(svgSizes.every(([w, h]) => (w ?? 0) > 0 && (h ?? 0) > 0)).toBe(true);

      const artefacts = resolve('test-artifacts');
      mkdirSync(artefacts, { recursive: true });
      await page.screenshot({ path: join(artefacts, 'moldova-scorecard.png'), fullPage: false });

      const pdf = await page.pdf({ format: 'A4', printBackground: false });
      writeFileSync(join(artefacts, 'moldova-scorecard.pdf'), pdf);
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
      // Seven yearly scorecards of 65 indicators plus trends and the methodology: tens of pages, not hundreds.
      expect(pages).toBeGreaterThanOrEqual(7);
      expect(pages).toBeLessThanOrEqual(120);
    } finally {
      await browser.close();
    }
  });
});
