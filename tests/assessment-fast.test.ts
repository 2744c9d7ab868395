import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { safeParseAssessmentCore } from '../src/parse';
import { ASSESSMENT_FORMAT, AssessmentSchema } from '../src/schema/assessment';
import { fastAssessment } from '../src/schema/assessment-fast';

// Values near the edges of every rule of the schema, most of them valid.
const id = fc
  .oneof(
    { weight: 6, arbitrary: fc.constantFrom('WB_01', 'a', 'x-1', '9', 'female', 'male', 'Z'.repeat(64)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', '_a', '-a', 'a.b', 'a b', 'constructor', 'toString', 'Z'.repeat(65)),
    },
    { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_.-]{0,66}$/) },
  )
  .filter((s) => s !== '__proto__');
const label = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('MDA', 'Ministry of Labour', 'é ü — ✓', 'x'.repeat(200)) },
  { weight: 1, arbitrary: fc.constantFrom('', 'a\nb', 'tab\there', 'x'.repeat(201), '\u007f', '\u0085') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const text = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('', 'a note', 'two\nlines', 'tab\tok', 'x'.repeat(10_000)) },
  { weight: 1, arbitrary: fc.constantFrom('bell\u0007', 'x'.repeat(10_001), '\u0085 nel') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const num = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -1e15, max: 1e15, noNaN: true }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      1e15,
      -1e15,
      1e15 + 2,
      -1e15 - 2,
      -1.5e15,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      -0,
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom('70', null, true, [1], {}) },
);
const notString = fc.constantFrom(1, null, true, [], {});
const dict = <T>(keys: fc.Arbitrary<string>, values: fc.Arbitrary<T>) =>
  fc.dictionary(keys, values, { maxKeys: 4 });
const breakdown = fc.oneof(
  { weight: 5, arbitrary: dict(id, dict(id, num)) },
  { weight: 1, arbitrary: fc.constantFrom(null, [], 3, { sex: [] }, { sex: 'x' }) },
);
const maybeBad = <T>(good: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 8, arbitrary: good }, { weight: 1, arbitrary: notString as fc.Arbitrary<unknown> });
const observation = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record(
      {
        value: num,
        level: maybeBad(id),
        missing: maybeBad(fc.oneof(text, fc.constantFrom('n/a', 'c1 \u0080 control'))),
        breakdown,
        source: maybeBad(text),
        evidence: maybeBad(text),
        reportedBy: maybeBad(label),
        note: maybeBad(text),
        extra: fc.constant(1),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(null, 3, 'x', [], [{ value: 1 }]) },
);
// Mostly one of value/level/missing, as real observations are (the record above mixes them).
const typical = fc.oneof(
  fc.record({ value: num }),
  fc.record({ level: id }),
  fc.record({ missing: text }),
  fc.record({ value: num, breakdown }),
  fc.record({ breakdown }),
  fc.record({ value: num, source: text, reportedBy: label, note: text }),
);
const assessment = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record(
      {
        $schema: maybeBad(fc.constant('https://example.org/s.json')),
        format: fc.constantFrom(ASSESSMENT_FORMAT, ASSESSMENT_FORMAT, 'mgi-engine/assessment@2'),
        matrix: fc.constantFrom('moldova-dmd@1.0.0', 'gdi@1.0.0-rc.1', 'bad', 'x@01.0.0', 'a@1.0'),
        entity: maybeBad(label),
        entityName: maybeBad(label),
        year: fc.oneof(fc.integer({ min: 1895, max: 2205 }), fc.constantFrom(2020.5, '2020', Number.NaN)),
        status: fc.constantFrom('provisional', 'final', 'draft', null),
        submittedBy: maybeBad(label),
        submittedOn: fc.constantFrom('2021-09-30', '2021-9-30', '30.09.2021', 20210930),
        notes: maybeBad(text),
        observations: fc.oneof(
          { weight: 8, arbitrary: dict(id, fc.oneof({ weight: 3, arbitrary: typical }, observation)) },
          { weight: 1, arbitrary: fc.constantFrom(null, [], 'x') },
        ),
        surplus: fc.constant('?'),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(null, 1, 'x', [], [{}]) },
);
// Mostly valid assessments, so that the comparison above is not mostly about rejections.
const valid = fc.record(
  {
    format: fc.constant(ASSESSMENT_FORMAT),
    matrix: fc.constant('moldova-dmd@1.0.0'),
    entity: fc.constant('MDA'),
    year: fc.integer({ min: 1900, max: 2200 }),
    status: fc.constantFrom('provisional', 'final'),
    notes: text,
    observations: dict(id, typical),
  },
  { requiredKeys: ['format', 'matrix', 'entity', 'year', 'observations'] },
);

// Any combination of fields, each with a valid value: the "exactly one of value, level or
// missing (or a breakdown alone)" rule.
const goodId = fc.constantFrom('WB_01', 'female', 'x-1');
const combination = fc.record(
  {
    value: fc.double({ min: -1e15, max: 1e15, noNaN: true }),
    level: goodId,
    missing: fc.constantFrom('n/a', 'not collected'),
    breakdown: fc.oneof(
      fc.constant({}),
      fc.dictionary(goodId, fc.dictionary(goodId, fc.integer(), { maxKeys: 2 }), { maxKeys: 2 }),
    ),
    source: fc.constant('survey'),
    reportedBy: fc.constant('MLSP'),
    note: fc.constant(''),
  },
  { requiredKeys: [] },
);
// A valid envelope around one or two observations of every kind, valid or not.
const wildObservations = fc.record({
  format: fc.constant(ASSESSMENT_FORMAT),
  matrix: fc.constant('moldova-dmd@1.0.0'),
  entity: fc.constant('MDA'),
  year: fc.constant(2021),
  observations: fc.dictionary(id, fc.oneof(combination, observation), { minKeys: 1, maxKeys: 2 }),
});

/** What the schema answers: its output as text (key order included), or null when it refuses. */
function schemaAnswer(v: unknown): string | null {
  const r = AssessmentSchema.safeParse(v);
  return r.success ? JSON.stringify(r.data) : null;
}

function fastAnswer(v: unknown): string | null {
  const r = fastAssessment(v);
  return r === undefined ? null : JSON.stringify(r);
}

describe('the fast path of the assessment schema', () => {
  it('property: fastAssessment accepts exactly what AssessmentSchema accepts, with the same output and key order', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(assessment, valid, wildObservations), (v) => {
        const want = schemaAnswer(v);
        const got = fastAnswer(v);
        if (want !== null) accepted++;
        expect(got).toBe(want);
        if (want !== null) expect(fastAssessment(v)).toStrictEqual(AssessmentSchema.parse(v));
      }),
      { numRuns: 3000, seed: 15_2030 },
    );
    // The comparison covers acceptance as well as refusal (a fixed seed: the same cases every run).
    expect(accepted).toBeGreaterThan(200);
  });

  it('property: a valid assessment is returned as new objects, never the input itself', () => {
    fc.assert(
      fc.property(valid, (v) => {
        fc.pre(schemaAnswer(v) !== null);
        const out = fastAssessment(v);
        expect(out).toBeDefined();
        expect(out).not.toBe(v);
        for (const id of Object.keys(v.observations))
          expect(out!.observations[id]).not.toBe(v.observations[id]);
      }),
      { seed: 15_2031 },
    );
  });

  it('takes every assessment of the examples (key order of the input does not matter)', () => {
    const root = join(__dirname, '..', 'examples');
    let n = 0;
    for (const dir of readdirSync(root, { withFileTypes: true })) {
      if (!dir.isDirectory()) continue;
      for (const f of readdirSync(join(root, dir.name))) {
        if (!f.endsWith('.json') || f === 'matrix.json') continue;
        const v = JSON.parse(readFileSync(join(root, dir.name, f), 'utf8'));
        if (v?.format !== ASSESSMENT_FORMAT) continue;
        expect(fastAssessment(v), `${dir.name}/${f}`).toBeDefined();
        expect(fastAnswer(v)).toBe(schemaAnswer(v));
        n++;
      }
    }
    expect(n).toBeGreaterThan(10);
  });

  it('leaves the wording of problems to the schema', () => {
    const r = safeParseAssessmentCore({
      format: ASSESSMENT_FORMAT,
      matrix: 'moldova-dmd@1.0.0',
      entity: 'MDA',
      year: 2021,
      observations: { WB_01: { value: 1, level: 'x' } },
    });
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(r.issues[0]!.path).toEqual(['observations', 'WB_01']);
      expect(r.issues[0]!.message).toMatch(/more than one of "value", "level" and "missing"/);
    }
  });
});
