import { issue, type MgiIssue, type SafeParseResult } from '../errors';
import type { CompiledFormula, FormulaEngine } from '../formula/types';
import { chain, closest, type SuggestBudget, suggestBudget } from '../schema/_issues';
import type { Indicator, Matrix, NormalisationMethod, SampleMethod } from '../schema/matrix';
import { resolveCategoryRef } from './category-refs';
import { categoryViews } from './category-views';
import type { CompiledIndicator, CompiledInput, CompiledMatrix, CompiledTheme, Point } from './compiled';
import { resolveHierarchy } from './hierarchy';
import { resolveProgress } from './progress-method';

const FORMULA_SYMBOL = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Check a schema-valid matrix's cross-references and resolve it for scoring. Reports every problem,
 * not just the first. Formula indicators need a {@link FormulaEngine}; without one they are an issue.
 */
export function compileMatrix(matrix: Matrix, engine?: FormulaEngine): SafeParseResult<CompiledMatrix> {
  const issues: MgiIssue[] = [];
  const budget = suggestBudget(); // "did you mean" work for the whole matrix

  // Themes: unique ids.
  const themeIndex = new Map<string, number>();
  matrix.themes.forEach((t, i) => {
    if (themeIndex.has(t.id)) {
      issues.push(
        issue(
          'duplicate-id',
          ['themes', i, 'id'],
          `theme id "${t.id}" is used again (first at themes[${themeIndex.get(t.id)}])`,
        ),
      );
    } else themeIndex.set(t.id, i);
  });

  // Indicators: unique ids, themes exist.
  const indicatorIndex = new Map<string, number>();
  matrix.indicators.forEach((ind, i) => {
    if (indicatorIndex.has(ind.id)) {
      issues.push(
        issue(
          'duplicate-id',
          ['indicators', i, 'id'],
          `indicator id "${ind.id}" is used again (first at indicators[${indicatorIndex.get(ind.id)}])`,
          { hint: 'indicator ids must be unique and stable across years' },
        ),
      );
    } else indicatorIndex.set(ind.id, i);
    if (!themeIndex.has(ind.theme)) {
      const near = closest(ind.theme, themeIndex.keys(), budget);
      issues.push(
        issue(
          'unknown-theme',
          ['indicators', i, 'theme'],
          `theme "${ind.theme}" does not exist in "themes"`,
          {
            expected: [...themeIndex.keys()].join(', '),
            hint: near ? `did you mean "${near}"?` : undefined,
          },
        ),
      );
    }
  });

  // Bands strictly increasing.
  const bands = matrix.scoring?.bands ?? [];
  const bandIds = new Set<string>();
  bands.forEach((b, i) => {
    if (bandIds.has(b.id))
      issues.push(issue('duplicate-id', ['scoring', 'bands', i, 'id'], `band id "${b.id}" is used again`));
    bandIds.add(b.id);
    const prev = bands[i - 1];
    if (prev && !(b.min > prev.min)) {
      issues.push(
        issue(
          'bands-not-increasing',
          ['scoring', 'bands', i, 'min'],
          `band "${b.id}" starts at ${b.min}, not above the previous band's ${prev.min}`,
          {
            hint: 'list bands from lowest to highest with strictly increasing "min"',
          },
        ),
      );
    }
  });

  const defaultNormalisation = matrix.scoring?.normalisation ?? 'target';

  // Inputs of formulas: collect, check collisions with indicator ids.
  const inputUse = new Map<
    string,
    { usedBy: string[]; categories: Map<string, Set<string>>; responsible: Set<string> }
  >();
  matrix.indicators.forEach((ind, i) => {
    if (ind.kind !== 'formula') return;
    (ind.inputs ?? []).forEach((inputId, j) => {
      if (indicatorIndex.has(inputId)) {
        issues.push(
          issue(
            'id-collision',
            ['indicators', i, 'inputs', j],
            `input "${inputId}" has the id of an indicator`,
            {
              hint: 'refer to other indicators by id in the expression; list only raw reported variables in "inputs"',
            },
          ),
        );
        return;
      }
      let use = inputUse.get(inputId);
      if (!use) {
        use = { usedBy: [], categories: new Map(), responsible: new Set() };
        inputUse.set(inputId, use);
      }
      if (!use.usedBy.includes(ind.id)) use.usedBy.push(ind.id);
      for (const [dim, cats] of Object.entries(ind.disaggregation ?? {})) {
        const set = use.categories.get(dim) ?? new Set<string>();
        for (const c of cats) set.add(c);
        use.categories.set(dim, set);
      }
      for (const r of ind.responsible ?? []) use.responsible.add(r);
    });
  });

  if (!engine) {
    const formulas = matrix.indicators.flatMap((ind, i) => (ind.kind === 'formula' ? [i] : []));
    if (formulas.length > 0) issues.push(engineMissing(matrix, formulas));
  }

  const compiled: CompiledIndicator[] = [];
  matrix.indicators.forEach((ind, i) => {
    const c = compileIndicator(
      ind,
      i,
      themeIndex.get(ind.theme) ?? -1,
      defaultNormalisation,
      issues,
      engine,
      budget,
    );
    if (c) compiled.push(c);
  });
  const progress = resolveProgress(matrix, compiled, issues);

  // Formula symbols: each must be a declared input or an indicator id.
  const formulaDeps = new Map<string, string[]>();
  for (const c of compiled) {
    if (!c.formula) continue;
    const i = c.index;
    const declared = new Set(c.formula.inputs);
    const deps: string[] = [];
    for (const sym of c.formula.compiled.symbols) {
      if (declared.has(sym)) continue;
      if (!indicatorIndex.has(sym)) {
        // Issue 16: `id__dimension__category` reads one category of an input or indicator.
        const at = { matrix, index: i };
        const dep = resolveCategoryRef(
          sym,
          at,
          declared,
          indicatorIndex,
          (id) => inputUse.get(id)?.categories,
          issues,
        );
        if (dep === c.id)
          issues.push(
            issue('formula-cycle', ['indicators', i, 'expression'], `formula cycle: ${c.id} → ${c.id}`),
          );
        else if (dep) deps.push(dep);
        if (dep !== null) continue;
      }
      if (indicatorIndex.has(sym)) {
        if (sym === c.id) {
          issues.push(
            issue('formula-cycle', ['indicators', i, 'expression'], `formula cycle: ${c.id} → ${c.id}`),
          );
        } else deps.push(sym);
        continue;
      }
      const near = closest(sym, chain(declared, indicatorIndex.keys()), budget);
      issues.push(
        issue(
          'formula-undeclared-input',
          ['indicators', i, 'expression'],
          `"${sym}" is neither a declared input of ${c.id} nor an indicator id`,
          {
            hint: near
              ? `did you mean "${near}"? Otherwise add "${sym}" to "inputs"`
              : `add "${sym}" to "inputs"`,
          },
        ),
      );
    }
    formulaDeps.set(c.id, deps);
  }
  const order = evaluationOrder(compiled, formulaDeps, indicatorIndex, issues);
  const agg = matrix.scoring?.aggregation;
  const themeIndicators = matrix.themes.map((_, index) =>
    compiled.filter((c) => c.themeIndex === index).map((c) => c.index),
  );
  const hierarchy = resolveHierarchy(
    matrix,
    themeIndex,
    themeIndicators.map((l) => l.length),
    { indicators: agg?.indicators ?? 'arithmetic', themes: agg?.themes ?? 'arithmetic' },
    issues,
  );

  if (issues.length > 0 || !hierarchy) return { success: false, issues };

  const themes: CompiledTheme[] = matrix.themes.map((t, index) => ({
    id: t.id,
    index,
    weight: t.weight ?? 1,
    indicators: themeIndicators[index]!,
    ...hierarchy.nodes[index]!,
  }));
  const inputs = new Map<string, CompiledInput>();
  for (const [id, use] of [...inputUse].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    inputs.set(id, {
      id,
      usedBy: use.usedBy,
      categories: use.categories,
      responsible: [...use.responsible].sort(),
    });
  }
  const missing = matrix.scoring?.missing;
  const result: CompiledMatrix = {
    matrix,
    id: matrix.id,
    version: matrix.version,
    ref: `${matrix.id}@${matrix.version}`,
    themes,
    indicators: compiled,
    indicatorById: new Map(compiled.map((c) => [c.id, c])),
    themeById: new Map(themes.map((t) => [t.id, t])),
    themeOrder: hierarchy.order,
    rootThemes: themes.filter((t) => t.parent === -1).map((t) => t.index),
    inputs,
    order,
    hasFormulas: compiled.some((c) => c.formula !== null),
    scoring: {
      indicators: agg?.indicators ?? 'arithmetic',
      themes: agg?.themes ?? 'arithmetic',
      overall: agg?.overall ?? 'themes',
      missing: missing?.policy ?? 'reweight',
      minCoverage: missing?.minCoverage ?? 0.5,
      maxYears: missing?.maxYears ?? 1,
      normalisation: defaultNormalisation,
      progress: progress.progress,
      growth: progress.growth,
      sample: {
        entities: matrix.scoring?.sample?.entities ? new Set(matrix.scoring.sample.entities) : null,
        year: matrix.scoring?.sample?.year ?? null,
      },
    },
    hasGrowth: progress.hasGrowth,
    bands: bands.map((b) => ({ id: b.id, min: b.min })),
  };
  if (matrix.disaggregations === undefined) return { success: true, data: result };
  const views = categoryViews(matrix, result, (m) => compileMatrix(m, engine), issues, engine);
  if (issues.length > 0) return { success: false, issues };
  return { success: true, data: { ...result, categoryViews: Object.freeze(views) } };
}

function compileIndicator(
  ind: Indicator,
  i: number,
  themeIndex: number,
  defaultNormalisation: NormalisationMethod,
  issues: MgiIssue[],
  engine: FormulaEngine | undefined,
  budget: SuggestBudget,
): CompiledIndicator | null {
  const at = (...p: (string | number)[]) => ['indicators', i, ...p];
  const before = issues.length;
  const categories = new Map<string, ReadonlySet<string>>();
  if (ind.kind !== 'qualitative') {
    for (const [dim, cats] of Object.entries(ind.disaggregation ?? {})) {
      const set = new Set(cats);
      if (set.size !== cats.length) {
        issues.push(
          issue('duplicate-id', at('disaggregation', dim), `categories of "${dim}" are not unique`),
        );
      }
      categories.set(dim, set);
    }
  }
  const common = {
    id: ind.id,
    index: i,
    theme: ind.theme,
    themeIndex,
    kind: ind.kind,
    weight: ind.weight ?? 1,
    responsible: [...(ind.responsible ?? [])],
    frequency: ind.frequency ?? 'annual',
    categories,
    progress: 'linear', // resolved for the whole matrix by resolveProgress
  } as const;

  if (ind.kind === 'qualitative') {
    const levels = new Map<string, number>();
    ind.levels.forEach((l, j) => {
      if (levels.has(l.id))
        issues.push(
          issue('duplicate-level', at('levels', j, 'id'), `level id "${l.id}" is used again in ${ind.id}`),
        );
      else levels.set(l.id, l.score);
    });
    const levelPoint = (year: number, level: string, path: (string | number)[]): Point | null => {
      const score = levels.get(level);
      if (score === undefined) {
        const near = closest(level, levels.keys(), budget);
        issues.push(
          issue(
            'unknown-level',
            at(...path),
            `level "${level}" is not one of ${ind.id}'s levels (${[...levels.keys()].join(', ')})`,
            {
              hint: near ? `did you mean "${near}"?` : undefined,
            },
          ),
        );
        return null;
      }
      return { year, value: score, level };
    };
    const baseline = ind.baseline
      ? levelPoint(ind.baseline.year, ind.baseline.level, ['baseline', 'level'])
      : null;
    const targets = sortedTargets(ind.targets ?? {}).map(([year, level]) =>
      levelPoint(year, level, ['targets', String(year)]),
    );
    const points = targets.filter((t): t is Point => t !== null);
    checkTargets(ind, baseline, points, 'increase', issues, at, true);
    if (ind.normalisation === 'goalposts' || SAMPLE_METHODS.has(ind.normalisation ?? '')) {
      issues.push(
        issue(
          'normalisation-unavailable',
          at('normalisation'),
          'qualitative indicators are scored by their level scores; remove "normalisation"',
        ),
      );
    }
    if (issues.length > before) return null;
    return {
      ...common,
      direction: 'increase',
      normalisation: 'levels',
      baseline,
      targets: points,
      goalposts: null,
      tolerance: 0,
      range: { min: 0, max: 100 },
      levels,
      formula: null,
    };
  }

  // quantitative and formula
  const baseline: Point | null = ind.baseline ? { year: ind.baseline.year, value: ind.baseline.value } : null;
  const targets: Point[] = sortedTargets(ind.targets ?? {}).map(([year, value]) => ({ year, value }));
  const range = {
    min: ind.range?.min ?? Number.NEGATIVE_INFINITY,
    max: ind.range?.max ?? Number.POSITIVE_INFINITY,
  };
  if (range.min > range.max)
    issues.push(issue('out-of-range', at('range'), `range min ${range.min} is above max ${range.max}`));
  if (baseline && (baseline.value < range.min || baseline.value > range.max)) {
    issues.push(
      issue(
        'value-out-of-range',
        at('baseline', 'value'),
        `baseline ${baseline.value} is outside the declared range`,
      ),
    );
  }
  for (const t of targets) {
    if (t.value < range.min || t.value > range.max) {
      issues.push(
        issue(
          'value-out-of-range',
          at('targets', String(t.year)),
          `target ${t.value} is outside the declared range`,
        ),
      );
    }
  }
  checkTargets(ind, baseline, targets, ind.direction, issues, at, false);

  let goalposts: CompiledIndicator['goalposts'] = null;
  if (ind.goalposts) {
    const g = ind.goalposts;
    if (!(g.min < g.max)) {
      issues.push(
        issue(
          'invalid-goalposts',
          at('goalposts'),
          `goalposts need min < max (got min ${g.min}, max ${g.max})`,
        ),
      );
    } else if (g.log && !(g.min > 0)) {
      issues.push(
        issue('invalid-goalposts', at('goalposts', 'min'), `log goalposts need min > 0 (got ${g.min})`),
      );
    }
    goalposts = { min: g.min, max: g.max, log: g.log ?? false };
  }
  let normalisation: CompiledIndicator['normalisation'];
  const sample = sampleMethod(ind, defaultNormalisation, at, issues);
  if (sample) normalisation = sample;
  else if (ind.normalisation === 'goalposts') {
    if (!goalposts)
      issues.push(
        issue(
          'normalisation-unavailable',
          at('normalisation'),
          `"goalposts" normalisation needs "goalposts" on ${ind.id}`,
        ),
      );
    normalisation = 'goalposts';
  } else if (ind.normalisation === 'target') {
    if (targets.length === 0)
      issues.push(
        issue(
          'normalisation-unavailable',
          at('normalisation'),
          `"target" normalisation needs "targets" on ${ind.id}`,
        ),
      );
    normalisation = 'target';
  } else if (targets.length > 0 && goalposts)
    normalisation = defaultNormalisation === 'target' ? 'target' : 'goalposts';
  else if (targets.length > 0) normalisation = 'target';
  else if (goalposts) normalisation = 'goalposts';
  else normalisation = 'none';

  let formula: CompiledIndicator['formula'] = null;
  if (ind.kind === 'formula') {
    const inputs = ind.inputs ?? [];
    // Without an engine, compileMatrix reports the matrix once, not each formula indicator.
    if (!engine) return null;
    const res = engine.compile(ind.expression, at('expression'));
    if (!res.success) for (const x of res.issues) issues.push(x);
    else {
      for (const s of [...inputs, ...res.data.symbols]) {
        if (!FORMULA_SYMBOL.test(s)) {
          issues.push(
            issue(
              'formula-unknown-symbol',
              at('inputs'),
              `"${s}" cannot be used in an expression: ids read by formulas must match [A-Za-z_][A-Za-z0-9_]*`,
            ),
          );
        }
      }
      formula = {
        expression: ind.expression,
        inputs,
        indicators: [],
        compiled: res.data as CompiledFormula,
      };
    }
  }
  if (issues.length > before) return null;
  return {
    ...common,
    direction: ind.direction,
    normalisation,
    baseline,
    targets,
    goalposts,
    tolerance: ind.tolerance ?? 0,
    range: observedRange(range, normalisation === 'goalposts' ? goalposts : null),
    levels: null,
    formula,
  };
}

/**
 * The range an observation must lie in: the declared one, and above 0 where the goalposts are on a
 * log scale and score the indicator (ln x has no value at 0 or below; issue 19 #14). `Number.MIN_VALUE` as the minimum
 * refuses exactly 0 and the negatives, as numbers are finite and bounded at the input.
 */
function observedRange(
  range: { min: number; max: number },
  goalposts: CompiledIndicator['goalposts'],
): { min: number; max: number } {
  if (!goalposts?.log || range.min > 0) return range;
  return { min: Number.MIN_VALUE, max: range.max };
}

/** The one issue for a matrix with formula indicators parsed without the formula engine. */
function engineMissing(matrix: Matrix, formulas: readonly number[]): MgiIssue {
  const first = formulas[0]!;
  const more = formulas.length > 1 ? ` and ${formulas.length - 1} more formula indicator(s)` : '';
  return issue(
    'formula-unsupported',
    ['indicators', first, 'expression'],
    `${matrix.indicators[first]!.id}${more} need the formula engine, which is not loaded`,
    {
      expected: 'the formula engine registered by import "mgi-engine/formula"',
      hint: "import 'mgi-engine/formula' once before parsing; mgi-engine/node and the mgi CLI load it themselves",
    },
  );
}

function sortedTargets<T>(targets: Readonly<Record<string, T>>): [number, T][] {
  return Object.entries(targets)
    .map(([k, v]) => [Number(k), v] as [number, T])
    .sort((a, b) => a[0] - b[0]);
}

function checkTargets(
  ind: Indicator,
  baseline: Point | null,
  targets: readonly Point[],
  direction: 'increase' | 'decrease' | 'maintain',
  issues: MgiIssue[],
  at: (...p: (string | number)[]) => (string | number)[],
  qualitative: boolean,
): void {
  if (targets.length === 0) return;
  if (!baseline) {
    if (direction !== 'maintain') {
      issues.push(
        issue(
          'baseline-required',
          at('baseline'),
          `${ind.id} has targets but no baseline; progress is measured from the baseline`,
          {
            hint: qualitative
              ? 'add "baseline": {"year": …, "level": …}'
              : 'add "baseline": {"year": …, "value": …}',
          },
        ),
      );
    }
    return;
  }
  for (const t of targets) {
    if (t.year <= baseline.year) {
      issues.push(
        issue(
          'target-before-baseline',
          at('targets', String(t.year)),
          `target year ${t.year} is not after the baseline year ${baseline.year}`,
        ),
      );
    }
  }
  const final = targets[targets.length - 1]!;
  const path = at('targets', String(final.year));
  if (direction === 'maintain') return;
  if (final.value === baseline.value && !qualitative) {
    issues.push(
      issue('target-equals-baseline', path, `target equals baseline for an "${direction}" indicator`, {
        hint: 'use direction "maintain" or change the target',
      }),
    );
  } else if (direction === 'increase' && final.value < baseline.value) {
    issues.push(
      issue(
        'target-direction',
        path,
        `the final target (${final.value}) is below the baseline (${baseline.value}) for an "increase" indicator`,
        {
          hint: qualitative
            ? 'choose a target level scoring at least the baseline level'
            : 'use direction "decrease" or fix the target',
        },
      ),
    );
  } else if (direction === 'decrease' && final.value > baseline.value) {
    issues.push(
      issue(
        'target-direction',
        path,
        `the final target (${final.value}) is above the baseline (${baseline.value}) for a "decrease" indicator`,
        {
          hint: 'use direction "increase" or fix the target',
        },
      ),
    );
  }
}

/** Longest cycle path spelled out in a `formula-cycle` message; longer ones are shortened. */
const MAX_CYCLE_IDS = 12;

/**
 * Topological order of indicators (formulas after their dependencies); cycles are issues with the
 * path. Depth-first post-order with an explicit stack, so that a chain of thousands of formulas
 * cannot overflow the call stack.
 */
function evaluationOrder(
  compiled: readonly CompiledIndicator[],
  deps: ReadonlyMap<string, string[]>,
  indicatorIndex: ReadonlyMap<string, number>,
  issues: MgiIssue[],
): number[] {
  const order: number[] = [];
  const state = new Map<string, 1 | 2>(); // 1 on the current path, 2 done
  const byId = new Map(compiled.map((c) => [c.id, c]));
  const reported = new Set<string>();
  const path: string[] = []; // the ids being visited, root first
  const next: number[] = []; // per path entry: the index of the next dependency to visit
  const positionOnPath = new Map<string, number>();
  const reportCycle = (id: string) => {
    const cycle = [...path.slice(positionOnPath.get(id)!), id];
    const key = [...cycle].sort().join(',');
    if (reported.has(key)) return;
    reported.add(key);
    const shown =
      cycle.length <= MAX_CYCLE_IDS
        ? cycle.join(' → ')
        : `${cycle.slice(0, MAX_CYCLE_IDS - 1).join(' → ')} → … (${cycle.length - MAX_CYCLE_IDS} more) → ${id}`;
    issues.push(
      issue(
        'formula-cycle',
        ['indicators', indicatorIndex.get(id) ?? 0, 'expression'],
        `formula cycle: ${shown}`,
      ),
    );
  };
  for (const root of compiled) {
    if (state.has(root.id)) continue;
    state.set(root.id, 1);
    positionOnPath.set(root.id, 0);
    path.push(root.id);
    next.push(0);
    while (path.length > 0) {
      const top = path.length - 1;
      const id = path[top]!;
      const list = deps.get(id) ?? [];
      const k = next[top]!;
      if (k < list.length) {
        next[top] = k + 1;
        const d = list[k]!;
        if (!byId.has(d)) continue;
        const s = state.get(d);
        if (s === 2) continue;
        if (s === 1) {
          reportCycle(d);
          continue;
        }
        state.set(d, 1);
        positionOnPath.set(d, path.length);
        path.push(d);
        next.push(0);
        continue;
      }
      path.pop();
      next.pop();
      positionOnPath.delete(id);
      state.set(id, 2);
      order.push(byId.get(id)!.index);
    }
  }
  // Record indicator dependencies on the compiled formulas.
  for (const c of compiled) {
    if (c.formula) (c.formula as { indicators: readonly string[] }).indicators = deps.get(c.id) ?? [];
  }
  return order;
}

const SAMPLE_METHODS: ReadonlySet<string> = new Set(['minmax', 'percentile', 'frontier']);

/**
 * The sample-based method of a numeric indicator: its own `normalisation`, or the matrix default
 * when it gives none. A "maintain" indicator has no better direction to rank by: an issue.
 */
function sampleMethod(
  ind: Indicator,
  defaultNormalisation: NormalisationMethod,
  at: (...p: (string | number)[]) => (string | number)[],
  issues: MgiIssue[],
): SampleMethod | null {
  if (ind.kind === 'qualitative') return null;
  const method = ind.normalisation ?? defaultNormalisation;
  if (!SAMPLE_METHODS.has(method)) return null;
  if (ind.direction === 'maintain')
    issues.push(
      issue(
        'normalisation-unavailable',
        at(ind.normalisation ? 'normalisation' : 'direction'),
        `"${method}" ranks entities by which way is better; ${ind.id} has direction "maintain"`,
        { hint: 'give the indicator direction "increase" or "decrease", or "target" normalisation' },
      ),
    );
  return method as SampleMethod;
}
