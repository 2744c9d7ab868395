/**
 * Disaggregated results as one flat CSV table (issue 16; `mgi score --format csv-categories`).
 *
 * One row per entity × year × breakdown dimension × category × level, in report order, then
 * dimension and category sorted, then `overall`, each `theme`, each MGI `dimension` the matrix
 * covers and each `indicator` with a result for the category. The columns, always all and always
 * in this order, are {@link categoryCsvColumns}:
 *
 * | column | content |
 * |---|---|
 * | `entity`, `entity_name`, `year`, `matrix_id`, `matrix_version` | as in the scorecard CSV |
 * | `breakdown`, `category` | breakdown dimension (e.g. `sex`) and category (e.g. `female`) |
 * | `level`, `id`, `title` | `overall`, `theme`, `dimension` or `indicator`; its id and title in the chosen language |
 * | `value` | the category's value (indicator rows) |
 * | `score`, `band`, `coverage` | the category's score (0–100); band id and coverage (aggregate rows) |
 * | `progress`, `expected`, `status` | the category's progress, expected progress and status (indicator rows) |
 * | `compared_with`, `gap`, `parity` | on the rows of a parity's numerator category: the denominator category, score gap (numerator − denominator) and parity (numerator ÷ denominator) |
 * | `parity_band`, `parity_band_code` | the overall parity's band and code (overall row of the numerator) |
 *
 * Same format rules as the scorecard CSV (RFC 4180, CRLF, numbers unrounded, null as an empty cell,
 * formula-like text defused). A report whose matrix has no `disaggregations` gives the header only.
 */
import { checkedLanguage, dimensions, type Language } from '../dimensions';
import { toCsv } from '../io/_csv';
import { textIn } from '../schema/_common';
import type { GapParity, Report, Scorecard } from '../schema/report';

/** The columns of the category CSV, in order. */
export const categoryCsvColumns = [
  'entity',
  'entity_name',
  'year',
  'matrix_id',
  'matrix_version',
  'breakdown',
  'category',
  'level',
  'id',
  'title',
  'value',
  'score',
  'band',
  'coverage',
  'progress',
  'expected',
  'status',
  'compared_with',
  'gap',
  'parity',
  'parity_band',
  'parity_band_code',
] as const;

type Col = (typeof categoryCsvColumns)[number];
/** A row of the category CSV: column → value. */
export type CategoryRow = Partial<Record<Col, string | number | null | undefined>>;
type Row = CategoryRow;

/** Render the category CSV (see the module documentation). `lang` chooses the language of `title`. */
export function renderCategoryCsv(
  report: Report,
  options: { readonly lang?: Language | undefined } = {},
): string {
  const lang = checkedLanguage(options.lang);
  const rows: string[][] = [[...categoryCsvColumns]];
  for (const r of categoryRecords(report, lang)) rows.push(categoryCsvColumns.map((c) => cell(r[c])));
  return toCsv(rows);
}

/**
 * The rows of {@link renderCategoryCsv} as typed records (numbers as numbers), for writers of
 * other tabular formats (the Excel scorecard's "Category results" sheet).
 */
export function categoryRecords(report: Report, lang: Language = 'en'): Row[] {
  const out: Row[] = [];
  const dis = report.matrix.disaggregations ?? {};
  const themeTitles = new Map(report.matrix.themes.map((t) => [t.id, textIn(t.title, lang)]));
  const indTitles = new Map(report.matrix.indicators.map((i) => [i.id, textIn(i.title, lang)]));
  const covered = new Set(report.matrix.themes.map((t) => t.dimension));
  for (const card of report.scorecards) {
    const base = {
      entity: card.entity,
      entity_name: card.entityName,
      year: card.year,
      matrix_id: card.matrix.id,
      matrix_version: card.matrix.version,
    };
    for (const dim of Object.keys(dis).sort()) {
      const by = card.byCategory?.[dim];
      if (by === undefined) continue;
      const p = card.parity?.[dim];
      for (const cat of dis[dim]!.categories) {
        const agg = by[cat];
        if (agg === undefined) continue;
        const at = { ...base, breakdown: dim, category: cat };
        const cmp = (g: GapParity | undefined): Row =>
          p && p.numerator === cat ? { compared_with: p.denominator, gap: g?.gap, parity: g?.parity } : {};
        out.push({
          ...at,
          level: 'overall',
          id: 'overall',
          ...aggregate(agg.overall),
          ...cmp(p ? { gap: p.gap, parity: p.overall } : undefined),
          ...(p && p.numerator === cat ? { parity_band: p.band, parity_band_code: p.bandCode } : {}),
        });
        agg.themes.forEach((t, n) => {
          out.push({
            ...at,
            level: 'theme',
            id: t.id,
            title: themeTitles.get(t.id),
            ...aggregate(t),
            ...cmp(p?.themes[n]),
          });
        });
        agg.dimensions.forEach((d, n) => {
          if (!covered.has(d.id as never)) return;
          const title = dimensions.find((x) => x.id === d.id)?.label[lang];
          out.push({ ...at, level: 'dimension', id: d.id, title, ...aggregate(d), ...cmp(p?.dimensions[n]) });
        });
        indicatorRows(card, dim, cat, at, indTitles, (g) => cmp(g), out);
      }
    }
  }
  return out;
}

function indicatorRows(
  card: Scorecard,
  dim: string,
  cat: string,
  at: Row,
  titles: ReadonlyMap<string, string>,
  cmp: (g: GapParity | undefined) => Row,
  out: Row[],
): void {
  for (const r of card.indicators) {
    const c = r.byCategory?.[dim]?.[cat];
    if (c === undefined) continue;
    out.push({
      ...at,
      level: 'indicator',
      id: r.id,
      title: titles.get(r.id),
      value: c.value,
      score: c.score,
      progress: c.progress,
      expected: c.expected,
      status: c.status,
      ...cmp(r.parity?.[dim]),
    });
  }
}

function aggregate(x: { score: number | null; band: string | null; coverage: number }): Row {
  return { score: x.score, band: x.band, coverage: x.coverage };
}

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return /^[=+\-@\t\r]/.test(value) && !/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(value)
    ? `'${value}`
    : value;
}
