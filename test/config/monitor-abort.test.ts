import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadScenarioFile } from '../../src/config/load.ts';

test('a monitor criterion cannot stop the run early, and the file says so at the abort key', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-abort-'));
  const file = path.join(dir, 'abort.yml');
  await writeFile(
    file,
    ['config:', '  phases: [{ duration: 2, arrivalRate: 1 }]', '  plugins:', '    thresholds:', '      criteria:', '        - expect: cache hit rate >= 70%', '          abort: true', 'scenarios:', '  - flow: [{ get: { url: / } }]', ''].join('\n'),
  );
  const loaded = await loadScenarioFile(file);
  assert.equal(loaded.ok, false);
  if (loaded.ok) return;
  assert.equal(loaded.errors.length, 1);
  assert.deepEqual([loaded.errors[0]?.line, loaded.errors[0]?.col], [7, 11]);
  assert.match(loaded.errors[0]?.message ?? '', /cannot abort the run: criteria on the monitor's numbers are judged at the end/);
});
