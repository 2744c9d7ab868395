/**
 * A report as one flat CSV table for spreadsheets and statistics tools.
 *
 * ## CSV scorecards (`mgi score --format csv`)
 *
 * One row per entity × year × indicator, in report order: entity, then year, then the matrix's
 * order of indicators. The columns, always all of them and always in this order, are
 * {@link csvColumns} (and, at the end, the four growth columns when the matrix uses the growth method):
 *
 * | column | content |
 * |---|---|
 * | `entity`, `entity_name` | entity code and name (name empty when the assessment gives none) |
 * | `year` | year of the scorecard |
 * | `matrix_id`, `matrix_version` | the matrix scored against |
 * | `theme`, `dimension` | theme id and the id of the MGI dimension it maps to (empty if none) |
 * | `indicator`, `indicator_title` | indicator id and its title in the chosen language |
 * | `kind`, `unit`, `direction` | `quantitative` / `qualitative` / `formula`; unit; `increase` / `decrease` / `maintain` |
 * | `value`, `level` | the value (numeric indicators) or level id (qualitative) used for the year |
 * | `score` | indicator score, 0–100 |
 * | `progress`, `expected` | progress `(a − b) / (T − b)` and expected progress, as ratios (0.5 = 50 %) |
 * | `target_year`, `target` | final target: year and value (or level id) |
 * | `status` | `achieved`, `on-track`, `off-track`, `regressing`, `no-data` or `no-target` |
 * | `change_from_year`, `change_absolute`, `change_relative`, `change_assessment` | change from the previous year with data: year, `to − from`, `(to − from) / abs(from)`, and `improvement` / `deterioration` / `unchanged` |
 * | `carried_from` | year a missing value was carried forward from |
 * | `reason` | why there is no value or score (English, as in the JSON report) |
 * | `theme_score`, `dimension_score`, `overall_score` | scores of the indicator's theme, its dimension and the whole scorecard |
 * | `overall_band` | band id of the overall score |
 * | `overall_band_code`, `overall_band_label` | its numeric code (SDG 10.7.2: 1–4; empty if the matrix gives none) and label in the chosen language |
 * | `theme_band`, `theme_band_code`, `dimension_band`, `dimension_band_code` | band id and code of the indicator's theme and dimension |
 * | `coverage_reported`, `coverage_used` | share of the overall weight reported in the year, and used (reported plus carried forward) |
 * | `breakdown` | disaggregated values, `dimension:category=value` separated by `;` (e.g. `sex:female=563;sex:male=687`) |
 * | `source`, `evidence`, `note`, `reported_by` | what the observation said about itself, when the report carries it |
 * | `growth_observed`, `growth_required`, `growth_ratio`, `growth_category` | only when an indicator of the matrix uses the "growth" progress method (see {@link growthCsvColumns}): observed and required compound annual growth rates, R, and the category id (`on-track`, `limited-progress`, …) |
 *
 * Format: RFC 4180 (comma separator, fields with a comma, quote or line break in double quotes,
 * a quote doubled), CRLF line ends, a header row, UTF-8 without byte order mark. Numbers are written
 * as JavaScript's shortest round-trip form (`String(x)`: `0.5`, `-0.25`, `1e-7`), never with a
 * locale's separators, and are not rounded. A missing value (`null`) is an empty cell. Ids, statuses
 * and column names are not translated; only `indicator_title` and `overall_band_label` follow the language.
 *
 * Excel dialect (`renderCsv(report, { dialect: 'excel' })`, `mgi score --format csv --csv excel`):
 * the same table with a UTF-8 byte order mark, and, for languages whose locale writes decimal
 * commas (`fr`, `es`), `;` between fields and `0,5` for numbers, which is what Excel expects when it
 * opens a file by double-click there. mgi reads either form back.
 *
 * Formula injection: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
 * and is not a plain number gets a leading `'`, so a spreadsheet shows it as text instead of running
 * it (OWASP "CSV injection"). Numbers such as `-0.25` are left as they are.
 */

import { checkedLanguage, dimensions, type Language } from '../dimensions';
import { toCsv } from '../io/_csv';
import { textIn } from '../schema/_common';
import type { IndicatorResult, Report, Scorecard } from '../schema/report';
import { coverageOf } from './enrich';

/** The columns of the CSV scorecards, in order. See the module documentation for their meaning. */
export const csvColumns = [
  'entity',
  'entity_name',
  'year',
  'matrix_id',
  'matrix_version',
  'theme',
  'dimension',
  'indicator',
  'indicator_title',
  'kind',
  'unit',
  'direction',
  'value',
  'level',
  'score',
  'progress',
  'expected',
  'target_year',
  'target',
  'status',
  'change_from_year',
  'change_absolute',
  'change_relative',
  'change_assessment',
  'carried_from',
  'reason',
  'theme_score',
  'dimension_score',
  'overall_score',
  'overall_band',
  'overall_band_code',
  'overall_band_label',
  'theme_band',
  'theme_band_code',
  'dimension_band',
  'dimension_band_code',
  'coverage_reported',
  'coverage_used',
  'breakdown',
  'source',
  'evidence',
  'note',
  'reported_by',
] as const;

/**
 * The columns added at the end when an indicator of the report is judged by growth rates
 * (progress method "growth"): observed and required compound annual growth rates, their ratio R,
 * and the Open SDG category id. Reports without one keep exactly {@link csvColumns}.
 */
export const growthCsvColumns = [
  'growth_observed',
  'growth_required',
  'growth_ratio',
  'growth_category',
] as const;

/**
 * The columns of a report's CSV scorecards: {@link csvColumns}, and the growth columns when an
 * indicator of its matrix uses the growth method (`report.matrix.scoring.growth` is set), then the
 * hierarchy columns when a theme has a parent. Decided
 * by the matrix, not the scorecards, so a report written scorecard by scorecard has one header.
 */
export function csvColumnsOf(report: Pick<Report, 'matrix'>): readonly CsvColumn[] {
  const growth = report.matrix.scoring.growth !== undefined;
  const nested = hasHierarchy(report);
  if (!growth && !nested) return csvColumns;
  return [...csvColumns, ...(growth ? growthCsvColumns : []), ...(nested ? hierarchyCsvColumns : [])];
}

/**
 * Columns appended to the CSV scorecards (after {@link csvColumns}) only when the matrix has a
 * theme hierarchy (a theme with a `parent`), so two-level reports keep their bytes:
 * `theme_path`, the theme ids from the root theme down to the indicator's theme, joined by `/`;
 * `theme_path_scores`, their scores in the same order, joined by `;` (empty where null). The
 * summary CSV then ends with a `parent` column: the parent theme of a theme row.
 */
export const hierarchyCsvColumns = ['theme_path', 'theme_path_scores'] as const;

/** A column of {@link csvColumns}, {@link growthCsvColumns} or {@link hierarchyCsvColumns}. */
export type CsvColumn =
  | (typeof csvColumns)[number]
  | (typeof growthCsvColumns)[number]
  | (typeof hierarchyCsvColumns)[number];

/** Whether the report's matrix nests themes (any theme has a `parent`). */
function hasHierarchy(report: Pick<Report, 'matrix'>): boolean {
  return report.matrix.themes.some((t) => t.parent !== undefined);
}

/** The theme ids from the root down to `id` (cut at a loop in a hand-made report). */
function themePath(parents: ReadonlyMap<string, string | undefined>, id: string): string[] {
  const path = [id];
  let at = parents.get(id);
  while (at !== undefined && !path.includes(at)) {
    path.unshift(at);
    at = parents.get(at);
  }
  return path;
}

/** A cell of {@link csvRecords}. */
export type Cell = string | number | null | undefined;

/** Options of {@link renderCsv}. */
export interface CsvRenderOptions {
  /** Language of `indicator_title`, and with `dialect: 'excel'` of the separators. */
  readonly lang?: Language | undefined;
  /**
   * `rfc4180` (default): `,`, dot decimals, no byte order mark, as documented above. `excel`: what
   * Excel opens directly in the language's locale: a UTF-8 byte order mark (so accents survive),
   * and `;` with decimal commas where that locale writes them (see {@link excelCsvDialect}).
   */
  readonly dialect?: 'rfc4180' | 'excel' | undefined;
}

/**
 * The separators Excel uses for CSV in the locale of a language: `;` and a decimal comma for the
 * languages of continental Europe and Latin America (`fr`, `es`, `ro`, `ru`), `,` and a dot for `en`.
 */
export function excelCsvDialect(lang: string): { delimiter: ',' | ';'; decimal: '.' | ',' } {
  return lang === 'en' ? { delimiter: ',', decimal: '.' } : { delimiter: ';', decimal: ',' };
}

/**
 * Render a report as CSV scorecards: one row per entity × year × indicator (see the module
 * documentation for the columns). `lang` chooses the language of `indicator_title` and
 * `overall_band_label`; `dialect` `excel` writes for Excel in that language's locale (byte order
 * mark, `;` and decimal comma where the locale uses them).
 */
export function renderCsv(report: Report, options: CsvRenderOptions = {}): string {
  const lang = checkedLanguage(options.lang);
  const excel = options.dialect === 'excel' ? excelCsvDialect(lang) : undefined;
  const decimalComma = excel?.decimal === ',';
  const columns = csvColumnsOf(report);
  const rows: string[][] = [[...columns]];
  for (const record of csvRecords(report, lang)) rows.push(columns.map((c) => cell(record[c], decimalComma)));
  if (!excel) return toCsv(rows);
  return `\uFEFF${toCsv(rows, { delimiter: excel.delimiter })}`;
}

/**
 * The rows of {@link renderCsv} as typed records (numbers as numbers), for writers of other
 * tabular formats (the Excel scorecard). `lang` chooses the language of `indicator_title`.
 */
export function csvRecords(report: Report, lang: Language = 'en'): Partial<Record<CsvColumn, Cell>>[] {
  const titles = new Map(report.matrix.indicators.map((i) => [i.id, textIn(i.title, lang)]));
  const bands = bandInfo(report, lang);
  const meta = new Map(report.matrix.indicators.map((i) => [i.id, i]));
  const themeDims = new Map(report.matrix.themes.map((t) => [t.id, t.dimension]));
  const out: Partial<Record<CsvColumn, Cell>>[] = [];
  const parents = hasHierarchy(report) ? new Map(report.matrix.themes.map((t) => [t.id, t.parent])) : null;
  for (const card of report.scorecards) {
    const coverage = coverageOf(report, card);
    const themes = new Map(card.themes.map((t) => [t.id, t]));
    for (const r of card.indicators) {
      const dim = themeDims.get(r.theme) ?? null;
      // Object.assign, not `{...a, ...b}`: V8 spreads a second object into a 30-key one about 50×
      // slower (measured: 45 µs against 1 µs a row, most of the CSV writer's time).
      const rec: Partial<Record<CsvColumn, Cell>> = Object.assign(
        row(card, r, titles.get(r.id) ?? r.id, meta.get(r.id), dim),
        extraCells(card, r, themes, dim, bands, coverage),
      );
      if (parents) {
        const path = themePath(parents, r.theme);
        rec.theme_path = path.join('/');
        rec.theme_path_scores = path.map((id) => cell(themes.get(id)?.score)).join(';');
      }
      out.push(rec);
    }
  }
  return out;
}

type BandInfo = ReadonlyMap<string, { readonly code: number | undefined; readonly label: string }>;

function bandInfo(report: Report, lang: Language): BandInfo {
  return new Map(report.matrix.bands.map((b) => [b.id, { code: b.code, label: textIn(b.label, lang) }]));
}

/** The columns added for band codes, both coverages, breakdowns and observation details. */
function extraCells(
  card: Scorecard,
  r: IndicatorResult,
  themes: ReadonlyMap<string, Scorecard['themes'][number]>,
  dimension: string | null,
  bands: BandInfo,
  coverage: { reported: number; used: number },
): Partial<Record<CsvColumn, Cell>> {
  const theme = themes.get(r.theme);
  const dim = dimension === null ? undefined : card.dimensions.find((d) => d.id === dimension);
  const band = (id: string | null | undefined) => (id == null ? undefined : bands.get(id));
  const d = r as IndicatorResult & Partial<Record<'source' | 'evidence' | 'note' | 'reportedBy', unknown>>;
  const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
  return {
    overall_band_code: band(card.overall.band)?.code,
    overall_band_label: band(card.overall.band)?.label,
    theme_band: theme?.band,
    theme_band_code: band(theme?.band)?.code,
    dimension_band: dim?.band,
    dimension_band_code: band(dim?.band)?.code,
    coverage_reported: coverage.reported,
    coverage_used: coverage.used,
    breakdown: r.breakdown
      ? Object.entries(r.breakdown)
          .flatMap(([k, cats]) => Object.entries(cats).map(([c, x]) => `${k}:${c}=${x}`))
          .join(';')
      : undefined,
    source: str(d.source),
    evidence: str(d.evidence),
    note: str(d.note),
    reported_by: str(d.reportedBy),
    growth_observed: r.growth?.observed,
    growth_required: r.growth?.required,
    growth_ratio: r.growth?.ratio,
    growth_category: r.growth?.category,
  };
}

function row(
  card: Scorecard,
  r: IndicatorResult,
  title: string,
  meta: Report['matrix']['indicators'][number] | undefined,
  dimension: string | null,
): Partial<Record<CsvColumn, Cell>> {
  const theme = card.themes.find((t) => t.id === r.theme);
  const dim = dimension === null ? undefined : card.dimensions.find((d) => d.id === dimension);
  return {
    entity: card.entity,
    entity_name: card.entityName,
    year: card.year,
    matrix_id: card.matrix.id,
    matrix_version: card.matrix.version,
    theme: r.theme,
    dimension,
    indicator: r.id,
    indicator_title: title,
    kind: r.kind,
    unit: meta?.unit,
    direction: meta?.direction,
    value: r.value,
    level: r.level,
    score: r.score,
    progress: r.progress,
    expected: r.expected,
    target_year: r.target?.year,
    target: r.target?.value ?? r.target?.level,
    status: r.status,
    change_from_year: r.change?.fromYear,
    change_absolute: r.change?.absolute,
    change_relative: r.change?.relative,
    change_assessment: r.change?.assessment,
    carried_from: r.carriedFrom,
    reason: r.reason,
    theme_score: theme?.score,
    dimension_score: dim?.score,
    overall_score: card.overall.score,
    overall_band: card.overall.band,
  };
}

const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A cell's text: numbers in shortest round-trip form (with a decimal comma when asked), empty for
 * null, formula-like text defused.
 */
function cell(value: Cell, decimalComma = false): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    return decimalComma ? String(value).replace('.', ',') : String(value);
  }
  return neutralise(value);
}

/** Prefix `'` to text a spreadsheet would read as a formula (see the module documentation). */
function neutralise(text: string): string {
  return /^[=+\-@\t\r]/.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

// --- summary CSV ------------------------------------------------------------------------------

/**
 * The columns of the summary CSV: one row per entity × year × level (`overall`, each `dimension`
 * the matrix covers, each `theme`), what SDG 10.7.2 reporting needs: score, band id, code and label.
 */
export const summaryCsvColumns = [
  'entity',
  'entity_name',
  'year',
  'matrix_id',
  'matrix_version',
  'level',
  'id',
  'title',
  'score',
  'band',
  'band_code',
  'band_label',
  'coverage',
  'coverage_reported',
] as const;

/**
 * Render the summary CSV (see {@link summaryCsvColumns}); same format rules as the scorecard CSV.
 * `coverage` is the share of weight used; `coverage_reported` (overall rows) the share reported in
 * the year itself. `lang` chooses the language of `title` and `band_label`.
 */
export function renderSummaryCsv(
  report: Report,
  options: { readonly lang?: Language | undefined } = {},
): string {
  const lang = checkedLanguage(options.lang);
  const bands = bandInfo(report, lang);
  const themeTitles = new Map(report.matrix.themes.map((t) => [t.id, textIn(t.title, lang)]));
  const covered = new Set(report.matrix.themes.map((t) => t.dimension));
  const tree = hasHierarchy(report);
  const parentOf = new Map(report.matrix.themes.map((t) => [t.id, t.parent]));
  const rows: string[][] = [tree ? [...summaryCsvColumns, 'parent'] : [...summaryCsvColumns]];
  for (const card of report.scorecards) {
    const base = [card.entity, card.entityName, card.year, card.matrix.id, card.matrix.version];
    const line = (
      level: string,
      id: string,
      title: string,
      x: { score: number | null; band: string | null; coverage: number },
      reported?: number,
    ) => {
      const b = x.band === null ? undefined : bands.get(x.band);
      const cells = [...base, level, id, title, x.score, x.band, b?.code, b?.label, x.coverage, reported];
      if (tree) cells.push(level === 'theme' ? parentOf.get(id) : undefined);
      rows.push(cells.map((c) => cell(c)));
    };
    const cov = coverageOf(report, card);
    line('overall', 'overall', '', card.overall, cov.reported);
    for (const d of card.dimensions) {
      if (!covered.has(d.id)) continue;
      line('dimension', d.id, dimensions.find((x) => x.id === d.id)?.label[lang] ?? d.id, d);
    }
    for (const t of card.themes) line('theme', t.id, themeTitles.get(t.id) ?? t.id, t);
  }
  return toCsv(rows);
}
