/**
 * Markdown scorecards (GitHub-flavoured): per entity an optional trends section, then one scorecard
 * per year, latest first; then the methodology note and any input errors. Every user string is
 * escaped so that a title cannot break a table, start a link or image, or inject HTML.
 */
import { dimensionIds } from '../dimensions';
import type { Report, Scorecard, Series } from '../schema/report';
import {
  annualRateText,
  bandLabel,
  changeAmount,
  changeText,
  DASH,
  dimensionLabel,
  type EntityGroup,
  entityGroups,
  type FormatOptions,
  indicatorTitle,
  issueLine,
  label,
  makeView,
  matrixRef,
  matrixTitle,
  methodNotes,
  percentText,
  projectionText,
  reasonText,
  scoreText,
  statusText,
  submissions,
  targetText,
  themeGroups,
  themeTitle,
  type View,
  valueText,
  warningText,
  withColon,
} from './_view';

/**
 * Render a report as Markdown scorecards.
 *
 * @example
 * ```ts
 * const md = renderMarkdown(report, { lang: 'fr' });
 * ```
 */
export function renderMarkdown(report: Report, options: FormatOptions = {}): string {
  const v = makeView(report, options);
  const out: string[] = [];
  out.push(`# ${esc(v.t.scorecards)} · ${esc(matrixTitle(v))}`, '');
  const meta = [`${esc(withColon(v, v.t.matrix))} ${esc(matrixTitle(v))} (${esc(matrixRef(v))})`];
  if (report.matrix.provenance !== undefined) {
    meta.push(`${esc(withColon(v, v.t.provenance))} ${esc(report.matrix.provenance)}`);
  }
  if (v.generatedAt !== undefined) meta.push(`${esc(withColon(v, v.t.generated))} ${esc(v.generatedAt)}`);
  // Two trailing spaces: a hard line break on GitHub.
  out.push(meta.join('  \n'), '', `> ${esc(v.t.notRanking)}`, '');

  for (const g of entityGroups(report)) entity(v, g, out);

  out.push(`## ${esc(v.t.methodology)}`, '');
  for (const p of methodNotes(v)) out.push(esc(p), '');

  if (report.errors.length > 0) {
    out.push(`## ${esc(v.t.errors)}`, '');
    for (const e of report.errors) out.push(`- ${esc(issueLine(e))}`);
    out.push('');
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function entity(v: View, g: EntityGroup, out: string[]): void {
  out.push(`## ${esc(g.name)}`, '');
  if (g.series) trends(v, g.series, out);
  for (const card of g.cards) scorecard(v, g, card, out);
}

function scorecard(v: View, g: EntityGroup, card: Scorecard, out: string[]): void {
  const t = v.t;
  out.push(`### ${esc(g.name)}, ${card.year}`, '');
  out.push(`${esc(matrixTitle(v))} · ${esc(`${card.matrix.id}@${card.matrix.version}`)}`, '');
  const head = [t.overallScore, t.band, t.coverage];
  const cells = [
    `**${scoreText(v, card.overall.score)}**`,
    esc(bandLabel(v, card.overall.band)),
    percentText(v, card.overall.coverage),
  ];
  const align = ['---:', '---', '---:'];
  if (card.status !== null) {
    head.push(t.assessment);
    cells.push(esc(t[card.status]));
    align.push('---');
  }
  const subs = submissions(card);
  if (subs.length > 0) {
    head.push(t.submittedBy);
    cells.push(esc(subs.join(', ')));
    align.push('---');
  }
  table(out, head.map(esc), align, [cells]);

  out.push(`#### ${esc(t.dimensions)}`, '');
  table(
    out,
    [t.dimension, t.score, t.band, t.coverage].map(esc),
    ['---', '---:', '---', '---:'],
    dimensionIds.map((id) => {
      const d = card.dimensions.find((x) => x.id === id);
      return [
        esc(dimensionLabel(v, id)),
        scoreText(v, d?.score ?? null),
        esc(bandLabel(v, d?.band ?? null)),
        d && d.score !== null ? percentText(v, d.coverage) : DASH,
      ];
    }),
  );

  const groups = themeGroups(v, card);
  out.push(`#### ${esc(t.themes)}`, '');
  table(
    out,
    [t.theme, t.dimension, t.score, t.band, t.coverage, t.withData].map(esc),
    ['---', '---', '---:', '---', '---:', '---:'],
    groups.map((th) => {
      const dim = v.themes.get(th.id)?.dimension ?? null;
      return [
        esc(th.title),
        dim === null ? DASH : esc(dimensionLabel(v, dim)),
        scoreText(v, th.result?.score ?? null),
        esc(bandLabel(v, th.result?.band ?? null)),
        th.result ? percentText(v, th.result.coverage) : DASH,
        th.result ? `${th.result.reported} / ${th.result.total}` : DASH,
      ];
    }),
  );

  for (const th of groups) {
    out.push(`##### ${esc(th.title)} · ${scoreText(v, th.result?.score ?? null)}`, '');
    table(
      out,
      [t.id, t.indicator, t.value, t.target, t.score, t.progress, t.expected, t.status, t.change].map(esc),
      ['---', '---', '---:', '---', '---:', '---:', '---:', '---', '---'],
      th.indicators.map((r) => {
        let value = valueText(v, r);
        if (r.carriedFrom !== undefined) value += ` (${label(v, 'carriedFrom', { year: r.carriedFrom })})`;
        let status = statusText(v, r.status);
        if (r.reason !== undefined) status += ` (${reasonText(v, r.reason)})`;
        return [
          esc(r.id),
          esc(indicatorTitle(v, r.id)),
          esc(value),
          esc(targetText(v, r)),
          scoreText(v, r.score),
          percentText(v, r.progress),
          percentText(v, r.expected),
          esc(status),
          esc(changeText(v, r, card.year)),
        ];
      }),
    );
  }

  if (card.reporting.length > 0) {
    out.push(`#### ${esc(t.reporting)}`, '');
    table(
      out,
      [t.institution, t.expected, t.reportedCount, t.missing].map(esc),
      ['---', '---:', '---:', '---'],
      card.reporting.map((r) => [
        esc(r.institution),
        String(r.expected),
        String(r.reported),
        r.missing.length === 0 ? DASH : esc(r.missing.join(', ')),
      ]),
    );
  }

  if (card.warnings.length > 0) {
    out.push(`#### ${esc(t.warnings)}`, '');
    for (const w of card.warnings) out.push(`- ${esc(warningText(v, card, w))}`);
    out.push('');
  }
}

function trends(v: View, s: Series, out: string[]): void {
  const t = v.t;
  const first = s.years[0];
  const last = s.years[s.years.length - 1];
  out.push(`### ${esc(t.trends)}, ${first}–${last}`, '');
  out.push(`#### ${esc(t.scoreHistory)}`, '');
  const years = (hist: readonly { year: number; score: number | null }[]) =>
    s.years.map((y) => scoreText(v, hist.find((p) => p.year === y)?.score ?? null));
  const align = ['---', ...s.years.map(() => '---:')];
  const dims = [[`**${esc(t.overallScore)}**`, ...years(s.overall)]];
  for (const id of dimensionIds)
    dims.push([esc(dimensionLabel(v, id)), ...years(s.dimensions.find((x) => x.id === id)?.history ?? [])]);
  table(out, [esc(t.dimension), ...s.years.map(String)], align, dims);
  table(
    out,
    [esc(t.theme), ...s.years.map(String)],
    align,
    s.themes.map((th) => [esc(themeTitle(v, th.id)), ...years(th.history)]),
  );

  out.push(`#### ${esc(t.indicators)}`, '');
  table(
    out,
    [t.id, t.indicator, t.changeFirstLast, t.annualRate, t.projection].map(esc),
    ['---', '---', '---', '---:', '---'],
    s.indicators.map((i) => {
      const meta = v.indicators.get(i.id);
      const change =
        i.change === null
          ? DASH
          : `${changeAmount(v, meta, i.change)} (${t[`change.${i.change.assessment}`]}, ${label(v, 'sinceYear', { year: i.change.fromYear })})`;
      return [
        esc(i.id),
        esc(indicatorTitle(v, i.id)),
        esc(change),
        esc(meta?.kind === 'qualitative' ? DASH : annualRateText(v, i.annualRate)),
        esc(projectionText(v, i.projection)),
      ];
    }),
  );
}

function table(
  out: string[],
  head: readonly string[],
  align: readonly string[],
  rows: readonly (readonly string[])[],
): void {
  out.push(`| ${head.join(' | ')} |`, `|${align.join('|')}|`);
  for (const r of rows) out.push(`| ${r.join(' | ')} |`);
  out.push('');
}

/**
 * Escape user text for Markdown, in and out of tables: backslash-escape the characters that start
 * emphasis, code, links/images, strikethrough, math or table cells; entity-encode `&`, `<` and `>`
 * so no HTML gets through; fold line breaks into spaces; neutralise a leading `#`.
 */
export function esc(s: string): string {
  return s
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~$]/g, '\\$&')
    .replace(/^#/, '\\#');
}
