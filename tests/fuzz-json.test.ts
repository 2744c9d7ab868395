/**
 * Fuzzing the readers of matrices and assessments: random JSON values (as text and as objects),
 * random text and bytes, mutated real documents and truncated files. The property is always the
 * same: the outcome is a result or well-formed issues (known codes, array paths), never another
 * exception, never a hang, and no built-in prototype is touched.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type Assessment,
  type Matrix,
  parseAssessment,
  parseMatrix,
  safeParseAssessment,
  safeParseMatrix,
  score,
} from '../src/index';
import { readJson, readNdjson } from '../src/io/json';
import {
  arbMutations,
  assessmentDocs,
  matrixDocs,
  mutate,
  mutatedText,
  type RepoDoc,
} from './fixtures/fuzz-inputs';
import { reportViolation } from './fixtures/fuzz-scoring';
import {
  CASE_BUDGET_MS,
  CaseTally,
  checkIssues,
  checkPrototypes,
  checkSafeCall,
  checkSafeResult,
  expectResultOrMgiError,
  FUZZ_TIMEOUT,
  findNonFinite,
  fuzzParams,
  knownNonFinite,
  prototypeFingerprint,
} from './fixtures/fuzz-support';

const tally = new CaseTally('fuzz-json.test.ts');
const prototypes = prototypeFingerprint();
afterAll(() => {
  console.log(tally.summary());
});

/** Parse with all four entry points that take untrusted JSON; each must give a result or issues. */
function parseAll(input: unknown): void {
  checkSafeCall(() => safeParseMatrix(input), 'safeParseMatrix');
  checkSafeCall(() => safeParseAssessment(input), 'safeParseAssessment');
  expectResultOrMgiError(() => parseMatrix(input), 'parseMatrix');
  expectResultOrMgiError(() => parseAssessment(input), 'parseAssessment');
}

/** -0 becomes 0, as the strict reader promises. */
function positiveZero(_k: string, v: unknown): unknown {
  return v === 0 ? 0 : v;
}

const jsonish = fc.constantFrom(
  ...'{}[]",:0123456789-+.eE truefalsenul\\/bfnrtu\n\r\t\u0000\u00a0\ufeff_$aé😀'.split(''),
  '__proto__',
  'constructor',
  '"format"',
  '"mgi-engine/matrix@1"',
  '"mgi-engine/assessment@1"',
  '1e999',
  'NaN',
  '\\u0000',
  '\\ud800',
);

describe('fuzz: readers of untrusted JSON', () => {
  it(
    'any JSON value, as text or as an object, parses to a matrix or assessment or to well-formed issues',
    () => {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 6 }), fc.boolean(), (value, pretty) => {
          tally.run('jsonValue', () => {
            parseAll(value);
            parseAll(JSON.stringify(value, null, pretty ? 2 : undefined));
          });
        }),
        fuzzParams(1000),
      );
      checkPrototypes(prototypes);
    },
    FUZZ_TIMEOUT,
  );

  it(
    'the strict reader agrees with JSON.parse on every text JSON.stringify writes (except forbidden keys and depth)',
    () => {
      fc.assert(
        fc.property(
          fc.jsonValue({ maxDepth: 8 }),
          fc.constantFrom(undefined, 1, 2, '\t'),
          (value, indent) => {
            tally.run('stringify-roundtrip', () => {
              const text = JSON.stringify(value, null, indent);
              const r = readJson(text);
              if (r.success) expect(r.data).toEqual(JSON.parse(text, positiveZero));
              else {
                checkIssues(r.issues);
                expect(['forbidden-key', 'too-deep']).toContain(r.issues[0]!.code);
              }
            });
          },
        ),
        fuzzParams(1200),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'on random near-JSON text the strict reader never throws and accepts only what JSON.parse accepts',
    () => {
      const text = fc.oneof(
        fc.array(jsonish, { maxLength: 40 }).map((parts) => parts.join('')),
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.string({ unit: 'binary', maxLength: 40 }),
      );
      fc.assert(
        fc.property(text, (t) => {
          tally.run('near-json', () => {
            let parsed: { ok: true; value: unknown } | { ok: false };
            try {
              parsed = {
                ok: true,
                value: JSON.parse(t.charCodeAt(0) === 0xfeff ? t.slice(1) : t, positiveZero),
              };
            } catch {
              parsed = { ok: false };
            }
            const r = readJson(t);
            if (r.success) {
              expect(parsed.ok).toBe(true);
              if (parsed.ok) expect(r.data).toEqual(parsed.value);
            } else {
              checkIssues(r.issues);
              const code = r.issues[0]!.code;
              if (parsed.ok)
                expect(['forbidden-key', 'duplicate-key', 'too-deep', 'invalid-json']).toContain(code);
              else expect(['invalid-json', 'empty-input']).toContain(code);
            }
            checkSafeResult(safeParseMatrix(t), 'safeParseMatrix');
            checkSafeResult(safeParseAssessment(t), 'safeParseAssessment');
            const nd = readNdjson(t);
            for (const i of nd.issues) checkIssues([i]);
          });
        }),
        fuzzParams(1000),
      );
      checkPrototypes(prototypes);
    },
    FUZZ_TIMEOUT,
  );

  it(
    'any JavaScript value passed directly (class instances, NaN, symbols, null prototypes, sparse arrays) gives a result or issues',
    () => {
      const anything = fc.anything({
        maxDepth: 4,
        withBigInt: true,
        withBoxedValues: true,
        withDate: true,
        withMap: true,
        withSet: true,
        withNullPrototype: true,
        withObjectString: true,
        withSparseArray: true,
        withTypedArray: true,
        withUnicodeString: true,
      });
      fc.assert(
        fc.property(anything, (value) => {
          tally.run('anything', () => parseAll(value));
        }),
        fuzzParams(600),
      );
      checkPrototypes(prototypes);
    },
    FUZZ_TIMEOUT,
  );

  it(
    'random bytes, decoded as UTF-8 or Latin-1, alone or spliced into a real document, give issues',
    () => {
      const docs = [...matrixDocs, ...assessmentDocs].filter((d) => d.text.length < 12_000);
      fc.assert(
        fc.property(
          fc.uint8Array({ maxLength: 600 }),
          fc.constantFrom(...docs),
          fc.nat(),
          fc.constantFrom('utf-8', 'latin1', 'utf-16le'),
          (bytes, doc, at, encoding) => {
            tally.run('bytes', () => {
              const noise = new TextDecoder(encoding).decode(bytes);
              parseAll(noise);
              const cut = at % (doc.text.length + 1);
              const spliced = doc.text.slice(0, cut) + noise + doc.text.slice(cut);
              checkSafeResult(safeParseMatrix(spliced), 'safeParseMatrix');
              checkSafeResult(safeParseAssessment(spliced), 'safeParseAssessment');
            });
          },
        ),
        fuzzParams(400),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'a truncated file is always rejected as invalid JSON or empty, never read as a shorter document',
    () => {
      const docs = [...matrixDocs, ...assessmentDocs];
      fc.assert(
        fc.property(fc.constantFrom(...docs), fc.nat(), fc.boolean(), (doc, at, compact) => {
          tally.run('truncated', () => {
            const text = compact ? JSON.stringify(doc.value) : doc.text;
            const cut = text.slice(0, at % text.length);
            const m = safeParseMatrix(cut);
            const a = safeParseAssessment(cut);
            for (const r of [m, a]) {
              if (cut.trim() === text.trim()) continue; // only trailing whitespace was cut
              expect(r.success).toBe(false);
              if (!r.success) {
                checkIssues(r.issues);
                expect(['invalid-json', 'empty-input']).toContain(r.issues[0]!.code);
              }
            }
          });
        }),
        fuzzParams(600),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'a truncated NDJSON batch keeps every complete line and reports the cut line',
    () => {
      const lines = assessmentDocs.map((d) => JSON.stringify(d.value));
      const batch = `${lines.join('\n')}\n`;
      fc.assert(
        fc.property(fc.nat({ max: batch.length - 1 }), (at) => {
          tally.run('truncated-ndjson', () => {
            const cut = batch.slice(0, at);
            const complete = cut.split('\n');
            let partial = complete.pop()!;
            // A cut just before the last newline leaves a whole line: it is read.
            if (lines.includes(partial)) {
              complete.push(partial);
              partial = '';
            }
            const r = readNdjson(cut);
            expect(r.values.map((v) => v.value)).toEqual(complete.map((l) => JSON.parse(l)));
            if (partial === '') expect(r.issues).toEqual([]);
            else {
              expect(r.issues).toHaveLength(1);
              checkIssues(r.issues);
              expect(r.issues[0]!.message).toContain(`line ${complete.length + 1}`);
            }
          });
        }),
        fuzzParams(200),
      );
    },
    FUZZ_TIMEOUT,
  );
});

// --- mutated real documents ---

const parsedMatrices = new Map<string, Matrix>(
  matrixDocs.map((d) => {
    const m = parseMatrix(d.text);
    return [`${m.id}@${m.version}`, m];
  }),
);
const parsedAssessments: Assessment[] = assessmentDocs.map((d) => parseAssessment(d.text));
/** One assessment per matrix, to score mutated matrices with. */
const sampleFor = (ref: string): Assessment[] =>
  parsedAssessments.filter((a) => a.matrix === ref).slice(0, 1);

/** Score, expecting a report with sound numbers or an MgiError. */
function scoreChecked(m: Matrix, as: readonly Assessment[]): void {
  const r = expectResultOrMgiError(() => score(m, as), 'score');
  if (!r.ok) return;
  const bad = reportViolation(m, r.value) ?? findNonFinite(r.value);
  if (bad && !knownNonFinite(bad.split(' = ')[0]!)) throw new Error(`unsound report: ${bad}`);
  for (const e of r.value.errors) checkIssues([e], 'report.errors');
}

/** Real matrices, the large ones less often (they take milliseconds to compile). */
const weightedMatrices = fc.oneof(
  ...matrixDocs.map((d) => ({ weight: d.text.length > 50_000 ? 1 : 3, arbitrary: fc.constant(d) })),
);

describe('fuzz: mutated real documents', () => {
  it(
    'a mutated matrix (deleted, duplicated, retyped, renamed fields; extreme numbers; hostile strings) parses and scores or gives issues',
    () => {
      fc.assert(
        fc.property(
          weightedMatrices,
          arbMutations,
          fc.nat(),
          fc.boolean(),
          (doc: RepoDoc, muts, style, asText) => {
            tally.run('mutated-matrix', () => {
              const input = asText ? mutatedText(doc.value, muts, style) : mutate(doc.value, muts, 'object');
              const r = checkSafeCall(() => safeParseMatrix(input), 'safeParseMatrix');
              if (r?.success) {
                scoreChecked(r.data, sampleFor(`${r.data.id}@${r.data.version}`));
              }
            });
          },
        ),
        fuzzParams(700),
      );
      checkPrototypes(prototypes);
    },
    FUZZ_TIMEOUT,
  );

  it(
    'a mutated assessment parses and scores against its matrix, or gives issues',
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...assessmentDocs),
          arbMutations,
          fc.nat(),
          fc.boolean(),
          (doc, muts, style, asText) => {
            tally.run('mutated-assessment', () => {
              const input = asText ? mutatedText(doc.value, muts, style) : mutate(doc.value, muts, 'object');
              const r = checkSafeCall(() => safeParseAssessment(input), 'safeParseAssessment');
              if (r?.success) {
                const ref = (doc.value as { matrix: string }).matrix;
                const m = parsedMatrices.get(ref)!;
                scoreChecked(m, [r.data]);
              }
            });
          },
        ),
        fuzzParams(800),
      );
      checkPrototypes(prototypes);
    },
    FUZZ_TIMEOUT,
  );
});

describe('reliability: runaway input stops early with a clear issue', () => {
  it('a million open brackets, a 100,000-deep object and a cycle are too-deep, not a stack overflow', () => {
    const brackets = '['.repeat(1_000_000);
    const t0 = performance.now();
    const r = safeParseMatrix(brackets);
    expect(r.success).toBe(false);
    if (!r.success) expect(r.issues[0]!.code).toBe('too-deep');
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const d = safeParseAssessment(deep);
    expect(d.success).toBe(false);
    if (!d.success) expect(d.issues[0]!.code).toBe('too-deep');
    const cycle: Record<string, unknown> = { format: 'mgi-engine/matrix@1' };
    cycle.self = cycle;
    const c = safeParseMatrix(cycle);
    expect(c.success).toBe(false);
    if (!c.success) expect(c.issues.map((i) => i.code)).toContain('too-deep');
    expect(performance.now() - t0).toBeLessThan(CASE_BUDGET_MS);
  });

  it('text over the length limit is too-large before it is read', () => {
    const r = safeParseMatrix(matrixDocs[0]!.text, { limits: { maxTextLength: 100 } });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.issues[0]!.code).toBe('too-large');
  });

  it(`no fuzz case took longer than ${CASE_BUDGET_MS} ms (no hang)`, () => {
    expect(tally.total).toBeGreaterThan(0);
    expect(tally.slowestMs).toBeLessThan(CASE_BUDGET_MS);
  });
});
