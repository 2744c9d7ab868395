import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formulaEngine } from '../src/formula/engine';
import { score } from '../src/index';
import { compiledFor } from '../src/matrix/compiled-for';
import type { Assessment } from '../src/schema/assessment';
import { planFor } from '../src/scoring/plan';
import { simpleBatch } from '../src/scoring/simple-batch';
import { arbAssessment, arbMatrix } from './fixtures/arbitraries';

const runs = { numRuns: Number(process.env.MGI_PROPERTY_RUNS ?? 150), seed: 15_2029 };

// Batches of one assessment per entity-year (the simple path), over several entities and years.
const batch = arbMatrix.chain((m) =>
  fc
    .uniqueArray(
      fc.tuple(arbAssessment(m), fc.constantFrom('XAA', 'XAB', 'XAC'), fc.integer({ min: 2018, max: 2024 })),
      { minLength: 1, maxLength: 8, selector: ([, e, y]) => `${e} ${y}` },
    )
    .map((list) => ({ m, list: list.map(([a, entity, year]) => ({ ...a, entity, year }) as Assessment) })),
);

describe('the simple batch (scored without merging)', () => {
  it('property: a simple batch scores as through mergeSubmissions — an unclean assessment of another entity (which sends the batch through the merge) changes nothing of the others', () => {
    fc.assert(
      fc.property(batch, fc.boolean(), ({ m, list }, trace) => {
        const plan = planFor(compiledFor(m, formulaEngine));
        expect(simpleBatch(plan, list, {})).toBeDefined();
        const bad = {
          ...list[0]!,
          entity: 'ZZZ',
          observations: { 'no-such-id': { value: 1 } },
        } as Assessment;
        expect(simpleBatch(plan, [...list, bad], {})).toBeDefined(); // shape is fine; cleanSlots refuses it
        const simple = score(m, list, { trace });
        const merged = score(m, [...list, bad], { trace });
        expect(merged.errors.length).toBeGreaterThan(0);
        const others = (r: typeof simple) => ({
          scorecards: r.scorecards.filter((c) => c.entity !== 'ZZZ'),
          series: r.series.filter((x) => x.entity !== 'ZZZ'),
          warnings: r.warnings.filter((w) => w.entity !== 'ZZZ'),
        });
        expect(JSON.stringify(others(merged))).toBe(JSON.stringify(others(simple)));
      }),
      runs,
    );
  });

  it('is not taken for two submissions of one entity-year, a padded entity id or a batch over its limits', () => {
    fc.assert(
      fc.property(batch, ({ m, list }) => {
        const plan = planFor(compiledFor(m, formulaEngine));
        expect(simpleBatch(plan, [...list, list[0]!], {})).toBeUndefined();
        expect(simpleBatch(plan, [{ ...list[0]!, entity: ` ${list[0]!.entity}` }], {})).toBeUndefined();
        expect(simpleBatch(plan, list, { limits: { maxEntities: 0 } })).toBeUndefined();
      }),
      { ...runs, numRuns: 30 },
    );
  });
});
