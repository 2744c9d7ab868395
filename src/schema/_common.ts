import * as z from 'zod';

/**
 * Names that every JavaScript object already has. As ids they would collide with object
 * internals in generated types and in consumers' code, so they are refused.
 */
export const RESERVED_IDS = [
  '__proto__',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'constructor',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'prototype',
  'toLocaleString',
  'toString',
  'valueOf',
] as const;

/** The pattern every id matches (reserved object names excluded). */
export const ID_PATTERN = new RegExp(`^(?!(?:${RESERVED_IDS.join('|')})$)[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`);

/** The largest magnitude of any number in a matrix or assessment: beyond it differences overflow. */
export const MAX_MAGNITUDE = 1e15;

/**
 * Identifier of a theme, indicator, input, level, band or category: letters, digits, `_` and `-`,
 * starting with a letter or digit, at most 64 characters. No dots, slashes, spaces or control
 * characters, so an id is safe in paths, file names, CSV cells and HTML attributes.
 */
export const Id = z
  .string()
  .regex(ID_PATTERN, {
    message:
      'an id: letters, digits, "_" or "-", starting with a letter or digit, at most 64 characters, and not a name JavaScript objects reserve (constructor, prototype, toString, …)',
  })
  .describe(
    'Identifier: letters, digits, "_" or "-", starting with a letter or digit, at most 64 characters.',
  );

/** A language tag for titles: `en`, `fr`, `es`, `ro`, `pt-BR`, … */
export const LangTag = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, { message: 'a language tag like "en" or "pt-BR"' });

/** Text that is either one string or a map of language tag → string (`{en, fr, es, ro, …}`). */
export const Text = z.union([
  z.string().min(1),
  z.record(LangTag, z.string().min(1)).refine((r) => Object.keys(r).length > 0, {
    message: 'at least one language',
  }),
]);

/** A calendar year. */
export const Year = z.number().int().min(1900).max(2200).describe('A calendar year, 1900 to 2200.');

/** A year used as an object key (`"2025"`). */
export const YearKey = z
  .string()
  .regex(/^(19|2[01])\d\d$|^2200$/, { message: 'a year from 1900 to 2200, like "2025"' });

/**
 * A finite number within ±1e15 (JSON cannot hold NaN or Infinity; beyond 1e15 differences and
 * progress could overflow or lose integer precision).
 */
export const Finite = z.number().min(-MAX_MAGNITUDE).max(MAX_MAGNITUDE);

/** A weight: finite and strictly positive. */
export const Weight = z.number().gt(0).max(1e6).describe('Relative weight, > 0 and at most 1e6. Default 1.');

/** A semantic version `MAJOR.MINOR.PATCH` with optional pre-release. */
export const SemVer = z.string().regex(/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$/, {
  message: 'a semantic version like "1.0.0"',
});

/** A calendar date `YYYY-MM-DD`. */
/** The pattern of {@link DateString}. */
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export const DateString = z.string().regex(DATE_PATTERN, { message: 'a date like "2021-09-30"' });

/** Free text of bounded length without control characters other than tab and newlines. */
/** The pattern of {@link FreeText}: no control characters except tab and line breaks. */
export const FREE_TEXT_PATTERN = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/;

export const FreeText = z.string().max(10_000).regex(FREE_TEXT_PATTERN, {
  message: 'text without control characters',
});

/** The pattern of {@link Label}: one line, no control characters. */
export const LABEL_PATTERN = /^[^\u0000-\u001F\u007F]*$/;

/** A single-line label (entity codes, institutions). */
export const Label = z
  .string()
  .min(1)
  .max(200)
  .regex(LABEL_PATTERN, { message: 'one line of text without control characters' });

/** Resolve a {@link Text} value to one language, falling back to English, then to the first entry. */
export function textIn(text: string | Readonly<Record<string, string>>, lang?: string): string {
  if (typeof text === 'string') return text;
  if (lang && text[lang] !== undefined) return text[lang];
  if (text.en !== undefined) return text.en;
  const first = Object.keys(text).sort()[0];
  return first === undefined ? '' : (text[first] ?? '');
}
