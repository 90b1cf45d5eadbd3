import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';

// The shipped flows rely on the expect plugin: it is a direct dependency, the version Artillery bundles.
test('artillery-plugin-expect is pinned to the version Artillery 2.0.34 ships', async () => {
  const ours = JSON.parse(await readFile('package.json', 'utf8')) as { dependencies: Record<string, string> };
  const bundled = JSON.parse(await readFile('node_modules/artillery/dist/builtin-packages/artillery-plugin-expect/package.json', 'utf8')) as { version: string };
  assert.equal(ours.dependencies['artillery-plugin-expect'], bundled.version);
});
