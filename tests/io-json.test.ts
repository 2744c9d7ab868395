import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IssueCode, IssuePath, MgiIssue } from '../src/errors';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, readJson, readNdjson } from '../src/io/json';

/** The one issue of a failed read (fails the test if the read succeeded). */
function failure(text: string, options?: Parameters<typeof readJson>[1]): MgiIssue {
  const result = readJson(text, options);
  if (result.success) throw new Error(`expected ${JSON.stringify(text.slice(0, 60))} to fail`);
  expect(result.issues).toHaveLength(1);
  return result.issues[0]!;
}

function data(text: string, options?: Parameters<typeof readJson>[1]): unknown {
  const result = readJson(text, options);
  if (!result.success) throw new Error(result.issues.map((i) => i.message).join('\n'));
  return result.data;
}

/** JSON.parse with -0 turned into 0, which is what readJson promises. */
function reference(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => (value === 0 ? 0 : value));
}

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

function hasForbiddenKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasForbiddenKey);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).some(([key, child]) => FORBIDDEN.has(key) || hasForbiddenKey(child));
  }
  return false;
}

describe('readJson: valid documents', () => {
  it.each<[string, unknown]>([
    ['0', 0],
    ['-1', -1],
    ['123456789012345678', 123456789012345680],
    ['3.25', 3.25],
    ['-0.5e-3', -0.0005],
    ['1E+2', 100],
    ['1e-400', 0],
    ['"a\\"b\\\\c\\/d\\b\\f\\n\\r\\t"', 'a"b\\c/d\b\f\n\r\t'],
    ['"\\u00e9\\u00C9"', 'éÉ'],
    ['"\\ud83d\\ude00"', '😀'],
    ['"\\uD800"', '\uD800'],
    ['"é 😀 \u2028"', 'é 😀 \u2028'],
    ['true', true],
    ['false', false],
    ['null', null],
    ['[]', []],
    ['{}', {}],
    [' \t\r\n[ 1 , "a" , { "b" : [ ] } ] \r\n', [1, 'a', { b: [] }]],
    ['{"toString": 1, "hasOwnProperty": 2, "valueOf": 3}', { toString: 1, hasOwnProperty: 2, valueOf: 3 }],
    ['{"a": 1, "A": 2, "a ": 3, "": 4}', { a: 1, A: 2, 'a ': 3, '': 4 }],
  ])('reads %s', (text, expected) => {
    expect(data(text)).toEqual(expected);
  });

  it('skips a leading byte order mark', () => {
    expect(data('\uFEFF{"a": 1}')).toEqual({ a: 1 });
  });

  it.each(['-0', '-0.0', '-0e5', '-0.000E-2', '-1e-400'])(
    'returns %s as +0, so output is deterministic',
    (text) => {
      expect(Object.is(data(text), 0)).toBe(true);
      const nested = data(`{"a": [${text}, 1], "b": ${text}}`) as { a: number[]; b: number };
      expect(Object.is(nested.a[0], 0)).toBe(true);
      expect(Object.is(nested.b, 0)).toBe(true);
    },
  );

  it('returns plain objects, like JSON.parse', () => {
    expect(Object.getPrototypeOf(data('{"a": {}}'))).toBe(Object.prototype);
  });

  it('reads an object with many keys', () => {
    const keys = Array.from({ length: 200 }, (_, i) => `k${i}`);
    const text = `{${keys.map((k, i) => `"${k}": ${i}`).join(',')}}`;
    expect(data(text)).toEqual(JSON.parse(text));
  });

  it('reads nesting up to maxDepth, and deeper when maxDepth is raised, without overflowing the stack', () => {
    expect(data(`${'['.repeat(DEFAULT_MAX_DEPTH)}${']'.repeat(DEFAULT_MAX_DEPTH)}`)).toBeDefined();
    const deep = 100_000;
    const value = data(`${'['.repeat(deep)}${']'.repeat(deep)}`, { maxDepth: Number.POSITIVE_INFINITY });
    expect(Array.isArray(value)).toBe(true);
  });
});

describe('readJson: syntax errors name line, column and the container', () => {
  it.each<[string, IssuePath, string]>([
    ['{\n "a":\n      }', [], 'unexpected "}" at line 3, column 7; expected a value'],
    ['{\r\n "a": 1,\r\n "b": [1, 2,\r\n ]}', ['b'], 'unexpected "]" at line 4, column 2; expected a value'],
    ['{"a": [1, {"b": [tru]}]}', ['a', 1, 'b'], 'unexpected "]" at line 1, column 21; expected "true"'],
    ['[1, [2, x]]', [1], 'unexpected "x" at line 1, column 9; expected a value'],
    ['[1 2]', [], 'unexpected "2" at line 1, column 4; expected "," or "]"'],
    ['{"a": 1 "b": 2}', [], 'unexpected "\\"" at line 1, column 9; expected "," or "}"'],
    ['{"a" 1}', [], 'unexpected "1" at line 1, column 6; expected ":" after the key'],
    ['{"a": 1,}', [], 'unexpected "}" at line 1, column 9; expected a key in double quotes'],
    ['{a: 1}', [], 'unexpected "a" at line 1, column 2; expected a key in double quotes'],
    ["{'a': 1}", [], 'unexpected "\'" at line 1, column 2; expected a key in double quotes'],
    ['[1,]', [], 'unexpected "]" at line 1, column 4; expected a value'],
    ['[1', [], 'unexpected end of input at line 1, column 3; expected "," or "]"'],
    ['{"a": {"b": 1}', [], 'unexpected end of input at line 1, column 15; expected "," or "}"'],
    ['{} x', [], 'unexpected "x" at line 1, column 4; expected the end of the input after the JSON value'],
    ['[] []', [], 'unexpected "[" at line 1, column 4; expected the end of the input after the JSON value'],
    [
      '01',
      [],
      'unexpected "1" at line 1, column 2; expected ".", "e" or the end of the number (JSON numbers have no leading zeros)',
    ],
    ['-', [], 'unexpected end of input at line 1, column 2; expected a digit'],
    ['-a', [], 'unexpected "a" at line 1, column 2; expected a digit'],
    ['+1', [], 'unexpected "+" at line 1, column 1; expected a value'],
    ['.5', [], 'unexpected "." at line 1, column 1; expected a value'],
    ['1.', [], 'unexpected end of input at line 1, column 3; expected a digit after the decimal point'],
    ['1.e3', [], 'unexpected "e" at line 1, column 3; expected a digit after the decimal point'],
    ['1e', [], 'unexpected end of input at line 1, column 3; expected a digit in the exponent'],
    ['[1e+]', [], 'unexpected "]" at line 1, column 5; expected a digit in the exponent'],
    ['0x10', [], 'unexpected "x" at line 1, column 2; expected the end of the input after the JSON value'],
    ['NaN', [], 'unexpected "N" at line 1, column 1; expected a value'],
    ['Infinity', [], 'unexpected "I" at line 1, column 1; expected a value'],
    ['nul', [], 'unexpected end of input at line 1, column 4; expected "null"'],
    ['True', [], 'unexpected "T" at line 1, column 1; expected a value'],
    [
      '"abc',
      [],
      'unexpected end of input at line 1, column 5; expected a closing quote for the string that starts at line 1, column 1',
    ],
    [
      '["a\\x"]',
      [],
      'unexpected "x" at line 1, column 5; expected one of the escapes \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX',
    ],
    [
      '{"k": "\\u12G4"}',
      [],
      'invalid escape "\\\\u12G4" at line 1, column 8; expected \\u followed by four hexadecimal digits',
    ],
    [
      '"a\nb"',
      [],
      'unescaped control character U+000A in a string at line 1, column 3; write it as an escape such as \\n or \\u000A',
    ],
    [
      '{"a": ["\t"]}',
      ['a'],
      'unescaped control character U+0009 in a string at line 1, column 9; write it as an escape such as \\n or \\u0009',
    ],
    ['[\u00a01]', [], 'unexpected "\u00a0" at line 1, column 2; expected a value'],
    ['[1,\uFEFF2]', [], 'unexpected "\uFEFF" at line 1, column 4; expected a value'],
    ['\uFEFF{"a":}', [], 'unexpected "}" at line 1, column 6; expected a value'],
    ['[\r1,\r\r x]', [], 'unexpected "x" at line 4, column 2; expected a value'],
    [
      '"😀" 😀',
      [],
      'unexpected "😀" at line 1, column 6; expected the end of the input after the JSON value',
    ],
  ])('%j', (text, path, message) => {
    const found = failure(text);
    expect(found.code).toBe('invalid-json');
    expect(found.path).toEqual(path);
    expect(found.message).toBe(message);
  });

  it.each([
    ['1e999', '1e999'],
    ['[-1E400]', '-1E400'],
    ['{"a": 123e307}', '123e307'],
  ])('rejects %s because the number is not finite', (text, literal) => {
    const found = failure(text);
    expect(found.code).toBe('invalid-json');
    expect(found.message).toContain(`number ${literal} at line 1`);
    expect(found.message).toContain('is not finite');
    expect(found.received).toBe(literal);
  });

  it('rejects an integer too long to be finite', () => {
    const found = failure(`[${'9'.repeat(400)}]`);
    expect(found.code).toBe('invalid-json');
    expect(found.message).toMatch(/^number 9{40}… at line 1, column 2 is not finite/);
  });

  it.each<[string, string]>([
    ['', 'input is empty; expected a JSON value'],
    ['   \n\t\r\n', 'input is only whitespace; expected a JSON value'],
    ['\uFEFF', 'input is empty; expected a JSON value'],
    ['\uFEFF \n', 'input is only whitespace; expected a JSON value'],
  ])('reports empty input for %j', (text, message) => {
    expect(failure(text)).toEqual({ code: 'empty-input', path: [], message });
  });
});

describe('readJson: keys', () => {
  it.each<[string, IssuePath, string]>([
    [
      '{"a": 1,\n "a": 2}',
      ['a'],
      'duplicate key "a" at line 2, column 2; the same key is first at line 1, column 2; keep one of them (each key may appear once per object)',
    ],
    [
      '{"x": {"b": [1, {"a": {"d": ",}"}, "c": "]", "a": 3}]}}',
      ['x', 'b', 1, 'a'],
      'duplicate key "a" at line 1, column 46; the same key is first at line 1, column 18; keep one of them (each key may appear once per object)',
    ],
    [
      '{"a": 1, "\\u0061": 2}',
      ['a'],
      'duplicate key "a" at line 1, column 10; the same key is first at line 1, column 2; keep one of them (each key may appear once per object)',
    ],
    [
      '{\n  "": 1,\n  "": 2\n}',
      [''],
      'duplicate key "" at line 3, column 3; the same key is first at line 2, column 3; keep one of them (each key may appear once per object)',
    ],
  ])('rejects a duplicate key in %j', (text, path, message) => {
    expect(failure(text)).toEqual({ code: 'duplicate-key', path, message, received: path.at(-1) });
  });

  it('finds duplicates in objects with many keys', () => {
    const keys = Array.from({ length: 40 }, (_, i) => `"k${i}": ${i}`);
    const found = failure(`{${keys.join(', ')}, "k3": 0}`);
    expect(found.code).toBe('duplicate-key');
    expect(found.path).toEqual(['k3']);
    expect(found.message).toContain('the same key is first at line 1, column 29');
  });

  it('allows the same key in different objects', () => {
    expect(data('[{"a": 1}, {"a": 2}, {"b": {"a": 3}, "a": 4}]')).toEqual([
      { a: 1 },
      { a: 2 },
      { b: { a: 3 }, a: 4 },
    ]);
  });

  it.each<[string, IssuePath]>([
    ['{"__proto__": {"polluted": 1}}', ['__proto__']],
    ['{"a": {"constructor": {"prototype": {"polluted": 1}}}}', ['a', 'constructor']],
    ['[{"ok": 1}, {"prototype": 1}]', [1, 'prototype']],
    ['{"\\u005f_proto__": {"polluted": 1}}', ['__proto__']],
  ])('rejects the forbidden key in %s', (text, path) => {
    const found = failure(text);
    expect(found.code).toBe('forbidden-key');
    expect(found.path).toEqual(path);
    expect(found.message).toMatch(
      /^forbidden key ".+" at line 1, column \d+; the keys __proto__, constructor and prototype/,
    );
  });

  it('never pollutes Object.prototype', () => {
    failure('{"__proto__": {"polluted": 1}}');
    failure('{"a": [{"__proto__": {"polluted": 1}}]}');
    failure('{"constructor": {"prototype": {"polluted": 1}}}');
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('readJson: limits', () => {
  it('reports 100000 nested "[" as too deep, without throwing', () => {
    const found = failure('['.repeat(100_000));
    expect(found.code).toBe('too-deep');
    expect(found.path).toHaveLength(DEFAULT_MAX_DEPTH);
    expect(found.message).toBe(
      `nesting deeper than 64 levels at line 1, column 65; flatten the document or raise maxDepth`,
    );
  });

  it('reports deep objects with the path to the container that is too deep', () => {
    const found = failure(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`, { maxDepth: 3 });
    expect(found).toMatchObject({ code: 'too-deep', path: ['a', 'a', 'a'] });
  });

  it.each<[string, number, IssueCode | 'ok']>([
    ['1', 0, 'ok'],
    ['[]', 0, 'too-deep'],
    ['[]', 1, 'ok'],
    ['[[1], {"a": 2}]', 1, 'too-deep'],
    ['[[1], {"a": 2}]', 2, 'ok'],
  ])('%s with maxDepth %i: %s', (text, maxDepth, expected) => {
    const result = readJson(text, { maxDepth });
    expect(result.success ? 'ok' : result.issues[0]?.code).toBe(expected);
  });

  it('reports text longer than maxBytes as too large', () => {
    expect(failure('[1, 2]', { maxBytes: 5 })).toEqual({
      code: 'too-large',
      path: [],
      message: 'input is 6 characters long, more than the limit of 5; split it or raise maxBytes',
      expected: 'at most 5 characters',
      received: '6 characters',
    });
    expect(data('[1, 2]', { maxBytes: 6 })).toEqual([1, 2]);
    expect(DEFAULT_MAX_BYTES).toBe(50 * 1024 * 1024);
  });

  it('labels issues with the source', () => {
    expect(failure('{', { source: 'moldova.json' }).source).toBe('moldova.json');
  });
});

describe('readJson: properties', () => {
  it('readJson agrees with JSON.parse on every valid document', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 1, '\t'), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        const result = readJson(text);
        if (hasForbiddenKey(value)) {
          expect(result.success ? 'ok' : result.issues[0]?.code).toBe('forbidden-key');
        } else {
          expect(result).toEqual({ success: true, data: reference(text) });
        }
      }),
      { numRuns: 500 },
    );
  });

  const token = fc.constantFrom(
    ...['{', '}', '[', ']', ',', ':', ' ', '\n', '"a"', '"b"', '"\\u0061"', '"\\x"', '"\\ud83d"'],
    ...['1', '-0', '0.5e3', '01', '1.', '-', '1e999', 'true', 'nul', 'null', '"', '\t', '\u00a0'],
  );

  it('readJson accepts a text only if JSON.parse does, and then returns the same value', () => {
    fc.assert(
      fc.property(fc.array(token, { maxLength: 25 }), (tokens) => {
        const text = tokens.join('');
        const result = readJson(text);
        let parsed: { value: unknown } | undefined;
        try {
          parsed = { value: reference(text) };
        } catch {
          parsed = undefined;
        }
        if (result.success) expect(parsed).toEqual({ value: result.data });
        else if (parsed === undefined)
          expect(['invalid-json', 'empty-input']).toContain(result.issues[0]?.code);
        else if (result.issues[0]?.code !== 'duplicate-key')
          expect(result.issues[0]?.message).toContain('is not finite');
      }),
      { numRuns: 2000 },
    );
  });

  const anyCharacter = fc.oneof(
    fc.constantFrom(...'{}[],:"\\/ \n\r\t-+.0123456789eEtrufalsnu'),
    fc.constantFrom('\u0000', '\u001f', '\uD800', '\uDC00', '\uFEFF', '\u00a0', 'é', '😀'),
  );

  it('readJson never throws: it returns what JSON.parse returns, or one issue with a 1-based position', () => {
    fc.assert(
      fc.property(fc.string({ unit: anyCharacter, maxLength: 40 }), (text) => {
        const result = readJson(text);
        if (result.success) {
          expect(result.data).toEqual(reference(text.replace(/^\uFEFF/, '')));
        } else {
          expect(result.issues).toHaveLength(1);
          if (result.issues[0]!.code === 'invalid-json') {
            expect(result.issues[0]!.message).toMatch(/line [1-9]\d*, column [1-9]\d*/);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('readNdjson', () => {
  it('returns each valid line with its line number and an issue for each invalid line', () => {
    const text = '{"year": 2021}\r\n{"year": }\n\n   \n[1, 2]\n{"a": {"b": 1, "b": 2}}\n"last"';
    expect(readNdjson(text, { source: 'obs.ndjson' })).toEqual({
      values: [
        { line: 1, value: { year: 2021 } },
        { line: 5, value: [1, 2] },
        { line: 7, value: 'last' },
      ],
      issues: [
        {
          code: 'invalid-json',
          path: [],
          message: 'unexpected "}" at line 2, column 10; expected a value',
          expected: 'a value',
          received: '"}"',
          source: 'obs.ndjson',
        },
        {
          code: 'duplicate-key',
          path: [],
          message:
            'a.b: duplicate key "b" at line 6, column 16; the same key is first at line 6, column 8; keep one of them (each key may appear once per object)',
          received: 'b',
          source: 'obs.ndjson',
        },
      ],
    });
  });

  it.each<[string, unknown[]]>([
    ['', []],
    ['\n\n', []],
    ['\uFEFF1\n2\n', [1, 2]],
    ['1\r\n2\r\n', [1, 2]],
    ['{"a": -0}', [{ a: 0 }]],
  ])('reads %j', (text, values) => {
    const result = readNdjson(text);
    expect(result.issues).toEqual([]);
    expect(result.values.map((v) => v.value)).toEqual(values);
  });

  it('places an error at the end of a CRLF line on that line', () => {
    expect(readNdjson('1\r\n[1,\r\n2').issues.map((i) => i.message)).toEqual([
      'unexpected end of input at line 2, column 4; expected a value',
    ]);
  });

  it('applies maxDepth to each line and maxBytes to the whole text', () => {
    expect(readNdjson('[[1]]\n[2]', { maxDepth: 1 }).issues.map((i) => i.code)).toEqual(['too-deep']);
    expect(readNdjson('[1]\n[2]', { maxBytes: 6 })).toEqual({
      values: [],
      issues: [expect.objectContaining({ code: 'too-large', path: [] })],
    });
  });
});
