/**
 * Types computed from a matrix literal (see `defineMatrix`): which ids an assessment of that matrix
 * may report and what each observation looks like. Types only, plus one identity helper; nothing
 * here runs at scoring time, and every `AssessmentOf<M>` is an {@link Assessment}, so `score()`
 * accepts it unchanged.
 */
import type { Assessment } from './assessment';
import type { Matrix } from './matrix';

/** Optional fields every observation may carry. */
export interface ObservationMeta {
  readonly source?: string;
  readonly evidence?: string;
  readonly reportedBy?: string;
  readonly note?: string;
}

/** `{missing: reason}`: the value is not available. */
export interface MissingObservation extends ObservationMeta {
  readonly missing: string;
  readonly value?: never;
  readonly level?: never;
}

// Wide `string` keys become plain index signatures: an optional mapped index signature would add
// `| undefined` to it, which `Assessment` (a zod `record`) does not allow.
type Categories<C extends string> = string extends C
  ? { readonly [category: string]: number }
  : { readonly [K in C]?: number };
type Breakdown<D> =
  D extends Readonly<Record<string, readonly string[]>>
    ? string extends keyof D
      ? { readonly [dimension: string]: Categories<D[string][number]> }
      : { readonly [K in keyof D]?: Categories<D[K][number]> }
    : never;

/** The observation of a quantitative indicator or formula input, with breakdown by its categories. */
export type NumericObservation<D = undefined> =
  | (ObservationMeta & {
      readonly value: number;
      readonly level?: never;
      readonly missing?: never;
      readonly breakdown?: Breakdown<D>;
    })
  | (MissingObservation & { readonly breakdown?: Breakdown<D> })
  | (ObservationMeta & {
      readonly breakdown: Breakdown<D>;
      readonly value?: never;
      readonly level?: never;
      readonly missing?: never;
    });

/** The observation of a qualitative indicator whose level ids are `L`. */
export type LevelObservation<L extends string> =
  | (ObservationMeta & { readonly level: L; readonly value?: never; readonly missing?: never })
  | MissingObservation;

/** The observation shape for one indicator of a matrix literal. */
export type ObservationFor<I> = I extends {
  readonly kind: 'qualitative';
  readonly levels: readonly (infer L)[];
}
  ? LevelObservation<L extends { readonly id: infer Id extends string } ? Id : never>
  : I extends { readonly kind: 'quantitative' }
    ? NumericObservation<I extends { readonly disaggregation?: infer D } ? D : undefined>
    : never;

type ReportedIndicator<M extends Matrix> = Exclude<M['indicators'][number], { readonly kind: 'formula' }>;
type FormulaOf<M extends Matrix> = Extract<M['indicators'][number], { readonly kind: 'formula' }>;
type InputId<F> = F extends { readonly inputs: readonly (infer Id extends string)[] } ? Id : never;
type InputDisaggregation<M extends Matrix, Id extends string> =
  FormulaOf<M> extends infer F
    ? F extends { readonly inputs: readonly string[]; readonly disaggregation: infer D }
      ? Id extends F['inputs'][number]
        ? D
        : never
      : never
    : never;

/** The ids an assessment of `M` may report: its non-formula indicators and the inputs of its formulas. */
export type IndicatorIdOf<M extends Matrix> = ReportedIndicator<M>['id'] | InputId<FormulaOf<M>>;

/** The observation shape of one reportable id of `M`: an indicator's, or a formula input's. */
export type ObservationOf<M extends Matrix, Id extends string> = Id extends ReportedIndicator<M>['id']
  ? ObservationFor<Extract<ReportedIndicator<M>, { readonly id: Id }>>
  : NumericObservation<[InputDisaggregation<M, Id>] extends [never] ? undefined : InputDisaggregation<M, Id>>;

/**
 * `observations` of an assessment of `M`: each reportable id, optional, with its own shape. For a
 * matrix typed only as `Matrix` (ids unknown), any id with any observation shape.
 */
export type ObservationsOf<M extends Matrix> =
  string extends IndicatorIdOf<M>
    ? { readonly [id: string]: ObservationOf<M, string> }
    : { readonly [Id in IndicatorIdOf<M>]?: ObservationOf<M, Id> };

/**
 * An assessment of matrix `M` (a literal kept by `defineMatrix`): `matrix` is `"id@version"`, and an
 * unknown indicator id, a level the indicator does not have, a value for a qualitative indicator or
 * a breakdown category that is not declared is a type error. Assignable to {@link Assessment}.
 */
export type AssessmentOf<M extends Matrix> = Omit<Assessment, 'matrix' | 'observations'> & {
  readonly matrix: `${M['id']}@${M['version']}`;
  readonly observations: ObservationsOf<M>;
};

/**
 * Identity helper for writing an assessment of a `defineMatrix` literal in TypeScript, checked
 * against that matrix at compile time. Returns its second argument unchanged.
 *
 * @example
 * ```ts
 * const m = defineMatrix({ ... });
 * const a = defineAssessment(m, { format: 'mgi-engine/assessment@1', matrix: 'demo@1.0.0',
 *   entity: 'MDA', year: 2021, observations: { W1: { level: 'partial' } } });
 * score(m, [a]);
 * ```
 */
export function defineAssessment<const M extends Matrix>(
  _matrix: M,
  assessment: AssessmentOf<M>,
): AssessmentOf<M> {
  // Not generic in the assessment on purpose: a literal argument then gets excess-property checks,
  // so a misspelled indicator id is a compile error.
  return assessment;
}
