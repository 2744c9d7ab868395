/**
 * Excel scorecards (`mgi score … --format xlsx --out FILE.xlsx`): a `Summary` sheet (one row per
 * entity-year: overall score, band, coverage and the six dimension scores), an `Indicators` sheet
 * (the columns of the CSV scorecards, headed in the language where a label exists, numbers as numbers, progress and change as percentages,
 * statuses as words in the scorecard language), a `Categories` sheet (one row per indicator ×
 * breakdown category, as reported), for a disaggregated matrix a `Category results` sheet (the
 * scored results per category: `--format csv-categories`) and a `Series` sheet (scores by year, per entity). Labels follow the language;
 * ids stay as they are. Deterministic.
 *
 * Browser-safe.
 */

import { dimensions, type Language } from '../dimensions';
import { type CsvColumn, csvColumnsOf, csvRecords } from '../report/csv';
import { categoryCsvColumns, categoryRecords } from '../report/csv-categories';
import { catalogues } from '../report/i18n';
import { textIn } from '../schema/_common';
import type { Report } from '../schema/report';
import { type SheetSpec, Style, writeWorkbook, type XCell } from './_write';

const PERCENT: ReadonlySet<CsvColumn> = new Set([
  'progress',
  'expected',
  'change_relative',
  'growth_observed',
  'growth_required',
  'growth_ratio',
]);
const SCORES: ReadonlySet<CsvColumn> = new Set(['score', 'theme_score', 'dimension_score', 'overall_score']);

/** Indicator-sheet columns whose header is a label of the catalogue; the others keep their CSV id. */
const LABELS: Partial<Record<CsvColumn, keyof (typeof catalogues)['en']>> = {
  entity: 'entity',
  year: 'year',
  theme: 'theme',
  dimension: 'dimension',
  indicator: 'id',
  indicator_title: 'indicator',
  value: 'value',
  score: 'score',
  progress: 'progress',
  expected: 'expected',
  target: 'target',
  status: 'status',
  overall_score: 'overallScore',
  overall_band: 'band',
};

/** Write a report as an Excel workbook: the bytes of an `.xlsx` file. */
export function reportToXlsx(
  report: Report,
  options: { readonly lang?: Language | undefined } = {},
): Uint8Array {
  const lang = options.lang ?? 'en';
  const t = catalogues[lang];
  const head = (labels: readonly string[]) => labels.map((v) => ({ v, s: Style.header }));
  const dimLabels = dimensions.map((d) => d.label[lang]);
  const bandLabel = (id: string | null) => labelOf(report.matrix.bands, id, lang);
  const score = (v: number | null | undefined): XCell => ({ v: v ?? null, s: Style.decimal });
  const summary = [
    head([t.entity, t.year, t.overallScore, t.band, t.coverage, ...dimLabels]),
    ...report.scorecards.map((c) => [
      c.entity,
      c.year,
      score(c.overall.score),
      bandLabel(c.overall.band),
      { v: c.overall.coverage, s: Style.percent },
      ...dimensions.map((d) => score(c.dimensions.find((x) => x.id === d.id)?.score)),
    ]),
  ];
  const columns = csvColumnsOf(report);
  const indicators = [
    head(columns.map((c) => (LABELS[c] ? (t[LABELS[c]] as string) : c))),
    ...csvRecords(report, lang).map((r) =>
      columns.map((col): XCell => {
        const v = r[col] ?? null;
        if ((col === 'status' || col === 'growth_category') && typeof v === 'string') {
          const key = `${col === 'status' ? 'status' : 'growth'}.${v}` as keyof typeof t;
          return { v: (t[key] as string | undefined) ?? v };
        }
        if (typeof v === 'number' && PERCENT.has(col)) return { v, s: Style.percent };
        if (typeof v === 'number' && SCORES.has(col)) return { v, s: Style.decimal };
        return { v };
      }),
    ),
  ];
  const categories = [
    head([t.entity, t.year, t.indicator, 'dimension', 'category', t.value]),
    ...report.scorecards.flatMap((c) =>
      c.indicators.flatMap((i) =>
        Object.entries(i.breakdown ?? {}).flatMap(([dim, cats]) =>
          Object.entries(cats).map(([cat, v]) => [c.entity, c.year, i.id, dim, cat, v]),
        ),
      ),
    ),
  ];
  const series = [
    head([t.entity, t.year, t.overallScore, ...dimLabels]),
    ...report.series.flatMap((s) =>
      s.years.map((y) => [
        s.entity,
        y,
        score(s.overall.find((p) => p.year === y)?.score),
        ...dimensions.map((d) =>
          score(s.dimensions.find((x) => x.id === d.id)?.history.find((p) => p.year === y)?.score),
        ),
      ]),
    ),
  ];
  return writeWorkbook([
    {
      name: 'Summary',
      rows: summary,
      freezeRows: 1,
      widths: [12, 8, 14, 24, 12, ...dimLabels.map(() => 16)],
    },
    { name: 'Indicators', rows: indicators, freezeRows: 1 },
    { name: 'Categories', rows: categories, freezeRows: 1 },
    ...categoryResults(report, lang),
    { name: 'Series', rows: series, freezeRows: 1 },
  ]);
}

/** The label of band `id` in `lang` (its id where the band is unknown, '' for none). */
function labelOf(
  bands: readonly { readonly id: string; readonly label: Parameters<typeof textIn>[0] }[],
  id: string | null,
  lang: Language,
): string {
  const b = bands.find((x) => x.id === id);
  return b ? textIn(b.label, lang) : (id ?? '');
}

/** Category-sheet columns whose header is a label of the catalogue; the others keep their CSV id. */
const CATEGORY_LABELS: Partial<Record<(typeof categoryCsvColumns)[number], keyof (typeof catalogues)['en']>> =
  {
    entity: 'entity',
    year: 'year',
    id: 'id',
    value: 'value',
    score: 'score',
    band: 'band',
    coverage: 'coverage',
    progress: 'progress',
    expected: 'expected',
    status: 'status',
  };

/**
 * Issue 16: the per-category results of a disaggregated matrix (the rows of `--format
 * csv-categories`: overall, theme, dimension and indicator results per category, with gap and
 * parity), as a "Category results" sheet; none for a matrix without `disaggregations`.
 */
function categoryResults(report: Report, lang: Language): SheetSpec[] {
  const dis = report.matrix.disaggregations;
  if (!dis || Object.keys(dis).length === 0) return [];
  const t = catalogues[lang];
  const header = categoryCsvColumns.map((c): XCell => {
    const key = CATEGORY_LABELS[c];
    return { v: key ? (t[key] as string) : c, s: Style.header };
  });
  const rows = categoryRecords(report, lang).map((r) =>
    categoryCsvColumns.map((col): XCell => {
      const v = r[col] ?? null;
      // Bands as the Summary sheet words them: their labels in the scorecard language.
      if (col === 'band' && typeof v === 'string') return { v: labelOf(report.matrix.bands, v, lang) };
      if (col === 'parity_band' && typeof v === 'string')
        return { v: labelOf(dis[String(r.breakdown)]?.parity?.bands ?? [], v, lang) };
      if (col === 'status' && typeof v === 'string')
        return { v: (t[`status.${v}` as keyof typeof t] as string | undefined) ?? v };
      if (typeof v === 'number' && (col === 'progress' || col === 'expected' || col === 'coverage'))
        return { v, s: Style.percent };
      if (typeof v === 'number' && (col === 'score' || col === 'gap' || col === 'parity'))
        return { v, s: Style.decimal };
      return { v };
    }),
  );
  return [{ name: 'Category results', rows: [header, ...rows], freezeRows: 1 }];
}
