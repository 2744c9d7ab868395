/**
 * A report as ONE self-contained HTML page: inline CSS and inline SVG only: no script, no web
 * font, no image or stylesheet by URL, no link that loads anything (only `#…` anchors within the
 * page). It can be mailed, archived or printed (A4, one entity and one scorecard per page) as it is.
 *
 * Content: a header (matrix, provenance, "not a ranking" note, contents); per entity in report
 * order (never by score: the MGI is not a ranking) the score history when there are several years,
 * then one scorecard per year, latest first: headline, bars of the six dimensions and of the themes,
 * a table of every indicator (value, target, score, progress, expected, status, change, and in the
 * latest year a sparkline over the years with the projection), reporting compliance and warnings;
 * then the methodology note and input errors. Every user string is escaped.
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
import { escapeHtml as esc } from './_html';
import {
  bandLabel,
  changeText,
  DASH,
  dimensionLabel,
  type EntityGroup,
  entityGroups,
  type FormatOptions,
  indicatorPoints,
  indicatorTitle,
  issueLine,
  label,
  makeView,
  matrixRef,
  matrixTitle,
  methodNotes,
  numberText,
  percentText,
  projectionText,
  reasonText,
  scoreText,
  statusIcons,
  statusWord,
  submissions,
  targetText,
  themeGroups,
  themeTitle,
  type View,
  valueText,
  warningText,
  withColon,
} from './_view';
import { barChart, lineChart, sparkline } from './svg';

const statusClass: Readonly<Record<IndicatorStatus, string>> = {
  achieved: 's-a',
  'on-track': 's-on',
  'off-track': 's-off',
  regressing: 's-r',
  'no-data': 's-nd',
  'no-target': 's-nt',
};

const CSS = `
:root{color:#1a1a1a;background:#fff;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
body{margin:0 auto;padding:24px;max-width:1120px}
h1{font-size:1.6em;margin:0 0 .3em}h2{font-size:1.35em;margin:1.6em 0 .4em;border-bottom:2px solid #1a1a1a}
h3{font-size:1.15em;margin:1.4em 0 .2em}h4{font-size:1em;margin:1.2em 0 .4em}
.sub,.muted,small{color:#595959}.note{border-left:4px solid #0072b2;padding:.2em .8em;margin:1em 0}
nav ul{margin:.2em 0;padding-left:1.2em}nav a{color:#0063a0}
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
.ind td:nth-child(2){min-width:14em;width:30%}.id{white-space:nowrap;color:#595959}
.s{white-space:nowrap;font-weight:600}.s small{display:block;font-weight:400;white-space:normal}
.s-a{color:#007a5a}.s-on{color:#0072b2}.s-off{color:#8f5a00}.s-r{color:#b8410b}.s-nd,.s-nt{color:#5f5f5f}
.tr{white-space:nowrap;min-width:8em}.tr small{display:block;white-space:normal}
ul.warn li{margin:.15em 0}
@page{size:A4;margin:15mm}
@media print{
:root{font-size:10pt}body{padding:0;max-width:none}nav{display:none}.charts{grid-template-columns:1fr 1fr}
table{font-size:.8em}th,td{padding:2px 3px}.ind{table-layout:fixed}.ind th{overflow-wrap:anywhere;font-size:.9em}.ind td{overflow-wrap:break-word}
.ind th:nth-child(1){width:6%}.ind th:nth-child(2){width:17%}.ind th:nth-child(3),.ind th:nth-child(4),.ind th:nth-child(9){width:10%}
.ind th:nth-child(5),.ind th:nth-child(6),.ind th:nth-child(7){width:8%}.ind th:nth-child(8){width:11%}.ind th:nth-child(10){width:12%}
.s,.v{white-space:normal}.tr{min-width:0}svg.spark{max-width:100%;height:auto}
.entity,.method,.errors{break-before:page;page-break-before:always}
.entity>.card{break-before:page;page-break-before:always}.entity>h2+.card{break-before:auto;page-break-before:auto}
tr,svg,.kpi,h3,h4{break-inside:avoid;page-break-inside:avoid}h3,h4{break-after:avoid;page-break-after:avoid}
thead{display:table-header-group}a{color:inherit;text-decoration:none}
svg{print-color-adjust:exact;-webkit-print-color-adjust:exact}
}`
  .trim()
  .replace(/\n/g, '');

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
  h += `<p class="sub">${esc(withColon(v, t.matrix))} ${esc(matrixTitle(v))} · ${esc(matrixRef(v))}</p>\n`;
  if (report.matrix.provenance !== undefined) {
    h += `<p class="sub">${esc(withColon(v, t.provenance))} ${esc(report.matrix.provenance)}</p>\n`;
  }
  if (v.generatedAt !== undefined)
    h += `<p class="sub">${esc(withColon(v, t.generated))} ${esc(v.generatedAt)}</p>\n`;
  h += `<p class="note">${esc(t.notRanking)}</p>\n`;
  h += contents(v, groups);
  h += '</header>\n<main>\n';
  groups.forEach((g, i) => {
    h += entity(v, g, `e${i + 1}`);
  });
  h += `<section class="method" id="method">\n<h2>${esc(t.methodology)}</h2>\n`;
  h += `<p>${esc(t.scoreLegend)}.</p>\n`;
  for (const p of methodNotes(v)) h += `<p>${esc(p)}</p>\n`;
  h += '</section>\n';
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
  if (g.series) h += trends(v, g, g.series, id);
  g.cards.forEach((card, i) => {
    h += scorecard(v, g, card, `${id}-y${card.year}`, i === 0 ? g.series : undefined);
  });
  return `${h}</section>\n`;
}

function trends(v: View, g: EntityGroup, s: Series, id: string): string {
  const t = v.t;
  const first = s.years[0];
  const last = s.years[s.years.length - 1];
  let h = `<section class="trends" id="${id}-trends">\n<h3>${esc(g.name)}: ${esc(t.trends)}, ${first}–${last}</h3>\n`;
  h += `<h4>${esc(t.overallScore)}</h4>\n`;
  h += lineChart(
    s.overall.map((p) => ({ year: p.year, value: p.score })),
    { title: `${t.overallScore}, ${first}–${last}`, valueText: (x) => scoreText(v, x) },
  );
  h += `\n<h4>${esc(t.scoreHistory)}</h4>\n<table>\n<thead><tr><th></th>${s.years.map((y) => `<th class="n">${y}</th>`).join('')}</tr></thead>\n<tbody>\n`;
  const row = (name: string, hist: readonly { year: number; score: number | null }[], strong = false) => {
    const cells = s.years.map(
      (y) => `<td class="n">${esc(scoreText(v, hist.find((p) => p.year === y)?.score ?? null))}</td>`,
    );
    const n = strong ? `<strong>${esc(name)}</strong>` : esc(name);
    return `<tr><td>${n}</td>${cells.join('')}</tr>\n`;
  };
  h += row(t.overallScore, s.overall, true);
  h += `<tr><th colspan="${s.years.length + 1}">${esc(t.dimensions)}</th></tr>\n`;
  for (const d of dimensionIds)
    h += row(dimensionLabel(v, d), s.dimensions.find((x) => x.id === d)?.history ?? []);
  h += `<tr><th colspan="${s.years.length + 1}">${esc(t.themes)}</th></tr>\n`;
  for (const th of s.themes) h += row(themeTitle(v, th.id), th.history);
  return `${h}</tbody>\n</table>\n</section>\n`;
}

function scorecard(v: View, g: EntityGroup, card: Scorecard, id: string, series: Series | undefined): string {
  const t = v.t;
  let h = `<section class="card" id="${id}">\n<h3>${esc(g.name)}, ${card.year}</h3>\n`;
  h += `<p class="sub">${esc(matrixTitle(v))} · ${esc(`${card.matrix.id}@${card.matrix.version}`)}</p>\n`;
  h += `<div class="kpi"><div class="big"><small>${esc(t.overallScore)}</small>${esc(scoreText(v, card.overall.score))}</div><dl>`;
  h += `<dt>${esc(t.band)}</dt><dd>${esc(bandLabel(v, card.overall.band))}</dd>`;
  h += `<dt>${esc(t.coverage)}</dt><dd>${esc(percentText(v, card.overall.coverage))}</dd>`;
  if (card.status !== null) h += `<dt>${esc(t.assessment)}</dt><dd>${esc(t[card.status])}</dd>`;
  const subs = submissions(card);
  if (subs.length > 0) h += `<dt>${esc(t.submittedBy)}</dt><dd>${esc(subs.join(', '))}</dd>`;
  h += '</dl></div>\n';

  const groups = themeGroups(v, card);
  h += '<div class="charts">\n';
  h += `<div><h4>${esc(t.dimensions)}</h4>\n`;
  h += barChart(
    dimensionIds.map((d) => {
      const r = card.dimensions.find((x) => x.id === d);
      const score = r?.score ?? null;
      return { label: dimensionLabel(v, d), score, valueText: scoreText(v, score) };
    }),
    { title: `${t.dimensions}, ${card.year}`, noData: statusWord(v, 'no-data') },
  );
  h += `</div>\n<div><h4>${esc(t.themes)}</h4>\n`;
  h += barChart(
    groups.map((th) => {
      const score = th.result?.score ?? null;
      return { label: th.title, score, valueText: scoreText(v, score) };
    }),
    { title: `${t.themes}, ${card.year}`, noData: statusWord(v, 'no-data') },
  );
  h += '</div>\n</div>\n';

  const cols = [t.id, t.indicator, t.value, t.target, t.score, t.progress, t.expected, t.status, t.change];
  const numeric = new Set([2, 4, 5, 6]);
  if (series) cols.push(t.trend);
  h += `<h4>${esc(t.indicators)}</h4>\n<table class="ind">\n<thead><tr>`;
  h += cols.map((c, i) => `<th${numeric.has(i) ? ' class="n"' : ''}>${esc(c)}</th>`).join('');
  h += '</tr></thead>\n';
  for (const th of groups) {
    const band = th.result?.band ? ` · ${bandLabel(v, th.result.band)}` : '';
    h += `<tbody>\n<tr><th colspan="${cols.length}">${esc(th.title)} · ${esc(scoreText(v, th.result?.score ?? null))}${esc(band)}</th></tr>\n`;
    for (const r of th.indicators) h += indicatorRow(v, card, r, series);
    h += '</tbody>\n';
  }
  h += '</table>\n';

  if (card.reporting.length > 0) {
    h += `<h4>${esc(t.reporting)}</h4>\n<table>\n<thead><tr><th>${esc(t.institution)}</th><th class="n">${esc(t.expected)}</th><th class="n">${esc(t.reportedCount)}</th><th>${esc(t.missing)}</th></tr></thead>\n<tbody>\n`;
    for (const r of card.reporting) {
      const missing = r.missing.length === 0 ? DASH : r.missing.join(', ');
      h += `<tr><td>${esc(r.institution)}</td><td class="n">${r.expected}</td><td class="n">${r.reported}</td><td>${esc(missing)}</td></tr>\n`;
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

function indicatorRow(v: View, card: Scorecard, r: IndicatorResult, series: Series | undefined): string {
  let value = esc(valueText(v, r));
  if (r.carriedFrom !== undefined)
    value += `<small> (${esc(label(v, 'carriedFrom', { year: r.carriedFrom }))})</small>`;
  const reason = r.reason !== undefined ? `<small>${esc(reasonText(v, r.reason))}</small>` : '';
  let h = `<tr><td class="id">${esc(r.id)}</td><td>${esc(indicatorTitle(v, r.id))}</td><td class="v">${value}</td>`;
  h += `<td>${esc(targetText(v, r))}</td><td class="n">${esc(scoreText(v, r.score))}</td>`;
  h += `<td class="n">${esc(percentText(v, r.progress))}</td><td class="n">${esc(percentText(v, r.expected))}</td>`;
  h += `<td class="s ${statusClass[r.status]}">${statusIcons[r.status]} ${esc(statusWord(v, r.status))}${reason}</td>`;
  h += `<td>${esc(changeText(v, r, card.year))}</td>`;
  if (series) {
    const points = indicatorPoints(v, series, r.id);
    const meta = v.indicators.get(r.id);
    const described = points
      .map(
        (p) =>
          `${p.year}: ${p.value === null ? DASH : meta?.kind === 'qualitative' ? scoreText(v, p.value) : numberText(v, p.value, meta?.decimals)}`,
      )
      .join('; ');
    const proj = series.indicators.find((i) => i.id === r.id)?.projection;
    h += `<td class="tr">${sparkline(points, described)}${proj ? `<small>${esc(projectionText(v, proj))}</small>` : ''}</td>`;
  }
  return `${h}</tr>\n`;
}
