import { describe, expect, it } from 'vitest';
import { dimensions } from '../src/dimensions';
import { renderHtml } from '../src/report/html';
import { render } from '../src/report/render';
import { launchChromium, skipBrowser } from './fixtures/browser';
import {
  hostileReport,
  hostileTitle,
  multilingualReport,
  syntheticReport,
  workedReport,
} from './fixtures/report-fixtures';

/** Every value of a src, href, xlink:href, action, poster, data or srcset attribute in the tags of a page. */
function urlAttributes(html: string): string[] {
  const re =
    /\s(?:src|href|xlink:href|action|formaction|poster|data|srcset)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi;
  return (html.match(/<[^>]*>/g) ?? []).flatMap((tag) =>
    [...tag.matchAll(re)].map((m) => m[1]!.replace(/^["']|["']$/g, '')),
  );
}

describe('HTML page: self-contained', () => {
  const html = render(workedReport(), { format: 'html' });

  it('is one document with a charset and a language', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')).toBe(true);
    expect(html.endsWith('</html>\n')).toBe(true);
  });

  it('has no script, no external resource and no URL of any kind', () => {
    for (const report of [workedReport(), multilingualReport(), syntheticReport(), hostileReport()]) {
      const out = renderHtml(report);
      expect(out).not.toMatch(/<script/i);
      expect(out).not.toMatch(
        /<(link|img|iframe|object|embed|base|meta http-equiv|audio|video|source|form)\b/i,
      );
      expect(out).not.toMatch(/url\(|@import/i);
      for (const tag of out.match(/<[^>]*>/g) ?? []) expect(tag).not.toMatch(/\son[a-z]+\s*=|javascript:/i);
      for (const url of urlAttributes(out)) expect(url).toMatch(/^#[A-Za-z0-9-]+$/);
    }
    expect(html).not.toMatch(/https?:|\/\/[a-z]/i);
  });

  it('links only to anchors that exist on the page', () => {
    const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
    for (const href of urlAttributes(html)) expect(ids.has(href.slice(1)), href).toBe(true);
  });

  it('has a print stylesheet for A4 with page breaks between entities and scorecards', () => {
    expect(html).toContain('@page{size:A4;margin:12mm}');
    expect(html).toMatch(/@media print\{[\s\S]*\.entity[^{]*\{break-before:page/);
    // Rows never split across pages, and words never break in the middle.
    expect(html).toMatch(/@media print\{[\s\S]*tr,[^{]*\{break-inside:avoid/);
    expect(html).not.toMatch(/overflow-wrap:anywhere|word-break:break-all/);
  });
});

describe('HTML page: content', () => {
  const html = render(workedReport(), { format: 'html' });

  it('says which dimensions the matrix does not cover instead of drawing them as "no data", and draws one chart when themes mirror dimensions', () => {
    const card = html.slice(html.indexOf('id="e1-y2021"'), html.indexOf('id="e1-y2020"'));
    expect(card).toContain(
      'Not covered by this matrix: Partnerships, Well-being of migrants, Mobility dimensions of crises, Safe, orderly and dignified migration.',
    );
    expect(card).not.toContain('no data</text>');
    expect(card.match(/<svg class="chart"/g)).toHaveLength(1);
    expect(card).toContain('<text class="val" x="480" y="28">25.0</text>');
    expect(card).toContain('Rights (Migrants&#39; rights) · 25.0');
    for (const d of dimensions) expect(html).toContain(d.label.en.replace("'", '&#39;'));
  });

  it('has a headline with the overall score, latest year first', () => {
    expect(html.indexOf('<h3>XWE, 2021</h3>')).toBeLessThan(html.indexOf('<h3>XWE, 2020</h3>'));
    expect(html).toContain('<small>Overall score</small>37.5</div>');
    expect(html).toContain(
      '<dt>Reported this year</dt><dd>100%</dd><dt>Used, with carried-forward values</dt><dd>100%</dd>',
    );
  });

  it('gives each indicator a row with value, target, progress and status by colour, icon and word', () => {
    expect(html).toContain(
      '<tr><td class="id">R1</td><td>R1</td><td class="v" data-l="Value">20</td><td data-l="Target">30 by 2026</td><td class="n" data-l="Score">50.0</td><td class="n" data-l="Progress">50%</td><td class="n" data-l="Expected">50%</td><td class="s s-on" data-l="Status">▲ on track</td><td data-l="Change">+2 (improvement)</td>',
    );
    expect(html).toContain('<td class="s s-r" data-l="Status">✖ regressing</td>');
    expect(html).toMatch(/\.s-on\{color:#0072b2\}/);
  });

  it('draws a sparkline over the series years in the latest scorecard only', () => {
    const latest = html.slice(html.indexOf('id="e1-y2021"'), html.indexOf('id="e1-y2020"'));
    const earlier = html.slice(html.indexOf('id="e1-y2020"'));
    expect(latest.match(/<svg class="spark"/g)).toHaveLength(3);
    expect(latest).toContain('aria-label="2020: 18; 2021: 20"><polyline points="3,17 77,3"/>');
    expect(earlier).not.toContain('class="spark"');
  });

  it('has the score history and the methodology with the scoring settings', () => {
    expect(html).toContain('id="e1-trends"');
    expect(html).toContain('<h2>Methodology</h2>');
    expect(html).toContain('p = (a − b) / (T − b)');
    expect(html).toContain('weighted arithmetic mean');
    // Reader notes such as "not a ranking" come from the matrix (disclaimer), never from the engine.
    expect(html).not.toContain('The MGI is not a ranking');
    expect(html).toContain('A qualitative indicator is achieved when its target level is reached');
  });

  it('shows reporting compliance, warnings and reasons', () => {
    const ml = render(multilingualReport(), { format: 'html' });
    expect(ml).toContain(
      '<tr><td>BRD</td><td class="n" data-l="Expected">3</td><td class="n" data-l="Reported">2</td><td data-l="Missing">R2</td></tr>',
    );
    expect(ml).toContain('<td class="s s-nd" data-l="Status">○ no data<small>not reported</small></td>');
  });
});

describe('HTML escaping', () => {
  const html = render(hostileReport(), { format: 'html' });

  it('shows a <script> title as text', () => {
    expect(html).not.toContain('<script');
    expect(html).toContain('<title>Scorecards · &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<h2>&lt;img src=x onerror=alert(1)&gt; (=HYPERLINK(&quot;x&quot;))</h2>');
    expect(html).toContain('&lt;img src=&quot;https://evil.example/p.png&quot;&gt;');
  });

  it('never opens a tag from user text', () => {
    const tags = new Set([...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1]!.toLowerCase()));
    const allowed =
      'html head meta title style body header h1 h2 h3 h4 p nav ul li a main section div small dl dt dd svg text rect line polyline circle table thead tbody tr th td strong span details summary'.split(
        ' ',
      );
    expect([...tags].filter((t) => !allowed.includes(t))).toEqual([]);
  });
});

describe('HTML size', () => {
  it('stays well under 500 KB for 65 indicators × 10 years', () => {
    const html = render(syntheticReport(65, 10), { format: 'html' });
    const bytes = new TextEncoder().encode(html).length;
    expect(bytes).toBeLessThan(500_000);
    expect(html.match(/<tr><td class="id">/g)).toHaveLength(650);
  });
});

describe.skipIf(skipBrowser)('HTML in a browser', () => {
  it('loads nothing from the network and runs no script, even with a hostile matrix', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ javaScriptEnabled: true });
      const requests: string[] = [];
      const dialogs: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('dialog', async (d) => {
        dialogs.push(d.message());
        await d.dismiss();
      });
      await page.setContent(render(hostileReport(), { format: 'html' }), { waitUntil: 'load' });
      expect(await page.title()).toBe(
        `Scorecards · ${hostileTitle}`.replace(/\n/g, ' ').replace(/\s+/g, ' '),
      );
      expect(await page.locator('h1').textContent()).toContain('<script>alert(1)</script>');
      expect(requests).toEqual([]);
      expect(dialogs).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
