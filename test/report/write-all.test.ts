import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { writeAllReports } from '../../src/report/write-all.ts';
import { syntheticRunResult } from '../fixtures/synthetic-run.ts';

test('writeAllReports writes every report into the run directory and nothing else', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'loadspec-reports-'));
  try {
    const paths = await writeAllReports(syntheticRunResult({ minutes: 1, endpoints: 2, withMonitor: true, failing: true }), dir);
    const expected = ['failures.csv', 'junit.xml', 'report.html', 'stats.csv', 'stats_history.csv', 'summary.md'];
    assert.deepEqual(paths.map((path) => basename(path)).sort(), expected);
    assert.deepEqual((await readdir(dir)).sort(), expected, 'summary.json belongs to src/results');
    for (const path of paths) assert.ok((await stat(path)).size > 60, `${path} is empty`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
