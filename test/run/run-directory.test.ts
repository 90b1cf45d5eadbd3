import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRunDirectory } from '../../src/run/run-directory.ts';

test('runs in the same second never share a directory', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'loadspec-dirs-'));
  const now = new Date('2026-11-26T10:00:00Z');
  const dirs = await Promise.all([1, 2, 3].map(() => createRunDirectory(root, 'smoke', now)));
  assert.equal(new Set(dirs).size, 3);
  assert.ok(dirs.every((d) => path.basename(d).startsWith('smoke-2026-11-26T10-00-00')));
});
