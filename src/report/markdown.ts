/**
 * Markdown scorecards (GitHub-flavoured): the matrix's disclaimer and a language-fallback note; per
 * entity an executive summary of the latest year, an optional trends section, then one scorecard
 * per year, latest first; then the methodology (with the provenance), technical notes and any input
 * errors. Every user string is escaped so that a title cannot break a table, start a link or image,
 * inject HTML or become a live link (bare URLs and e-mail addresses are defused for GFM autolinks).
 */
import { dimensionIds } from '../dimensions';
import type { IndicatorResult, Report, Scorecard, Series } from '../schema/report';
import {
  categoryBars,
  categoryDimensions,
  categoryMethodNotes,
  categoryTable,
  parityLines,
  textBar,
} from './_categories';
import {
  annualRateText,
  bandLabel,
  breakdownText,
  changeAmount,
  changeText,
  DASH,
  deltaText,
  detailLines,
  dimensionLabel,
  type EntityGroup,
  entityGroups,
  type FormatOptions,
  fallbackNote,
  indicatorColumns,
  indicatorName,
  indicatorTitle,
  institutionText,
  issueLine,
  label,
  levelName,
  makeView,
  matrixRef,
  matrixTitle,
  methodNotes,
  percentText,
  projectionText,
  reasonText,
  resultStatusWord,
  type Summary,
  scoreText,
  silentText,
  statusIcons,
  submissions,
  summaryCounts,
  summaryCoverage,
  summaryOf,
  summaryOverall,
  summaryThemes,
  targetText,
  technicalLines,
  text,
  themeGroups,
  themesMirrorDimensions,
  themeTitle,
  uncoveredDimensions,
  type View,
  valueText,
  warningText,
  withColon,
} from './_view';
import { coverageOf } from './enrich';

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
  const meta = [`${esc(withColon(v, v.t.matrix))} ${esc(matrixTitle(v))} (${ref(matrixRef(v))})`];
  if (v.generatedAt !== undefined) meta.push(`${esc(withColon(v, v.t.generated))} ${esc(v.generatedAt)}`);
  // Two trailing spaces: a hard line break on GitHub.
  out.push(meta.join('  \n'), '');
  if (report.matrix.disclaimer !== undefined) out.push(`> ${esc(text(v, report.matrix.disclaimer))}`, '');
  const fallback = fallbackNote(v);
  if (fallback !== undefined) out.push(`> ${esc(fallback)}`, '');

  for (const g of entityGroups(report)) entity(v, g, out);

  out.push(`## ${esc(v.t.methodology)}`, '');
  for (const p of methodNotes(v).concat(categoryMethodNotes(v))) out.push(esc(p), '');

  const tech = technicalLines(v);
  if (tech.length > 0) {
    out.push(`## ${esc(v.t.technicalNotes)}`, '', esc(v.t.technicalNotesIntro), '');
    for (const line of tech) out.push(`- ${esc(line)}`);
    out.push('');
  }
  if (report.errors.length > 0) {
    out.push(`## ${esc(v.t.errors)}`, '');
    for (const e of report.errors) out.push(`- ${esc(issueLine(e))}`);
    out.push('');
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

function entity(v: View, g: EntityGroup, out: string[]): void {
  out.push(`## ${esc(g.name)}`, '');
  const latest = g.cards[0];
  if (latest) summary(v, summaryOf(v, latest), out);
  if (g.series) trends(v, g.series, out);
  for (const card of g.cards) scorecard(v, g, card, out);
}

function summary(v: View, s: Summary, out: string[]): void {
  const t = v.t;
  const name = (r: IndicatorResult) => esc(indicatorName(v, r.id));
  out.push(`### ${esc(t.summary)}, ${s.card.year}`, '');
  out.push(`**${esc(summaryOverall(v, s))}** ${esc(summaryCoverage(v, s))}`, '');
  out.push(esc(summaryThemes(v, s)), '');
  for (const line of parityLines(v, s.card)) out.push(`**${esc(line)}**`, '');
  out.push(`${esc(withColon(v, t['summary.counts']))} ${esc(summaryCounts(v, s))}`, '');
  const list = (heading: string, items: readonly string[]) => {
    out.push(`${esc(withColon(v, heading))} ${items.length === 0 ? esc(t['summary.none']) : ''}`.trimEnd());
    if (items.length > 0) {
      out.push('');
      for (const it of items.slice(0, 12)) out.push(`- ${it}`);
      if (items.length > 12) out.push(`- ${esc(label(v, 'summary.andMore', { n: items.length - 12 }))}`);
    }
    out.push('');
  };
  if (s.hasTargets)
    list(
      t['summary.attention'],
      s.attention.map((r) => `${statusIcons[r.status]} ${name(r)}`),
    );
  if (s.hasTargets) list(t['summary.achieved'], s.achieved.map(name));
  if (s.previous !== undefined)
    list(
      label(v, 'summary.movers', { year: s.previous.year }),
      s.movers.map((m) => `${name(m.r)}: ${esc(deltaText(v, m.delta))}`),
    );
  if (s.card.reporting.length > 0)
    list(
      t['summary.silent'],
      s.silent.map((r) => esc(silentText(v, r))),
    );
}

function scorecard(v: View, g: EntityGroup, card: Scorecard, out: string[]): void {
  const t = v.t;
  out.push(`### ${esc(g.name)}, ${card.year}`, '');
  out.push(`${esc(matrixTitle(v))} · ${ref(`${card.matrix.id}@${card.matrix.version}`)}`, '');
  const cov = coverageOf(v.report, card);
  const head = [t.overallScore, t.band, t['coverage.reported'], t['coverage.used']];
  const cells = [
    `**${scoreText(v, card.overall.score)}**`,
    esc(bandLabel(v, card.overall.band)),
    percentText(v, cov.reported),
    percentText(v, cov.used),
  ];
  const align = ['---:', '---', '---:', '---:'];
  if (card.status !== null) {
    head.push(t.assessment);
    cells.push(esc(t[card.status]));
    align.push('---');
  }
  const subs = submissions(card);
  if (subs.length > 0) {
    head.push(t.submittedBy);
    cells.push(esc(subs.map((x) => institutionText(v, x)).join(', ')));
    align.push('---');
  }
  table(out, head.map(esc), align, [cells]);

  const uncovered = uncoveredDimensions(v);
  if (!themesMirrorDimensions(v)) {
    out.push(`#### ${esc(t.dimensions)}`, '');
    table(
      out,
      [t.dimension, t.score, t.band, t.coverage].map(esc),
      ['---', '---:', '---', '---:'],
      dimensionIds
        .filter((id) => !uncovered.includes(id))
        .map((id) => {
          const d = card.dimensions.find((x) => x.id === id);
          return [
            esc(dimensionLabel(v, id)),
            scoreText(v, d?.score ?? null),
            esc(bandLabel(v, d?.band ?? null)),
            d && d.score !== null ? percentText(v, d.coverage) : DASH,
          ];
        }),
    );
  }
  if (uncovered.length > 0)
    out.push(
      esc(label(v, 'notCoveredList', { list: uncovered.map((d) => dimensionLabel(v, d)).join(', ') })),
      '',
    );

  const groups = themeGroups(v, card);
  out.push(`#### ${esc(levelName(v, 'themes'))}`, '');
  table(
    out,
    [levelName(v, 'theme'), t.dimension, t.score, t.band, t.coverage, t.withData].map(esc),
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

  const parents = new Set(v.report.matrix.themes.map((x) => x.parent));
  for (const th of groups) {
    out.push(`##### ${esc(th.title)} · ${scoreText(v, th.result?.score ?? null)}`, '');
    if (th.indicators.length === 0 && parents.has(th.id)) continue; // a theme of sub-themes: its score only
    table(
      out,
      indicatorColumns(v).map(esc),
      ['---', '---', '---:', '---', '---:', '---:', '---:', '---', '---'],
      th.indicators.map((r) => {
        let value = valueText(v, r);
        if (r.carriedFrom !== undefined) value += ` (${label(v, 'carriedFrom', { year: r.carriedFrom })})`;
        const breakdown = breakdownText(v, r);
        if (breakdown.length > 0) value += ` (${breakdown.join('; ')})`;
        let status = `${statusIcons[r.status]} ${resultStatusWord(v, r)}`;
        if (r.reason !== undefined) status += ` (${reasonText(v, r.reason)})`;
        const title = [indicatorTitle(v, r.id), ...detailLines(v, r)].join(' · ');
        return [
          esc(r.id),
          esc(title),
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

  categories(v, card, out);

  if (card.reporting.length > 0) {
    out.push(`#### ${esc(t.reporting)}`, '');
    table(
      out,
      [t.institution, t.expected, t.reportedCount, t.missing].map(esc),
      ['---', '---:', '---:', '---'],
      card.reporting.map((r) => [
        esc(institutionText(v, r.institution)),
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

/** Issue 16: per breakdown dimension, the compact category table and a text gap chart per indicator. */
function categories(v: View, card: Scorecard, out: string[]): void {
  for (const { dimension, categories: cats } of categoryDimensions(v)) {
    const tab = categoryTable(v, card, dimension, cats);
    if (!tab) continue;
    out.push(`#### ${esc(label(v, 'category.by', { dimension }))}`, '');
    table(
      out,
      tab.head.map(esc),
      tab.head.map((_, i) => (i === 0 ? '---' : '---:')),
      tab.rows.map((r) =>
        [r.strong ? `**${esc(r.name)}**` : esc(r.name)].concat(
          r.scores.map((x) => scoreText(v, x)),
          tab.head.length > cats.length + 1 ? [esc(r.gap), esc(r.parity)] : [],
        ),
      ),
    );
    const bars = categoryBars(v, card, dimension, cats);
    if (bars.length === 0) continue;
    out.push(`##### ${esc(label(v, 'category.gapChart', { dimension }))}`, '');
    for (const b of bars) {
      out.push(`- ${esc(b.indicator)}`);
      for (const x of b.bars) out.push(`  - \`${x.category}\` ${textBar(x.score)} ${x.text}`);
    }
    out.push('');
  }
}

function trends(v: View, s: Series, out: string[]): void {
  const t = v.t;
  const first = s.years[0];
  const last = s.years[s.years.length - 1];
  out.push(`### ${esc(t.trends)}, ${first}–${last}`, '');
  out.push(`#### ${esc(t.scoreHistory)}`, '');
  const years = (hist: readonly { year: number; score: number | null }[]) => {
    const byYear = new Map(hist.map((p) => [p.year, p.score]));
    return s.years.map((y) => scoreText(v, byYear.get(y) ?? null));
  };
  const uncovered = uncoveredDimensions(v);
  const align = ['---', ...s.years.map(() => '---:')];
  const dims = [[`**${esc(t.overallScore)}**`, ...years(s.overall)]];
  if (!themesMirrorDimensions(v))
    for (const id of dimensionIds)
      if (!uncovered.includes(id))
        dims.push([
          esc(dimensionLabel(v, id)),
          ...years(s.dimensions.find((x) => x.id === id)?.history ?? []),
        ]);
  table(out, [esc(t.dimension), ...s.years.map(String)], align, dims);
  table(
    out,
    [esc(levelName(v, 'theme')), ...s.years.map(String)],
    align,
    s.themes.map((th) => [esc(themeTitle(v, th.id)), ...years(th.history)]),
  );

  out.push(`#### ${esc(levelName(v, 'indicators'))}`, '');
  table(
    out,
    [t.id, levelName(v, 'indicator'), t.changeFirstLast, t.annualRate, t.projection].map(esc),
    ['---', '---', '---', '---:', '---'],
    s.indicators.map((i) => {
      const meta = v.indicators.get(i.id);
      const change =
        i.change === null || i.change.fromYear === undefined
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
 * A matrix reference `id@version` as a code span: GFM would otherwise read it as an e-mail address.
 * Ids and versions cannot hold a backtick (schema patterns), so the span cannot be closed early.
 */
function ref(s: string): string {
  return `\`${s.replace(/`/g, '')}\``;
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
    .replace(/^#/, '\\#')
    .replace(AUTOLINK, (m) => `${m.slice(0, -1)}\u2060${m.slice(-1)}`);
}

/**
 * What GFM turns into a live link without brackets: a scheme's `://`, `www.` and the `@` of an
 * e-mail address. A U+2060 WORD JOINER (invisible, no width) before the last character of each
 * breaks the pattern, so a URL in a title or an evidence field stays plain text.
 */
const AUTOLINK = /[A-Za-z]:\/|www\.|[A-Za-z0-9.+\\_-]@/gi;
