/**
 * Promises loadspec makes to the people who run it, checked end to end with the real
 * CLI, real Artillery and the demo target: the API key never leaks, every virtual
 * user is a different user, and the remaining exit codes mean what README says.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli, startCli } from '../helpers/run-cli.ts';
import { startDemoTarget } from '../../src/target/server.ts';
import type { RunResult } from '../../src/core/types.ts';

async function tempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'loadspec-guarantees-'));
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Every process's command line on this machine (Linux /proc). */
async function allCommandLines(): Promise<string[]> {
  const lines: string[] = [];
  for (const pid of (await readdir('/proc')).filter((n) => /^\d+$/.test(n))) {
    try {
      lines.push((await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' '));
    } catch {
      // The process ended meanwhile.
    }
  }
  return lines;
}

test('the API key reaches the target on every request and appears in no output, file or process argument', { timeout: 90_000 }, async () => {
  const key = `key-${randomBytes(24).toString('hex')}`;
  const target = await startDemoTarget({ port: 0, apiKey: key });
  const results = await tempDir();
  try {
    const cli = startCli(['run', 'configs/smoke.yml', '--target', target.url, '--results', results], { env: { LOADSPEC_API_KEY: key } });
    // Look at every process while Artillery runs.
    await cli.waitFor(/Results: /, 30_000);
    const seenArgs: string[] = [];
    for (let i = 0; i < 5; i++) {
      seenArgs.push(...(await allCommandLines()));
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const run = await cli.done;
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.ok(target.metrics().requests.total > 20, 'requests reached the target');
    assert.equal(run.stdout.includes(key) || run.stderr.includes(key), false, 'the key was printed');
    assert.equal(seenArgs.some((line) => line.includes(key)), false, 'the key was in a process argument');
    const files = await filesUnder(results);
    assert.ok(files.length >= 8, `only ${files.length} files written`);
    for (const file of files) assert.equal((await readFile(file, 'utf8')).includes(key), false, `the key is in ${file}`);
  } finally {
    await target.stop();
  }
});

test('2,000 virtual users are 2,000 different users: the target sees no repeated user ID', { timeout: 90_000 }, async () => {
  const target = await startDemoTarget({ port: 0, apiKey: 'users-key', latencyScale: 0 });
  const dir = await tempDir();
  const scenario = path.join(dir, 'many-users.yml');
  await writeFile(
    scenario,
    [
      'config:',
      '  phases: [{ duration: 4, arrivalRate: 500 }]',
      '  plugins: { unique-users: {}, api-key: {} }',
      'scenarios:',
      '  - flow:',
      '      - get: { url: /api/v1/gamification/xp, qs: { user_id: "{{ userId }}" } }',
      '',
    ].join('\n'),
  );
  try {
    const run = await runCli(['run', scenario, '--target', target.url, '--results', dir, '--no-monitor'], { env: { LOADSPEC_API_KEY: 'users-key' } });
    assert.ok(run.code === 0 || run.code === 5, `exit ${run.code}\n${run.stdout}${run.stderr}`);
    const users = target.metrics().users;
    assert.equal(users.requests, 2000);
    assert.equal(users.distinct, 2000);
    assert.equal(users.repeated, 0);
  } finally {
    await target.stop();
  }
});

test('SIGTERM mid-run exits 143 and keeps the results, marked partial', { timeout: 90_000 }, async () => {
  const results = await tempDir();
  const cli = startCli(['run', 'configs/smoke.yml', '--results', results, '--no-monitor']);
  await cli.waitFor(/Results: /, 30_000);
  await new Promise((resolve) => setTimeout(resolve, 4000));
  cli.child.kill('SIGTERM');
  const run = await cli.done;
  assert.equal(run.code, 143, run.stdout + run.stderr);
  const [dir] = (await readdir(results, { withFileTypes: true })).filter((d) => d.isDirectory());
  assert.ok(dir, 'a run directory was written');
  const summary = JSON.parse(await readFile(path.join(results, dir.name, 'summary.json'), 'utf8')) as RunResult;
  assert.equal(summary.meta.completion, 'interrupted');
  assert.match(summary.meta.stopReason ?? '', /SIGTERM/);
  assert.match(await readFile(path.join(results, dir.name, 'report.html'), 'utf8'), /Interrupted: stopped by SIGTERM/);
});

test('a scenario that sends no request ends with exit 4 and says so', { timeout: 60_000 }, async () => {
  const dir = await tempDir();
  const scenario = path.join(dir, 'no-requests.yml');
  await writeFile(scenario, ['config:', '  phases: [{ duration: 2, arrivalRate: 2 }]', 'scenarios:', '  - flow:', '      - think: 1', ''].join('\n'));
  const run = await runCli(['run', scenario, '--results', dir, '--no-monitor']);
  assert.equal(run.code, 4, run.stdout + run.stderr);
  assert.match(run.stdout, /ERRORED/);
  assert.match(run.stdout, /No requests were sent/);
});
