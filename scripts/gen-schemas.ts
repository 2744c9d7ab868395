// Regenerate the committed JSON Schemas in schemas/ from the zod schemas (the single source of truth).
// Run with `npm run schemas`; tests/schemas.test.ts fails when the committed files are stale.
import { writeFileSync } from 'node:fs';
import { schemaFiles } from '../tests/fixtures/schema-files';

for (const [file, schema] of Object.entries(schemaFiles())) {
  writeFileSync(file, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${file}`);
}
