import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { parseAssessment, parseMatrix, score } from '../src/index';
import { assessmentSchemaForMatrix } from '../src/schema/assessment-for-matrix';
import {
  assessmentJsonSchema,
  type JsonSchemaTarget,
  matrixJsonSchema,
  reportJsonSchema,
  scorecardJsonSchema,
} from '../src/schema/json-schema';

// A real validator over the schemas integrators get: Ajv 8 in strict mode (every strict option on,
// union types not allowed), for the committed 2020-12 files and the draft-07 variants.

const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const strict = { strict: true, allErrors: true } as const;
const ajvFor = (target: JsonSchemaTarget) => (target === 'draft-07' ? new Ajv(strict) : new Ajv2020(strict));

const builtins = readdirSync('indicators')
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => join('indicators', f));
const exampleDirs = ['examples/moldova', 'examples/sdg'] as const;
const examples = exampleDirs.flatMap((d) =>
  readdirSync(d)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(d, f)),
);
const matrixFor: Record<(typeof exampleDirs)[number], string> = {
  'examples/moldova': 'indicators/moldova-dmd.json',
  'examples/sdg': 'indicators/sdg-10-7-2.json',
};

function validator(schema: Record<string, unknown>, target: JsonSchemaTarget) {
  const validate = ajvFor(target).compile(schema);
  return (value: unknown) =>
    validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

describe('the JSON Schemas compile under Ajv 8 strict', () => {
  it.each(['matrix', 'assessment', 'scorecard', 'report'])('schemas/%s.schema.json (2020-12)', (name) => {
    expect(() => new Ajv2020(strict).compile(json(`schemas/${name}.schema.json`))).not.toThrow();
  });

  it.each([
    ['matrix', matrixJsonSchema],
    ['assessment', assessmentJsonSchema],
    ['scorecard', scorecardJsonSchema],
    ['report', reportJsonSchema],
  ] as const)('the %s schema as draft-07', (_name, make) => {
    const schema = make('draft-07');
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(() => new Ajv(strict).compile(schema)).not.toThrow();
  });

  it.each(builtins.flatMap((f) => (['draft-2020-12', 'draft-07'] as const).map((t) => [f, t] as const)))(
    'the assessment schema specialised to %s (%s)',
    (file, target) => {
      expect(() =>
        ajvFor(target).compile(assessmentSchemaForMatrix(parseMatrix(json(file)), target)),
      ).not.toThrow();
    },
  );
});

describe('the shipped data validates against the schemas', () => {
  const matrixOk = validator(json('schemas/matrix.schema.json'), 'draft-2020-12');
  const assessmentOk = validator(json('schemas/assessment.schema.json'), 'draft-2020-12');

  it.each(builtins)('built-in matrix %s', (file) => {
    expect(matrixOk(json(file))).toEqual([]);
  });

  it.each(examples)('example assessment %s, against the generic and the specialised schema', (file) => {
    expect(assessmentOk(json(file))).toEqual([]);
    const dir = file.slice(0, file.lastIndexOf('/')) as (typeof exampleDirs)[number];
    const m = parseMatrix(json(matrixFor[dir]));
    for (const target of ['draft-2020-12', 'draft-07'] as const)
      expect(validator(assessmentSchemaForMatrix(m, target), target)(json(file))).toEqual([]);
  });

  it.each(exampleDirs)('the report of scoring %s, and each of its scorecards', (dir) => {
    const m = parseMatrix(json(matrixFor[dir]));
    const report = score(
      m,
      examples.filter((f) => f.startsWith(`${dir}/`)).map((f) => parseAssessment(json(f))),
    );
    expect(report.scorecards.length).toBeGreaterThan(0);
    const plain = JSON.parse(JSON.stringify(report));
    expect(validator(json('schemas/report.schema.json'), 'draft-2020-12')(plain)).toEqual([]);
    expect(validator(reportJsonSchema('draft-07'), 'draft-07')(plain)).toEqual([]);
    const card = validator(json('schemas/scorecard.schema.json'), 'draft-2020-12');
    for (const c of plain.scorecards) expect(card(c)).toEqual([]);
  });

  it('the validators do reject a bad document (the checks can fail)', () => {
    expect(matrixOk({ ...json(builtins[0]!), format: 'nope' })).not.toEqual([]);
    expect(assessmentOk({ ...json(examples[0]!), year: 'soon' })).not.toEqual([]);
  });
});
