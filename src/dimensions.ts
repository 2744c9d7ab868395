/**
 * The six dimensions of IOM's Migration Governance Indicators (MGI), in canonical order.
 * They follow the Migration Governance Framework (MiGOF): three principles and three objectives,
 * and map one-to-one onto the six policy domains of SDG indicator 10.7.2 (PD_1 … PD_6).
 */

/** Stable identifiers of the six MGI dimensions, in canonical order. */
export const dimensionIds = [
  'migrants-rights',
  'whole-of-government',
  'partnerships',
  'well-being',
  'mobility-crises',
  'safe-orderly-migration',
] as const;

/** One of the six dimension ids. */
export type DimensionId = (typeof dimensionIds)[number];

/** Languages every fixed label ships in. */
export const languages = ['en', 'fr', 'es', 'ro', 'ru'] as const;

/** A language of the fixed labels. */
export type Language = (typeof languages)[number];

/**
 * The language asked for (`en` when none): renderers call it first. Throws `TypeError` for an
 * unknown one, naming those there are.
 * @internal
 */
export function checkedLanguage(lang: string | undefined): Language {
  const l = lang ?? 'en';
  if (!(languages as readonly string[]).includes(l))
    throw new TypeError(`unknown language "${String(l)}"; expected one of ${languages.join(', ')}`);
  return l as Language;
}

/** A dimension with its MiGOF anchor, its SDG 10.7.2 domain and labels in every language. */
export interface Dimension {
  readonly id: DimensionId;
  /** Position in canonical order, 1 to 6. */
  readonly order: number;
  readonly label: Readonly<Record<Language, string>>;
  /** The MiGOF principle (P1–P3) or objective (O1–O3) the dimension operationalises. */
  readonly migof: {
    readonly kind: 'principle' | 'objective';
    readonly number: 1 | 2 | 3;
    readonly code: string;
  };
  /** SDG 10.7.2 policy domain in the UN SDG database. */
  readonly sdg: { readonly code: string; readonly label: string };
}

/**
 * The six MGI dimensions in canonical order.
 *
 * @example
 * ```ts
 * import { dimensions } from 'mgi-engine';
 * dimensions.map((d) => d.label.fr); // ["Droits des migrants", …]
 * ```
 */
export const dimensions: readonly Dimension[] = Object.freeze(
  (
    [
      {
        id: 'migrants-rights',
        order: 1,
        label: {
          en: "Migrants' rights",
          fr: 'Droits des migrants',
          es: 'Derechos de los migrantes',
          ro: 'Drepturile migranților',
          ru: 'Права мигрантов',
        },
        migof: { kind: 'principle', number: 1, code: 'P1' },
        sdg: { code: 'PD_1', label: 'Migrant rights' },
      },
      {
        id: 'whole-of-government',
        order: 2,
        label: {
          en: 'Whole-of-government approach',
          fr: 'Approche pangouvernementale',
          es: 'Enfoque de gobierno integral',
          ro: 'Abordarea la nivelul întregului guvern',
          ru: 'Общегосударственный подход',
        },
        migof: { kind: 'principle', number: 2, code: 'P2' },
        sdg: { code: 'PD_2', label: 'Whole-of-government / evidence-based policies' },
      },
      {
        id: 'partnerships',
        order: 3,
        label: {
          en: 'Partnerships',
          fr: 'Partenariats',
          es: 'Alianzas',
          ro: 'Parteneriate',
          ru: 'Партнёрства',
        },
        migof: { kind: 'principle', number: 3, code: 'P3' },
        sdg: { code: 'PD_3', label: 'Cooperation and partnerships' },
      },
      {
        id: 'well-being',
        order: 4,
        label: {
          en: 'Well-being of migrants',
          fr: 'Bien-être des migrants',
          es: 'Bienestar de los migrantes',
          ro: 'Bunăstarea migranților',
          ru: 'Благополучие мигрантов',
        },
        migof: { kind: 'objective', number: 1, code: 'O1' },
        sdg: { code: 'PD_4', label: 'Socioeconomic well-being' },
      },
      {
        id: 'mobility-crises',
        order: 5,
        label: {
          en: 'Mobility dimensions of crises',
          fr: 'Dimensions des crises liées à la mobilité',
          es: 'Dimensiones de movilidad de las crisis',
          ro: 'Dimensiunile de mobilitate ale crizelor',
          ru: 'Аспекты мобильности в кризисных ситуациях',
        },
        migof: { kind: 'objective', number: 2, code: 'O2' },
        sdg: { code: 'PD_5', label: 'Mobility dimensions of crises' },
      },
      {
        id: 'safe-orderly-migration',
        order: 6,
        label: {
          en: 'Safe, orderly and dignified migration',
          fr: 'Migration sûre, ordonnée et digne',
          es: 'Migración segura, ordenada y digna',
          ro: 'Migrație sigură, ordonată și demnă',
          ru: 'Безопасная, упорядоченная и достойная миграция',
        },
        migof: { kind: 'objective', number: 3, code: 'O3' },
        sdg: { code: 'PD_6', label: 'Safe, orderly and regular migration' },
      },
    ] satisfies Dimension[]
  ).map((d) => Object.freeze(d)),
);

/** Whether a string is one of the six dimension ids. */
export function isDimensionId(value: unknown): value is DimensionId {
  return typeof value === 'string' && (dimensionIds as readonly string[]).includes(value);
}
