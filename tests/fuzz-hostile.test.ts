/**
 * Fuzzing the classes of issue 19 that the library core owns (fixed seed in CI): huge counts
 * (unknown fields and ids, with any issue cap), long keys, deep and cyclic formula chains, and
 * hostile objects (throwing getters, revoked Proxies, element getters, traps that throw) anywhere in
 * a real document. The property is the same for all: the safe calls never throw, their issues are
 * well formed, the issue list respects its cap, and "did you mean" work stays within its budget.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMatrix, safeParseAssessment, safeParseMatrix, score } from '../src/index';
import { SUGGEST_LIMITS, suggestionWork } from '../src/schema/_issues';
import type { Matrix } from '../src/schema/matrix';
import { CaseTally, checkSafeResult, FUZZ_TIMEOUT, fuzzParams } from './fixtures/fuzz-support';
import { workedMatrix } from './fixtures/worked-example';

const tally = new CaseTally('fuzz-hostile.test.ts');
afterAll(() => {
  console.log(tally.summary());
});

/** A safe call: must return, never throw; the result must be well formed. */
function safe<T>(label: string, fn: () => T): T {
  return tally.run(label, () => {
    let r: T;
    try {
      r = fn();
    } catch (e) {
      throw new Error(`${label} threw: ${e instanceof Error ? (e.stack ?? e.message) : typeof e}`);
    }
    checkSafeResult(r, label);
    return r;
  });
}

const moldovaAssessment = JSON.parse(readFileSync('examples/moldova/mda-2021.json', 'utf8'));

type Hostile = (value: unknown) => unknown;
const revokedProxy: Hostile = () => {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
};
const throwingTraps: Hostile = (value) =>
  new Proxy(typeof value === 'object' && value !== null ? value : {}, {
    ownKeys() {
      throw new Error('ownKeys trap');
    },
    get() {
      throw new RangeError('get trap');
    },
  });
const hostileKinds: Record<string, Hostile> = { revokedProxy, throwingTraps };

/** Put something hostile at one place of a document: replace a value, or turn a property into a throwing getter. */
function plant(doc: unknown, pick: number, kind: string, thrown: unknown): unknown {
  const copy = structuredClone(doc) as Record<string, unknown>;
  const places: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (node: unknown) => {
    if (node === null || typeof node !== 'object') return;
    for (const k of Object.keys(node)) {
      places.push([node as Record<string, unknown>, Array.isArray(node) ? Number(k) : k]);
      walk((node as Record<string, unknown>)[k]);
    }
  };
  walk(copy);
  const [parent, key] = places[pick % places.length]!;
  if (kind === 'getter')
    Object.defineProperty(parent, key, {
      enumerable: true,
      configurable: true,
      get() {
        throw thrown;
      },
    });
  else
    (parent as Record<string | number, unknown>)[key] = hostileKinds[kind]!(
      (parent as Record<string | number, unknown>)[key],
    );
  return copy;
}

/** What a hostile getter throws; made fresh per case (fast-check cannot hold a revoked Proxy). */
const throwers: (() => unknown)[] = [
  () => new Error('boom'),
  () => new TypeError('type'),
  () => 'a string',
  () => undefined,
  () => Symbol('s'),
  () => revokedProxy(undefined),
  () =>
    Object.defineProperty(new Error('x'), 'message', {
      get() {
        throw new Error('message getter');
      },
    }),
];
const thrownValues = fc.nat(throwers.length - 1);

describe('fuzz: hostile input to the safe calls', () => {
  it(
    'hostile objects anywhere in a real matrix or assessment: the safe calls return issues, never throw',
    () => {
      fc.assert(
        fc.property(
          fc.boolean(),
          fc.nat(),
          fc.constantFrom('getter', 'revokedProxy', 'throwingTraps'),
          thrownValues,
          (isMatrix, pick, kind, thrown) => {
            const doc = plant(isMatrix ? workedMatrix : moldovaAssessment, pick, kind, throwers[thrown]!());
            const r = isMatrix
              ? safe('hostile matrix', () => safeParseMatrix(doc))
              : safe('hostile assessment', () => safeParseAssessment(doc));
            expect(r.success).toBe(false);
          },
        ),
        fuzzParams(1_500),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'huge counts of unknown fields, with any issue cap: at most maxIssues issues plus one too-many-issues',
    () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 1, max: 200 }), (n, maxIssues) => {
          const doc: Record<string, unknown> = { ...moldovaAssessment };
          for (let k = 0; k < n; k++) doc[`extra_${k}`] = k;
          const r = safe('huge count', () => safeParseAssessment(doc, { limits: { maxIssues } }));
          const issues = r.success ? [] : r.issues;
          expect(issues.length).toBe(n === 0 ? 0 : Math.min(n, maxIssues) + (n > maxIssues ? 1 : 0));
          if (n > maxIssues) expect(issues.at(-1)!.code).toBe('too-many-issues');
        }),
        fuzzParams(150),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'long keys and ids (up to 200,000 characters) cost no "did you mean" work past 64 characters',
    () => {
      const m = parseMatrix(JSON.parse(readFileSync('indicators/moldova-dmd.json', 'utf8')));
      fc.assert(
        fc.property(
          fc.integer({ min: SUGGEST_LIMITS.maxWordLength + 1, max: 200_000 }),
          fc.constantFrom('field', 'observation', 'theme'),
          fc.string({ minLength: 1, maxLength: 3 }),
          (length, where, unit) => {
            const long = unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
            const before = suggestionWork();
            if (where === 'field')
              safe('long field', () => safeParseAssessment({ ...moldovaAssessment, [long]: 1 }));
            else if (where === 'theme') {
              const bad: Matrix = structuredClone(workedMatrix);
              bad.indicators[0]!.theme = long;
              safe('long theme', () => safeParseMatrix(bad));
            } else {
              const a = structuredClone(moldovaAssessment);
              a.observations[long] = { value: 1 };
              tally.run('long observation id', () => score(m, [a], { trace: false }));
            }
            expect(suggestionWork() - before).toBe(0);
          },
        ),
        fuzzParams(150),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'deep formula chains in any order, with or without a cycle: ordered and scored, or one formula-cycle issue',
    () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 600 }),
          fc.option(fc.nat(), { nil: undefined }),
          fc.nat(),
          (length, cycleTo, shuffleSeed) => {
            const id = (k: number) => `F${k}`;
            const back = cycleTo === undefined ? undefined : cycleTo % length;
            const indicators = Array.from({ length }, (_, k) => ({
              id: id(k),
              theme: 't',
              title: id(k),
              kind: 'formula' as const,
              expression: k === 0 ? (back === undefined ? 'x' : `x + ${id(length - 1)}`) : `${id(k - 1)} + 1`,
              inputs: k === 0 ? ['x'] : [],
              direction: 'increase' as const,
            }));
            // a deterministic shuffle
            let s = shuffleSeed || 1;
            for (let i = indicators.length - 1; i > 0; i--) {
              s = (s * 48_271) % 2_147_483_647;
              const j = s % (i + 1);
              [indicators[i], indicators[j]] = [indicators[j]!, indicators[i]!];
            }
            const matrix = {
              format: 'mgi-engine/matrix@1',
              id: 'chain',
              version: '1.0.0',
              title: 'Chain',
              themes: [{ id: 't', title: 'T' }],
              indicators,
            };
            const r = safe('formula chain', () => safeParseMatrix(matrix));
            if (back === undefined) {
              expect(r.success).toBe(true);
              if (!r.success) return;
              const report = score(
                r.data,
                [
                  {
                    format: 'mgi-engine/assessment@1',
                    matrix: 'chain@1.0.0',
                    entity: 'XAA',
                    year: 2024,
                    observations: { x: { value: 1 } },
                  },
                ],
                { trace: false },
              );
              expect(report.scorecards[0]!.indicators.find((i) => i.id === id(length - 1))?.value).toBe(
                length,
              );
            } else {
              const cycles = r.success ? [] : r.issues.filter((i) => i.code === 'formula-cycle');
              expect(cycles).toHaveLength(1);
            }
          },
        ),
        fuzzParams(40),
      );
    },
    FUZZ_TIMEOUT,
  );
});
