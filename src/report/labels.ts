/**
 * Resolved labels of a report in one language, for integrators who show scorecards in their own
 * UI: the same titles, level names, band labels, units and institution names, with the same
 * fallbacks, as the Markdown and HTML renderers use, so nobody has to join `report.matrix` by hand.
 */
import { type DimensionId, dimensionIds, type Language } from '../dimensions';
import type { IndicatorStatus, Report } from '../schema/report';
import {
  dimensionLabel,
  institutionText,
  languageFallback,
  levelName,
  makeView,
  matrixTitle,
  statusIcons,
  statusWord,
  text,
  unitText,
} from './_view';

/** Labels of one indicator. */
export interface IndicatorLabels {
  readonly title: string;
  /** The unit in the language (`unitLabels` of the matrix), absent for qualitative indicators. */
  readonly unit?: string;
  /** Level id → label, for qualitative indicators. */
  readonly levels: Readonly<Record<string, string>>;
  /** Institutions that report the indicator, in the language. */
  readonly responsible: readonly string[];
}

/** Everything a UI needs to label a report in one language (see {@link reportLabels}). */
export interface ReportLabels {
  readonly lang: Language;
  /** The language the matrix's own text falls back to where it lacks `lang`, if anywhere. */
  readonly fallback: string | undefined;
  readonly matrix: string;
  readonly disclaimer: string | undefined;
  /** What the matrix calls its levels (e.g. "Thematic areas"), else the fixed labels. */
  readonly levelNames: Readonly<Record<'theme' | 'themes' | 'indicator' | 'indicators', string>>;
  readonly dimensions: Readonly<Record<DimensionId, string>>;
  readonly themes: Readonly<Record<string, string>>;
  readonly indicators: Readonly<Record<string, IndicatorLabels>>;
  /** Band id → label and code (SDG 10.7.2: 1–4). */
  readonly bands: Readonly<Record<string, { readonly label: string; readonly code?: number }>>;
  readonly statuses: Readonly<Record<IndicatorStatus, string>>;
  /** Institution name as written in the matrix → name in the language. */
  readonly institutions: Readonly<Record<string, string>>;
}

/**
 * Titles, level names, band labels, units and institution names of a report in one language, with
 * the renderers' fallbacks (the matrix's English text, then its first language). Throws
 * `TypeError` on an unknown language.
 *
 * @example
 * ```ts
 * const labels = reportLabels(score(matrix, assessments), 'ro');
 * labels.indicators.RT_02.unit; // "zile lucrătoare"
 * ```
 */
export function reportLabels(report: Report, lang: Language = 'en'): ReportLabels {
  const v = makeView(report, { lang });
  const m = report.matrix;
  const record = <T>(entries: Iterable<readonly [string, T]>): Record<string, T> => {
    const out: Record<string, T> = {};
    for (const [k, x] of entries) out[k] = x;
    return out;
  };
  const institutions = new Set<string>();
  for (const i of m.indicators) for (const r of i.responsible ?? []) institutions.add(r);
  return {
    lang,
    fallback: languageFallback(v),
    matrix: matrixTitle(v),
    disclaimer: m.disclaimer === undefined ? undefined : text(v, m.disclaimer),
    levelNames: {
      theme: levelName(v, 'theme'),
      themes: levelName(v, 'themes'),
      indicator: levelName(v, 'indicator'),
      indicators: levelName(v, 'indicators'),
    },
    dimensions: record(dimensionIds.map((d) => [d, dimensionLabel(v, d)] as const)) as Record<
      DimensionId,
      string
    >,
    themes: record(m.themes.map((t) => [t.id, text(v, t.title)] as const)),
    indicators: record(
      m.indicators.map((i) => {
        const labels: IndicatorLabels = {
          title: text(v, i.title),
          ...(i.unit !== undefined ? { unit: unitText(v, i.unit) } : {}),
          levels: record((i.levels ?? []).map((l) => [l.id, text(v, l.label)] as const)),
          responsible: (i.responsible ?? []).map((r) => institutionText(v, r)),
        };
        return [i.id, labels] as const;
      }),
    ),
    bands: record(
      m.bands.map(
        (b) =>
          [
            b.id,
            b.code === undefined ? { label: text(v, b.label) } : { label: text(v, b.label), code: b.code },
          ] as const,
      ),
    ),
    statuses: record(
      (Object.keys(statusIcons) as IndicatorStatus[]).map((s) => [s, statusWord(v, s)] as const),
    ) as Record<IndicatorStatus, string>,
    institutions: record([...institutions].sort().map((r) => [r, institutionText(v, r)] as const)),
  };
}

/**
 * The language a report's matrix text falls back to in `lang` (e.g. `en` for a French scorecard of
 * a matrix without French titles), or `undefined` when the matrix has every text in `lang`.
 */
export function matrixLanguageFallback(report: Report, lang: Language): string | undefined {
  return languageFallback(makeView(report, { lang }));
}
