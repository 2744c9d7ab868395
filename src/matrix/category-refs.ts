import { issue, type MgiIssue } from '../errors';
import type { Matrix } from '../schema/matrix';

/**
 * A formula's reference to one category of an input or indicator (issue 16), written
 * `id__dimension__category`, e.g. `wage__sex__female`: the value the assessment gives for that
 * category in the breakdown of `id`. It is an ordinary identifier, so the formula sandbox checks it
 * like any other symbol; ids and categories read this way must therefore be `[A-Za-z0-9_]` names.
 */
export interface CategoryRef {
  readonly id: string;
  readonly dimension: string;
  readonly category: string;
}

/** `id__dimension__category` split, when `id` is `known`; null otherwise (the symbol is something else). */
export function categoryRef(sym: string, known: (id: string) => boolean): CategoryRef | null {
  const parts = sym.split('__');
  if (parts.length < 3) return null;
  const category = parts[parts.length - 1]!;
  const dimension = parts[parts.length - 2]!;
  const id = parts.slice(0, -2).join('__');
  if (id === '' || dimension === '' || category === '' || !known(id)) return null;
  return { id, dimension, category };
}

/**
 * Resolve a formula symbol that is a category reference (compile time). An input's referenced
 * category becomes one of the input's categories (so the assessment may give it); an indicator's
 * must be declared in its `disaggregation`. Returns the indicator it depends on ('' for an input),
 * or null when `sym` is not a category reference.
 */
export function resolveCategoryRef(
  sym: string,
  at: { matrix: Matrix; index: number },
  inputs: ReadonlySet<string>,
  indicatorIndex: ReadonlyMap<string, number>,
  inputCategories: (id: string) => Map<string, Set<string>> | undefined,
  issues: MgiIssue[],
): string | null {
  const ref = categoryRef(sym, (id) => inputs.has(id) || indicatorIndex.has(id));
  if (!ref) return null;
  if (inputs.has(ref.id)) {
    const cats = inputCategories(ref.id);
    if (cats) {
      const set = cats.get(ref.dimension) ?? new Set<string>();
      set.add(ref.category);
      cats.set(ref.dimension, set);
    }
    return '';
  }
  const target = at.matrix.indicators[indicatorIndex.get(ref.id)!]!;
  const declared = target.kind === 'qualitative' ? undefined : target.disaggregation?.[ref.dimension];
  if (!declared?.includes(ref.category))
    issues.push(
      issue(
        'unknown-category',
        ['indicators', at.index, 'expression'],
        `"${sym}" refers to category "${ref.category}" of "${ref.dimension}" of ${ref.id}, which its "disaggregation" does not declare`,
        { expected: declared?.join(', ') || `no "${ref.dimension}" breakdown` },
      ),
    );
  return ref.id;
}
