import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../src/formula/register';
import { parseMatrix, score } from '../src/index';
import type { Assessment, Observation } from '../src/schema/assessment';
import type { Matrix } from '../src/schema/matrix';
import { arbRichMatrix, arbSubmissions } from './fixtures/fuzz-scoring';

const runs = { numRuns: Number(process.env.MGI_PROPERTY_RUNS ?? 150), seed: 16_2026 };

/** The category as its own matrix: the matrix without `disaggregations`, with the dimension's `minCoverage`. */
function viewOf(m: Matrix, minCoverage: number | undefined): Matrix {
  const { disaggregations: _d, ...rest } = m;
  if (minCoverage === undefined) return rest;
  const missing = {
    ...rest.scoring?.missing,
    policy: rest.scoring?.missing?.policy ?? 'reweight',
    minCoverage,
  };
  return { ...rest, scoring: { ...rest.scoring, missing } };
}

/** Each observation's value for the category, as the only value: what scoring the category means. */
function categoryAssessment(a: Assessment, cat: string): Assessment {
  const observations: Record<string, Observation> = {};
  for (const [id, o] of Object.entries(a.observations)) {
    const v = o.breakdown?.sex?.[cat];
    if (typeof v === 'number') observations[id] = { value: v };
  }
  return { ...a, observations };
}

// Issue 16: a category is scored row for row with the total, on a compact matrix of the indicators
// that can have a value for it; the others count as not reported in the view's aggregates. The
// reference here is the definition: the whole view scored as a matrix of its own on the category's
// values (the method of the first implementation).
describe('per-category scoring on the compact matrix', () => {
  it("property: every category result (overall, themes, dimensions, indicators) equals scoring the category's whole view on its values", () => {
    const arb = fc
      .record({
        m: arbRichMatrix,
        minCoverage: fc.option(fc.constantFrom(0, 0.3, 1), { nil: undefined }),
      })
      .chain(({ m, minCoverage }) =>
        fc.record({ m: fc.constant(m), minCoverage: fc.constant(minCoverage), subs: arbSubmissions(m, 4) }),
      );
    let compared = 0;
    fc.assert(
      fc.property(arb, ({ m, minCoverage, subs }) => {
        if (!m.indicators.some((i) => i.kind !== 'qualitative' && i.disaggregation?.sex)) return;
        const spec = { parity: { numerator: 'female', denominator: 'male' } };
        const dis = parseMatrix({
          ...m,
          disaggregations: { sex: minCoverage === undefined ? spec : { ...spec, minCoverage } },
        });
        // One submission per entity-year for the right matrix: merging is the total's business.
        const seen = new Set<string>();
        const list = subs
          .map((s) => s.assessment)
          .filter((a) => {
            const k = `${a.entity}/${a.year}`;
            if (a.matrix !== `${m.id}@${m.version}` || seen.has(k)) return false;
            seen.add(k);
            return true;
          });
        // Observations the total refuses are refused for its categories too: leave them out (the
        // reference would only refuse them for some categories), so that the batch is clean.
        let report = score(dis, list);
        for (const e of report.errors) {
          const a = list.find((x) => x.entity === e.entity && x.year === e.year);
          const id = e.path[0] === 'observations' ? e.path[1] : e.indicator;
          if (a && typeof id === 'string') {
            const { [id]: _drop, ...rest } = a.observations;
            list[list.indexOf(a)] = { ...a, observations: rest };
          }
        }
        report = score(dis, list);
        if (report.errors.length > 0) return;
        const view = parseMatrix(viewOf(m, minCoverage));
        for (const cat of ['female', 'male']) {
          const ref = score(
            view,
            list.map((a) => categoryAssessment(a, cat)),
          );
          if (ref.errors.length > 0) continue;
          expect(ref.scorecards.length).toBe(report.scorecards.length);
          report.scorecards.forEach((card, i) => {
            const want = ref.scorecards[i]!;
            const got = card.byCategory?.sex?.[cat];
            expect(got, `${card.entity} ${card.year} ${cat}`).toBeDefined();
            expect(got!.overall).toEqual(want.overall);
            expect(got!.themes).toEqual(
              want.themes.map(({ id, score, band, coverage }) => ({ id, score, band, coverage })),
            );
            expect(got!.dimensions).toEqual(
              want.dimensions.map(({ id, score, band, coverage }) => ({ id, score, band, coverage })),
            );
            card.indicators.forEach((r, k) => {
              const w = want.indicators[k]!;
              const c = r.byCategory?.sex?.[cat];
              if (w.value !== null)
                expect(c, `${r.id} ${cat}`).toEqual({
                  value: w.value,
                  score: w.score,
                  progress: w.progress,
                  expected: w.expected,
                  status: w.status,
                });
              if (c) expect(c.value).toBe(w.value);
            });
            compared++;
          });
        }
      }),
      runs,
    );
    // The property is about something: many category scorecards were compared.
    expect(compared).toBeGreaterThan(100);
  });
});
