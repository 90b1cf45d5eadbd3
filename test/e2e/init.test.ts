/**
 * `loadspec init` writes a file that validates and runs as written, against the demo target.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/run-cli.ts';
import { startDemoTarget } from '../../src/target/server.ts';

test('init writes a commented scenario for the endpoints given, which runs as written to a verdict', { timeout: 90_000 }, async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-init-'));
  const file = path.join(dir, 'my-api.yml');
  const target = await startDemoTarget({ port: 0, apiKey: 'init-key', latencyScale: 0 });
  try {
    const init = await runCli(['init', '--target', target.url, '--out', file, '--endpoint', 'GET /api/v1/reminders', '--endpoint', 'GET /api/v1/gamification/xp']);
    assert.equal(init.code, 0, init.stdout + init.stderr);
    const text = await readFile(file, 'utf8');
    assert.match(text, /^# yaml-language-server: \$schema=.*schema\/loadspec\.schema\.json\n/);
    assert.match(text, /- p95 < 3s\n\s+- error rate < 1%/);
    assert.match(text, new RegExp(`target: "${target.url}"`));
    const run = await runCli(['run', file, '--results', dir, '--no-monitor'], { env: { LOADSPEC_API_KEY: 'init-key' } });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    // 5 users held for 10 s, sessions of 6 requests over 6 s: two sessions each, as planned.
    assert.match(run.stdout, /^Plan: 10 users \(at most 5 at once\), ~60 requests over ~13s\n/);
    assert.match(run.stdout, /Verdict: PASSED/);
    assert.equal(target.metrics().users.requests, 60);
    assert.equal(target.metrics().users.distinct, 10);
  } finally {
    await target.stop();
  }
});

test('init refuses a bad endpoint, a bad target and an existing file, writing nothing', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-init-'));
  const existing = path.join(dir, 'taken.yml');
  await writeFile(existing, 'keep me\n');
  const run = await runCli(['init', '--target', 'ftp://x', '--out', existing, '--endpoint', 'FETCH /x']);
  assert.equal(run.code, 2);
  assert.deepEqual(run.stdout.trim().split('\n'), [
    'loadspec init: --target "ftp://x" must start with http:// or https://',
    'loadspec init: --endpoint "FETCH /x" is not an endpoint; write the method and the path, e.g. --endpoint "GET /api/items" (methods: GET, POST, PUT, PATCH, DELETE, HEAD)',
    `loadspec init: ${existing} already exists; give another file with --out, or move it away (init never overwrites)`,
  ]);
  assert.equal(await readFile(existing, 'utf8'), 'keep me\n');
});
