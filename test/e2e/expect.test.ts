/**
 * Response checks end to end: the real CLI runs configs/smoke.yml (whose shared flows
 * check every answer) with real Artillery against the demo target on loopback.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli, REPO_ROOT } from '../helpers/run-cli.ts';
import { startDemoTarget } from '../../src/target/server.ts';
import type { RunResult } from '../../src/core/types.ts';

const SMOKE = path.join(REPO_ROOT, 'configs/smoke.yml');
const API_KEY = 'e2e-key-for-expect-test';

interface SmokeRun {
  code: number | null;
  stdout: string;
  dir: string;
  summary: RunResult;
  /** Artillery's own counters (its -o output). */
  counters: Record<string, number>;
}

async function runSmoke(badBodyRate: number): Promise<SmokeRun> {
  const target = await startDemoTarget({ port: 0, apiKey: API_KEY, badBodyRate });
  try {
    const results = await mkdtemp(path.join(os.tmpdir(), 'loadspec-e2e-expect-'));
    const run = await runCli(['run', SMOKE, '--target', target.url, '--results', results, '--no-monitor'], { env: { LOADSPEC_API_KEY: API_KEY } });
    const dirs = (await readdir(results, { withFileTypes: true })).filter((d) => d.isDirectory());
    assert.equal(dirs.length, 1, run.stdout + run.stderr);
    const dir = path.join(results, dirs[0]?.name ?? '');
    const summary = JSON.parse(await readFile(path.join(dir, 'summary.json'), 'utf8')) as RunResult;
    const artillery = JSON.parse(await readFile(path.join(dir, 'artillery.json'), 'utf8')) as { aggregate: { counters: Record<string, number> } };
    return { code: run.code, stdout: run.stdout + run.stderr, dir, summary, counters: artillery.aggregate.counters };
  } finally {
    await target.stop();
  }
}

test('answers with a wrong body fail the error criterion, and every report names the check and endpoint', { timeout: 90_000 }, async () => {
  const run = await runSmoke(0.3);
  assert.equal(run.code, 1, run.stdout);
  assert.equal(run.summary.meta.completion, 'complete', 'the expect plugin\'s exit code 21 is a normal end');
  assert.equal(run.summary.verdict.status, 'failed');
  assert.match(run.stdout, /FAIL\s+error rate < 1%/);

  const { totals } = run.summary;
  assert.ok(totals.errorRate > 0.1 && totals.errorRate < 0.55, `error rate ${totals.errorRate}`);
  assert.ok(Object.keys(totals.errors).every((kind) => kind.startsWith('expect.')), JSON.stringify(totals.errors));
  // Half the requests are chat, so its missing answer shows up in any run of this size.
  const chat = run.summary.endpoints.find((e) => e.name === 'POST /api/v1/chat');
  assert.ok((chat?.errors['expect.hasProperty response'] ?? 0) > 0, JSON.stringify(chat?.errors));

  // Once per request: a wrong body fails two to four checks, but exactly one hasProperty.
  assert.equal(totals.failures, run.counters['plugins.expect.failed.hasProperty']);
  assert.ok((run.counters['plugins.expect.failed'] ?? 0) >= 2 * totals.failures, JSON.stringify(run.counters));
  assert.equal(run.counters['vusers.failed'], 0, 'a failed check does not end the session');
  assert.equal(run.counters['vusers.completed'], totals.vusersCreated);

  assert.match(run.stdout, /Errors\s+.*expect\.hasProperty response \d+/);
  assert.match(run.stdout, /POST \/api\/v1\/chat\s+\d+\s+[1-9]\d*\s/);
  const csv = await readFile(path.join(run.dir, 'failures.csv'), 'utf8');
  assert.match(csv, /^POST,\/api\/v1\/chat,expect\.hasProperty response,\d+$/m);
  const html = await readFile(path.join(run.dir, 'report.html'), 'utf8');
  assert.ok(html.includes('expect.hasProperty response') && html.includes('POST /api/v1/chat'));
});

test('the smoke run passes with exit 0: its checks hold for the real answers', { timeout: 90_000 }, async () => {
  const run = await runSmoke(0);
  assert.equal(run.code, 0, run.stdout);
  assert.equal(run.summary.verdict.status, 'passed');
  assert.deepEqual(run.summary.totals.errors, {});
  // Four checks per request, all of them run and passed.
  assert.equal(run.counters['plugins.expect.ok'], 4 * run.summary.totals.requests);
  assert.equal(run.counters['plugins.expect.failed'], undefined);
});
