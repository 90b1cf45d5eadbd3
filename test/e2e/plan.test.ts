/**
 * The plan against what really arrived: scaled-down copies of the shipped steady and
 * endurance scenarios (same flows, same shape, seconds instead of minutes) run with the
 * real CLI and Artillery against the demo target, which counts requests and distinct user
 * IDs. The plan `loadspec run` prints first and `loadspec plan --json` must match them.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, runCli } from '../helpers/run-cli.ts';
import { startDemoTarget } from '../../src/target/server.ts';
import type { ScenarioPlan } from '../../src/plan/plan.ts';
import type { RunResult } from '../../src/core/types.ts';
import { formatDuration } from '../../src/core/durations.ts';

/** A copy of a shipped scenario with some lines replaced (each must be found). */
async function scaledCopy(name: string, replacements: [string, string][]): Promise<string> {
  let text = await readFile(path.join(REPO_ROOT, 'configs', `${name}.yml`), 'utf8');
  for (const [from, to] of [['flows/api-user.yml', path.join(REPO_ROOT, 'configs/flows/api-user.yml')], ...replacements] as [string, string][]) {
    assert.ok(text.includes(from), `${name}.yml has no "${from}"`);
    text = text.replace(from, to);
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-plan-'));
  const file = path.join(dir, `${name}-scaled.yml`);
  await writeFile(file, text);
  return file;
}

async function planOf(file: string): Promise<ScenarioPlan> {
  const run = await runCli(['plan', file, '--json']);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  return JSON.parse(run.stdout) as ScenarioPlan;
}

/** The one run directory the CLI made under `root`. */
async function runDirOf(root: string): Promise<string> {
  const dirs = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory());
  assert.equal(dirs.length, 1, `one run directory in ${root}`);
  return path.join(root, dirs[0]?.name ?? '');
}

const within = (actual: number, planned: number, share: number): boolean => Math.abs(actual - planned) <= planned * share;

// The two runs are small and use their own targets: side by side, they take the time of one.
describe('the plan against real runs', { concurrency: true }, () => {
  test('steady, scaled down: the plan printed first is what the target receives, user for user and request for request', { timeout: 90_000 }, async () => {
    const file = await scaledCopy('steady', [
      ['duration: 10m', 'duration: 45s'],
      ['duration: 10s', 'duration: 2s'],
      ['sessionRequests: 50', 'sessionRequests: 4'],
      ['thinkSeconds: 10', 'thinkSeconds: 0.4'],
    ]);
    const plan = await planOf(file);
    assert.deepEqual([plan.users, plan.requests, plan.peakConcurrentUsers], [20, 80, 17]);
    const target = await startDemoTarget({ port: 0, apiKey: 'plan-key', latencyScale: 0 });
    try {
      const run = await runCli(['run', file, '--target', target.url, '--results', path.dirname(file), '--no-monitor'], { env: { LOADSPEC_API_KEY: 'plan-key' } });
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, new RegExp(`^Plan: 20 users \\(at most 17 at once\\), ~80 requests over ~${formatDuration(plan.loadSeconds)}\n`));
      const users = target.metrics().users;
      assert.equal(users.requests, plan.requests);
      assert.equal(users.distinct, plan.users);
      // How long the load ran (first phase to last response) against how long the plan said it would.
      const result = JSON.parse(await readFile(path.join(await runDirOf(path.dirname(file)), 'summary.json'), 'utf8')) as RunResult;
      assert.ok(Math.abs(result.meta.actualDurationS - plan.loadSeconds) <= 1.5, `ran ${result.meta.actualDurationS} s, planned ~${plan.loadSeconds} s`);
    } finally {
      await target.stop();
    }
  });

  test('endurance, scaled down: users held active, each finished session replaced by a new user, as the plan says', { timeout: 90_000 }, async () => {
    const file = await scaledCopy('endurance', [
      ['duration: 60m\ninclude', 'duration: 45s\ninclude'],
      ['users: 50', 'users: 8'],
      ['spawnRate: 5', 'spawnRate: 4'],
      ['duration: 60m\n', 'duration: 9s\n'],
      ['sessionRequests: 50', 'sessionRequests: 3'],
      ['thinkSeconds: 10', 'thinkSeconds: 1'],
      ['- p95 degradation < 20%', '- error rate < 2%'],
      ['warmup: 2m', 'warmup: 0s'],
    ]);
    const plan = await planOf(file);
    // 8 users at once, each running 3-s sessions back to back for 9 s: 3 sessions each, every one a new user.
    assert.deepEqual([plan.peakConcurrentUsers, plan.users, plan.requests], [8, 24, 72]);
    const target = await startDemoTarget({ port: 0, apiKey: 'plan-key', latencyScale: 0 });
    try {
      const run = await runCli(['run', file, '--target', target.url, '--results', path.dirname(file), '--no-monitor'], { env: { LOADSPEC_API_KEY: 'plan-key' } });
      assert.ok(run.code === 0 || run.code === 5, `exit ${run.code}\n${run.stdout}${run.stderr}`);
      const users = target.metrics().users;
      assert.equal(users.requests, users.distinct * 3, 'every user ID ran one session of 3 requests: each replacement is a new user');
      assert.ok(within(users.distinct, plan.users, 0.1), `users: planned ${plan.users}, the target saw ${users.distinct}`);
      assert.ok(within(users.requests, plan.requests ?? 0, 0.1), `requests: planned ${plan.requests}, the target received ${users.requests}`);
    } finally {
      await target.stop();
    }
  });

  test('a ramp from 0 to 3/s over 7 s, given by -e or --overrides: the plan, run.json and Artillery all count 12 users', { timeout: 90_000 }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-plan-ramp-'));
    const file = path.join(dir, 'ramp.yml');
    await writeFile(
      file,
      [
        'loadspec:',
        '  duration: 15s',
        'config:',
        '  phases:',
        '    - { duration: 2, arrivalRate: 1 }',
        '  environments:',
        '    ramp:',
        '      phases:',
        '        - { duration: 7, arrivalRate: 0, rampTo: 3 }',
        'scenarios:',
        '  - flow:',
        '      - get: { url: /health }',
        '',
      ].join('\n'),
    );
    const overrides = JSON.stringify({ config: { phases: [{ duration: 7, arrivalRate: 0, rampTo: 3 }] } });
    for (const flags of [['-e', 'ramp'], ['--overrides', overrides]]) {
      const planned = await runCli(['plan', file, '--json', ...flags]);
      assert.equal(planned.code, 0, planned.stdout + planned.stderr);
      assert.equal((JSON.parse(planned.stdout) as ScenarioPlan).users, 12, `plan ${flags.join(' ')}`);
    }
    const target = await startDemoTarget({ port: 0, latencyScale: 0 });
    try {
      const run = await runCli(['run', file, '-e', 'ramp', '--target', target.url, '--results', dir, '--no-monitor']);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /^Plan: 12 users /);
      const runDir = await runDirOf(dir);
      const manifest = JSON.parse(await readFile(path.join(runDir, 'run.json'), 'utf8')) as { plannedUsers: number | null };
      const result = JSON.parse(await readFile(path.join(runDir, 'summary.json'), 'utf8')) as RunResult;
      assert.equal(manifest.plannedUsers, 12);
      assert.equal(result.meta.load?.startedUsers, 12, 'Artillery started what the plan counted');
    } finally {
      await target.stop();
    }
  });
});
