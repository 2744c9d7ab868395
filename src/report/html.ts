/**
 * A report as ONE self-contained HTML page: inline CSS and inline SVG only: no script, no web
 * font, no image or stylesheet by URL, no link that loads anything (only `#…` anchors within the
 * page). It can be mailed, archived or printed (A4, one entity and one scorecard per page) as it is.
 *
 * Content: a header (matrix, the matrix's own disclaimer, a note when the matrix's text falls back to
 * another language); per entity in report order (never by score) an executive summary of the latest
 * year (what a minister reads on page 1), the score history when there are several years, then one
 * scorecard per year, latest first: headline with both coverages, bars of the themes (and of the
 * dimensions the matrix covers, unless themes map one-to-one onto them), a table of every indicator
 * (value, breakdown, evidence, target, score, progress, expected, status, change, and in the latest
 * year a sparkline with the projection), reporting compliance and warnings in plain words. Earlier
 * years keep their indicator table in a closed `<details>` (one click on screen; not printed), so a
 * seven-year series prints in about a dozen A4 pages. Then the methodology (with the provenance),
 * technical notes (the engine's messages) and input errors. Every user string is escaped.
 *
 * Layout: the page uses the window's width; below 640 px every table row becomes a card with its
 * column names; print never breaks inside a word or a table row.
 *
 * Status colours (Okabe–Ito hues darkened for text; contrast against white, WCAG 2 formula; the
 * status is always also given by an icon and a word, never by colour alone):
 * - achieved   `#007A5A` bluish green  5.34:1
 * - on track   `#0072B2` blue          5.19:1
 * - off track  `#8F5A00` dark orange   5.78:1
 * - regressing `#B8410B` vermillion    5.53:1
 * - no data / no target `#5F5F5F` grey 6.39:1
 * Body text `#1A1A1A` (17.4:1); muted text `#595959` (7.0:1); score bars `#0072B2` (5.19:1, above
 * the 3:1 needed for graphics) on a white track outlined in `#767676` (4.54:1).
 */
import { dimensionIds } from '../dimensions';
import type { IndicatorResult, IndicatorStatus, Report, Scorecard, Series } from '../schema/report';
import {
  categoryBars,
  categoryDimensions,
  categoryMethodNotes,
  categoryTable,
  parityLines,
} from './_categories';
import { escapeHtml as esc } from './_html';
import {
  bandLabel,
  breakdownText,
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
  indicatorPoints,
  indicatorTitle,
  institutionText,
  issueLine,
  label,
  levelName,
  makeView,
  matrixRef,
  matrixTitle,
  methodNotes,
  numberText,
  percentText,
  projectionText,
  reasonText,
  resultStatusWord,
  type Summary,
  scoreText,
  silentText,
  statusIcons,
  statusWord,
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
import { barChart, lineChart, sparkline } from './svg';

const statusClass: Readonly<Record<IndicatorStatus, string>> = {
  achieved: 's-a',
  'on-track': 's-on',
  'off-track': 's-off',
  regressing: 's-r',
  'no-data': 's-nd',
  'no-target': 's-nt',
};

// Pure, so that bundles importing anything else of the package leave the style sheet out.
const CSS = /* @__PURE__ */ (() =>
  `
:root{color:#1a1a1a;background:#fff;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
body{margin:0;padding:16px 24px}
h1{font-size:1.6em;margin:0 0 .3em}h2{font-size:1.35em;margin:1.4em 0 .4em;border-bottom:2px solid #1a1a1a}
h3{font-size:1.15em;margin:1.2em 0 .2em}h4{font-size:1em;margin:1em 0 .3em}
.sub,.muted,small{color:#595959}.note{border-left:4px solid #0072b2;padding:.2em .8em;margin:.8em 0}
nav ul{margin:.2em 0;padding-left:1.2em}nav a{color:#0063a0}
.summary{border:2px solid #1a1a1a;padding:.2em 1em .6em;margin:.6em 0 1em}.summary h3{margin-top:.4em}
.summary ul{margin:.2em 0 .5em;padding-left:1.2em;columns:2 26em;column-gap:32px}.summary li{break-inside:avoid}.summary p{margin:.3em 0}
.kpi{display:flex;flex-wrap:wrap;gap:8px 32px;align-items:baseline;margin:.6em 0}
.kpi .big{font-size:2.2em;font-weight:700}.kpi .big small{display:block;font-size:.4em;font-weight:400}
.kpi dl{display:grid;grid-template-columns:auto auto;gap:0 12px;margin:0}.kpi dt{color:#595959}.kpi dd{margin:0}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:8px 32px}
svg.chart{max-width:100%;height:auto;display:block}
.chart text{font-size:12px;fill:#1a1a1a}.chart .val{text-anchor:end;font-weight:700}.chart text.nd{font-style:italic;fill:#595959}
.chart .track{fill:#fff;stroke:#767676}.chart .track.nd{stroke-dasharray:4 3}.chart .bar{fill:#0072b2}
.chart .grid{stroke:#c8c8c8}.chart .axis{text-anchor:end;fill:#595959}.chart .yr,.chart .pt{text-anchor:middle}
.chart .line{fill:none;stroke:#0072b2;stroke-width:2}.chart .dot{fill:#0072b2}
svg.spark{vertical-align:middle}.spark polyline{fill:none;stroke:#1a1a1a;stroke-width:1.5}.spark circle{fill:#1a1a1a}
table{border-collapse:collapse;width:100%;margin:.4em 0 1em;font-size:.9em}
th,td{text-align:left;vertical-align:top;padding:3px 6px;border-bottom:1px solid #d0d0d0}
thead th{border-bottom:2px solid #1a1a1a}tbody th{padding-top:10px;border-bottom:1px solid #1a1a1a}
.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}.v{text-align:right;font-variant-numeric:tabular-nums}
.ind td:nth-child(2){min-width:12em}.id{white-space:nowrap;color:#595959}.ind td small{display:block}
.s{font-weight:600}.s small{display:block;font-weight:400}
.s-a{color:#007a5a}.s-on{color:#0072b2}.s-off{color:#8f5a00}.s-r{color:#b8410b}.s-nd,.s-nt{color:#5f5f5f}
.tr{white-space:nowrap}.tr small{display:block;white-space:normal}
details>summary{cursor:pointer;font-weight:600;margin:.6em 0}.scroll{overflow-x:auto}
ul.warn li{margin:.15em 0}
@media (max-width:640px){
body{padding:8px 12px}.kpi{gap:4px 16px}
table.ind,table.ind tbody,table.ind tr,table.ind td,table.rep,table.rep tbody,table.rep tr,table.rep td,table.cat,table.cat tbody,table.cat tr,table.cat td{display:block;width:auto}
table.ind thead,table.rep thead,table.cat thead{display:none}table.ind tbody th{display:block}
table.ind tr,table.rep tr,table.cat tr{border:1px solid #c8c8c8;margin:6px 0;padding:4px 6px}
table.ind td,table.rep td,table.cat td{border:0;padding:1px 0;text-align:left;white-space:normal}
table.ind td[data-l]::before,table.rep td[data-l]::before,table.cat td[data-l]::before{content:attr(data-l) ": ";color:#595959;font-weight:400}
.ind td:nth-child(2){min-width:0;font-weight:600}
}
@page{size:A4;margin:12mm}
@media print{
:root{font-size:8.5pt;line-height:1.3}body{padding:0}nav,.screen{display:none}
h2{margin:.8em 0 .3em}h3{margin:.8em 0 .2em}h4{margin:.6em 0 .2em}
.charts{grid-template-columns:1fr 1fr}.trends .charts{grid-template-columns:1fr}.earlier .charts{display:none}.scroll{overflow:visible}
table{font-size:.92em;margin:.2em 0 .6em}th,td{padding:1px 3px}
.entity+.entity,.method{break-before:page}
tr,svg,.kpi,h3,h4,.summary li{break-inside:avoid}h2,h3,h4{break-after:avoid}.summary li{line-height:1.15}.summary p{margin:.2em 0}
thead{display:table-header-group}a{color:inherit;text-decoration:none}
svg{print-color-adjust:exact;-webkit-print-color-adjust:exact}
}`
    .trim()
    .replace(/\n/g, ''))();

/**
 * Render a report as one self-contained HTML page.
 *
 * @example
 * ```ts
 * const html = renderHtml(report, { lang: 'fr' });
 * ```
 */
export function renderHtml(report: Report, options: FormatOptions = {}): string {
  const v = makeView(report, options);
  const t = v.t;
  const groups = entityGroups(report);
  const title = `${t.scorecards} · ${matrixTitle(v)}`;
  let h = `<!DOCTYPE html>\n<html lang="${v.lang}">\n<head>\n<meta charset="utf-8">\n`;
  h += '<meta name="viewport" content="width=device-width, initial-scale=1">\n';
  h += `<title>${esc(title)}</title>\n<style>${CSS}</style>\n</head>\n<body>\n<header>\n`;
  h += `<h1>${esc(title)}</h1>\n`;
  let sub = `${esc(withColon(v, t.matrix))} ${esc(matrixTitle(v))} · ${esc(matrixRef(v))}`;
  if (v.generatedAt !== undefined) sub += ` · ${esc(withColon(v, t.generated))} ${esc(v.generatedAt)}`;
  h += `<p class="sub">${sub}</p>\n`;
  if (report.matrix.disclaimer !== undefined)
    h += `<p class="note">${esc(text(v, report.matrix.disclaimer))}</p>\n`;
  const fallback = fallbackNote(v);
  if (fallback !== undefined) h += `<p class="note lang-fallback">${esc(fallback)}</p>\n`;
  h += contents(v, groups);
  h += '</header>\n<main>\n';
  groups.forEach((g, i) => {
    h += entity(v, g, `e${i + 1}`);
  });
  h += `<section class="method" id="method">\n<h2>${esc(t.methodology)}</h2>\n`;
  h += `<p>${esc(t.scoreLegend)}.</p>\n`;
  for (const p of methodNotes(v).concat(categoryMethodNotes(v))) h += `<p>${esc(p)}</p>\n`;
  h += '</section>\n';
  const tech = technicalLines(v);
  if (tech.length > 0) {
    h += `<section class="tech" id="tech">\n<details>\n<summary>${esc(t.technicalNotes)} (${tech.length})</summary>\n<p class="sub">${esc(t.technicalNotesIntro)}</p>\n<ul class="warn">\n`;
    for (const line of tech) h += `<li>${esc(line)}</li>\n`;
    h += '</ul>\n</details>\n</section>\n';
  }
  if (report.errors.length > 0) {
    h += `<section class="errors" id="errors">\n<h2>${esc(t.errors)}</h2>\n<ul class="warn">\n`;
    for (const e of report.errors) h += `<li>${esc(issueLine(e))}</li>\n`;
    h += '</ul>\n</section>\n';
  }
  h += '</main>\n</body>\n</html>\n';
  return h;
}

function contents(v: View, groups: readonly EntityGroup[]): string {
  let h = `<nav>\n<h2>${esc(v.t.contents)}</h2>\n<ul>\n`;
  groups.forEach((g, i) => {
    const id = `e${i + 1}`;
    const sub = g.cards.map((c) => `<a href="#${id}-y${c.year}">${c.year}</a>`);
    if (g.series) sub.unshift(`<a href="#${id}-trends">${esc(v.t.trends)}</a>`);
    h += `<li><a href="#${id}">${esc(g.name)}</a>: ${sub.join(', ')}</li>\n`;
  });
  h += `<li><a href="#method">${esc(v.t.methodology)}</a></li>\n`;
  if (v.report.errors.length > 0) h += `<li><a href="#errors">${esc(v.t.errors)}</a></li>\n`;
  return `${h}</ul>\n</nav>\n`;
}

function entity(v: View, g: EntityGroup, id: string): string {
  let h = `<section class="entity" id="${id}">\n<h2>${esc(g.name)}</h2>\n`;
  const latest = g.cards[0];
  if (latest) h += summary(v, summaryOf(v, latest), `${id}-summary`);
  if (g.series) h += trends(v, g, g.series, id);
  g.cards.forEach((card, i) => {
    h += scorecard(v, g, card, `${id}-y${card.year}`, i === 0 ? g.series : undefined, i === 0);
  });
  return `${h}</section>\n`;
}

function summary(v: View, s: Summary, id: string): string {
  const t = v.t;
  const name = (r: IndicatorResult) => esc(indicatorName(v, r.id));
  let h = `<section class="summary" id="${id}">\n<h3>${esc(t.summary)}, ${s.card.year}</h3>\n`;
  h += `<p><strong>${esc(summaryOverall(v, s))}</strong> ${esc(summaryCoverage(v, s))}</p>\n`;
  h += `<p>${esc(summaryThemes(v, s))}</p>\n`;
  for (const line of parityLines(v, s.card)) h += `<p class="parity"><strong>${esc(line)}</strong></p>\n`;
  h += `<p>${esc(withColon(v, t['summary.counts']))} ${esc(summaryCounts(v, s))}</p>\n`;
  const list = (heading: string, items: readonly string[]) => {
    let x = `<h4>${esc(heading)}</h4>\n`;
    if (items.length === 0) return `${x}<p class="muted">${esc(t['summary.none'])}</p>\n`;
    x += '<ul>\n';
    for (const it of items.slice(0, 12)) x += `<li>${it}</li>\n`;
    if (items.length > 12) x += `<li>${esc(label(v, 'summary.andMore', { n: items.length - 12 }))}</li>\n`;
    return `${x}</ul>\n`;
  };
  if (s.hasTargets)
    h += list(
      t['summary.attention'],
      s.attention.map(
        (r) => `<span class="${statusClass[r.status]}">${statusIcons[r.status]}</span> ${name(r)}`,
      ),
    );
  if (s.hasTargets) h += list(t['summary.achieved'], s.achieved.map(name));
  if (s.previous !== undefined)
    h += list(
      label(v, 'summary.movers', { year: s.previous.year }),
      s.movers.map((m) => `${name(m.r)}: ${esc(deltaText(v, m.delta))}`),
    );
  if (s.card.reporting.length > 0)
    h += list(
      t['summary.silent'],
      s.silent.map((r) => esc(silentText(v, r))),
    );
  return `${h}</section>\n`;
}

function trends(v: View, g: EntityGroup, s: Series, id: string): string {
  const t = v.t;
  const first = s.years[0];
  const last = s.years[s.years.length - 1];
  let h = `<section class="trends" id="${id}-trends">\n<h3>${esc(g.name)}: ${esc(t.trends)}, ${first}–${last}</h3>\n`;
  h += '<div class="charts">\n<div>';
  h += lineChart(
    s.overall.map((p) => ({ year: p.year, value: p.score })),
    { title: `${t.overallScore}, ${first}–${last}`, valueText: (x) => scoreText(v, x) },
  );
  h += `</div>\n<div class="scroll">\n<table>\n<thead><tr><th>${esc(t.scoreHistory)}</th>${s.years.map((y) => `<th class="n">${y}</th>`).join('')}</tr></thead>\n<tbody>\n`;
  const row = (name: string, hist: readonly { year: number; score: number | null }[], strong = false) => {
    const byYear = new Map(hist.map((p) => [p.year, p.score]));
    const cells = s.years.map((y) => `<td class="n">${esc(scoreText(v, byYear.get(y) ?? null))}</td>`);
    const n = strong ? `<strong>${esc(name)}</strong>` : esc(name);
    return `<tr><td>${n}</td>${cells.join('')}</tr>\n`;
  };
  h += row(t.overallScore, s.overall, true);
  const uncovered = new Set(uncoveredDimensions(v));
  if (!themesMirrorDimensions(v)) {
    h += `<tr><th colspan="${s.years.length + 1}">${esc(t.dimensions)}</th></tr>\n`;
    for (const d of dimensionIds)
      if (!uncovered.has(d))
        h += row(dimensionLabel(v, d), s.dimensions.find((x) => x.id === d)?.history ?? []);
  }
  h += `<tr><th colspan="${s.years.length + 1}">${esc(levelName(v, 'themes'))}</th></tr>\n`;
  for (const th of s.themes) h += row(themeTitle(v, th.id), th.history);
  return `${h}</tbody>\n</table>\n</div>\n</div>\n</section>\n`;
}

function scorecard(
  v: View,
  g: EntityGroup,
  card: Scorecard,
  id: string,
  series: Series | undefined,
  latest: boolean,
): string {
  const t = v.t;
  let h = `<section class="card ${latest ? 'latest' : 'earlier'}" id="${id}">\n<h3>${esc(g.name)}, ${card.year}</h3>\n`;
  const cov = coverageOf(v.report, card);
  h += `<div class="kpi"><div class="big"><small>${esc(t.overallScore)}</small>${esc(scoreText(v, card.overall.score))}</div><dl>`;
  h += `<dt>${esc(t.band)}</dt><dd>${esc(bandLabel(v, card.overall.band))}</dd>`;
  h += `<dt>${esc(t['coverage.reported'])}</dt><dd>${esc(percentText(v, cov.reported))}</dd>`;
  h += `<dt>${esc(t['coverage.used'])}</dt><dd>${esc(percentText(v, cov.used))}</dd>`;
  if (card.status !== null) h += `<dt>${esc(t.assessment)}</dt><dd>${esc(t[card.status])}</dd>`;
  const subs = submissions(card);
  if (subs.length > 0)
    h += `<dt>${esc(t.submittedBy)}</dt><dd>${esc(subs.map((x) => institutionText(v, x)).join(', '))}</dd>`;
  h += '</dl></div>\n';

  const groups = themeGroups(v, card);
  const uncovered = uncoveredDimensions(v);
  h += '<div class="charts">\n';
  if (!themesMirrorDimensions(v)) {
    h += `<div><h4>${esc(t.dimensions)}</h4>\n`;
    h += barChart(
      dimensionIds
        .filter((d) => !uncovered.includes(d))
        .map((d) => {
          const score = card.dimensions.find((x) => x.id === d)?.score ?? null;
          return { label: dimensionLabel(v, d), score, valueText: scoreText(v, score) };
        }),
      { title: `${t.dimensions}, ${card.year}`, noData: statusWord(v, 'no-data') },
    );
    h += '</div>\n';
  }
  h += `<div><h4>${esc(levelName(v, 'themes'))}</h4>\n`;
  h += barChart(
    groups.map((th) => {
      const score = th.result?.score ?? null;
      return { label: th.title, score, valueText: scoreText(v, score) };
    }),
    { title: `${levelName(v, 'themes')}, ${card.year}`, noData: statusWord(v, 'no-data') },
  );
  h += '</div>\n</div>\n';
  if (uncovered.length > 0)
    h += `<p class="sub">${esc(label(v, 'notCoveredList', { list: uncovered.map((d) => dimensionLabel(v, d)).join(', ') }))}</p>\n`;

  const cols = indicatorColumns(v);
  const numeric = new Set([2, 4, 5, 6]);
  if (series) cols.push(t.trend);
  let table = `<table class="ind">\n<thead><tr>`;
  table += cols.map((c, i) => `<th${numeric.has(i) ? ' class="n"' : ''}>${esc(c)}</th>`).join('');
  table += '</tr></thead>\n';
  for (const th of groups) {
    const band = th.result?.band ? ` · ${bandLabel(v, th.result.band)}` : '';
    const dim = v.themes.get(th.id)?.dimension;
    const dimName = dim ? ` (${dimensionLabel(v, dim)})` : '';
    table += `<tbody>\n<tr><th colspan="${cols.length}">${esc(th.title)}${esc(dimName)} · ${esc(scoreText(v, th.result?.score ?? null))}${esc(band)}</th></tr>\n`;
    for (const r of th.indicators) table += indicatorRow(v, card, r, series, cols);
    table += '</tbody>\n';
  }
  table += '</table>\n';
  if (latest) h += `<h4>${esc(levelName(v, 'indicators'))}</h4>\n${table}`;
  else
    h += `<details>\n<summary>${esc(label(v, 'indicatorsOfYear', { n: card.indicators.length, year: card.year }))}</summary>\n${table}</details>\n`;

  // Issue 16: like the indicator table, an earlier year's category results are folded away (its
  // table only: the gap charts are the latest year's).
  const byCategory = categories(v, card, latest);
  if (latest || byCategory === '') h += byCategory;
  else {
    const dimensions = categoryDimensions(v)
      .map((d) => d.dimension)
      .join(', ');
    h += `<details>\n<summary>${esc(label(v, 'categoriesOfYear', { dimensions, year: card.year }))}</summary>\n${byCategory}</details>\n`;
  }

  if (card.reporting.length > 0) {
    h += `<h4>${esc(t.reporting)}</h4>\n<table class="rep">\n<thead><tr><th>${esc(t.institution)}</th><th class="n">${esc(t.expected)}</th><th class="n">${esc(t.reportedCount)}</th><th>${esc(t.missing)}</th></tr></thead>\n<tbody>\n`;
    for (const r of card.reporting) {
      const missing = r.missing.length === 0 ? DASH : r.missing.join(', ');
      h += `<tr><td>${esc(institutionText(v, r.institution))}</td><td class="n" data-l="${esc(t.expected)}">${r.expected}</td><td class="n" data-l="${esc(t.reportedCount)}">${r.reported}</td><td data-l="${esc(t.missing)}">${esc(missing)}</td></tr>\n`;
    }
    h += '</tbody>\n</table>\n';
  }
  if (card.warnings.length > 0) {
    h += `<h4>${esc(t.warnings)}</h4>\n<ul class="warn">\n`;
    for (const w of card.warnings) h += `<li>${esc(warningText(v, card, w))}</li>\n`;
    h += '</ul>\n';
  }
  return `${h}</section>\n`;
}

/**
 * Issue 16: per breakdown dimension, the compact category table and (with `charts`, the latest
 * year) a gap chart per indicator.
 */
function categories(v: View, card: Scorecard, charts: boolean): string {
  let h = '';
  for (const { dimension, categories: cats } of categoryDimensions(v)) {
    const tab = categoryTable(v, card, dimension, cats);
    if (!tab) continue;
    h += `<h4>${esc(label(v, 'category.by', { dimension }))}</h4>\n<table class="cat">\n<thead><tr>`;
    h += tab.head.map((c, i) => `<th${i === 0 ? '' : ' class="n"'}>${esc(c)}</th>`).join('');
    h += '</tr></thead>\n<tbody>\n';
    const compared = tab.head.length > cats.length + 1;
    for (const r of tab.rows) {
      const name = r.strong ? `<strong>${esc(r.name)}</strong>` : esc(r.name);
      const cells = r.scores.map(
        (x, i) => `<td class="n" data-l="${esc(cats[i]!)}">${esc(scoreText(v, x))}</td>`,
      );
      if (compared)
        cells.push(
          `<td class="n" data-l="${esc(tab.head[cats.length + 1]!)}">${esc(r.gap)}</td>`,
          `<td class="n" data-l="${esc(tab.head[cats.length + 2]!)}">${esc(r.parity)}</td>`,
        );
      h += `<tr><td>${name}</td>${cells.join('')}</tr>\n`;
    }
    h += '</tbody>\n</table>\n';
    const bars = charts ? categoryBars(v, card, dimension, cats) : [];
    if (bars.length === 0) continue;
    h += `<h4>${esc(label(v, 'category.gapChart', { dimension }))}</h4>\n<div class="charts">\n`;
    for (const b of bars) {
      h += `<div><h5>${esc(b.indicator)}</h5>\n`;
      h += barChart(
        b.bars.map((x) => ({ label: x.category, score: x.score, valueText: x.text })),
        { title: `${b.indicator}, ${card.year}`, noData: statusWord(v, 'no-data') },
      );
      h += '</div>\n';
    }
    h += '</div>\n';
  }
  return h;
}

function indicatorRow(
  v: View,
  card: Scorecard,
  r: IndicatorResult,
  series: Series | undefined,
  cols: readonly string[],
): string {
  const l = (i: number) => ` data-l="${esc(cols[i] ?? '')}"`;
  let value = esc(valueText(v, r));
  if (r.carriedFrom !== undefined)
    value += `<small>${esc(label(v, 'carriedFrom', { year: r.carriedFrom }))}</small>`;
  const breakdown = breakdownText(v, r);
  if (breakdown.length > 0) value += `<small>${esc(breakdown.join('; '))}</small>`;
  const reason = r.reason !== undefined ? `<small>${esc(reasonText(v, r.reason))}</small>` : '';
  const details = detailLines(v, r)
    .map((d) => `<small>${esc(d)}</small>`)
    .join('');
  let h = `<tr><td class="id">${esc(r.id)}</td><td>${esc(indicatorTitle(v, r.id))}${details}</td><td class="v"${l(2)}>${value}</td>`;
  h += `<td${l(3)}>${esc(targetText(v, r))}</td><td class="n"${l(4)}>${esc(scoreText(v, r.score))}</td>`;
  h += `<td class="n"${l(5)}>${esc(percentText(v, r.progress))}</td><td class="n"${l(6)}>${esc(percentText(v, r.expected))}</td>`;
  h += `<td class="s ${statusClass[r.status]}"${l(7)}>${statusIcons[r.status]} ${esc(resultStatusWord(v, r))}${reason}</td>`;
  h += `<td${l(8)}>${esc(changeText(v, r, card.year))}</td>`;
  if (series) {
    const points = indicatorPoints(v, series, r.id);
    const meta = v.indicators.get(r.id);
    const decrease = meta?.direction === 'decrease';
    let described = points
      .map(
        (p) =>
          `${p.year}: ${p.value === null ? DASH : meta?.kind === 'qualitative' ? scoreText(v, p.value) : numberText(v, p.value, meta?.decimals)}`,
      )
      .join('; ');
    if (decrease) described += ` (${v.t.lowerIsBetter})`;
    const proj = series.indicators.find((i) => i.id === r.id)?.projection;
    const hint = decrease ? `<small>↑ ${esc(v.t.lowerIsBetter)}</small>` : '';
    h += `<td class="tr"${l(9)}>${sparkline(points, described, decrease)}${hint}${proj ? `<small>${esc(projectionText(v, proj))}</small>` : ''}</td>`;
  }
  return `${h}</tr>\n`;
}
