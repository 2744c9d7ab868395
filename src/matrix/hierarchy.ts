import type { DimensionId } from '../dimensions';
import { issue, type MgiIssue } from '../errors';
import { closest } from '../schema/_issues';
import type { Matrix, ThemeAggregation } from '../schema/matrix';

/** A theme's place in the hierarchy, resolved from `parent`, `dimension` and `aggregation`. */
export interface ThemeNode {
  /** Index of the parent theme, −1 for a root theme. */
  readonly parent: number;
  /** Indexes of the sub-themes, in matrix order. */
  readonly children: readonly number[];
  /** The theme's dimension, or its nearest ancestor's. */
  readonly dimension: DimensionId | null;
  /** The method it aggregates its parts with (its own, or the matrix default for its kind). */
  readonly aggregation: ThemeAggregation;
  /** Power of the generalised mean (1 arithmetic, 0 geometric, −1 harmonic). */
  readonly power: number;
  /** Depth: 0 for a root theme. */
  readonly depth: number;
}

/**
 * Resolve the theme hierarchy: parents exist, no theme is its own ancestor, a theme has either
 * indicators or sub-themes, `power` goes with `aggregation: "generalised"`. Returns the nodes and
 * an order in which every theme comes after all of its sub-themes (children first), or issues.
 */
export function resolveHierarchy(
  matrix: Matrix,
  themeIndex: ReadonlyMap<string, number>,
  indicatorCount: readonly number[],
  defaults: { readonly indicators: ThemeAggregation; readonly themes: ThemeAggregation },
  issues: MgiIssue[],
): { nodes: ThemeNode[]; order: number[] } | null {
  const n = matrix.themes.length;
  const parent = new Array<number>(n).fill(-1);
  const before = issues.length;
  matrix.themes.forEach((t, i) => {
    if (t.parent === undefined) return;
    const j = themeIndex.get(t.parent);
    if (j === undefined) {
      const near = closest(t.parent, themeIndex.keys());
      issues.push(
        issue(
          'unknown-parent-theme',
          ['themes', i, 'parent'],
          `parent theme "${t.parent}" does not exist in "themes"`,
          {
            expected: [...themeIndex.keys()].join(', '),
            hint: near ? `did you mean "${near}"?` : undefined,
          },
        ),
      );
    } else parent[i] = j;
  });
  // Cycles: walk up from each theme; more than n steps means a loop.
  for (let i = 0; i < n; i++) {
    let at = parent[i]!;
    for (let steps = 0; at >= 0 && steps <= n; steps++) {
      if (at === i) {
        issues.push(
          issue(
            'theme-cycle',
            ['themes', i, 'parent'],
            `theme "${matrix.themes[i]!.id}" is its own ancestor`,
            {
              hint: 'parents must form a tree; remove one "parent" from the loop',
            },
          ),
        );
        break;
      }
      at = parent[at]!;
    }
  }
  const children: number[][] = matrix.themes.map(() => []);
  parent.forEach((p, i) => {
    if (p >= 0) children[p]!.push(i);
  });
  matrix.themes.forEach((t, i) => {
    if (children[i]!.length > 0 && indicatorCount[i]! > 0)
      issues.push(
        issue(
          'theme-mixed-parts',
          ['themes', i],
          `theme "${t.id}" has both indicators and sub-themes (${children[i]!.map((c) => matrix.themes[c]!.id).join(', ')})`,
          { hint: 'move its indicators into a sub-theme of their own' },
        ),
      );
    if (t.aggregation === 'generalised' && t.power === undefined)
      issues.push(
        issue(
          'invalid-aggregation',
          ['themes', i, 'power'],
          `theme "${t.id}": the generalised mean needs a "power"`,
        ),
      );
    if (t.power !== undefined && t.aggregation !== 'generalised')
      issues.push(
        issue(
          'invalid-aggregation',
          ['themes', i, 'power'],
          `theme "${t.id}": "power" is only read with aggregation "generalised"`,
          {
            received: t.aggregation ?? 'the default aggregation',
            hint: 'set "aggregation": "generalised" or remove "power"',
          },
        ),
      );
  });
  if (issues.length > before) return null;
  const order: number[] = [];
  const depth = new Array<number>(n).fill(0);
  const visit = (i: number, d: number): void => {
    depth[i] = d;
    for (const c of children[i]!) visit(c, d + 1);
    order.push(i);
  };
  for (let i = 0; i < n; i++) if (parent[i] === -1) visit(i, 0);
  const dimension = new Array<DimensionId | null>(n).fill(null);
  const dimOf = (i: number): DimensionId | null => {
    const own = matrix.themes[i]!.dimension;
    if (own !== undefined) return own;
    return parent[i]! >= 0 ? dimOf(parent[i]!) : null;
  };
  for (let i = 0; i < n; i++) dimension[i] = dimOf(i);
  const nodes = matrix.themes.map((t, i): ThemeNode => {
    const aggregation = t.aggregation ?? (children[i]!.length > 0 ? defaults.themes : defaults.indicators);
    const power =
      aggregation === 'generalised'
        ? t.power!
        : aggregation === 'geometric'
          ? 0
          : aggregation === 'harmonic'
            ? -1
            : 1;
    return {
      parent: parent[i]!,
      children: children[i]!,
      dimension: dimension[i]!,
      aggregation,
      power,
      depth: depth[i]!,
    };
  });
  return { nodes, order };
}
