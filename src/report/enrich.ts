/**
 * What a reader needs that the scoring core does not put in the report, derived from the report and
 * the matrix in ONE pure post-processing step, so the core can change (columnar store) without the
 * renderers knowing:
 * - the two coverages of every scorecard: reported in the year itself, and used (reported plus
 *   carried forward), in `scorecard.coverage`;
 * - band codes (SDG 10.7.2: 1–4) next to every band id: `overall.bandCode`, `themes[].bandCode`,
 *   `dimensions[].bandCode`;
 * - warnings the core does not give: a `carryForward` policy that could not look back because no
 *   earlier year of the entity was scored with this one (`carry-forward-unavailable`), and a
 *   scorecard with no data at all (`no-data`);
 * - the matrix's reader-facing text: `disclaimer`, `levelNames`, `unitLabels`, `institutionLabels`.
 *
 * `enrichReport` is idempotent and never changes a score.
 */
import type { Matrix } from '../schema/matrix';
import type { Report, ReportIssue, Scorecard } from '../schema/report';

/**
 * Add the derived fields and warnings listed in the module documentation to a report. Returns a new
 * report; the input is not changed. Without `matrix`, only what the report itself holds is derived.
 */
export function enrichReport(report: Report, matrix?: Matrix): Report {
  const codes = bandCodes(report);
  const extra = derivedWarnings(report.matrix.scoring, report.scorecards.map(cardFacts));
  const scorecards = report.scorecards.map((card, i) => enrichCard(report, card, codes, extra[i]!));
  return withDerived({ ...report, matrix: enrichMatrix(report.matrix, matrix), scorecards }, report, extra);
}

/**
 * What the derived warnings look at in a scorecard, so that they can be found from the scored
 * columns too, without building the scorecards (the report `score()` builds on access).
 */
export interface CardFacts {
  readonly entity: string;
  readonly year: number;
  /** How many indicators the scorecard has (every indicator of the matrix). */
  readonly indicators: number;
  /** Ids of the indicators with neither a value nor a level, in matrix order. */
  readonly empty: readonly string[];
  /** Whether an indicator has a value for a category (issue 16: values given by category only are data). */
  readonly byCategory: boolean;
  /** Whether a value was carried forward. */
  readonly carried: boolean;
  /** The codes of the core's warnings of this scorecard. */
  readonly warningCodes: readonly string[];
}

/** The facts of a built scorecard. */
export function cardFacts(card: Scorecard): CardFacts {
  return {
    entity: card.entity,
    year: card.year,
    indicators: card.indicators.length,
    empty: card.indicators.filter((r) => r.value === null && r.level === null).map((r) => r.id),
    byCategory: card.indicators.some(
      (r) =>
        r.byCategory !== undefined &&
        Object.values(r.byCategory).some((cats) => Object.values(cats).some((c) => c.value !== null)),
    ),
    carried: card.indicators.some((r) => r.carriedFrom !== undefined),
    warningCodes: card.warnings.map((w) => w.code),
  };
}

/** Per scorecard (same order as `facts`), the warnings the core does not give. */
export function derivedWarnings(
  scoring: Report['matrix']['scoring'],
  facts: readonly CardFacts[],
): ReportIssue[][] {
  const byEntityYear = new Set(facts.map((c) => `${c.entity}\u0000${c.year}`));
  const years = new Map<string, number[]>();
  for (const c of facts) {
    const list = years.get(c.entity) ?? [];
    list.push(c.year);
    years.set(c.entity, list);
  }
  return facts.map((f) =>
    missingWarnings(scoring, f, byEntityYear, years).filter((w) => !f.warningCodes.includes(w.code)),
  );
}

/** `out` with the report's warnings followed by the derived ones (as `enrichReport` orders them). */
export function withDerived(out: Report, report: Report, extra: readonly ReportIssue[][]): Report {
  const added = extra.flat();
  if (added.length > 0) out.warnings = [...report.warnings, ...added];
  return out;
}

/** A scorecard with its band codes, both coverages and derived warnings (`extra`). */
export function enrichCard(
  report: Report,
  card: Scorecard,
  codes: ReadonlyMap<string, number>,
  extra: readonly ReportIssue[],
): Scorecard {
  const code = (band: string | null) => (band === null ? undefined : codes.get(band));
  const withCode = <T extends { band: string | null }>(x: T): T => {
    const c = code(x.band);
    return c === undefined ? x : { ...x, bandCode: c };
  };
  // The same keys in the same order as `{...card, overall, coverage, dimensions, themes}`, built
  // by assignment: V8 adds keys after a spread of a large object slowly (about 2× here).
  const out: Scorecard = Object.assign({}, card);
  out.overall = withCode(card.overall);
  out.coverage = coverageOf(report, card);
  out.dimensions = card.dimensions.map(withCode);
  out.themes = card.themes.map(withCode);
  if (extra.length > 0) out.warnings = [...card.warnings, ...extra];
  return out;
}

/** The report's matrix with the reader-facing text of `matrix`. */
export function enrichMatrix(rm: Report['matrix'], matrix: Matrix | undefined): Report['matrix'] {
  if (matrix === undefined) return rm;
  // Keys sorted like the core's copy of the matrix, so the JSON bytes do not depend on input key order.
  const out = { ...rm };
  if (matrix.disclaimer !== undefined) out.disclaimer = sortedText(matrix.disclaimer);
  if (matrix.levelNames !== undefined) out.levelNames = sortedRecord(matrix.levelNames);
  if (matrix.unitLabels !== undefined) out.unitLabels = sortedRecord(matrix.unitLabels);
  if (matrix.institutionLabels !== undefined) out.institutionLabels = sortedRecord(matrix.institutionLabels);
  return out;
}

type Text = string | Readonly<Record<string, string>>;

function sortedText(t: Text): Text {
  if (typeof t === 'string') return t;
  const out: Record<string, string> = {};
  for (const k of Object.keys(t).sort()) out[k] = t[k]!;
  return out;
}

function sortedRecord<K extends string>(r: Readonly<Partial<Record<K, Text | undefined>>>): Record<K, Text> {
  const out = {} as Record<K, Text>;
  for (const k of (Object.keys(r) as K[]).sort()) {
    const t = r[k];
    if (t !== undefined) out[k] = sortedText(t);
  }
  return out;
}

/** Band id → numeric code, for the bands that have one. */
export function bandCodes(report: Report): Map<string, number> {
  const out = new Map<string, number>();
  for (const b of report.matrix.bands) if (b.code !== undefined) out.set(b.id, b.code);
  return out;
}

/**
 * The two coverages of a scorecard's overall score, weighted like the overall score: `used` counts
 * every indicator with a score (reported or carried forward), `reported` only those reported in the
 * year itself. With themes aggregated by theme, each theme's coverage is weighted by the theme's weight.
 */
export function coverageOf(report: Report, card: Scorecard): { reported: number; used: number } {
  if (card.coverage !== undefined) return card.coverage;
  const weights = new Map(report.matrix.indicators.map((i) => [i.id, i.weight]));
  const part = (list: readonly Scorecard['indicators'][number][]) => {
    let all = 0;
    let used = 0;
    let reported = 0;
    for (const r of list) {
      const w = weights.get(r.id) ?? 1;
      all += w;
      if (r.score === null) continue;
      used += w;
      if (r.carriedFrom === undefined) reported += w;
    }
    return all === 0 ? null : { reported: reported / all, used: used / all };
  };
  if (report.matrix.scoring.overall === 'indicators')
    return part(card.indicators) ?? { reported: 0, used: 0 };
  const byTheme = new Map<string, Scorecard['indicators'][number][]>();
  for (const r of card.indicators) {
    const list = byTheme.get(r.theme) ?? [];
    list.push(r);
    byTheme.set(r.theme, list);
  }
  const themeWeight = new Map(report.matrix.themes.map((t) => [t.id, t.weight]));
  let all = 0;
  let used = 0;
  let reported = 0;
  for (const [id, list] of byTheme) {
    const c = part(list);
    if (c === null) continue;
    const w = themeWeight.get(id) ?? 1;
    all += w;
    used += w * c.used;
    reported += w * c.reported;
  }
  return all === 0 ? { reported: 0, used: 0 } : { reported: reported / all, used: used / all };
}

/** Warnings for data that is missing in a way the core does not report. */
function missingWarnings(
  s: Report['matrix']['scoring'],
  card: CardFacts,
  scored: ReadonlySet<string>,
  years: ReadonlyMap<string, readonly number[]>,
): ReportIssue[] {
  const out: ReportIssue[] = [];
  const where = { path: [], entity: card.entity, year: card.year };
  const empty = card.empty;
  // Issue 16: values given by category only are data, scored per category.
  if (card.indicators > 0 && empty.length === card.indicators && !card.byCategory) {
    out.push({
      code: 'no-data',
      message: 'no indicator has a value, so nothing could be scored',
      ...where,
    });
  }
  // A carried value proves the policy could look back (e.g. `--year` keeps only one year of output).
  if (s.missing === 'carryForward' && empty.length > 0 && !card.carried) {
    let earlier = false;
    for (let y = card.year - s.maxYears; y < card.year; y++)
      if (scored.has(`${card.entity}\u0000${y}`)) earlier = true;
    // The first year of a series has nothing to look back to by design; a year scored alone, or
    // after a gap, may have had earlier data that was not given.
    const own = years.get(card.entity) ?? [];
    const alone = own.length === 1;
    const afterGap = own.some((y) => y < card.year);
    if (!earlier && (alone || afterGap)) {
      const ids = empty;
      out.push({
        code: 'carry-forward-unavailable',
        message: `${ids.length} indicator(s) have no value and no scorecard of ${card.year - s.maxYears}–${card.year - 1} was scored in the same run, so the carryForward policy could not look back (${ids.join(', ')}); score the years together`,
        ...where,
        hint: 'score this year together with the previous years',
      });
    }
  }
  return out;
}
