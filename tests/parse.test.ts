import { describe, expect, it } from 'vitest';
import { MgiError, parseMatrix, safeParseAssessment, safeParseMatrix } from '../src/index';
import { workedMatrix } from './fixtures/worked-example';

const clone = <T>(x: T): T => structuredClone(x);

function issuesOf(input: unknown) {
  const r = safeParseMatrix(input);
  if (r.success) throw new Error('expected failure');
  return r.issues.map((i) => ({ code: i.code, path: i.path.join('.') }));
}

describe('parseMatrix: every rejected input gets an MgiError with code and path', () => {
  it('accepts the worked example', () => {
    expect(parseMatrix(workedMatrix).indicators).toHaveLength(3);
  });

  it('reports a duplicate indicator id and an unknown theme together', () => {
    const m = clone(workedMatrix);
    m.indicators[1]!.id = 'R1';
    m.indicators[2]!.theme = 'wgo';
    expect(issuesOf(m)).toEqual([
      { code: 'duplicate-id', path: 'indicators.1.id' },
      { code: 'unknown-theme', path: 'indicators.2.theme' },
    ]);
    const r = safeParseMatrix(m);
    expect(!r.success && r.issues[1]!.hint).toBe('did you mean "wog"?');
  });

  it.each([
    [
      'malformed JSON names line and column',
      '{\n  "format": "mgi-engine/matrix@1",\n  "id": }',
      'invalid-json',
      '',
    ],
    ['a wrong format', { format: 'mgi-engine/assessment@1' }, 'unknown-format', 'format'],
    ['an unknown field, with a did-you-mean', { ...workedMatrix, wieght: 1 }, 'unknown-field', 'wieght'],
    ['a missing required field', { ...workedMatrix, id: undefined }, 'required', 'id'],
    [
      'a non-finite number in text',
      JSON.stringify(workedMatrix).replace('"value":10', '"value":1e999'),
      'invalid-json',
      'indicators.0.baseline',
    ],
    [
      'a __proto__ key in text',
      '{"format":"mgi-engine/matrix@1","__proto__":{"x":1}}',
      'forbidden-key',
      '__proto__',
    ],
    ['empty text', '   ', 'empty-input', ''],
    ['a duplicate key in text', '{"format":"mgi-engine/matrix@1","format":"x"}', 'duplicate-key', 'format'],
  ])('%s', (_name, input, code, path) => {
    const got = issuesOf(input);
    expect(got[0]).toEqual({ code, path });
  });

  it('malformed JSON message has the line and column', () => {
    const r = safeParseMatrix('{\n  "format": "mgi-engine/matrix@1",\n  "id": }');
    expect(!r.success && r.issues[0]!.message).toMatch(/line 3, column 9/);
  });

  it('unknown fields suggest the closest known name', () => {
    const r = safeParseMatrix({ ...workedMatrix, wieght: 1 });
    expect(!r.success && r.issues[0]!.hint).toBe('did you mean "weight"?');
  });

  it.each([
    [
      'target year before baseline',
      (m: typeof workedMatrix) => Object.assign(m.indicators[0]!, { targets: { '2015': 30 } }),
      'target-before-baseline',
      'indicators.0.targets.2015',
    ],
    [
      'target equal to baseline for increase',
      (m: typeof workedMatrix) => Object.assign(m.indicators[0]!, { targets: { '2026': 10 } }),
      'target-equals-baseline',
      'indicators.0.targets.2026',
    ],
    [
      'target on the wrong side',
      (m: typeof workedMatrix) => Object.assign(m.indicators[1]!, { targets: { '2026': 50 } }),
      'target-direction',
      'indicators.1.targets.2026',
    ],
    [
      'weight zero',
      (m: typeof workedMatrix) => Object.assign(m.indicators[0]!, { weight: 0 }),
      'out-of-range',
      'indicators.0.weight',
    ],
    [
      'goalposts min ≥ max',
      (m: typeof workedMatrix) => Object.assign(m.indicators[0]!, { goalposts: { min: 5, max: 5 } }),
      'invalid-goalposts',
      'indicators.0.goalposts',
    ],
    [
      'log goalposts with min 0',
      (m: typeof workedMatrix) =>
        Object.assign(m.indicators[0]!, { goalposts: { min: 0, max: 5, log: true } }),
      'invalid-goalposts',
      'indicators.0.goalposts.min',
    ],
    [
      'unknown target level',
      (m: typeof workedMatrix) => Object.assign(m.indicators[2]!, { targets: { '2026': 'full' } }),
      'unknown-level',
      'indicators.2.targets.2026',
    ],
    [
      'duplicate level id',
      (m: typeof workedMatrix) =>
        Object.assign(m.indicators[2]!, {
          levels: [
            { id: 'a', label: 'A', score: 0 },
            { id: 'a', label: 'B', score: 1 },
          ],
        }),
      'duplicate-level',
      'indicators.2.levels.1.id',
    ],
    [
      'unknown dimension',
      (m: typeof workedMatrix) => Object.assign(m.themes[0]!, { dimension: 'rights' }),
      'invalid-value',
      'themes.0.dimension',
    ],
    [
      'targets without baseline',
      (m: typeof workedMatrix) => Object.assign(m.indicators[0]!, { baseline: undefined }),
      'baseline-required',
      'indicators.0.baseline',
    ],
    [
      'bands not increasing',
      (m: typeof workedMatrix) =>
        Object.assign(m, {
          scoring: {
            bands: [
              { id: 'a', label: 'A', min: 50 },
              { id: 'b', label: 'B', min: 40 },
            ],
          },
        }),
      'bands-not-increasing',
      'scoring.bands.1.min',
    ],
    [
      'an id with a slash',
      (m: typeof workedMatrix) => Object.assign(m.indicators[0]!, { id: '../R1' }),
      'invalid-format',
      'indicators.0.id',
    ],
  ])('rejects %s', (_name, mutate, code, path) => {
    const m = clone(workedMatrix);
    mutate(m as never);
    expect(issuesOf(JSON.parse(JSON.stringify(m)))).toContainEqual({ code, path });
  });

  it('parseMatrix throws MgiError carrying the issues', () => {
    expect(() => parseMatrix({ format: 'nope' })).toThrow(MgiError);
    try {
      parseMatrix({ format: 'nope' });
    } catch (e) {
      expect((e as MgiError).code).toBe('unknown-format');
      expect((e as MgiError).message).toBe(
        'format: expected format "mgi-engine/matrix@1", received "nope" [unknown-format]',
      );
    }
  });

  it('a __proto__ key in an object given directly is rejected and pollutes nothing', () => {
    const evil = JSON.parse('{"format":"mgi-engine/matrix@1","themes":[{"__proto__":{"polluted":true}}]}');
    expect(issuesOf(evil)).toEqual([{ code: 'forbidden-key', path: 'themes.0.__proto__' }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('parseAssessment', () => {
  it('needs exactly one of value, level or missing', () => {
    const r = safeParseAssessment({
      format: 'mgi-engine/assessment@1',
      matrix: 'worked@1.0.0',
      entity: 'XWE',
      year: 2021,
      observations: { R1: { value: 1, level: 'x' }, R2: {} },
    });
    expect(!r.success && r.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['invalid-value', 'observations.R1'],
      ['required', 'observations.R2'],
    ]);
  });
});
