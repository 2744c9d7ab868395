/**
 * Fixed labels of the human-readable reports (Markdown, HTML) in English, French and Spanish, and
 * number formatting per language that does not depend on the host's ICU data or locale, so a report
 * is byte-identical on every machine.
 *
 * Catalogue values may hold `{name}` placeholders, filled by {@link fill}. Formulas and symbols are
 * never part of a catalogue value; they are passed in as placeholders so a translation cannot break
 * them. Machine-readable output (CSV column names, status ids in CSV, JSON) is not translated.
 */
import type { Language } from '../dimensions';

const en = {
  // document
  scorecards: 'Scorecards',
  matrix: 'Matrix',
  provenance: 'Provenance',
  generated: 'Generated',
  contents: 'Contents',
  notRanking:
    'The MGI is not a ranking: it shows how comprehensive policies are and where the gaps are. Each entity is compared with its own baseline and targets, never with other entities.',
  // headline
  entity: 'Entity',
  year: 'Year',
  assessment: 'Assessment',
  provisional: 'provisional',
  final: 'final',
  submittedBy: 'Submitted by',
  overallScore: 'Overall score',
  overall: 'overall',
  score: 'Score',
  band: 'Band',
  coverage: 'Coverage',
  withData: 'With data',
  // tables
  dimensions: 'Dimensions',
  dimension: 'Dimension',
  themes: 'Themes',
  theme: 'Theme',
  indicators: 'Indicators',
  indicator: 'Indicator',
  id: 'Id',
  value: 'Value',
  target: 'Target',
  targetBy: '{target} by {year}',
  progress: 'Progress',
  expected: 'Expected',
  status: 'Status',
  change: 'Change',
  trend: 'Trend',
  carriedFrom: 'carried forward from {year}',
  sinceYear: 'since {year}',
  scoreLegend: 'Scores from 0 to 100',
  // statuses
  'status.achieved': 'achieved',
  'status.on-track': 'on track',
  'status.off-track': 'off track',
  'status.regressing': 'regressing',
  'status.no-data': 'no data',
  'status.no-target': 'no target',
  // change
  'change.improvement': 'improvement',
  'change.deterioration': 'deterioration',
  'change.unchanged': 'unchanged',
  // reporting
  reporting: 'Reporting compliance',
  institution: 'Institution',
  reportedCount: 'Reported',
  missing: 'Missing',
  // warnings and errors
  warnings: 'Warnings',
  errors: 'Errors: input that was not scored',
  'warning.carried-forward': '{subject}: no value this year; the {year} value is carried forward',
  'warning.low-coverage': '{subject}: too little data for a score (less than {min} of the weight)',
  'warning.geometric-zero': '{subject}: an indicator scores 0, so the geometric mean is 0',
  'warning.breakdown-mismatch': '{subject}: the breakdown does not add up to the total',
  'warning.year-before-baseline': '{subject}: the year is before the baseline year; no progress is measured',
  // reasons a value is missing
  'reason.not-reported': 'not reported',
  'reason.reported-missing': 'reported as not available: {detail}',
  'reason.no-scale': 'no target or goalposts to score against',
  'reason.invalid': 'invalid observation (see errors)',
  'reason.conflict': 'conflicting submissions',
  'reason.missing-inputs': 'missing inputs: {detail}',
  'reason.formula': 'the formula could not be computed',
  // series
  trends: 'Trends',
  scoreHistory: 'Score history',
  changeFirstLast: 'Change over the period',
  annualRate: 'Annual rate',
  perYear: '{rate} a year',
  projection: 'Projection',
  'projection.achieved': 'achieved in {year}',
  'projection.on-course': 'target reached in {year} at this rate',
  'projection.not-at-this-rate': 'not at this rate',
  'projection.no-target': 'no target',
  'projection.too-few-points': 'too few data points',
  latestYear: 'Latest year',
  previousYears: 'Earlier years',
  // methodology
  methodology: 'Methodology',
  'method.progress':
    'Progress compares the value {a} with the baseline {b} and the final target {T}: {formula}. For a qualitative indicator the scores of the levels are used.',
  'method.expected':
    'Expected progress {e} is the share of the way from the baseline year to the target year (or between annual milestones) reached in year {t}, from 0 to 1.',
  'method.status':
    'Status: achieved when {achieved}; on track when {onTrack} (with the tolerance of the indicator); regressing when {regressing}, that is worse than the baseline; off track otherwise. An indicator to maintain is achieved while it stays within its tolerance of the target.',
  'method.score.target': 'Indicator score on 0 to 100: {formula}.',
  'method.score.goalposts': 'Indicator score on 0 to 100: position between fixed goalposts, {formula}.',
  'method.aggregation.themes':
    'Indicator scores are combined into theme scores by a weighted {indicators} mean, and theme scores into dimension and overall scores by a weighted {themes} mean.',
  'method.aggregation.indicators':
    'Indicator scores are combined into theme scores by a weighted {indicators} mean; dimension and overall scores pool all their indicators in the same way.',
  'method.arithmetic': 'arithmetic',
  'method.geometric': 'geometric',
  'method.missing.reweight':
    'Missing values are left out and the weights of the others rescaled; an aggregate needs at least {min} of its weight with data, otherwise it is not computed.',
  'method.missing.zero': 'Missing values count as a score of 0.',
  'method.missing.carryForward':
    'A missing value is replaced by the last value reported up to {years} year(s) earlier; an aggregate needs at least {min} of its weight with data, otherwise it is not computed.',
  'method.bands': 'Bands: {list}.',
  'method.band': '{label} from {min}',
  'method.noBands': 'This matrix defines no bands.',
} as const;

/** The keys of the label catalogues. */
export type CatalogueKey = keyof typeof en;

/**
 * A catalogue of fixed labels: every key of the English catalogue, no more and no fewer, so a
 * missing translation is a type error.
 */
export type Catalogue = Readonly<Record<CatalogueKey, string>>;

const fr: Catalogue = {
  scorecards: 'Tableaux de bord',
  matrix: 'Matrice',
  provenance: 'Provenance',
  generated: 'Généré le',
  contents: 'Sommaire',
  notRanking:
    "Le MGI n'est pas un classement : il montre dans quelle mesure les politiques sont complètes et où se situent les lacunes. Chaque entité est comparée à sa propre situation de référence et à ses propres cibles, jamais à d'autres entités.",
  entity: 'Entité',
  year: 'Année',
  assessment: 'Évaluation',
  provisional: 'provisoire',
  final: 'définitive',
  submittedBy: 'Transmis par',
  overallScore: 'Score global',
  overall: 'ensemble',
  score: 'Score',
  band: 'Tranche',
  coverage: 'Couverture',
  withData: 'Avec données',
  dimensions: 'Dimensions',
  dimension: 'Dimension',
  themes: 'Thèmes',
  theme: 'Thème',
  indicators: 'Indicateurs',
  indicator: 'Indicateur',
  id: 'Code',
  value: 'Valeur',
  target: 'Cible',
  targetBy: "{target} d'ici {year}",
  progress: 'Progrès',
  expected: 'Attendu',
  status: 'Statut',
  change: 'Variation',
  trend: 'Tendance',
  carriedFrom: 'reporté de {year}',
  sinceYear: 'depuis {year}',
  scoreLegend: 'Scores de 0 à 100',
  'status.achieved': 'atteint',
  'status.on-track': 'en bonne voie',
  'status.off-track': 'en retard',
  'status.regressing': 'en recul',
  'status.no-data': 'pas de données',
  'status.no-target': 'sans cible',
  'change.improvement': 'amélioration',
  'change.deterioration': 'détérioration',
  'change.unchanged': 'stable',
  reporting: 'Respect des obligations de rapport',
  institution: 'Institution',
  reportedCount: 'Transmis',
  missing: 'Manquants',
  warnings: 'Avertissements',
  errors: 'Erreurs : données non évaluées',
  'warning.carried-forward': '{subject} : pas de valeur cette année ; la valeur de {year} est reportée',
  'warning.low-coverage': '{subject} : trop peu de données pour un score (moins de {min} de la pondération)',
  'warning.geometric-zero': '{subject} : un indicateur a un score de 0, la moyenne géométrique vaut donc 0',
  'warning.breakdown-mismatch': '{subject} : la ventilation ne correspond pas au total',
  'warning.year-before-baseline':
    "{subject} : l'année précède l'année de référence ; aucun progrès n'est mesuré",
  'reason.not-reported': 'non transmis',
  'reason.reported-missing': 'déclaré indisponible : {detail}',
  'reason.no-scale': 'ni cible ni bornes pour le score',
  'reason.invalid': 'observation invalide (voir les erreurs)',
  'reason.conflict': 'transmissions contradictoires',
  'reason.missing-inputs': 'données manquantes : {detail}',
  'reason.formula': "la formule n'a pas pu être calculée",
  trends: 'Tendances',
  scoreHistory: 'Historique des scores',
  changeFirstLast: 'Variation sur la période',
  annualRate: 'Taux annuel',
  perYear: '{rate} par an',
  projection: 'Projection',
  'projection.achieved': 'atteinte en {year}',
  'projection.on-course': 'cible atteinte en {year} à ce rythme',
  'projection.not-at-this-rate': 'pas à ce rythme',
  'projection.no-target': 'sans cible',
  'projection.too-few-points': 'trop peu de points',
  latestYear: 'Dernière année',
  previousYears: 'Années précédentes',
  methodology: 'Méthodologie',
  'method.progress':
    'Le progrès compare la valeur {a} à la situation de référence {b} et à la cible finale {T} : {formula}. Pour un indicateur qualitatif, on utilise les scores des niveaux.',
  'method.expected':
    "Le progrès attendu {e} est la part du chemin entre l'année de référence et l'année cible (ou entre les jalons annuels) atteinte l'année {t}, de 0 à 1.",
  'method.status':
    "Statut : atteint si {achieved} ; en bonne voie si {onTrack} (avec la tolérance de l'indicateur) ; en recul si {regressing}, c'est-à-dire moins bien que la situation de référence ; en retard sinon. Un indicateur à maintenir est atteint tant qu'il reste dans sa tolérance autour de la cible.",
  'method.score.target': "Score de l'indicateur de 0 à 100 : {formula}.",
  'method.score.goalposts': "Score de l'indicateur de 0 à 100 : position entre des bornes fixes, {formula}.",
  'method.aggregation.themes':
    'Les scores des indicateurs sont combinés en scores de thème par une moyenne {indicators} pondérée, et les scores de thème en scores de dimension et global par une moyenne {themes} pondérée.',
  'method.aggregation.indicators':
    'Les scores des indicateurs sont combinés en scores de thème par une moyenne {indicators} pondérée ; les scores de dimension et global regroupent tous leurs indicateurs de la même façon.',
  'method.arithmetic': 'arithmétique',
  'method.geometric': 'géométrique',
  'method.missing.reweight':
    "Les valeurs manquantes sont écartées et les pondérations des autres ajustées ; un agrégat exige des données pour au moins {min} de sa pondération, sinon il n'est pas calculé.",
  'method.missing.zero': 'Une valeur manquante compte comme un score de 0.',
  'method.missing.carryForward':
    "Une valeur manquante est remplacée par la dernière valeur transmise au plus {years} an(s) plus tôt ; un agrégat exige des données pour au moins {min} de sa pondération, sinon il n'est pas calculé.",
  'method.bands': 'Tranches : {list}.',
  'method.band': '{label} à partir de {min}',
  'method.noBands': 'Cette matrice ne définit pas de tranches.',
};

const es: Catalogue = {
  scorecards: 'Fichas de resultados',
  matrix: 'Matriz',
  provenance: 'Procedencia',
  generated: 'Generado',
  contents: 'Contenido',
  notRanking:
    'Los MGI no son una clasificación: muestran en qué medida las políticas son completas y dónde están las carencias. Cada entidad se compara con su propia línea de base y sus propias metas, nunca con otras entidades.',
  entity: 'Entidad',
  year: 'Año',
  assessment: 'Evaluación',
  provisional: 'provisional',
  final: 'definitiva',
  submittedBy: 'Enviado por',
  overallScore: 'Puntuación global',
  overall: 'conjunto',
  score: 'Puntuación',
  band: 'Banda',
  coverage: 'Cobertura',
  withData: 'Con datos',
  dimensions: 'Dimensiones',
  dimension: 'Dimensión',
  themes: 'Temas',
  theme: 'Tema',
  indicators: 'Indicadores',
  indicator: 'Indicador',
  id: 'Código',
  value: 'Valor',
  target: 'Meta',
  targetBy: '{target} para {year}',
  progress: 'Progreso',
  expected: 'Esperado',
  status: 'Estado',
  change: 'Variación',
  trend: 'Tendencia',
  carriedFrom: 'arrastrado de {year}',
  sinceYear: 'desde {year}',
  scoreLegend: 'Puntuaciones de 0 a 100',
  'status.achieved': 'alcanzado',
  'status.on-track': 'en camino',
  'status.off-track': 'retrasado',
  'status.regressing': 'en retroceso',
  'status.no-data': 'sin datos',
  'status.no-target': 'sin meta',
  'change.improvement': 'mejora',
  'change.deterioration': 'empeoramiento',
  'change.unchanged': 'sin cambios',
  reporting: 'Cumplimiento de la presentación de informes',
  institution: 'Institución',
  reportedCount: 'Informados',
  missing: 'Faltantes',
  warnings: 'Advertencias',
  errors: 'Errores: datos no evaluados',
  'warning.carried-forward': '{subject}: sin valor este año; se arrastra el valor de {year}',
  'warning.low-coverage': '{subject}: muy pocos datos para una puntuación (menos de {min} de la ponderación)',
  'warning.geometric-zero': '{subject}: un indicador puntúa 0, por lo que la media geométrica es 0',
  'warning.breakdown-mismatch': '{subject}: el desglose no coincide con el total',
  'warning.year-before-baseline': '{subject}: el año es anterior al año de base; no se mide el progreso',
  'reason.not-reported': 'no informado',
  'reason.reported-missing': 'declarado no disponible: {detail}',
  'reason.no-scale': 'sin meta ni límites para la puntuación',
  'reason.invalid': 'observación no válida (véanse los errores)',
  'reason.conflict': 'envíos contradictorios',
  'reason.missing-inputs': 'faltan datos: {detail}',
  'reason.formula': 'no se pudo calcular la fórmula',
  trends: 'Tendencias',
  scoreHistory: 'Historial de puntuaciones',
  changeFirstLast: 'Variación en el período',
  annualRate: 'Tasa anual',
  perYear: '{rate} al año',
  projection: 'Proyección',
  'projection.achieved': 'alcanzada en {year}',
  'projection.on-course': 'meta alcanzada en {year} a este ritmo',
  'projection.not-at-this-rate': 'no a este ritmo',
  'projection.no-target': 'sin meta',
  'projection.too-few-points': 'muy pocos datos',
  latestYear: 'Último año',
  previousYears: 'Años anteriores',
  methodology: 'Metodología',
  'method.progress':
    'El progreso compara el valor {a} con la línea de base {b} y la meta final {T}: {formula}. Para un indicador cualitativo se usan las puntuaciones de los niveles.',
  'method.expected':
    'El progreso esperado {e} es la parte del camino entre el año de base y el año de la meta (o entre hitos anuales) alcanzada en el año {t}, de 0 a 1.',
  'method.status':
    'Estado: alcanzado si {achieved}; en camino si {onTrack} (con la tolerancia del indicador); en retroceso si {regressing}, es decir, peor que la línea de base; retrasado en los demás casos. Un indicador que debe mantenerse se considera alcanzado mientras permanece dentro de su tolerancia respecto de la meta.',
  'method.score.target': 'Puntuación del indicador de 0 a 100: {formula}.',
  'method.score.goalposts': 'Puntuación del indicador de 0 a 100: posición entre límites fijos, {formula}.',
  'method.aggregation.themes':
    'Las puntuaciones de los indicadores se combinan en puntuaciones de tema mediante una media {indicators} ponderada, y las de tema en puntuaciones de dimensión y global mediante una media {themes} ponderada.',
  'method.aggregation.indicators':
    'Las puntuaciones de los indicadores se combinan en puntuaciones de tema mediante una media {indicators} ponderada; las puntuaciones de dimensión y global agrupan todos sus indicadores del mismo modo.',
  'method.arithmetic': 'aritmética',
  'method.geometric': 'geométrica',
  'method.missing.reweight':
    'Los valores faltantes se excluyen y se reajustan las ponderaciones de los demás; un agregado requiere datos para al menos {min} de su ponderación; si no, no se calcula.',
  'method.missing.zero': 'Un valor faltante cuenta como una puntuación de 0.',
  'method.missing.carryForward':
    'Un valor faltante se sustituye por el último valor informado hasta {years} año(s) antes; un agregado requiere datos para al menos {min} de su ponderación; si no, no se calcula.',
  'method.bands': 'Bandas: {list}.',
  'method.band': '{label} desde {min}',
  'method.noBands': 'Esta matriz no define bandas.',
};

/** The label catalogues by language. */
export const catalogues: Readonly<Record<Language, Catalogue>> = /* @__PURE__ */ Object.freeze({
  en,
  fr,
  es,
});

/** Replace `{name}` placeholders in a catalogue value. Unknown placeholders are left as they are. */
export function fill(template: string, vars: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return v === undefined ? whole : String(v);
  });
}

// --- numbers ---------------------------------------------------------------------------------------

/**
 * Separators per language. Written out here instead of `Intl.NumberFormat` so output does not
 * depend on the ICU data of the host:
 * - en: `1,234.5`, percent `50%`
 * - fr: `1 234,5` with U+202F NARROW NO-BREAK SPACE between thousands, percent `50 %` with U+202F
 *   (French typographic convention; matches current CLDR)
 * - es: `1.234,5` (grouping from 1,000 on), percent `50 %` with U+00A0 NO-BREAK SPACE
 *
 * Negative numbers use U+2212 MINUS SIGN in every language.
 */
const separators: Readonly<Record<Language, { group: string; decimal: string; percent: string }>> = {
  en: { group: ',', decimal: '.', percent: '%' },
  fr: { group: '\u202F', decimal: ',', percent: '\u202F%' },
  es: { group: '.', decimal: ',', percent: '\u00A0%' },
};

/** Options of {@link formatNumber}. */
export interface NumberFormat {
  /** Fixed number of decimals. Without it: at most 2 decimals, trailing zeros dropped (more for tiny numbers). */
  readonly decimals?: number | undefined;
  /** Drop trailing zeros even with fixed `decimals`. */
  readonly trim?: boolean;
  /** Show `+` before positive numbers (for changes). */
  readonly sign?: boolean;
}

/**
 * Format a number for people in one language, deterministically (no ICU, no host locale).
 *
 * @example
 * ```ts
 * formatNumber(1234.5, 'fr', { decimals: 1 }); // "1 234,5" (U+202F between thousands)
 * ```
 */
export function formatNumber(x: number, lang: Language, format: NumberFormat = {}): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? '—' : x > 0 ? '∞' : '\u2212∞';
  const sep = separators[lang];
  const abs = Math.abs(x);
  let digits: { int: string; frac: string };
  let trim = format.trim === true;
  if (format.decimals !== undefined) {
    digits = roundTo(abs, clampDecimals(format.decimals));
  } else {
    trim = true;
    digits = roundTo(abs, 2);
    // Keep some digits of a small non-zero number rather than show 0.
    if (abs !== 0 && /^0*$/.test(digits.int + digits.frac)) digits = roundTo(abs, 6);
  }
  let frac = digits.frac;
  if (trim) frac = frac.replace(/0+$/, '');
  const isZero = /^0*$/.test(digits.int + frac);
  const int = digits.int.replace(/\B(?=(\d{3})+(?!\d))/g, sep.group);
  const body = frac === '' ? int : `${int}${sep.decimal}${frac}`;
  if (isZero) return body;
  if (x < 0) return `\u2212${body}`;
  return format.sign ? `+${body}` : body;
}

/** Format a ratio (0.5) as a percentage (`50%`, `50 %`) in one language; 1 decimal at most by default. */
export function formatPercent(ratio: number, lang: Language, format: NumberFormat = {}): string {
  const f: NumberFormat = {
    decimals: format.decimals ?? 1,
    trim: format.decimals === undefined || format.trim === true,
  };
  return `${formatNumber(ratio * 100, lang, format.sign ? { ...f, sign: true } : f)}${separators[lang].percent}`;
}

function clampDecimals(d: number): number {
  return Math.min(12, Math.max(0, Math.trunc(d)));
}

/**
 * Decimal digits of a non-negative number rounded half away from zero to `d` decimals. Shifting
 * the decimal exponent in the string form avoids binary artefacts (1.005 → "1.01", not "1.00").
 */
function roundTo(abs: number, d: number): { int: string; frac: string } {
  let s: string;
  const plain = String(abs);
  if (abs >= 1e21) return { int: plain, frac: '' }; // exponent form; no grouping or decimals make sense
  if (abs >= 1e15 || plain.includes('e')) {
    s = abs.toFixed(d).replace('.', '');
  } else {
    s = String(Math.round(Number(`${plain}e${d}`)));
  }
  if (d === 0) return { int: s, frac: '' };
  s = s.padStart(d + 1, '0');
  return { int: s.slice(0, -d), frac: s.slice(-d) };
}
