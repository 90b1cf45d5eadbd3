/**
 * Writes schema/loadspec.schema.json from the TypeBox schema in src/config/schema/,
 * for editors (scenario files start with `# yaml-language-server: $schema=...`).
 * Run with `pnpm schema:generate`; test/config/schema-file.test.ts fails when the
 * committed file is out of date.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { scenarioFileJsonSchema } from '../src/config/json-schema.ts';

export const SCHEMA_FILE = fileURLToPath(new URL('../schema/loadspec.schema.json', import.meta.url));

export function renderSchemaFile(): string {
  return `${JSON.stringify(scenarioFileJsonSchema(), null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await writeFile(SCHEMA_FILE, renderSchemaFile());
  console.log(`wrote ${SCHEMA_FILE}`);
}
