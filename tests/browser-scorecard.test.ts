import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { launchChromium, skipBrowser } from './fixtures/browser';
import { runCli, tempFiles } from './fixtures/cli';
import { englishLeaks, hasWord } from './fixtures/leaks';

type Browser = Awaited<ReturnType<typeof launchChromium>>;

/** The Moldova series scorecard in one language, rendered by the built CLI. */
function moldovaHtml(lang: string): string {
  const file = join(tempFiles({}), `moldova.${lang}.html`);
  const r = runCli([
    'score',
    'examples/moldova',
    '--matrix',
    'moldova-dmd',
    '--format',
    'html',
    '--lang',
    lang,
    '--out',
    file,
    '--quiet',
  ]);
  expect(r.code).toBe(0);
  return file;
}

/** Every English string of the Moldova matrix: where a French page falls back to it, it is not a leak. */
function moldovaEnglish(): string {
  const out: string[] = [];
  const walk = (x: unknown, key = ''): void => {
    if (typeof x === 'string') {
      if (key !== 'ro' && key !== 'fr' && key !== 'es') out.push(x);
    } else if (Array.isArray(x)) for (const y of x) walk(y);
    else if (x && typeof x === 'object') for (const [k, y] of Object.entries(x)) walk(y, k);
  };
  walk(JSON.parse(readFileSync('indicators/moldova-dmd.json', 'utf8')));
  walk(JSON.parse(readFileSync('examples/moldova/mda-2024.json', 'utf8')));
  return out.join('\n');
}

/** Print the page to A4 and return the PDF with its page count. */
async function printA4(browser: Browser, file: string): Promise<{ pdf: Buffer; pages: number }> {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(file).href);
  const pdf = await page.pdf({ format: 'A4', printBackground: false });
  await page.close();
  return { pdf, pages: (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length };
}

/**
 * Whether the summary ends on the first printed page: laid out with print styles at the width of
 * the A4 text block (210 − 2 × 12 mm), its bottom is within the height of one (297 − 2 × 12 mm).
 */
async function summaryOnFirstPage(browser: Browser, file: string): Promise<boolean> {
  const mm = 96 / 25.4;
  const page = await browser.newPage({
    viewport: { width: Math.floor(186 * mm), height: Math.floor(273 * mm) },
  });
  await page.emulateMedia({ media: 'print' });
  await page.goto(pathToFileURL(file).href);
  const bottom = await page.evaluate(
    () => document.querySelector('.summary')?.getBoundingClientRect().bottom ?? Infinity,
  );
  await page.close();
  return bottom <= 273 * mm;
}

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
      // Seven yearly scorecards of 65 indicators plus trends and the methodology (51 pages before issue 14).
      expect(pages).toBeGreaterThanOrEqual(5);
      expect(pages).toBeLessThanOrEqual(16);
    } finally {
      await browser.close();
    }
  });

  it('prints the 7-year Moldova series in at most 16 A4 pages with the summary on page 1, in English, French and Romanian; no English fixed label in French or Romanian, and the French page names its fallback', async () => {
    const browser = await launchChromium();
    try {
      const english = moldovaEnglish();
      for (const lang of ['en', 'fr', 'ro'] as const) {
        const file = moldovaHtml(lang);
        const { pages } = await printA4(browser, file);
        expect(pages, lang).toBeLessThanOrEqual(16);
        expect(await summaryOnFirstPage(browser, file), lang).toBe(true);

        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        await page.goto(pathToFileURL(file).href);
        // biome-ignore lint/performance/useDomNodeTextContent: visibility is the point of this check
        const text = await page.evaluate(() => document.body.innerText);
        const summaryText = await page.evaluate(
          // biome-ignore lint/performance/useDomNodeTextContent: what is rendered visibly counts
          () => (document.querySelector('.summary') as HTMLElement | null)?.innerText ?? '',
        );
        expect(summaryText.length, lang).toBeGreaterThan(200);
        if (lang !== 'en') {
          const leaks = englishLeaks(lang).filter((f) => hasWord(text, f) && !hasWord(english, f));
          expect(leaks, lang).toEqual([]);
        }
        if (lang === 'fr')
          expect(text).toContain(
            'Une partie du texte de la matrice (titres des indicateurs, unités, niveaux) n’existe pas en français ; elle est affichée en anglais.',
          );
        if (lang === 'ro') expect(text).not.toContain('nu există în română');
        // Readable at 390 px: no horizontal scrolling, indicator rows become cards.
        await page.setViewportSize({ width: 390, height: 844 });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(overflow, lang).toBeLessThanOrEqual(390);
        const display = await page.evaluate(
          () => getComputedStyle(document.querySelector('table.ind tr')!).display,
        );
        expect(display).toBe('block');
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });
});
