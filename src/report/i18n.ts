/**
 * Fixed labels of the human-readable reports (Markdown, HTML) in English, French, Spanish, Romanian and
 * Russian (one file per language in `./lang`), and
 * number formatting per language that does not depend on the host's ICU data or locale, so a report
 * is byte-identical on every machine.
 *
 * Catalogue values may hold `{name}` placeholders, filled by {@link fill}. Formulas and symbols are
 * never part of a catalogue value; they are passed in as placeholders so a translation cannot break
 * them. Machine-readable output (CSV column names, status ids in CSV, JSON) is not translated.
 */
import type { Language } from '../dimensions';
import { en } from './lang/en';
import { es } from './lang/es';
import { fr } from './lang/fr';
import { ro } from './lang/ro';
import { ru } from './lang/ru';

// One catalogue file per language in ./lang; the English one is the reference whose keys every
// language has (a missing or extra key is a type error and fails the key-parity test).

/** The keys of the label catalogues. */
export type CatalogueKey = keyof typeof en;

/**
 * A catalogue of fixed labels: every key of the English catalogue, no more and no fewer, so a
 * missing translation is a type error.
 */
export type Catalogue = Readonly<Record<CatalogueKey, string>>;

/** The label catalogues by language. */
export const catalogues: Readonly<Record<Language, Catalogue>> = /* @__PURE__ */ Object.freeze({
  en,
  fr,
  es,
  ro,
  ru,
});

/** Replace `{name}` placeholders in a catalogue value. Unknown placeholders are left as they are. */
export function fill(template: string, vars: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return v === undefined ? whole : String(v);
  });
}

// --- numbers ---------------------------------------------------------------------------------------

/**
 * Separators per language. Written out here instead of `Intl.NumberFormat` so output does not
 * depend on the ICU data of the host:
 * - en: `1,234.5`, percent `50%`
 * - fr: `1 234,5` with U+202F NARROW NO-BREAK SPACE between thousands, percent `50 %` with U+202F
 *   (French typographic convention; matches current CLDR)
 * - es: `1.234,5` (grouping from 1,000 on), percent `50 %` with U+00A0 NO-BREAK SPACE
 * - ro: `1.234,5`, percent `50 %` with U+00A0 (CLDR)
 * - ru: `1 234,5` with U+00A0 between thousands, percent `50 %` with U+00A0 (CLDR)
 *
 * Negative numbers use U+2212 MINUS SIGN in every language.
 */
const separators: Readonly<Record<Language, { group: string; decimal: string; percent: string }>> = {
  en: { group: ',', decimal: '.', percent: '%' },
  fr: { group: '\u202F', decimal: ',', percent: '\u202F%' },
  es: { group: '.', decimal: ',', percent: '\u00A0%' },
  ro: { group: '.', decimal: ',', percent: '\u00A0%' },
  ru: { group: '\u00A0', decimal: ',', percent: '\u00A0%' },
};

/** Options of {@link formatNumber}. */
export interface NumberFormat {
  /** Fixed number of decimals. Without it: at most 2 decimals, trailing zeros dropped (more for tiny numbers). */
  readonly decimals?: number | undefined;
  /** Drop trailing zeros even with fixed `decimals`. */
  readonly trim?: boolean;
  /** Show `+` before positive numbers (for changes). */
  readonly sign?: boolean;
}

/**
 * Format a number for people in one language, deterministically (no ICU, no host locale).
 *
 * @example
 * ```ts
 * formatNumber(1234.5, 'fr', { decimals: 1 }); // "1 234,5" (U+202F between thousands)
 * ```
 */
export function formatNumber(x: number, lang: Language, format: NumberFormat = {}): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? '—' : x > 0 ? '∞' : '\u2212∞';
  const sep = separators[lang];
  const abs = Math.abs(x);
  let digits: { int: string; frac: string };
  let trim = format.trim === true;
  if (format.decimals !== undefined) {
    digits = roundTo(abs, clampDecimals(format.decimals));
  } else {
    trim = true;
    digits = roundTo(abs, 2);
    // Keep some digits of a small non-zero number rather than show 0.
    if (abs !== 0 && /^0*$/.test(digits.int + digits.frac)) digits = roundTo(abs, 6);
  }
  let frac = digits.frac;
  if (trim) frac = frac.replace(/0+$/, '');
  const isZero = /^0*$/.test(digits.int + frac);
  const int = digits.int.replace(/\B(?=(\d{3})+(?!\d))/g, sep.group);
  const body = frac === '' ? int : `${int}${sep.decimal}${frac}`;
  if (isZero) return body;
  if (x < 0) return `\u2212${body}`;
  return format.sign ? `+${body}` : body;
}

/** Format a ratio (0.5) as a percentage (`50%`, `50 %`) in one language; 1 decimal at most by default. */
export function formatPercent(ratio: number, lang: Language, format: NumberFormat = {}): string {
  const f: NumberFormat = {
    decimals: format.decimals ?? 1,
    trim: format.decimals === undefined || format.trim === true,
  };
  return `${formatNumber(ratio * 100, lang, format.sign ? { ...f, sign: true } : f)}${separators[lang].percent}`;
}

function clampDecimals(d: number): number {
  return Math.min(12, Math.max(0, Math.trunc(d)));
}

/**
 * Decimal digits of a non-negative number rounded half away from zero to `d` decimals. Shifting
 * the decimal exponent in the string form avoids binary artefacts (1.005 → "1.01", not "1.00").
 */
function roundTo(abs: number, d: number): { int: string; frac: string } {
  let s: string;
  const plain = String(abs);
  if (abs >= 1e21) return { int: plain, frac: '' }; // exponent form; no grouping or decimals make sense
  if (abs >= 1e15 || plain.includes('e')) {
    s = abs.toFixed(d).replace('.', '');
  } else {
    s = String(Math.round(Number(`${plain}e${d}`)));
  }
  if (d === 0) return { int: s, frac: '' };
  s = s.padStart(d + 1, '0');
  return { int: s.slice(0, -d), frac: s.slice(-d) };
}
