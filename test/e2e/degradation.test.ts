/**
 * The reference suite's "no performance degradation over time", as an automatic
 * check, end to end: a target that slows down as it runs fails `p95 degradation`,
 * even though its whole-run p95 stays far under the latency limit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/run-cli.ts';
import { startDemoTarget } from '../../src/target/server.ts';
import type { RunResult } from '../../src/core/types.ts';

test('a target that degrades during the run fails the degradation criterion with exit 1', { timeout: 120_000 }, async () => {
  // +30 ms per second of uptime: ~150 ms when the load starts (after Artillery's start-up), ~600 ms
  // at its end 14 s later; 14 s span at least two 10-s windows, which the criterion compares.
  const target = await startDemoTarget({ port: 0, apiKey: 'deg-key', latencyScale: 0, degradationMsPerMin: 1800 });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-degradation-'));
  const scenario = path.join(dir, 'degrading.yml');
  await writeFile(
    scenario,
    [
      'config:',
      '  phases: [{ duration: 14, arrivalRate: 5 }]',
      '  plugins:',
      '    api-key: {}',
      '    unique-users: {}',
      '    thresholds:',
      '      criteria:',
      '        - p95 < 3s',
      '        - p95 degradation < 20%',
      'scenarios:',
      '  - flow:',
      '      - get: { url: /api/v1/gamification/xp, qs: { user_id: "{{ userId }}" } }',
      '',
    ].join('\n'),
  );
  try {
    const run = await runCli(['run', scenario, '--target', target.url, '--results', dir, '--no-monitor'], { env: { LOADSPEC_API_KEY: 'deg-key' } });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /PASS\s+p95 < 3s/);
    assert.match(run.stdout, /FAIL\s+p95 degradation < 20%/);
    const [runDir] = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory());
    assert.ok(runDir);
    const summary = JSON.parse(await readFile(path.join(dir, runDir.name, 'summary.json'), 'utf8')) as RunResult;
    const degradation = summary.verdict.criteria.find((c) => c.text === 'p95 degradation < 20%');
    assert.equal(degradation?.status, 'failed');
    assert.ok((degradation?.observed ?? 0) > 100, `p95 rose only ${degradation?.observed}%`);
  } finally {
    await target.stop();
  }
});
