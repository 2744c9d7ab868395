/**
 * Render a report for people or tools: JSON (the report itself), Markdown, CSV or one
 * self-contained HTML page. This file is the library entry and imports every format; the CLI
 * imports only the module of the format it needs (`./markdown`, `./csv`, `./html`).
 * Output is deterministic: the same report and options give the same bytes on every machine (no
 * clock, no host locale; see `./i18n` for number formatting).
 */
import type { Language } from '../dimensions';
import type { Report } from '../schema/report';
import { renderCsv, renderSummaryCsv } from './csv';
import { renderCategoryCsv } from './csv-categories';
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';

/** An output format of {@link render}. */
export type RenderFormat = 'json' | 'md' | 'csv' | 'csv-summary' | 'csv-categories' | 'html';

/** Options of {@link render}. */
export interface RenderOptions {
  readonly format: RenderFormat;
  /**
   * Language of the fixed labels (`en`, `fr`, `es`, `ro` or `ru`; default `en`) and of matrix titles where the
   * matrix gives that language. In CSV only `indicator_title` follows it; JSON ignores it.
   */
  readonly lang?: Language | undefined;
  /** Printed in the Markdown and HTML header when given; nothing is dated otherwise. */
  readonly generatedAt?: string | undefined;
}

/**
 * Render a report (what `score()` returns) as JSON, Markdown, CSV (`csv`: one row per indicator;
 * `csv-summary`: one row per overall/dimension/theme score with band codes; `csv-categories`: one row
 * per category result of a disaggregated matrix) or self-contained HTML.
 * Throws `TypeError` for an unknown format or language.
 *
 * @example
 * ```ts
 * const report = score(matrix, assessments);
 * writeFileSync('scorecards.html', render(report, { format: 'html', lang: 'fr' }));
 * ```
 */
export function render(report: Report, options: RenderOptions): string {
  const opts = { lang: options.lang, generatedAt: options.generatedAt };
  switch (options.format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'md':
      return renderMarkdown(report, opts);
    case 'csv':
      return renderCsv(report, opts);
    case 'csv-summary':
      return renderSummaryCsv(report, opts);
    case 'csv-categories':
      return renderCategoryCsv(report, opts);
    case 'html':
      return renderHtml(report, opts);
    default:
      throw new TypeError(
        `unknown format "${String((options as { format: unknown }).format)}"; expected json, md, csv, csv-summary, csv-categories or html`,
      );
  }
}

export type { CsvColumn } from './csv';
export { csvColumns, csvColumnsOf, growthCsvColumns, summaryCsvColumns } from './csv';
export { categoryCsvColumns } from './csv-categories';

export type { Catalogue, CatalogueKey } from './i18n';
