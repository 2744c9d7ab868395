import { issue, type MgiIssue, type SafeParseResult } from '../errors';
import type { FormulaEngine } from '../formula/types';
import type { Indicator, Matrix } from '../schema/matrix';
import type { CategoryView, CompiledMatrix } from './compiled';

/**
 * The matrix as one category sees it, for every category of every dimension the matrix declares in
 * `disaggregations`: the same themes, indicators and scoring, each indicator with the category's own
 * baseline, targets and goalposts where it gives them. Scoring a category is then scoring this
 * matrix on the category's values — the same method as the total, by construction.
 */
export function categoryViews(
  matrix: Matrix,
  base: CompiledMatrix,
  compile: (m: Matrix) => SafeParseResult<CompiledMatrix>,
  issues: MgiIssue[],
  _engine?: FormulaEngine,
): CategoryView[] {
  const specs = matrix.disaggregations ?? {};
  checkOverrides(matrix, issues);
  const views: CategoryView[] = [];
  for (const dim of Object.keys(specs).sort()) {
    const cats = categoriesOf(base, dim);
    if (cats.length === 0) {
      issues.push(
        issue(
          'unknown-category',
          ['disaggregations', dim],
          `no indicator or input has a breakdown by "${dim}"`,
          {
            hint: `add "${dim}" to an indicator's "disaggregation" or remove it from "disaggregations"`,
          },
        ),
      );
      continue;
    }
    const parity = specs[dim]!.parity;
    for (const side of ['numerator', 'denominator'] as const) {
      const c = parity?.[side];
      if (c !== undefined && !cats.includes(c))
        issues.push(
          issue(
            'unknown-category',
            ['disaggregations', dim, 'parity', side],
            `"${dim}" has no category "${c}"`,
            {
              expected: cats.join(', '),
            },
          ),
        );
    }
    checkParityBands(dim, parity?.bands ?? [], issues);
    for (const cat of cats) {
      const view = viewMatrix(matrix, dim, cat);
      const r = compile(view);
      if (!r.success) {
        for (const x of r.issues) issues.push(remap(x, dim, cat));
        continue;
      }
      const compact = compactView(view, r.data, dim, cat, compile);
      views.push(Object.freeze({ dimension: dim, category: cat, matrix: r.data, compact }));
    }
  }
  return views;
}

/**
 * The view with only the indicators that can have a value for the category. It has the view's
 * themes and a subset of its indicators, so it compiles whenever the view does (formulas keep what
 * they read); were it not to, the view is scored whole.
 */
function compactView(
  view: Matrix,
  data: CompiledMatrix,
  dim: string,
  cat: string,
  compile: (m: Matrix) => SafeParseResult<CompiledMatrix>,
): CategoryView['compact'] {
  const active = activeIndicators(data, dim, cat);
  const c = compile({ ...view, indicators: active.map((k) => view.indicators[k]!) });
  return c.success
    ? Object.freeze({ matrix: c.data, indicators: Int32Array.from(active) })
    : Object.freeze({ matrix: data, indicators: Int32Array.from(data.indicators, (_, k) => k) });
}

/**
 * The indicators of a category's view that can have a value for the category, in matrix order:
 * those that declare it, formula indicators whose every input declares it and whose every
 * indicator read is itself one of these, and what the formulas kept read (a formula reading
 * categories by name finds no breakdown in a category's values, so it is harmlessly kept or left
 * out). The others are "not reported" in every row of the category, so the category scores only
 * these (issue 16: cost in proportion to what is disaggregated, not to the whole matrix).
 */
function activeIndicators(view: CompiledMatrix, dim: string, cat: string): number[] {
  const active = new Set<number>();
  for (const k of view.order) {
    const ind = view.indicators[k]!;
    if (ind.kind === 'qualitative') continue;
    if (ind.categories.get(dim)?.has(cat)) {
      active.add(k);
      continue;
    }
    const f = ind.formula;
    if (!f) continue;
    const inputsOk = f.inputs.every((id) => view.inputs.get(id)?.categories.get(dim)?.has(cat) === true);
    const readsOk = f.indicators.every((id) => {
      const dep = view.indicatorById.get(id);
      return dep !== undefined && active.has(dep.index);
    });
    if (inputsOk && readsOk) active.add(k);
  }
  // What a kept formula reads is kept too, so that the compact matrix compiles (formulas come
  // after what they read in `order`, so one pass from the end closes the set).
  for (let j = view.order.length - 1; j >= 0; j--) {
    const ind = view.indicators[view.order[j]!]!;
    if (!active.has(ind.index) || !ind.formula) continue;
    for (const id of ind.formula.indicators) active.add(view.indicatorById.get(id)!.index);
  }
  return [...active].sort((a, b) => a - b);
}

/** Every category of `dim` some indicator or input declares, sorted. */
function categoriesOf(m: CompiledMatrix, dim: string): string[] {
  const all = new Set<string>();
  for (const ind of m.indicators) for (const c of ind.categories.get(dim) ?? []) all.add(c);
  for (const inp of m.inputs.values()) for (const c of inp.categories.get(dim) ?? []) all.add(c);
  return [...all].sort();
}

function checkOverrides(matrix: Matrix, issues: MgiIssue[]): void {
  matrix.indicators.forEach((ind, i) => {
    if (ind.kind === 'qualitative') return;
    for (const [dim, byCat] of Object.entries(ind.categories ?? {})) {
      const declared = ind.disaggregation?.[dim];
      for (const cat of Object.keys(byCat)) {
        if (declared?.includes(cat)) continue;
        issues.push(
          issue(
            'unknown-category',
            ['indicators', i, 'categories', dim, cat],
            `${ind.id} gives parameters for "${dim}" = "${cat}", which its "disaggregation" does not declare`,
            { expected: declared?.join(', ') || 'no breakdown' },
          ),
        );
      }
    }
  });
}

function checkParityBands(
  dim: string,
  bands: readonly { maxDeviation?: number | undefined }[],
  issues: MgiIssue[],
) {
  let last = -1;
  bands.forEach((b, j) => {
    const d = b.maxDeviation;
    const isLast = j === bands.length - 1;
    if (d === undefined ? !isLast : d <= last)
      issues.push(
        issue(
          'bands-not-increasing',
          ['disaggregations', dim, 'parity', 'bands', j, 'maxDeviation'],
          d === undefined
            ? 'only the last parity band may leave out "maxDeviation"'
            : 'parity bands need strictly increasing "maxDeviation"',
        ),
      );
    if (d !== undefined) last = d;
  });
}

function viewMatrix(matrix: Matrix, dim: string, cat: string): Matrix {
  const { disaggregations, ...rest } = matrix;
  const minCoverage = disaggregations?.[dim]?.minCoverage;
  const scoring =
    minCoverage === undefined
      ? rest.scoring
      : {
          ...rest.scoring,
          missing: {
            ...rest.scoring?.missing,
            policy: rest.scoring?.missing?.policy ?? 'reweight',
            minCoverage,
          },
        };
  return {
    ...rest,
    ...(scoring ? { scoring } : {}),
    indicators: matrix.indicators.map((ind) => viewIndicator(ind, dim, cat)),
  };
}

function viewIndicator(ind: Indicator, dim: string, cat: string): Indicator {
  if (ind.kind === 'qualitative') return ind;
  // The breakdown stays declared, so a formula's category references still compile in the view
  // (they find no breakdown in a category's values: the indicator is not reported for categories).
  const { categories, ...rest } = ind;
  const own = categories?.[dim]?.[cat];
  return { ...rest, ...(own ?? {}) } as Indicator;
}

const OWN = new Set(['baseline', 'targets', 'goalposts']);

/** An issue of a category's matrix, named where the user wrote it. */
function remap(x: MgiIssue, dim: string, cat: string): MgiIssue {
  const [head, i, field, ...tail] = x.path;
  const path =
    head === 'indicators' && typeof field === 'string' && OWN.has(field)
      ? ['indicators', i!, 'categories', dim, cat, field, ...tail]
      : x.path;
  return { ...x, path, message: `category "${dim}" = "${cat}": ${x.message}` };
}
