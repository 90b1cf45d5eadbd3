import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { renderSchemaFile, SCHEMA_FILE } from '../../scripts/generate-schema.ts';

describe('schema/loadspec.schema.json', () => {
  it('matches the TypeBox schema (run `pnpm schema:generate` after changing src/config/schema/)', async () => {
    const committed = await readFile(SCHEMA_FILE, 'utf8');
    assert.ok(committed === renderSchemaFile(), 'schema/loadspec.schema.json is out of date: run `pnpm schema:generate` and commit the result');
  });

  it('describes every field, for editor hovers', () => {
    const missing: string[] = [];
    const visit = (node: unknown, where: string): void => {
      if (node === null || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      const properties = record['properties'];
      if (properties !== null && typeof properties === 'object') {
        for (const [name, field] of Object.entries(properties)) {
          const f = field as Record<string, unknown>;
          if (typeof f['description'] !== 'string' && typeof f['$ref'] !== 'string') missing.push(`${where}.${name}`);
        }
      }
      for (const [key, child] of Object.entries(record)) visit(child, `${where}/${key}`);
    };
    visit(JSON.parse(renderSchemaFile()), '#');
    assert.deepEqual(missing, []);
  });
});
