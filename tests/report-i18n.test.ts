import { afterEach, describe, expect, it, vi } from 'vitest';
import { languages } from '../src/dimensions';
import { catalogues, fill, formatNumber, formatPercent } from '../src/report/i18n';
import { render } from '../src/report/render';
import { multilingualReport } from './fixtures/report-fixtures';

const placeholders = (s: string) => [...s.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]).sort();

describe('label catalogues', () => {
  const keys = Object.keys(catalogues.en).sort();

  it.each(languages)('the %s catalogue has exactly the keys of the English one', (lang) => {
    expect(Object.keys(catalogues[lang]).sort()).toEqual(keys);
  });

  it.each(languages)('every %s label is non-empty and has the same placeholders as in English', (lang) => {
    for (const key of keys) {
      const value = catalogues[lang][key as keyof typeof catalogues.en];
      expect(value.trim(), `${lang}.${key}`).not.toBe('');
      expect(placeholders(value), `${lang}.${key}`).toEqual(
        placeholders(catalogues.en[key as keyof typeof catalogues.en]),
      );
    }
  });

  it('fill replaces placeholders and leaves unknown ones', () => {
    expect(fill('{target} by {year} {x}', { target: '30', year: 2026 })).toBe('30 by 2026 {x}');
  });
});

describe('number formatting without the host locale', () => {
  it.each([
    [1234.5, 'en', { decimals: 1 }, '1,234.5'],
    [1234.5, 'fr', { decimals: 1 }, '1\u202F234,5'],
    [1234.5, 'es', { decimals: 1 }, '1.234,5'],
    [1234567.891, 'en', { decimals: 2 }, '1,234,567.89'],
    [1234567.891, 'fr', { decimals: 0 }, '1\u202F234\u202F568'],
    [999, 'es', {}, '999'],
    [1.005, 'en', { decimals: 2 }, '1.01'],
    [2.5, 'en', { decimals: 0 }, '3'],
    [-2.5, 'en', { decimals: 0 }, '\u22123'],
    [-0.25, 'en', {}, '\u22120.25'],
    [-0.25, 'fr', {}, '\u22120,25'],
    [-0.0001, 'en', { decimals: 2 }, '0.00'],
    [0, 'en', { sign: true }, '0'],
    [2, 'en', { sign: true }, '+2'],
    [37.5, 'en', {}, '37.5'],
    [1 / 3, 'en', {}, '0.33'],
    [0.00012, 'en', {}, '0.00012'],
    [999.995, 'en', { decimals: 2, trim: true }, '1,000'],
    [20, 'en', { decimals: 2 }, '20.00'],
    [1e21, 'en', {}, '1e+21'],
    [1234.5, 'ro', { decimals: 1 }, '1.234,5'],
    [1234.5, 'ru', { decimals: 1 }, '1\u00A0234,5'],
    [-0.25, 'ro', {}, '\u22120,25'],
  ] as const)('%s in %s with %o is "%s"', (x, lang, format, expected) => {
    expect(formatNumber(x, lang, format)).toBe(expected);
  });

  it.each([
    [0.5, 'en', '50%'],
    [0.5, 'fr', '50\u202F%'],
    [0.5, 'es', '50\u00A0%'],
    [0.07142857142857142, 'en', '7.1%'],
    [-0.25, 'fr', '\u221225\u202F%'],
    [1.1666, 'es', '116,7\u00A0%'],
    [0.5, 'ro', '50\u00A0%'],
    [0.075, 'ru', '7,5\u00A0%'],
  ] as const)('percent %s in %s is "%s"', (x, lang, expected) => {
    expect(formatPercent(x, lang)).toBe(expected);
  });

  afterEach(() => vi.restoreAllMocks());

  it('renders without Intl or toLocaleString (output cannot depend on ICU data)', () => {
    const report = multilingualReport();
    const before = languages.flatMap((lang) =>
      (['md', 'html', 'csv'] as const).map((format) => render(report, { format, lang })),
    );
    const boom = () => {
      throw new Error('locale-dependent formatting used');
    };
    vi.spyOn(Number.prototype, 'toLocaleString').mockImplementation(boom);
    vi.spyOn(Intl, 'NumberFormat').mockImplementation(boom as never);
    vi.spyOn(Intl, 'DateTimeFormat').mockImplementation(boom as never);
    vi.spyOn(String.prototype, 'localeCompare').mockImplementation(boom);
    const after = languages.flatMap((lang) =>
      (['md', 'html', 'csv'] as const).map((format) => render(report, { format, lang })),
    );
    expect(after).toEqual(before);
  });
});
