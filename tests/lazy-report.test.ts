import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formulaEngine } from '../src/formula/engine';
import { parseAssessment, parseMatrix, score } from '../src/index';
import { enrichReport } from '../src/report/enrich';
import { lazyList } from '../src/scoring/_lazy-list';
import { scoreWith } from '../src/scoring/score';
import { arbRichMatrix, arbSubmissions } from './fixtures/fuzz-scoring';

const runs = { numRuns: Number(process.env.MGI_PROPERTY_RUNS ?? 150), seed: 15_2027 };

const ex = (f: string) => readFileSync(join(__dirname, '..', 'examples', f), 'utf8');

describe('lazyList (the report built on access)', () => {
  it('property: a lazy list reads, iterates, serialises, clones and compares as the plain array of its items', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ a: fc.integer(), b: fc.string() }), { maxLength: 30 }), (items) => {
        let built = 0;
        const list = lazyList(items.length, (i) => {
          built++;
          return { ...items[i]! };
        });
        expect(built).toBe(0);
        expect(Array.isArray(list)).toBe(true);
        expect(list.length).toBe(items.length);
        expect(JSON.stringify(list)).toBe(JSON.stringify(items));
        expect(built).toBe(items.length);
        // Built once: the same object on every read afterwards.
        for (let i = 0; i < items.length; i++) expect(list[i]).toBe(list[i]);
        expect(built).toBe(items.length);
        expect(structuredClone(lazyList(items.length, (i) => items[i]))).toEqual(items);
        expect([...lazyList(items.length, (i) => items[i])]).toEqual(items);
        expect(lazyList(items.length, (i) => items[i])).toStrictEqual(items);
        expect(Object.keys(lazyList(items.length, (i) => items[i]))).toEqual(Object.keys(items));
      }),
    );
  });

  it('takes writes, sorting in place and freezing like an array', () => {
    const list = lazyList(4, (i) => i * 10);
    list[1] = 99;
    expect([...list]).toEqual([0, 99, 20, 30]);
    list.sort((a, b) => b - a);
    expect(list).toEqual([99, 30, 20, 0]);
    let built = 0;
    const frozen = Object.freeze(
      lazyList(2, (i) => {
        built++;
        return { i };
      }),
    );
    expect(frozen[0]).toBe(frozen[0]);
    expect(frozen[1]).toEqual({ i: 1 });
    expect(built).toBe(2);
  });
});

describe("score()'s report", () => {
  const matrix = parseMatrix(readFileSync(join(__dirname, '..', 'indicators', 'moldova-dmd.json'), 'utf8'));
  const files = ['mda-2018.json', 'mda-2019.json', 'mda-2020.json', 'mda-2021.json', 'mda-2022.json'];

  it('does not change when the assessments are changed after scoring (breakdowns and texts are copied)', () => {
    const list = files.map((f) => parseAssessment(ex(`moldova/${f}`)));
    const before = JSON.stringify(score(matrix, list));
    const report = score(matrix, list);
    let touched = 0;
    for (const a of list)
      for (const o of Object.values(a.observations) as Record<string, unknown>[]) {
        const b = o.breakdown as Record<string, Record<string, number>> | undefined;
        for (const d of Object.keys(b ?? {}))
          for (const c of Object.keys(b![d]!)) {
            b![d]![c] = -1;
            touched++;
          }
        if (o.source !== undefined) {
          o.source = 'changed';
          touched++;
        }
      }
    expect(touched).toBeGreaterThan(0);
    expect(JSON.stringify(report)).toBe(before);
  });

  it('builds its scorecards on access: none is built when score() returns', () => {
    const list = files.map((f) => parseAssessment(ex(`moldova/${f}`)));
    const report = score(matrix, list);
    expect(Object.getOwnPropertyDescriptor(report.scorecards, 0)?.get).toBeTypeOf('function');
    const card = report.scorecards[0]!;
    expect(Object.getOwnPropertyDescriptor(report.scorecards, 0)?.value).toBe(card);
    expect(Object.getOwnPropertyDescriptor(report.scorecards, 1)?.get).toBeTypeOf('function');
  });

  it('property: the report built on access is the report enriched at once (warnings derived from the columns), for random rich matrices and batches', () => {
    fc.assert(
      fc.property(
        arbRichMatrix.chain((m) => arbSubmissions(m, 8).map((subs) => ({ m, subs }))),
        fc.constantFrom(undefined, 2020),
        ({ m, subs }, year) => {
          const list = subs.map((x) => x.assessment);
          const options = year === undefined ? { trace: false } : { trace: false, year };
          const eager = enrichReport(scoreWith(m, list, options, formulaEngine), m);
          const lazy = score(m, list, options);
          // The warnings are complete before any scorecard is built.
          expect(JSON.stringify(lazy.warnings)).toBe(JSON.stringify(eager.warnings));
          expect(JSON.stringify(lazy)).toBe(JSON.stringify(eager));
        },
      ),
      runs,
    );
  });

  it('is the report enriched at once for a disaggregated matrix too (examples/gdi, with an empty and a category-only year)', () => {
    const dir = join(__dirname, '..', 'examples', 'gdi');
    const gdi = parseMatrix(readFileSync(join(dir, 'matrix.json'), 'utf8'));
    const list = ['mda-2021.json', 'nor-2021.json', 'afg-2021.json'].map((f) =>
      parseAssessment(readFileSync(join(dir, f), 'utf8')),
    );
    // MDA 2020: nothing at all (no-data); NOR 2020: one category value only (data, by category).
    list.push({ ...list[0]!, year: 2020, observations: {} });
    list.push({ ...list[1]!, year: 2020, observations: { le: { breakdown: { sex: { female: 84 } } } } });
    for (const options of [{ trace: false }, { trace: true }, { year: 2020 }]) {
      const eager = enrichReport(scoreWith(gdi, list, options, formulaEngine), gdi);
      const lazy = score(gdi, list, options);
      expect(Object.getOwnPropertyDescriptor(lazy.scorecards, 0)?.get).toBeTypeOf('function');
      expect(JSON.stringify(lazy.warnings)).toBe(JSON.stringify(eager.warnings));
      expect(JSON.stringify(lazy)).toBe(JSON.stringify(eager));
    }
    const codes = score(gdi, list).warnings.map((w) => `${w.entity} ${w.year} ${w.code}`);
    expect(codes).toContain('MDA 2020 no-data');
    expect(codes).not.toContain('NOR 2020 no-data');
  });

  it('is a plain array of scorecards to every reader: structuredClone and JSON give the same report', () => {
    const list = files.map((f) => parseAssessment(ex(`moldova/${f}`)));
    const report = score(matrix, list);
    const text = JSON.stringify(score(matrix, list));
    expect(JSON.stringify(structuredClone(report))).toBe(text);
    expect(report.scorecards.map((c) => c.year)).toEqual([2018, 2019, 2020, 2021, 2022]);
    expect(JSON.parse(text)).toEqual(report);
  });
});
