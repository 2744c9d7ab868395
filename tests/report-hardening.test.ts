import { marked } from 'marked';
import { describe, expect, it } from 'vitest';
import { render } from '../src/report/render';
import type { IndicatorResult, Report } from '../src/schema/report';
import { workedReport } from './fixtures/report-fixtures';

// Issue 19, items 8, 10, 13 and 16, as far as the renderers are concerned.

/** The worked report for `n` entities, each with two years (so each has a series). */
function manyEntities(n: number): Report {
  const base = workedReport();
  const scorecards = [];
  const series = [];
  for (let i = 0; i < n; i++) {
    const entity = `E${String(i).padStart(6, '0')}`;
    for (const c of base.scorecards) scorecards.push({ ...c, entity });
    for (const s of base.series) series.push({ ...s, entity });
  }
  return { ...base, scorecards, series };
}

/** Wrap the report's arrays so every element read is counted. */
function counted(report: Report): { report: Report; reads: () => number } {
  let reads = 0;
  const wrap = <T extends object>(xs: T[]): T[] =>
    new Proxy(xs, {
      get(target, prop, receiver) {
        if (typeof prop === 'string' && /^\d+$/.test(prop)) reads++;
        return Reflect.get(target, prop, receiver);
      },
    });
  return {
    report: { ...report, scorecards: wrap([...report.scorecards]), series: wrap([...report.series]) },
    reads: () => reads,
  };
}

describe('19 #8: Markdown and HTML rendering is linear in the number of entities', () => {
  it.each(['md', 'html', 'csv', 'csv-summary'] as const)(
    '%s: doubling the entities at most doubles the scorecard and series lookups',
    (format) => {
      const work = (n: number) => {
        const c = counted(manyEntities(n));
        render(c.report, { format });
        return c.reads();
      };
      const small = work(100);
      const large = work(200);
      // Work counted, not time: an O(n²) lookup (find per entity) would make this ratio about 4.
      expect(large / small).toBeLessThan(2.2);
      expect(large).toBeGreaterThan(small);
    },
  );
});

describe('19 #10: user text cannot become a live link, image or HTML in GFM', () => {
  const hostile =
    'See https://evil.example/x, www.evil.example and mail boss@evil.example <img src=x> ![i](http://e.x/i.png)';
  const report = workedReport();
  const withTitle: Report = {
    ...report,
    matrix: {
      ...report.matrix,
      title: hostile,
      indicators: report.matrix.indicators.map((i) => ({ ...i, title: hostile })),
    },
  };

  it('GFM (marked) renders the Markdown with no link, image or raw HTML from user text', () => {
    const md = render(withTitle, { format: 'md' });
    const html = marked.parse(md, { gfm: true, async: false }) as string;
    expect(html).not.toMatch(/<a\s|<img|href=/i);
    // The text is still there for the reader.
    expect(html).toContain('evil.example/x');
    expect(md).not.toMatch(/https:\/\/|www\.|boss@/);
  });

  it('the matrix reference id@version is a code span, not an e-mail address', () => {
    const html = marked.parse(render(report, { format: 'md' }), { gfm: true, async: false }) as string;
    expect(html).toContain('<code>worked@1.0.0</code>');
    expect(html).not.toContain('mailto:');
  });
});

describe('19 #13: evidence, source, note and reportedBy are shown when the report carries them', () => {
  const base = workedReport();
  const details = {
    evidence: 'Order 12/2021 <b>signed</b>, https://gov.example/order12',
    source: 'Ministry register',
    note: 'Provisional figure',
    reportedBy: 'MFA',
  };
  const report: Report = {
    ...base,
    scorecards: base.scorecards.map((c) => ({
      ...c,
      indicators: c.indicators.map((r) => (r.id === 'R1' ? ({ ...r, ...details } as IndicatorResult) : r)),
    })),
  };

  it('HTML shows them under the indicator title, escaped', () => {
    const html = render(report, { format: 'html' });
    expect(html).toContain(
      '<small>Evidence: Order 12/2021 &lt;b&gt;signed&lt;/b&gt;, https://gov.example/order12</small>',
    );
    expect(html).toContain('<small>Source: Ministry register</small>');
    expect(html).toContain('<small>Note: Provisional figure</small>');
    expect(html).toContain('<small>Reported by: MFA</small>');
    expect(render(report, { format: 'html', lang: 'fr' })).toContain(
      '<small>Justificatif\u00A0: Order 12/2021',
    );
  });

  it('CSV has them in their own columns; Markdown next to the title', () => {
    const lines = render(report, { format: 'csv' }).split('\r\n');
    const head = lines[0]!.split(',');
    const r1 = lines.find((l) => l.includes(',R1,'))!;
    expect(r1).toContain(
      'Ministry register,"Order 12/2021 <b>signed</b>, https://gov.example/order12",Provisional figure,MFA',
    );
    expect(head.slice(-4)).toEqual(['source', 'evidence', 'note', 'reported_by']);
    expect(render(report, { format: 'md' })).toContain(
      'R1 · Evidence: Order 12/2021 &lt;b&gt;signed&lt;/b&gt;',
    );
  });

  it('a report without them renders as before (the fields are optional)', () => {
    expect(render(base, { format: 'html' })).not.toContain('Evidence:');
  });
});

describe('19 #16: the reason "reported with an invalid value" is translated', () => {
  const base = workedReport();
  const report: Report = {
    ...base,
    scorecards: base.scorecards.map((c) => ({
      ...c,
      indicators: c.indicators.map((r) =>
        r.id === 'R2'
          ? {
              ...r,
              value: null,
              score: null,
              status: 'no-data' as const,
              reason: 'reported with an invalid value (see errors)',
            }
          : r,
      ),
    })),
  };
  it.each([
    ['en', 'reported with an invalid value (see errors)'],
    ['fr', 'transmis avec une valeur invalide (voir les erreurs)'],
    ['es', 'informado con un valor no válido (véanse los errores)'],
    ['ro', 'raportat cu o valoare nevalidă (vezi erorile)'],
    ['ru', 'представлено с недопустимым значением (см. ошибки)'],
  ] as const)('%s', (lang, text) => {
    expect(render(report, { format: 'md', lang })).toContain(text);
    expect(render(report, { format: 'html', lang })).toContain(text);
  });
});
