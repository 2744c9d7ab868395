/**
 * Renderers of a sensitivity result (`sensitivity()`, `mgi sensitivity`): CSV, one row per
 * entity-year with a first-order and a total index column per varied choice; and HTML, a section
 * with an interval chart (inline SVG: per entity-year the 5–95 % interval as a bar, the median as a
 * tick and the score as given as a dot) and the tables of intervals and indices, in five languages.
 * Deterministic: numbers are formatted without the host's locale.
 */
import { checkedLanguage, type Language } from '../dimensions';
import { toCsv } from '../io/_csv';
import type { Sensitivity, SensitivityRow } from '../schema/sensitivity';
import { escapeHtml as esc } from './_html';
import { type CatalogueKey, catalogues, fill, formatNumber, formatPercent } from './i18n';

/** The fixed columns of {@link renderSensitivityCsv}; then `S:<choice>` and `ST:<choice>` per choice. */
export const sensitivityCsvColumns = [
  'entity',
  'year',
  'nominal',
  'nominal_band',
  'median',
  'p05',
  'p95',
  'unscored',
  'band_changed',
  'variance',
] as const;

const num = (x: number | null): string => (x === null ? '' : String(x));

/**
 * The result as RFC 4180 CSV: one row per entity-year; empty cells where the JSON has null. With
 * theme results (option `themes`) a `theme` column follows `year`: empty on the overall row, which
 * is followed by one row per theme (without band columns).
 */
export function renderSensitivityCsv(result: Sensitivity): string {
  const withThemes = result.results.some((r) => r.themes !== undefined);
  const head: string[] = [...sensitivityCsvColumns];
  if (withThemes) head.splice(2, 0, 'theme');
  for (const c of result.choices) head.push(`S:${c.id}`, `ST:${c.id}`);
  const rows: string[][] = [head];
  const indices = (xs: readonly { choice: string; first: number | null; total: number | null }[]) => {
    const out: string[] = [];
    for (const c of result.choices) {
      const x = xs.find((i) => i.choice === c.id);
      out.push(num(x?.first ?? null), num(x?.total ?? null));
    }
    return out;
  };
  for (const r of result.results) {
    const row = [r.entity, String(r.year)];
    if (withThemes) row.push('');
    row.push(num(r.nominal), r.nominalBand ?? '', num(r.median), num(r.p05), num(r.p95), String(r.unscored));
    row.push(num(r.bandChanged), num(r.variance));
    rows.push(row.concat(indices(r.indices)));
    for (const t of r.themes ?? []) {
      const tr = [
        r.entity,
        String(r.year),
        t.theme,
        num(t.nominal),
        '',
        num(t.median),
        num(t.p05),
        num(t.p95),
      ];
      tr.push(String(t.unscored), '', num(t.variance));
      rows.push(tr.concat(indices(t.indices)));
    }
  }
  return toCsv(rows);
}

const CSS =
  'body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1b1b1b}' +
  'table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{padding:.2rem .6rem;border-bottom:1px solid #ddd;text-align:right}' +
  'th:first-child,td:first-child{text-align:left}.sub{color:#555}' +
  '.chart .lbl{font-size:12px}.chart .track{fill:#f1f1f1}.chart .iv{fill:#7aa6d8}.chart .med{stroke:#0b3d75;stroke-width:2}' +
  '.chart .nom{fill:#c2410c}.chart .grid{stroke:#bbb;stroke-dasharray:2 3}.chart .ax{font-size:11px;fill:#555}';

/** A whole HTML page holding {@link sensitivitySection}. */
export function renderSensitivityHtml(
  result: Sensitivity,
  options: { readonly lang?: Language } = {},
): string {
  const lang = checkLang(options.lang);
  const t = catalogues[lang];
  const title = `${t.sensitivity} · ${result.matrix.id}@${result.matrix.version}`;
  let h = `<!DOCTYPE html>\n<html lang="${lang}">\n<head>\n<meta charset="utf-8">\n`;
  h += '<meta name="viewport" content="width=device-width, initial-scale=1">\n';
  h += `<title>${esc(title)}</title>\n<style>${CSS}</style>\n</head>\n<body>\n<main>\n`;
  h += sensitivitySection(result, { lang });
  return `${h}</main>\n</body>\n</html>\n`;
}

/** The sensitivity section alone (`<section class="sensitivity">`), to place in another page. */
export function sensitivitySection(result: Sensitivity, options: { readonly lang?: Language } = {}): string {
  const lang = checkLang(options.lang);
  const t = catalogues[lang];
  const n = (x: number | null, d = 1) => (x === null ? '—' : formatNumber(x, lang, { decimals: d }));
  let h = `<section class="sensitivity" id="sensitivity">\n<h2>${esc(t.sensitivity)}</h2>\n`;
  h += `<p class="sub">${esc(`${result.matrix.id}@${result.matrix.version}`)} · ${esc(
    fill(t['sensitivity.intro'], {
      samples: formatNumber(result.samples, lang, { decimals: 0 }),
      seed: String(result.seed),
      runs: formatNumber(result.runs, lang, { decimals: 0 }),
    }),
  )}</p>\n`;
  h += `<h3>${esc(t['sensitivity.choices'])}</h3>\n<ul>\n`;
  for (const c of result.choices) h += `<li>${esc(choiceLabel(c.id, lang))}: ${esc(c.description)}</li>\n`;
  if (result.choices.length === 0) h += `<li>${esc(t['sensitivity.nothing'])}</li>\n`;
  h += '</ul>\n';
  for (const [entity, rows] of byEntity(result.results)) {
    h += `<h3>${esc(entity)}</h3>\n`;
    h += intervalChart(rows, `${t['sensitivity.chart']}: ${entity}`, (x) => n(x));
    h += `<table>\n<thead><tr><th>${esc(t.year)}</th><th>${esc(t['sensitivity.nominal'])}</th><th>${esc(t.band)}</th><th>${esc(t['sensitivity.median'])}</th><th>${esc(t['sensitivity.interval'])}</th><th>${esc(t['sensitivity.bandChanged'])}</th><th>${esc(t['sensitivity.unscored'])}</th></tr></thead>\n<tbody>\n`;
    for (const r of rows) {
      const band = r.bandChanged === null ? '—' : formatPercent(r.bandChanged, lang);
      h += `<tr><td>${r.year}</td><td>${n(r.nominal)}</td><td>${esc(r.nominalBand ?? '—')}</td><td>${n(r.median)}</td><td>${n(r.p05)} – ${n(r.p95)}</td><td>${band}</td><td>${formatPercent(r.unscored, lang)}</td></tr>\n`;
    }
    h += '</tbody>\n</table>\n';
    if (rows.some((r) => r.themes !== undefined)) h += themeTable(rows, lang);
    if (result.choices.length > 0 && rows.some((r) => r.indices.length > 0))
      h += indexTable(result, rows, lang);
  }
  h += `<p class="sub">${esc(t['sensitivity.read'])}</p>\n</section>\n`;
  return h;
}

/** Per theme and year: the median and the 5–95 % interval (option `themes`). */
function themeTable(rows: readonly SensitivityRow[], lang: Language): string {
  const t = catalogues[lang];
  const n = (x: number | null) => (x === null ? '—' : formatNumber(x, lang, { decimals: 1 }));
  let h = `<table>\n<thead><tr><th>${esc(t.theme)}</th>`;
  for (const r of rows) h += `<th>${r.year}</th>`;
  h += '</tr></thead>\n<tbody>\n';
  for (const [k, th] of (rows[0]?.themes ?? []).entries()) {
    h += `<tr><td>${esc(th.theme)}</td>`;
    for (const r of rows) {
      const x = r.themes?.[k];
      h += `<td>${x ? `${n(x.median)} (${n(x.p05)} – ${n(x.p95)})` : '—'}</td>`;
    }
    h += '</tr>\n';
  }
  return `${h}</tbody>\n</table>\n<p class="sub">${esc(t['sensitivity.themes'])}</p>\n`;
}

function indexTable(result: Sensitivity, rows: readonly SensitivityRow[], lang: Language): string {
  const t = catalogues[lang];
  const n = (x: number | null | undefined) => (x == null ? '—' : formatNumber(x, lang, { decimals: 2 }));
  let h = `<table>\n<thead><tr><th>${esc(t['sensitivity.choice'])}</th>`;
  for (const r of rows) h += `<th>${r.year}: S</th><th>${r.year}: S<sub>T</sub></th>`;
  h += `</tr></thead>\n<tbody>\n`;
  for (const c of result.choices) {
    h += `<tr><td>${esc(choiceLabel(c.id, lang))}</td>`;
    for (const r of rows) {
      const x = r.indices.find((i) => i.choice === c.id);
      h += `<td>${n(x?.first)}</td><td>${n(x?.total)}</td>`;
    }
    h += '</tr>\n';
  }
  return `${h}</tbody>\n</table>\n<p class="sub">S: ${esc(t['sensitivity.first'])} · S<sub>T</sub>: ${esc(t['sensitivity.total'])}</p>\n`;
}

const WIDTH = 480;
const LABEL_W = 48;
const ROW = 22;
const r1 = (x: number) => Math.round(x * 10) / 10;

/** Per entity-year a row on 0–100: the 5–95 % interval as a bar, the median a tick, the nominal a dot. */
export function intervalChart(
  rows: readonly SensitivityRow[],
  title: string,
  fmt: (x: number) => string,
): string {
  const trackW = WIDTH - LABEL_W - 8;
  const x = (v: number) => r1(LABEL_W + (Math.min(100, Math.max(0, v)) / 100) * trackW);
  const h = rows.length * ROW + 18;
  let body = '';
  for (const g of [0, 50, 100])
    body += `<line class="grid" x1="${x(g)}" y1="0" x2="${x(g)}" y2="${rows.length * ROW}"/><text class="ax" x="${x(g)}" y="${rows.length * ROW + 13}" text-anchor="middle">${g}</text>`;
  rows.forEach((r, i) => {
    const y = i * ROW;
    body += `<text class="lbl" x="0" y="${y + 15}">${r.year}</text>`;
    body += `<rect class="track" x="${LABEL_W}" y="${y + 5}" width="${trackW}" height="12"/>`;
    if (r.p05 !== null && r.p95 !== null) {
      const w = Math.max(1, r1(x(r.p95) - x(r.p05)));
      body += `<rect class="iv" x="${x(r.p05)}" y="${y + 5}" width="${w}" height="12"><title>${esc(`${fmt(r.p05)} – ${fmt(r.p95)}`)}</title></rect>`;
    }
    if (r.median !== null)
      body += `<line class="med" x1="${x(r.median)}" y1="${y + 3}" x2="${x(r.median)}" y2="${y + 19}"/>`;
    if (r.nominal !== null) body += `<circle class="nom" cx="${x(r.nominal)}" cy="${y + 11}" r="3.5"/>`;
  });
  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${h}" width="${WIDTH}" height="${h}" role="img" aria-label="${esc(title)}">${body}</svg>\n`;
}

function byEntity(rows: readonly SensitivityRow[]): Map<string, SensitivityRow[]> {
  const out = new Map<string, SensitivityRow[]>();
  for (const r of rows) {
    const list = out.get(r.entity);
    if (list) list.push(r);
    else out.set(r.entity, [r]);
  }
  return out;
}

const CHOICE_KEYS: Readonly<Record<string, CatalogueKey>> = /* @__PURE__ */ Object.freeze({
  'indicator-weights': 'choice.indicator-weights',
  'theme-weights': 'choice.theme-weights',
  'aggregation:indicators': 'choice.aggregation-indicators',
  'aggregation:themes': 'choice.aggregation-themes',
  missing: 'choice.missing',
  drop: 'choice.drop',
});

/** The label of a choice in a language: the built-in ones translated, others by their id. */
function choiceLabel(id: string, lang: Language): string {
  const key = CHOICE_KEYS[id];
  return key ? catalogues[lang][key] : id;
}

const checkLang = checkedLanguage;
