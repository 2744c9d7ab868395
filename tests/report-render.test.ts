import { describe, expect, it } from 'vitest';
import { dimensions, type Language, languages } from '../src/dimensions';
import { type RenderFormat, render } from '../src/report/render';
import { englishLeaks, hasWord, visibleText } from './fixtures/leaks';
import { multilingualReport, syntheticReport, workedReport } from './fixtures/report-fixtures';

const formats: RenderFormat[] = ['json', 'md', 'csv', 'html'];

describe('render', () => {
  it('json is the report itself, pretty-printed with a final newline', () => {
    const report = workedReport();
    const out = render(report, { format: 'json' });
    expect(out).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(JSON.parse(out)).toEqual(report);
  });

  it.each(formats)('%s output is deterministic: the same report renders to the same bytes', (format) => {
    expect(render(workedReport(), { format, lang: 'fr' })).toBe(
      render(workedReport(), { format, lang: 'fr' }),
    );
    expect(render(syntheticReport(), { format })).toBe(render(syntheticReport(), { format }));
  });

  it('prints generatedAt only when given, and no date otherwise', () => {
    const report = workedReport();
    for (const format of ['md', 'html'] as const) {
      expect(render(report, { format })).not.toMatch(/\d{4}-\d{2}-\d{2}/);
      expect(render(report, { format, generatedAt: '2025-01-31T10:00:00Z' })).toContain(
        '2025-01-31T10:00:00Z',
      );
    }
  });

  it('rejects an unknown format or language with a TypeError', () => {
    expect(() => render(workedReport(), { format: 'pdf' as RenderFormat })).toThrow(TypeError);
    expect(() => render(workedReport(), { format: 'md', lang: 'de' as Language })).toThrow(
      /unknown language "de"/,
    );
    expect(() => render(workedReport(), { format: 'csv', lang: 'de' as Language })).toThrow(TypeError);
  });
});

describe('languages', () => {
  it('the leak check knows a good number of English labels', () => {
    expect(englishLeaks('fr').length).toBeGreaterThan(80);
    expect(englishLeaks('fr')).toContain('on track');
    expect(englishLeaks('es')).not.toContain('final');
  });

  it.each(['fr', 'es', 'ro', 'ru'] as const)('%s Markdown has no English fixed label', (lang) => {
    const md = render(multilingualReport(), { format: 'md', lang });
    const leaks = englishLeaks(lang).filter((f) => hasWord(md, f));
    expect(leaks).toEqual([]);
  });

  it.each(['fr', 'es', 'ro', 'ru'] as const)(
    '%s HTML has no English fixed label in its text or accessible names',
    (lang) => {
      const text = visibleText(render(multilingualReport(), { format: 'html', lang }));
      const leaks = englishLeaks(lang).filter((f) => hasWord(text, f));
      expect(leaks).toEqual([]);
    },
  );

  it('the leak check does catch English in French output', () => {
    const md = render(multilingualReport(), { format: 'md', lang: 'en' });
    expect(englishLeaks('fr').filter((f) => hasWord(md, f)).length).toBeGreaterThan(20);
  });

  it('French output names the dimensions in French', () => {
    for (const format of ['md', 'html'] as const) {
      const out = render(workedReport(), { format, lang: 'fr' });
      expect(out).toContain('Droits des migrants');
      for (const d of dimensions) expect(out).toContain(d.label.fr);
    }
  });

  it('Spanish output uses Spanish labels and number format', () => {
    const md = render(workedReport(), { format: 'md', lang: 'es' });
    expect(md).toContain('| Derechos de los migrantes | 25,0 |');
    expect(md).toContain('**37,5**');
    expect(md).toContain('▲ en camino');
  });

  it.each(languages)('%s HTML declares its language', (lang) => {
    expect(render(workedReport(), { format: 'html', lang })).toContain(`<html lang="${lang}">`);
  });
});
