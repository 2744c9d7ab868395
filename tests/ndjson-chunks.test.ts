// Issue 19 #9: NDJSON is read in chunks of whole lines (so signals are handled between them); the
// chunks must give exactly what one pass over the text gives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ndjsonChunks } from '../src/io/_ndjson-chunks';
import { readNdjson } from '../src/io/json';

function chunked(text: string, size: number) {
  const values: unknown[] = [];
  const issues: unknown[] = [];
  for (const c of ndjsonChunks(text, 1 << 30, size)) {
    const r = readNdjson(c.text, { source: 'f.ndjson', firstLine: c.firstLine });
    for (const v of r.values) values.push(v);
    for (const i of r.issues) issues.push(i);
  }
  return { values, issues };
}

const line = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.constantFrom('', '   ', '{"a": 1', 'nope', '[1,]', '"x"\r', '{"b":"é\u2028"}'),
);

describe('NDJSON read in chunks', () => {
  it('property: reading in chunks of any size gives the values, line numbers and issues of one pass', () => {
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 40 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.integer({ min: 1, max: 64 }),
        (lines, eol, bom, size) => {
          const text = (bom ? '\uFEFF' : '') + lines.join(eol);
          const whole = readNdjson(text, { source: 'f.ndjson' });
          expect(chunked(text, size)).toEqual({ values: whole.values, issues: whole.issues });
        },
      ),
      { seed: 1919, numRuns: 400 },
    );
  });

  it('names the right line of a bad line far into a long file', () => {
    const text = `${'{"a":1}\n'.repeat(5000)}{"a":\n{"a":2}\n`;
    const r = chunked(text, 100);
    expect(r.values).toHaveLength(5001);
    expect(r.issues).toHaveLength(1);
    expect(JSON.stringify(r.issues[0])).toContain('line 5001');
  });

  it('a text over the limit is one chunk, so the reader reports it as too large', () => {
    const chunks = [...ndjsonChunks('{"a":1}\n{"a":2}\n', 4, 2)];
    expect(chunks).toEqual([{ text: '{"a":1}\n{"a":2}\n', firstLine: 0 }]);
  });
});
