/**
 * What the human-readable reports show of disaggregated scoring (issue 16), as plain text for the
 * Markdown and HTML renderers to escape and lay out: the parity line of the executive summary, the
 * compact category table of a scorecard and the per-indicator category scores behind its gap chart.
 * Everything here is empty for a report whose matrix has no `disaggregations`, so such reports
 * render exactly as before. Category ids are shown as the matrix writes them.
 */
import type { Scorecard } from '../schema/report';
import {
  DASH,
  indicatorTitle,
  label,
  numberText,
  percentText,
  scoreText,
  text,
  themeTitle,
  type View,
} from './_view';

/** The breakdown dimensions scored per category, with their sorted categories. */
export function categoryDimensions(
  v: View,
): { readonly dimension: string; readonly categories: readonly string[] }[] {
  const d = v.report.matrix.disaggregations;
  if (d === undefined) return [];
  return Object.keys(d)
    .sort()
    .map((dimension) => ({ dimension, categories: d[dimension]!.categories }));
}

/** The label of a parity band, with its code when it has one: `Low equality (5)`. */
function parityBandLabel(v: View, dimension: string, id: string | null | undefined): string {
  if (id === null || id === undefined) return '';
  const b = v.report.matrix.disaggregations?.[dimension]?.parity?.bands.find((x) => x.id === id);
  if (!b) return ` (${id})`;
  return b.code === undefined ? ` (${text(v, b.label)})` : ` (${text(v, b.label)}, ${b.code})`;
}

/**
 * The summary's category lines, one per scored dimension: each category's overall score (so that a
 * matrix reported by category only, like the GDI, does not read as "no data") and, where the
 * dimension has an overall parity, that parity.
 */
export function parityLines(v: View, card: Scorecard): string[] {
  const out: string[] = [];
  for (const { dimension, categories } of categoryDimensions(v)) {
    const by = card.byCategory?.[dimension];
    const line = [by ? scoresLine(v, dimension, categories, by) : '', parityLine(v, card, dimension)];
    const text = line.filter((x) => x !== '').join(' ');
    if (text !== '') out.push(text);
  }
  return out;
}

/** A dimension's overall score per category, with the share of the weight they rest on. */
function scoresLine(
  v: View,
  dimension: string,
  categories: readonly string[],
  by: NonNullable<Scorecard['byCategory']>[string],
): string {
  const overall = categories.map((c) => by[c]?.overall);
  // One coverage for the dimension when its scored categories share it (the common case).
  const covs = new Set(overall.flatMap((o) => (o && o.score !== null ? [o.coverage] : [])));
  const shared = covs.size === 1 ? [...covs][0]! : undefined;
  if (shared !== undefined && shared < 1) {
    const scores = categories.map((c, i) => `${c} ${scoreText(v, overall[i]?.score ?? null)}`).join(' · ');
    const coverage = percentText(v, shared);
    return label(v, 'summary.byCategoryCoverage', { dimension, scores, coverage });
  }
  const scores = categories.map((c, i) => categoryScore(v, c, overall[i])).join(' · ');
  return label(v, 'summary.byCategory', { dimension, scores });
}

/** The dimension's overall parity sentence, or '' when it has none. */
function parityLine(v: View, card: Scorecard, dimension: string): string {
  const p = card.parity?.[dimension];
  if (!p || p.overall === null) return '';
  return label(v, 'summary.parity', {
    dimension,
    numerator: p.numerator,
    denominator: p.denominator,
    parity: numberText(v, p.overall, 3),
    band: parityBandLabel(v, dimension, p.band),
    gap: p.gap === null ? DASH : numberText(v, p.gap, 1, true),
  });
}

/** A category's overall score, with the share of the weight it has data for when that is not all of it. */
function categoryScore(
  v: View,
  category: string,
  o: { score: number | null; coverage: number } | undefined,
): string {
  const score = scoreText(v, o?.score ?? null);
  if (!o || o.score === null || o.coverage >= 1) return `${category} ${score}`;
  return label(v, 'summary.categoryCoverage', { category, score, coverage: percentText(v, o.coverage) });
}

/** A row of the category table: a name, one score per category, and the gap and parity when compared. */
export interface CategoryRow {
  readonly name: string;
  readonly strong: boolean;
  readonly scores: readonly (number | null)[];
  readonly gap: string;
  readonly parity: string;
}

/** The compact table of one dimension: overall, each theme, then each indicator with that breakdown. */
export function categoryTable(
  v: View,
  card: Scorecard,
  dimension: string,
  categories: readonly string[],
): { readonly head: readonly string[]; readonly rows: readonly CategoryRow[] } | undefined {
  const by = card.byCategory?.[dimension];
  if (by === undefined) return undefined;
  const p = card.parity?.[dimension];
  const head = [label(v, 'category.by', { dimension })].concat(categories);
  if (p) head.push(`${v.t['category.gap']} (${p.numerator} − ${p.denominator})`, v.t['category.parity']);
  const gp = (g: { gap: number | null; parity: number | null } | undefined) => ({
    gap: g?.gap === null || g === undefined ? DASH : numberText(v, g.gap, 1, true),
    parity: g?.parity === null || g === undefined ? DASH : numberText(v, g.parity, 3),
  });
  const rows: CategoryRow[] = [];
  rows.push({
    name: v.t.overallScore,
    strong: true,
    scores: categories.map((c) => by[c]?.overall.score ?? null),
    ...gp(p ? { gap: p.gap, parity: p.overall } : undefined),
  });
  card.themes.forEach((t, n) => {
    rows.push({
      name: themeTitle(v, t.id),
      strong: false,
      scores: categories.map((c) => by[c]?.themes[n]?.score ?? null),
      ...gp(p?.themes[n]),
    });
  });
  for (const r of card.indicators) {
    const cats = r.byCategory?.[dimension];
    if (cats === undefined) continue;
    rows.push({
      name: indicatorTitle(v, r.id),
      strong: false,
      scores: categories.map((c) => cats[c]?.score ?? null),
      ...gp(p ? r.parity?.[dimension] : undefined),
    });
  }
  return { head, rows };
}

/** The category scores of each indicator with that breakdown, for a gap chart per indicator. */
export function categoryBars(
  v: View,
  card: Scorecard,
  dimension: string,
  categories: readonly string[],
): {
  readonly indicator: string;
  readonly bars: { category: string; score: number | null; text: string }[];
}[] {
  const out: { indicator: string; bars: { category: string; score: number | null; text: string }[] }[] = [];
  for (const r of card.indicators) {
    const cats = r.byCategory?.[dimension];
    if (cats === undefined) continue;
    out.push({
      indicator: indicatorTitle(v, r.id),
      bars: categories.map((category) => {
        const score = cats[category]?.score ?? null;
        return { category, score, text: scoreText(v, score) };
      }),
    });
  }
  return out;
}

/** A 0–100 score as a text bar of 10 cells with eighth blocks (`█████▌`), for Markdown. */
export function textBar(score: number | null): string {
  if (score === null) return '';
  const eighths = Math.round((Math.min(100, Math.max(0, score)) / 100) * 80);
  return '█'.repeat(Math.floor(eighths / 8)) + (eighths % 8 === 0 ? '' : PARTS[eighths % 8]!);
}

const PARTS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'] as const;

/** The methodology note on disaggregated scoring, when the matrix scores categories. */
export function categoryMethodNotes(v: View): string[] {
  return v.report.matrix.disaggregations === undefined ? [] : [v.t['method.categories']];
}
