/**
 * Internal: what the human-readable renderers (Markdown, HTML) share: option checks, label lookup,
 * value/target/change/status texts and the methodology note. Everything here returns plain text;
 * each renderer escapes it for its own format.
 */
import { checkedLanguage, type DimensionId, dimensions, type Language, languages } from '../dimensions';
import { growthReasons } from '../growth-reasons';
import { textIn } from '../schema/_common';
import type {
  Change,
  GrowthResult,
  IndicatorResult,
  IndicatorStatus,
  Report,
  ReportIssue,
  ReportMatrix,
  Scorecard,
  Series,
  ThemeResult,
} from '../schema/report';
import { coverageOf } from './enrich';
import { type Catalogue, type CatalogueKey, catalogues, fill, formatNumber, formatPercent } from './i18n';

/** Options every format module takes (the format itself is chosen by which module is called). */
export interface FormatOptions {
  /** Language of the fixed labels and of matrix titles where the matrix has it (default `en`). */
  readonly lang?: Language | undefined;
  /** Printed in the document header only when given; output has no clock otherwise. */
  readonly generatedAt?: string | undefined;
}

export type IndicatorMeta = ReportMatrix['indicators'][number];
export type ThemeMeta = ReportMatrix['themes'][number];
type TextValue = ReportMatrix['title'];

/** Labels and formatting bound to one report and language. */
export interface View {
  readonly report: Report;
  readonly lang: Language;
  readonly t: Catalogue;
  readonly generatedAt: string | undefined;
  readonly indicators: ReadonlyMap<string, IndicatorMeta>;
  readonly themes: ReadonlyMap<string, ThemeMeta>;
  /** Indicator results of every scorecard by `entity year`, for year-over-year lookups in O(1). */
  readonly cards: ReadonlyMap<string, Scorecard>;
}

/** Check the options and bind labels to the report. Throws `TypeError` on an unknown language. */
export function makeView(report: Report, options: FormatOptions = {}): View {
  const lang = checkedLanguage(options.lang);
  return {
    report,
    lang,
    t: catalogues[lang],
    generatedAt: options.generatedAt,
    indicators: new Map(report.matrix.indicators.map((i) => [i.id, i])),
    themes: new Map(report.matrix.themes.map((t) => [t.id, t])),
    cards: new Map(report.scorecards.map((c) => [cardKey(c.entity, c.year), c])),
  };
}

function cardKey(entity: string, year: number): string {
  return `${entity}\u0000${year}`;
}

/** The scorecard of the same entity in an earlier year, if it was scored. */
export function cardOf(v: View, entity: string, year: number): Scorecard | undefined {
  return v.cards.get(cardKey(entity, year));
}

/** A catalogue label, with placeholders filled when `vars` are given. */
export function label(v: View, key: CatalogueKey, vars?: Readonly<Record<string, string | number>>): string {
  return vars ? fill(v.t[key], vars) : v.t[key];
}

/** `Label:` with the French typographic no-break space before the colon. */
export function withColon(v: View, text: string): string {
  return v.lang === 'fr' ? `${text}\u00A0:` : `${text}:`;
}

export const DASH = '—';

export function text(v: View, value: TextValue | undefined): string {
  return value === undefined ? '' : textIn(value, v.lang);
}

/** A unit in the language: the matrix's `unitLabels` translation, else the unit as written. */
export function unitText(v: View, unit: string): string {
  const t = v.report.matrix.unitLabels?.[unit];
  // Without a translation into the language, the unit as the matrix writes it (not another language).
  return typeof t === 'object' ? (t[v.lang] ?? unit) : (t ?? unit);
}

/** An institution name in the language: the matrix's `institutionLabels` translation, else as written. */
export function institutionText(v: View, name: string): string {
  const t = v.report.matrix.institutionLabels?.[name];
  return typeof t === 'object' ? (t[v.lang] ?? name) : (t ?? name);
}

/** The column headings of an indicator table (Markdown and HTML). */
export function indicatorColumns(v: View): string[] {
  const t = v.t;
  return [
    t.id,
    levelName(v, 'indicator'),
    t.value,
    t.target,
    t.score,
    t.progress,
    t.expected,
    t.status,
    t.change,
  ];
}

/** What the matrix calls its themes/indicators (`levelNames`), else the fixed label. */
export function levelName(v: View, key: 'theme' | 'themes' | 'indicator' | 'indicators'): string {
  const t = v.report.matrix.levelNames?.[key];
  return t === undefined ? v.t[key] : capitalise(textIn(t, v.lang));
}

function capitalise(s: string): string {
  return s.charAt(0).toLocaleUpperCase('en') + s.slice(1);
}

/** Whether an indicator is measured in per cent: its changes are percentage points. */
export function isPercentUnit(meta: IndicatorMeta | undefined): boolean {
  return meta?.unit !== undefined && /^%/.test(meta.unit);
}

/**
 * The language the matrix's own text falls back to when it lacks the view's language somewhere
 * (titles, levels, bands, units, institutions, disclaimer), or `undefined` when it is complete.
 */
export function languageFallback(v: View): string | undefined {
  const m = v.report.matrix;
  const texts: TextValue[] = [m.title, ...m.themes.map((t) => t.title), ...m.bands.map((b) => b.label)];
  if (m.disclaimer !== undefined) texts.push(m.disclaimer);
  const units = new Set<string>();
  const institutions = new Set<string>();
  for (const i of m.indicators) {
    texts.push(i.title);
    for (const l of i.levels ?? []) texts.push(l.label);
    if (i.unit !== undefined && /\p{L}/u.test(i.unit)) units.add(i.unit);
    for (const r of i.responsible ?? []) institutions.add(r);
  }
  // A unit or institution as the matrix writes it is in the matrix's own language (English).
  const written = (x: string, t: TextValue | undefined): TextValue =>
    t === undefined ? x : typeof t === 'string' ? t : { en: x, ...t };
  for (const u of units) texts.push(written(u, m.unitLabels?.[u]));
  for (const r of institutions) texts.push(written(r, m.institutionLabels?.[r]));
  let fallback: string | undefined;
  for (const t of texts) {
    if (typeof t === 'string') {
      if (v.lang !== 'en') fallback ??= 'en';
    } else if (t[v.lang] === undefined) {
      fallback ??= t.en !== undefined ? 'en' : Object.keys(t).sort()[0];
    }
  }
  return fallback;
}

/** The note naming the language the matrix's text falls back to, or `undefined`. */
export function fallbackNote(v: View): string | undefined {
  const fb = languageFallback(v);
  if (fb === undefined) return undefined;
  const name = (lang: string) =>
    (languages as readonly string[]).includes(lang) ? v.t[`lang.${lang as Language}`] : lang;
  return label(v, 'fallback', { lang: name(v.lang), fallback: name(fb) });
}

export function matrixTitle(v: View): string {
  return text(v, v.report.matrix.title);
}

export function matrixRef(v: View): string {
  return `${v.report.matrix.id}@${v.report.matrix.version}`;
}

export function dimensionLabel(v: View, id: DimensionId): string {
  return dimensions.find((d) => d.id === id)?.label[v.lang] ?? id;
}

export function themeTitle(v: View, id: string): string {
  const th = v.themes.get(id);
  return th ? text(v, th.title) : id;
}

export function indicatorTitle(v: View, id: string): string {
  const ind = v.indicators.get(id);
  return ind ? text(v, ind.title) : id;
}

/** `MDA` or `Republic of Moldova (MDA)`. */
export function entityLabel(name: string | undefined, entity: string): string {
  return name !== undefined && name !== '' && name !== entity ? `${name} (${entity})` : entity;
}

/** A band's label, with its code when the matrix gives one: `Meets (3)`. */
export function bandLabel(v: View, id: string | null): string {
  if (id === null) return DASH;
  const b = v.report.matrix.bands.find((x) => x.id === id);
  if (!b) return id;
  return b.code === undefined ? text(v, b.label) : `${text(v, b.label)} (${b.code})`;
}

/** A 0–100 score with exactly 1 decimal, so a column reads evenly (`44.0` above `56.6`); `—` when null. */
export function scoreText(v: View, score: number | null): string {
  return score === null ? DASH : formatNumber(score, v.lang, { decimals: 1 });
}

/** A ratio as a whole percentage (`50%`), `—` when null. */
export function percentText(v: View, ratio: number | null): string {
  return ratio === null ? DASH : formatPercent(ratio, v.lang, { decimals: 0 });
}

export function numberText(v: View, x: number, decimals?: number, sign?: boolean): string {
  return formatNumber(x, v.lang, sign ? { decimals, sign: true } : { decimals });
}

/** A number with the indicator's unit and decimals. */
export function quantity(v: View, meta: IndicatorMeta | undefined, x: number, sign = false): string {
  const n = numberText(v, x, meta?.decimals, sign);
  const unit = meta?.unit === undefined ? undefined : unitText(v, meta.unit);
  if (unit === undefined || unit === '') return n;
  if (unit === '%') return v.lang === 'en' ? `${n}%` : `${n}${v.lang === 'fr' ? '\u202F' : '\u00A0'}%`;
  // A no-break space keeps a short unit (`km`, `USD`) with its number; long ones may wrap.
  return `${n}${unit.length <= 4 ? '\u00A0' : ' '}${unit}`;
}

export function levelLabel(v: View, meta: IndicatorMeta | undefined, level: string): string {
  const l = meta?.levels?.find((x) => x.id === level);
  return l ? text(v, l.label) : level;
}

/** The value of an indicator as people read it: number with unit, or the level's label. */
export function valueText(v: View, r: IndicatorResult): string {
  const meta = v.indicators.get(r.id);
  if (r.level !== null) return levelLabel(v, meta, r.level);
  if (r.value === null) return DASH;
  return quantity(v, meta, r.value);
}

/** `30 by 2026`, `Complete by 2026` or `—`. */
export function targetText(v: View, r: IndicatorResult): string {
  if (r.target === null) return DASH;
  const meta = v.indicators.get(r.id);
  const target =
    r.target.level !== undefined
      ? levelLabel(v, meta, r.target.level)
      : r.target.value !== undefined
        ? quantity(v, meta, r.target.value)
        : DASH;
  return label(v, 'targetBy', { target, year: r.target.year });
}

export const statusIcons: Readonly<Record<IndicatorStatus, string>> = {
  achieved: '✔',
  'on-track': '▲',
  'off-track': '▼',
  regressing: '✖',
  'no-data': '○',
  'no-target': '–',
};

export function statusWord(v: View, status: IndicatorStatus): string {
  return v.t[`status.${status}`];
}

/**
 * The status word of a result. A qualitative indicator that reached its target level is "target
 * level reached" rather than "achieved", since its score is the level's score and may be below 100.
 */
export function resultStatusWord(v: View, r: IndicatorResult): string {
  if (r.status === 'achieved' && r.kind === 'qualitative' && r.score !== null && r.score < 100)
    return `${v.t['status.achieved.level']} · ${label(v, 'levelScore', { score: scoreText(v, r.score) })}`;
  if (r.growth) {
    // `▼ off track · limited progress (46% …)`; the category is left out where it repeats the status.
    const status = statusWord(v, r.status);
    const g = growthText(v, r.growth, r.reason === undefined);
    const word = v.t[`growth.${r.growth.category}`];
    if (r.growth.category === 'target-achieved') return status;
    return word === status ? `${status}${g.slice(word.length)}` : `${status} · ${g}`;
  }
  return statusWord(v, r.status);
}

/**
 * The growth category of a result in words, with R (`limited progress (46 % of the required growth
 * rate)`), the rate alone without a target (`moderate progress (+1 % a year)`), or why it could not
 * be assessed (when `withReason`; otherwise the result's own reason says it).
 */
export function growthText(v: View, g: GrowthResult, withReason = true): string {
  const word = v.t[`growth.${g.category}`];
  if (g.category === 'unable-to-assess')
    return withReason && g.reason !== undefined ? `${word}: ${reasonText(v, g.reason)}` : word;
  if (g.category === 'target-achieved') return word;
  if (g.ratio !== null)
    return `${word} (${label(v, 'growth.ratio', { ratio: formatPercent(g.ratio, v.lang, { decimals: 0 }) })})`;
  if (g.observed !== null)
    return `${word} (${label(v, 'growth.rate', { rate: formatPercent(g.observed, v.lang, { sign: true }) })})`;
  return word;
}

/** `▲ on track`. */
export function statusText(v: View, status: IndicatorStatus): string {
  return `${statusIcons[status]} ${statusWord(v, status)}`;
}

/** The amount of a change: `+2` (with unit and decimals) or `Absent → Partial` for levels. */
export function changeAmount(v: View, meta: IndicatorMeta | undefined, c: Change): string {
  if (meta?.kind === 'qualitative' && meta.levels) {
    const from = meta.levels.find((l) => l.score === c.from);
    const to = meta.levels.find((l) => l.score === c.to);
    if (from && to) return from === to ? text(v, to.label) : `${text(v, from.label)} → ${text(v, to.label)}`;
    return numberText(v, c.absolute, 1, true);
  }
  if (isPercentUnit(meta)) return label(v, 'points', { n: numberText(v, c.absolute, meta?.decimals, true) });
  return quantity(v, meta, c.absolute, true);
}

/** `+2 (improvement)`, with `since 2019` when the previous value is not from the year before. */
export function changeText(v: View, r: IndicatorResult, year: number): string {
  if (r.carriedFrom !== undefined) return v.t['change.carried'];
  const c = r.change;
  if (c === null) return DASH;
  const word = v.t[`change.${c.assessment}`];
  const since = c.fromYear !== year - 1 ? `, ${label(v, 'sinceYear', { year: c.fromYear })}` : '';
  return `${changeAmount(v, v.indicators.get(r.id), c)} (${word}${since})`;
}

/** Why an indicator has no value or score, in the language (English reasons are kept verbatim). */
export function reasonText(v: View, reason: string): string {
  if (v.lang === 'en') return reason;
  const growth = growthReasons.find(([, english]) => english === reason);
  if (growth) return label(v, `growth.reason.${growth[0]}`);
  if (reason === 'not reported') return label(v, 'reason.not-reported');
  if (reason === 'no target or goalposts to score against') return label(v, 'reason.no-scale');
  if (reason === 'reported by category only') return label(v, 'reason.by-category');
  if (reason.startsWith('reported with an invalid value') || reason === 'invalid observation (see errors)')
    return label(v, 'reason.invalid');
  if (reason.startsWith('conflict between ')) return label(v, 'reason.conflict');
  const missing = /^reported missing: (.*)$/s.exec(reason);
  if (missing) return label(v, 'reason.reported-missing', { detail: missing[1]! });
  const inputs = /^missing inputs?: (.*)$/s.exec(reason);
  if (inputs) return label(v, 'reason.missing-inputs', { detail: inputs[1]!.replace(/ \([^)]*\)/g, '') });
  if (reason.startsWith('formula ')) return label(v, 'reason.formula');
  return reason;
}

/** A warning in the language: the engine's English message, or a translation by code. */
export function warningText(v: View, card: Scorecard | undefined, w: ReportIssue): string {
  const ind = w.indicator;
  const indName = ind !== undefined ? indicatorName(v, ind) : undefined;
  const subject = (): string | undefined => {
    const th = /^theme ([A-Za-z0-9_-]+):/.exec(w.message);
    if (th) return themeTitle(v, th[1]!);
    if (w.message.startsWith('overall:')) return v.t.overall;
    return indName;
  };
  const min = formatPercent(v.report.matrix.scoring.minCoverage, v.lang);
  switch (w.code) {
    case 'carried-forward': {
      const from = card?.indicators.find((r) => r.id === ind)?.carriedFrom;
      if (indName !== undefined && from !== undefined)
        return label(v, 'warning.carried-forward', { subject: indName, year: from });
      break;
    }
    case 'low-coverage':
    case 'geometric-zero': {
      const s = subject();
      if (s !== undefined) return label(v, `warning.${w.code}`, { subject: s, min });
      break;
    }
    case 'carry-forward-unavailable': {
      const count = card?.indicators.filter((r) => r.value === null && r.level === null).length;
      if (count !== undefined) return label(v, 'warning.carry-forward-unavailable', { count });
      break;
    }
    case 'no-data':
      return v.t['warning.no-data'];
    case 'breakdown-mismatch':
    case 'year-before-baseline':
      if (indName !== undefined) return label(v, `warning.${w.code}`, { subject: indName });
      break;
  }
  return w.message;
}

/** `R1 (Title)` or `R1` when the title is the id. */
export function indicatorName(v: View, id: string): string {
  const title = indicatorTitle(v, id);
  return title === id ? id : `${id} (${title})`;
}

export function projectionText(v: View, p: Series['indicators'][number]['projection']): string {
  switch (p.note) {
    case 'achieved':
      return p.reachesTargetIn !== null
        ? label(v, 'projection.achieved', { year: p.reachesTargetIn })
        : statusWord(v, 'achieved');
    case 'on-course':
      return p.reachesTargetIn !== null
        ? label(v, 'projection.on-course', { year: p.reachesTargetIn })
        : label(v, 'projection.not-at-this-rate');
    default:
      return v.t[`projection.${p.note}`];
  }
}

/** `+3.2% a year`, or `—`. */
export function annualRateText(v: View, rate: number | null): string {
  return rate === null ? DASH : label(v, 'perYear', { rate: formatPercent(rate, v.lang, { sign: true }) });
}

/** One entity's scorecards (latest year first) and its series, in report order (never by score). */
export interface EntityGroup {
  readonly entity: string;
  readonly name: string;
  /** Latest year first. */
  readonly cards: readonly Scorecard[];
  readonly series: Series | undefined;
}

export function entityGroups(report: Report): EntityGroup[] {
  // Maps, not find() per entity: rendering stays linear in the number of entities.
  const seriesOf = new Map(report.series.map((s) => [s.entity, s]));
  const groups = new Map<string, Scorecard[]>();
  for (const c of report.scorecards) {
    const list = groups.get(c.entity) ?? [];
    list.push(c);
    groups.set(c.entity, list);
  }
  return [...groups].map(([entity, list]) => {
    const cards = [...list].sort((a, b) => b.year - a.year);
    const name = cards.find((c) => c.entityName !== undefined)?.entityName;
    return {
      entity,
      name: entityLabel(name, entity),
      cards,
      series: seriesOf.get(entity),
    };
  });
}

/** The themes of a scorecard in matrix order, each with its indicators in matrix order. */
export interface ThemeGroup {
  readonly id: string;
  readonly title: string;
  readonly result: ThemeResult | undefined;
  readonly indicators: readonly IndicatorResult[];
  /** 0 for a root theme, 1 for its sub-themes, …; always 0 in a two-level matrix. */
  readonly depth: number;
}

type MatrixTheme = Report['matrix']['themes'][number];

/**
 * The matrix's themes with their depth: matrix order for a two-level matrix (no `parent`), else
 * each root theme followed by its sub-themes (depth first, siblings in matrix order).
 */
export function hierarchyOrder(themes: readonly MatrixTheme[]): { th: MatrixTheme; depth: number }[] {
  if (!themes.some((t) => t.parent !== undefined)) return themes.map((th) => ({ th, depth: 0 }));
  const ids = new Set(themes.map((t) => t.id));
  const out: { th: MatrixTheme; depth: number }[] = [];
  const seen = new Set<string>();
  const visit = (th: MatrixTheme, depth: number): void => {
    if (seen.has(th.id)) return;
    seen.add(th.id);
    out.push({ th, depth });
    for (const c of themes) if (c.parent === th.id) visit(c, depth + 1);
  };
  for (const th of themes) if (th.parent === undefined || !ids.has(th.parent)) visit(th, 0);
  for (const th of themes) visit(th, 0); // a hand-made report with a loop still lists every theme
  return out;
}

export function themeGroups(v: View, card: Scorecard): ThemeGroup[] {
  const out: ThemeGroup[] = hierarchyOrder(v.report.matrix.themes).map(({ th, depth }) => ({
    id: th.id,
    // A sub-theme's title carries one "› " per level below the root, so every format shows the tree.
    title: `${'› '.repeat(depth)}${text(v, th.title)}`,
    result: card.themes.find((r) => r.id === th.id),
    indicators: card.indicators.filter((r) => r.theme === th.id),
    depth,
  }));
  // Indicators of a theme the matrix copy does not list (hand-made reports) still appear.
  const known = new Set(v.report.matrix.themes.map((t) => t.id));
  const orphans = [...new Set(card.indicators.map((r) => r.theme))].filter((id) => !known.has(id));
  for (const id of orphans) {
    out.push({
      id,
      title: id,
      result: card.themes.find((r) => r.id === id),
      indicators: card.indicators.filter((r) => r.theme === id),
      depth: 0,
    });
  }
  return out.filter((g) => g.indicators.length > 0 || g.result !== undefined);
}

/** Numeric points of an indicator's history for a sparkline: values, or level scores for levels. */
export function indicatorPoints(v: View, s: Series, id: string): { year: number; value: number | null }[] {
  const h = s.indicators.find((i) => i.id === id)?.history ?? [];
  const meta = v.indicators.get(id);
  return h.map((p) => {
    if (p.level !== null)
      return { year: p.year, value: meta?.levels?.find((l) => l.id === p.level)?.score ?? null };
    return { year: p.year, value: p.value };
  });
}

const sampleFormulas = {
  minmax: 's = 100 · (x − min) / (max − min)',
  percentile: 's = 100 · (values below x) / (n − 1)',
  frontier: 's = 100 · x / max',
} as const;

/** The methodology note, one paragraph per entry, in the language (plain text). */
export function methodNotes(v: View): string[] {
  const s = v.report.matrix.scoring;
  const min = formatPercent(s.minCoverage, v.lang);
  const method = (m: 'arithmetic' | 'geometric') => v.t[`method.${m}`];
  const out = [
    label(v, 'method.progress', { a: 'a', b: 'b', T: 'T', formula: 'p = (a − b) / (T − b)' }),
    label(v, 'method.expected', { e: 'e(t)', t: 't' }),
    label(v, 'method.status', { achieved: 'p ≥ 1', onTrack: 'p ≥ e(t)', regressing: 'p < 0' }),
    ...growthNotes(v),
    s.normalisation === 'goalposts'
      ? label(v, 'method.score.goalposts', { formula: 's = 100 · min(max((x − min) / (max − min), 0), 1)' })
      : s.normalisation === 'target'
        ? label(v, 'method.score.target', { formula: 's = 100 · min(max(p, 0), 1)' })
        : label(v, 'method.score.sample', { formula: sampleFormulas[s.normalisation] }),
    s.overall === 'indicators'
      ? label(v, 'method.aggregation.indicators', { indicators: method(s.indicators) })
      : label(v, 'method.aggregation.themes', { indicators: method(s.indicators), themes: method(s.themes) }),
    s.missing === 'zero'
      ? label(v, 'method.missing.zero')
      : s.missing === 'carryForward'
        ? label(v, 'method.missing.carryForward', { years: s.maxYears, min })
        : label(v, 'method.missing.reweight', { min }),
    v.report.matrix.bands.length === 0
      ? label(v, 'method.noBands')
      : label(v, 'method.bands', {
          list: v.report.matrix.bands
            .map((b) => label(v, 'method.band', { label: text(v, b.label), min: numberText(v, b.min) }))
            .join('; '),
        }),
    label(v, 'method.qualitative'),
    label(v, 'method.points'),
  ];
  if (v.report.matrix.provenance !== undefined)
    out.push(`${withColon(v, v.t.provenance)} ${v.report.matrix.provenance}`);
  return out;
}

/** The methodology of the "growth" progress method, when an indicator of the report uses it. */
function growthNotes(v: View): string[] {
  const g = v.report.matrix.scoring.growth;
  if (g === undefined) return [];
  const pc = (x: number) => formatPercent(x, v.lang);
  return [
    label(v, 'method.growth', {
      observed: 'CAGR_o = (x / x0)^(1 / (t − t0)) − 1',
      required: 'CAGR_r = (x* / x0)^(1 / (t* − t0)) − 1',
      onTrack: pc(g.onTrack),
      acceleration: pc(g.acceleration),
      limited: pc(g.limited),
    }),
    label(v, 'method.growth.noTarget', {
      substantial: pc(g.substantial),
      moderate: pc(g.moderate),
      deterioration: pc(g.deterioration),
      zero: numberText(v, g.zero),
    }),
  ];
}

/**
 * Who submitted, without the placeholder names `score()` gives unnamed assessments and without the
 * file names the CLI uses when an assessment has no `submittedBy`.
 */
export function submissions(card: Scorecard): string[] {
  // A name that ends in a data-file extension is where the CLI read it, not who submitted it.
  return card.submissions.filter(
    (s) =>
      !/^assessments\[\d+\]$/.test(s) && !/\.(?:json|ndjson|jsonl|csv|tsv)(?::\d+)?$/i.test(s) && s !== '-',
  );
}

/** An input error as one line: `source entity year: path: message [code]`. */
export function issueLine(e: ReportIssue): string {
  const where = [e.source, e.entity, e.year].filter((x) => x !== undefined).join(' ');
  const path = e.path.length > 0 ? `${e.path.join('.')}: ` : '';
  return `${where ? `${where}: ` : ''}${path}${e.message} [${e.code}]`;
}

// --- executive summary, breakdowns, observation details ---------------------------------------

/** What the first page tells a minister about one entity's latest year. */
export interface Summary {
  readonly card: Scorecard;
  /** The scorecard of the year before, when it was scored. */
  readonly previous: Scorecard | undefined;
  readonly coverage: { readonly reported: number; readonly used: number };
  /** Indicators by status, in the order of {@link statusIcons}, statuses with none left out. */
  readonly counts: readonly { readonly status: IndicatorStatus; readonly n: number }[];
  readonly attention: readonly IndicatorResult[];
  /** Achieved this year and not the year before (all achieved ones without a previous year). */
  readonly achieved: readonly IndicatorResult[];
  /** Largest score changes since the previous year, largest first, at most five. */
  readonly movers: readonly { readonly r: IndicatorResult; readonly delta: number }[];
  /** Institutions that did not report everything expected of them. */
  readonly silent: Scorecard['reporting'];
  /** Whether any indicator has a target (SDG 10.7.2 has none: then status lists say nothing). */
  readonly hasTargets: boolean;
}

export function summaryOf(v: View, card: Scorecard): Summary {
  const previous = cardOf(v, card.entity, card.year - 1);
  const prev = new Map((previous?.indicators ?? []).map((r) => [r.id, r]));
  const counts = (Object.keys(statusIcons) as IndicatorStatus[])
    .map((status) => ({ status, n: card.indicators.filter((r) => r.status === status).length }))
    .filter((c) => c.n > 0);
  const movers: { r: IndicatorResult; delta: number }[] = [];
  for (const r of card.indicators) {
    const p = prev.get(r.id);
    if (r.score === null || p?.score == null || r.carriedFrom !== undefined) continue;
    const delta = r.score - p.score;
    if (Math.abs(delta) >= 0.05) movers.push({ r, delta });
  }
  movers.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || (a.r.id < b.r.id ? -1 : 1));
  return {
    card,
    previous,
    coverage: coverageOf(v.report, card),
    counts,
    attention: card.indicators.filter((r) => r.status === 'off-track' || r.status === 'regressing'),
    achieved: card.indicators.filter(
      (r) => r.status === 'achieved' && (previous === undefined || prev.get(r.id)?.status !== 'achieved'),
    ),
    movers: movers.slice(0, 5),
    silent: card.reporting.filter((r) => r.reported < r.expected),
    hasTargets: card.indicators.some((r) => r.status !== 'no-target'),
  };
}

/** `Domains: Migrant rights 40.0 (Partially meets (2)); …`, the theme scores in matrix order. */
export function summaryThemes(v: View, s: Summary): string {
  const parts = themeGroups(v, s.card).map((g) => {
    const band = g.result?.band ? ` (${bandLabel(v, g.result.band)})` : '';
    return `${g.title} ${scoreText(v, g.result?.score ?? null)}${band}`;
  });
  return `${withColon(v, levelName(v, 'themes'))} ${parts.join('; ')}`;
}

/** `Overall score 74.9 out of 100: Advanced.` */
export function summaryOverall(v: View, s: Summary): string {
  return label(v, 'summary.overall', {
    score: scoreText(v, s.card.overall.score),
    band: bandLabel(v, s.card.overall.band),
  });
}

/** The sentence on the two coverages. */
export function summaryCoverage(v: View, s: Summary): string {
  const reported = formatPercent(s.coverage.reported, v.lang, { decimals: 0 });
  const used = formatPercent(s.coverage.used, v.lang, { decimals: 0 });
  return reported === used
    ? label(v, 'summary.coverageAll', { reported })
    : label(v, 'summary.coverage', { reported, used });
}

/** `12 ✔ achieved · 30 ▲ on track · …`. */
export function summaryCounts(v: View, s: Summary): string {
  return s.counts.map((c) => `${c.n} ${statusIcons[c.status]} ${statusWord(v, c.status)}`).join(' · ');
}

/** `+12.5` or `−3.0` score points. */
export function deltaText(v: View, delta: number): string {
  return formatNumber(delta, v.lang, { decimals: 1, sign: true });
}

/** `Ministry of Labour: 2 of 9 not reported`. */
export function silentText(v: View, r: Scorecard['reporting'][number]): string {
  return `${institutionText(v, r.institution)}: ${label(v, 'summary.missingOf', { missing: r.expected - r.reported, expected: r.expected })}`;
}

/** Up to `max` names, then `and N more`. */
export function listText(v: View, names: readonly string[], max = 8): string {
  if (names.length === 0) return v.t['summary.none'];
  const shown = names.slice(0, max).join('; ');
  return names.length > max ? `${shown}; ${label(v, 'summary.andMore', { n: names.length - max })}` : shown;
}

/** Disaggregated values: `sex: female 3,565, male 2,185`, one entry per breakdown dimension. */
export function breakdownText(v: View, r: IndicatorResult): string[] {
  if (r.breakdown === undefined) return [];
  const meta = v.indicators.get(r.id);
  return Object.entries(r.breakdown).map(
    ([dim, cats]) =>
      `${dim}: ${Object.entries(cats)
        .map(([cat, x]) => `${cat} ${numberText(v, x, meta?.decimals)}`)
        .join(', ')}`,
  );
}

/** Optional details of an observation, when the report carries them (source, evidence, note, who). */
export interface ObservationDetails {
  readonly source?: string | undefined;
  readonly evidence?: string | undefined;
  readonly note?: string | undefined;
  readonly reportedBy?: string | undefined;
}

/** `Evidence: …` lines for an indicator result, in the language, for the fields present. */
export function detailLines(v: View, r: IndicatorResult): string[] {
  const d = r as IndicatorResult & ObservationDetails;
  const out: string[] = [];
  const add = (key: 'source' | 'evidence' | 'note' | 'reportedBy', value: unknown) => {
    if (typeof value === 'string' && value !== '') out.push(`${withColon(v, v.t[key])} ${value}`);
  };
  add('evidence', d.evidence);
  add('source', d.source);
  add('note', d.note);
  add('reportedBy', typeof d.reportedBy === 'string' ? institutionText(v, d.reportedBy) : d.reportedBy);
  return out;
}

/** Dimensions no theme of the matrix maps to: "not covered by this matrix", not "no data". */
export function uncoveredDimensions(v: View): DimensionId[] {
  const covered = new Set(v.report.matrix.themes.map((t) => t.dimension));
  return dimensions.map((d) => d.id).filter((id) => !covered.has(id));
}

/** Whether every theme maps to its own dimension, so a dimension chart would repeat the theme chart. */
export function themesMirrorDimensions(v: View): boolean {
  const dims = v.report.matrix.themes.map((t) => t.dimension);
  return dims.every((d) => d !== null) && new Set(dims).size === dims.length;
}

/** Warnings with plain words first; the engine's own messages go to the technical notes. */
export function technicalLines(v: View): string[] {
  return v.report.warnings.map((w) => {
    const where = [w.entity, w.year].filter((x) => x !== undefined).join(' ');
    const hint = w.hint !== undefined ? ` (${w.hint})` : '';
    return `${where ? `${where}: ` : ''}${w.message}${hint} [${w.code}]`;
  });
}
