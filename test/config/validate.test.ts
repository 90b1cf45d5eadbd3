import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { validateFiles } from '../../src/config/validate.ts';

const fixtures = fileURLToPath(new URL('../fixtures/config/', import.meta.url));

describe('validateFiles', () => {
  it('returns every file with all of its errors, valid files with none', async () => {
    const files = ['valid.yml', 'wrong-types.yml', 'empty.yml'].map((name) => path.join(fixtures, name));
    const results = await validateFiles(files);
    assert.deepEqual(results.map((r) => [path.basename(r.file), r.errors.length]), [['valid.yml', 0], ['wrong-types.yml', 5], ['empty.yml', 1]]);
  });

  it('accepts the scenario files in configs/', async () => {
    const configs = fileURLToPath(new URL('../../configs/', import.meta.url));
    const names = ['smoke.yml', 'steady.yml', 'spike.yml', 'endurance.yml'];
    const results = await validateFiles(names.map((name) => path.join(configs, name)));
    for (const result of results) assert.deepEqual(result.errors, [], result.file);
  });

  it('checks a file of shared flows as the scenario files next to it include it', async () => {
    const configs = fileURLToPath(new URL('../../configs/', import.meta.url));
    const [result] = await validateFiles([path.join(configs, 'flows', 'api-user.yml')]);
    assert.deepEqual(result?.errors, []);
  });

  it('reports only the problems inside a shared file, once, from each file that includes it', async () => {
    const shared = path.join(fixtures, 'shared', 'broken-flows.yml');
    const [result] = await validateFiles([shared]);
    assert.ok((result?.errors.length ?? 0) > 0);
    for (const error of result?.errors ?? []) assert.equal(error.file, shared);
  });
});
