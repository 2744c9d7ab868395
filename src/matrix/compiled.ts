import type { CompiledFormula } from '../formula/types';
import type {
  AggregationMethod,
  Direction,
  Matrix,
  NormalisationMethod,
  ProgressMethod,
  SampleMethod,
} from '../schema/matrix';
import type { ThemeNode } from './hierarchy';
import type { GrowthSettings } from './progress-method';

/** A target or milestone on the indicator's numeric scale (level scores for qualitative indicators). */
export interface Point {
  readonly year: number;
  readonly value: number;
  /** The level id, for qualitative indicators. */
  readonly level?: string;
}

/** An indicator resolved for scoring: defaults applied, levels indexed, targets sorted. */
export interface CompiledIndicator {
  readonly id: string;
  readonly index: number;
  readonly theme: string;
  readonly themeIndex: number;
  readonly kind: 'quantitative' | 'qualitative' | 'formula';
  readonly weight: number;
  /** Qualitative indicators are "increase" on their level scores. */
  readonly direction: Direction;
  /** How the score is computed: from progress, goalposts, level scores, a sample of entities, or not at all. */
  readonly normalisation: 'target' | 'goalposts' | 'levels' | 'none' | SampleMethod;
  readonly baseline: Point | null;
  /** Milestones and final target, sorted by year; the last is the final target. */
  readonly targets: readonly Point[];
  readonly goalposts: { readonly min: number; readonly max: number; readonly log: boolean } | null;
  readonly tolerance: number;
  /** How progress is judged: distance travelled ("linear") or growth rates ("growth"). */
  readonly progress: ProgressMethod;
  readonly range: { readonly min: number; readonly max: number };
  /** Level id → score (qualitative). */
  readonly levels: ReadonlyMap<string, number> | null;
  /** Breakdown dimension → allowed categories. */
  readonly categories: ReadonlyMap<string, ReadonlySet<string>>;
  readonly responsible: readonly string[];
  readonly frequency: 'annual' | 'biennial' | 'triennial' | 'quinquennial' | 'irregular';
  readonly formula: {
    readonly expression: string;
    readonly inputs: readonly string[];
    /** Indicator ids the expression reads. */
    readonly indicators: readonly string[];
    readonly compiled: CompiledFormula;
  } | null;
}

/** A theme resolved for scoring, with its place in the hierarchy (`dimension` is inherited). */
export interface CompiledTheme extends ThemeNode {
  readonly id: string;
  readonly index: number;
  readonly weight: number;
  /** Its indicators' indexes (empty for a theme of sub-themes). */
  readonly indicators: readonly number[];
}

/** A raw variable reported in assessments and read by formula indicators. */
export interface CompiledInput {
  readonly id: string;
  readonly usedBy: readonly string[];
  readonly categories: ReadonlyMap<string, ReadonlySet<string>>;
  readonly responsible: readonly string[];
}

/** A matrix checked and resolved for scoring. Build it with `compileMatrix()`; reuse it across assessments. */
export interface CompiledMatrix {
  readonly matrix: Matrix;
  readonly id: string;
  readonly version: string;
  /** `id@version`, what assessments name in `matrix`. */
  readonly ref: string;
  readonly themes: readonly CompiledTheme[];
  readonly indicators: readonly CompiledIndicator[];
  readonly indicatorById: ReadonlyMap<string, CompiledIndicator>;
  readonly themeById: ReadonlyMap<string, CompiledTheme>;
  /** Theme indexes with every theme after its sub-themes (the order aggregates are computed in). */
  readonly themeOrder: readonly number[];
  /** Indexes of the themes without a parent, in matrix order: the parts of the overall. */
  readonly rootThemes: readonly number[];
  readonly inputs: ReadonlyMap<string, CompiledInput>;
  /** Indicator indexes in evaluation order: formulas after what they read. */
  readonly order: readonly number[];
  readonly hasFormulas: boolean;
  readonly scoring: {
    readonly indicators: AggregationMethod;
    readonly themes: AggregationMethod;
    readonly overall: 'themes' | 'indicators';
    readonly missing: 'reweight' | 'zero' | 'carryForward';
    readonly minCoverage: number;
    readonly maxYears: number;
    readonly normalisation: NormalisationMethod;
    /** The reference set of sample-based methods (null fields: every entity, each year its own). */
    readonly sample: { readonly entities: ReadonlySet<string> | null; readonly year: number | null };
    /** The matrix's default progress method, and the thresholds of the "growth" method. */
    readonly progress: ProgressMethod;
    readonly growth: GrowthSettings;
  };
  /** Whether any indicator uses the "growth" progress method. */
  readonly hasGrowth: boolean;
  /** Bands sorted by `min`, ascending. */
  readonly bands: readonly { readonly id: string; readonly min: number }[];
  /** One matrix per category of each dimension in `disaggregations` (absent when it declares none). */
  readonly categoryViews?: readonly CategoryView[];
}

/** The matrix as one category sees it: its own baseline, targets and goalposts where it gives them. */
export interface CategoryView {
  readonly dimension: string;
  readonly category: string;
  readonly matrix: CompiledMatrix;
  /**
   * What the category is scored on: the view with only the indicators that can have a value for the
   * category (`indicators[k']` = the view's index of compact indicator `k'`); the view's aggregates
   * count the others as not reported.
   */
  readonly compact: { readonly matrix: CompiledMatrix; readonly indicators: Int32Array };
}
