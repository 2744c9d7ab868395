/**
 * Inline SVG charts for the HTML report: horizontal score bars, a score line chart over years and
 * sparklines. No `xmlns` (inline SVG in HTML does not need it), no scripts, no external
 * references; styling comes from classes defined in the page's stylesheet. Coordinates are rounded
 * to one decimal so output is small and identical on every machine. Every text passed in is plain
 * text and is escaped here.
 */
import { escapeHtml } from './_html';

/** One bar of {@link barChart}: a 0–100 score, or `null` for "no data" (never drawn as 0). */
export interface Bar {
  readonly label: string;
  readonly score: number | null;
  /** The score as printed, e.g. `37.5` or `37,5`. */
  readonly valueText: string;
}

const WIDTH = 480;
const VALUE_W = 56;
const ROW = 36;

/**
 * Horizontal bars on a 0–100 scale, each with its label on the line above and its value at the
 * right. A `null` score is an empty dashed track with the `noData` text inside.
 */
export function barChart(
  bars: readonly Bar[],
  options: { readonly title: string; readonly noData: string },
): string {
  const trackW = WIDTH - VALUE_W;
  const h = bars.length * ROW + 4;
  let body = '';
  bars.forEach((b, i) => {
    const y = i * ROW;
    body += `<text class="lbl" x="0" y="${y + 12}">${escapeHtml(b.label)}</text>`;
    if (b.score === null) {
      body += `<rect class="track nd" x="0.5" y="${y + 16.5}" width="${trackW - 1}" height="14"/>`;
      body += `<text class="nd" x="8" y="${y + 27.5}">${escapeHtml(options.noData)}</text>`;
    } else {
      const w = r1((Math.min(100, Math.max(0, b.score)) / 100) * (trackW - 1));
      body += `<rect class="track" x="0.5" y="${y + 16.5}" width="${trackW - 1}" height="14"/>`;
      if (w > 0) body += `<rect class="bar" x="0.5" y="${y + 16.5}" width="${w}" height="14"/>`;
      body += `<text class="val" x="${WIDTH}" y="${y + 28}">${escapeHtml(b.valueText)}</text>`;
    }
  });
  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${h}" width="${WIDTH}" height="${h}" role="img" aria-label="${escapeHtml(options.title)}">${body}</svg>`;
}

/** A point of a line chart or sparkline; `null` is a gap. */
export interface Point {
  readonly year: number;
  readonly value: number | null;
}

/**
 * Scores (0–100) over years: gridlines at 0, 50 and 100, one polyline per run of years with data,
 * a dot and the printed value at every point, the years below.
 */
export function lineChart(
  points: readonly Point[],
  options: { readonly title: string; readonly valueText: (x: number) => string },
): string {
  const W = 640;
  const H = 150;
  const left = 32;
  const right = 24;
  const top = 18;
  const plotH = 100;
  const n = points.length;
  // Points stay 20 units clear of the axis labels and of the right edge.
  const x0 = left + 20;
  const x1 = W - right - 20;
  const x = (i: number) => r1(n === 1 ? (x0 + x1) / 2 : x0 + (i * (x1 - x0)) / (n - 1));
  const y = (v: number) => r1(top + plotH - (Math.min(100, Math.max(0, v)) / 100) * plotH);
  let body = '';
  for (const g of [0, 50, 100]) {
    body += `<line class="grid" x1="${left}" x2="${W - right}" y1="${y(g)}" y2="${y(g)}"/>`;
    body += `<text class="axis" x="${left - 6}" y="${y(g) + 4}">${g}</text>`;
  }
  for (const run of runs(points)) {
    if (run.length > 1)
      body += `<polyline class="line" points="${run.map((p) => `${x(p.i)},${y(p.v)}`).join(' ')}"/>`;
  }
  points.forEach((p, i) => {
    body += `<text class="yr" x="${x(i)}" y="${H - 8}">${p.year}</text>`;
    if (p.value === null) return;
    body += `<circle class="dot" cx="${x(i)}" cy="${y(p.value)}" r="3"/>`;
    body += `<text class="pt" x="${x(i)}" y="${y(p.value) - 7}">${escapeHtml(options.valueText(p.value))}</text>`;
  });
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(options.title)}">${body}</svg>`;
}

/**
 * A sparkline of values over years, scaled to its own minimum and maximum; gaps where there is no
 * value, a dot on the last point. `label` (e.g. `2020: 18; 2021: 20`) is its accessible name.
 * `invert` draws lower values higher, for indicators where lower is better, so the line always rises
 * as things improve (the caller says so next to it).
 */
export function sparkline(points: readonly Point[], label: string, invert = false): string {
  const W = 80;
  const H = 20;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    if (p.value === null) continue;
    min = Math.min(min, p.value);
    max = Math.max(max, p.value);
  }
  if (min > max) return '';
  const n = points.length;
  const x = (i: number) => r1(n === 1 ? W / 2 : 3 + (i * (W - 6)) / (n - 1));
  const y = (v: number) => {
    if (max === min) return H / 2;
    const f = (v - min) / (max - min);
    return r1(H - 3 - (invert ? 1 - f : f) * (H - 6));
  };
  let body = '';
  for (const run of runs(points)) {
    if (run.length > 1) body += `<polyline points="${run.map((p) => `${x(p.i)},${y(p.v)}`).join(' ')}"/>`;
  }
  let last = -1;
  points.forEach((p, i) => {
    if (p.value !== null) last = i;
  });
  const lv = points[last]!.value!;
  body += `<circle cx="${x(last)}" cy="${y(lv)}" r="2"/>`;
  return `<svg class="spark" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escapeHtml(label)}">${body}</svg>`;
}

/** Consecutive points with values, with their index. */
function runs(points: readonly Point[]): { i: number; v: number }[][] {
  const out: { i: number; v: number }[][] = [];
  let cur: { i: number; v: number }[] = [];
  points.forEach((p, i) => {
    if (p.value === null) {
      if (cur.length > 0) out.push(cur);
      cur = [];
    } else cur.push({ i, v: p.value });
  });
  if (cur.length > 0) out.push(cur);
  return out;
}

/** Round to one decimal; `-0` becomes `0`. */
function r1(x: number): number {
  return Math.round(x * 10) / 10 + 0;
}
