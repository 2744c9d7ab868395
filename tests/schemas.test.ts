import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemaFiles } from './fixtures/schema-files';

describe('committed JSON Schemas', () => {
  it.each(Object.entries(schemaFiles()))(
    '%s is up to date with the zod schemas (run npm run schemas)',
    (file, schema) => {
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(schema);
    },
  );

  it('the matrix schema names the format and the six dimension ids', () => {
    const text = JSON.stringify(schemaFiles()['schemas/matrix.schema.json']);
    expect(text).toContain('mgi-engine/matrix@1');
    for (const id of [
      'migrants-rights',
      'whole-of-government',
      'partnerships',
      'well-being',
      'mobility-crises',
      'safe-orderly-migration',
    ]) {
      expect(text).toContain(id);
    }
  });
});
