import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readLiveTotals } from '../../src/run/progress.ts';
import { LiveCounters } from '../../plugins/artillery-plugin-recorder/live-counters.ts';

test('live totals of every worker are summed for the status line', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-live-'));
  assert.equal(await readLiveTotals(dir), null, 'nothing before a worker writes');
  const one = new LiveCounters(dir, 'w1');
  const two = new LiveCounters(dir, 'w2');
  one.users = 3;
  one.requests = 10;
  two.users = 2;
  two.requests = 7;
  two.failures = 1;
  one.flush();
  two.flush();
  await writeFile(path.join(dir, 'windows.jsonl'), '');
  const totals = await readLiveTotals(dir);
  assert.deepEqual({ users: totals?.users, requests: totals?.requests, failures: totals?.failures }, { users: 5, requests: 17, failures: 1 });
});
