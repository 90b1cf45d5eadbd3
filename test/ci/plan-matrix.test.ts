/**
 * .github/scripts/plan-matrix.sh turns the workflow's inputs into jobs. Run here as
 * the workflow runs it (bash, from the repository root, inputs in the environment).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../helpers/run-cli.ts';
import { parsePlan } from '../../.github/scripts/merge-and-judge.ts';

const run = promisify(execFile);
const SCRIPT = path.join(REPO_ROOT, '.github/scripts/plan-matrix.sh');

interface Job {
  scenario: string;
  name: string;
  shard: number;
  shards: number;
  startAt: string;
}

async function plan(env: Record<string, string>): Promise<{ ok: true; jobs: Job[]; plan: string } | { ok: false; code: number; stderr: string }> {
  const output = path.join(os.tmpdir(), `plan-matrix-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env, GITHUB_OUTPUT: output };
  try {
    await run('bash', [SCRIPT], { cwd: REPO_ROOT, env: childEnv, timeout: 10_000 });
    const lines = (await readFile(output, 'utf8')).trim().split('\n');
    const value = (key: string): string => lines.find((l) => l.startsWith(`${key}=`))?.slice(key.length + 1) ?? '';
    return { ok: true, jobs: (JSON.parse(value('matrix')) as { include: Job[] }).include, plan: value('plan') };
  } catch (error: unknown) {
    const failure = error as { code?: number; stderr?: string };
    return { ok: false, code: failure.code ?? -1, stderr: failure.stderr ?? '' };
  } finally {
    await rm(output, { force: true });
  }
}

describe('plan-matrix.sh', () => {
  it('with no inputs (pull requests) plans the smoke scenario on one machine', async () => {
    const result = await plan({ SCENARIOS: '', SHARDS: '' });
    assert.ok(result.ok);
    assert.deepEqual(result.jobs, [{ scenario: 'configs/smoke.yml', name: 'smoke', shard: 1, shards: 1, startAt: '' }]);
  });

  it('makes one job per scenario and shard, and a plan the merge job reads', async () => {
    const result = await plan({ SCENARIOS: 'steady, configs/spike.yml', SHARDS: '3' });
    assert.ok(result.ok);
    assert.deepEqual(
      result.jobs.map((j) => `${j.name} ${j.shard}/${j.shards}`),
      ['steady 1/3', 'steady 2/3', 'steady 3/3', 'spike 1/3', 'spike 2/3', 'spike 3/3'],
    );
    // One --start-at for every shard, far enough ahead for the matrix jobs to be picked up and set up.
    const starts = new Set(result.jobs.map((j) => j.startAt));
    assert.equal(starts.size, 1);
    const aheadS = (Date.parse([...starts][0] ?? '') - Date.now()) / 1000;
    assert.ok(aheadS > 170 && aheadS <= 181, `start-at ${aheadS} s ahead`);
    assert.deepEqual(parsePlan(result.plan), [
      { scenario: 'configs/steady.yml', name: 'steady', shards: 3 },
      { scenario: 'configs/spike.yml', name: 'spike', shards: 3 },
    ]);
  });

  it('"all" means every scenario file in configs/, not the shared flows', async () => {
    const result = await plan({ SCENARIOS: 'all', SHARDS: '1' });
    assert.ok(result.ok);
    const names = result.jobs.map((j) => j.scenario);
    assert.ok(names.includes('configs/smoke.yml') && names.includes('configs/steady.yml'), names.join());
    assert.ok(names.every((n) => !n.startsWith('configs/flows/')), names.join());
  });

  it('refuses inputs that are not scenario files, or shell, with exit 2 and a sentence', async () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ SCENARIOS: 'configs/nope.yml' }, /configs\/nope\.yml does not exist; the scenarios are: .*smoke\.yml/],
      [{ SCENARIOS: '../etc/passwd' }, /is not a scenario file under configs\//],
      [{ SCENARIOS: 'smoke;touch /tmp/pwned' }, /is not a scenario file under configs\//],
      [{ SCENARIOS: '$(id)' }, /is not a scenario file/],
      [{ SCENARIOS: 'configs/flows/api-user.yml' }, /shared flow, not a scenario/],
      [{ SCENARIOS: 'smoke', SHARDS: '0' }, /shards must be a whole number from 1 to 16 \(got "0"\)/],
      [{ SCENARIOS: 'smoke', SHARDS: '2; id' }, /shards must be a whole number/],
    ];
    for (const [env, message] of cases) {
      const result = await plan(env);
      assert.ok(!result.ok, JSON.stringify(env));
      assert.equal(result.code, 2, JSON.stringify(env));
      assert.match(result.stderr, message);
    }
  });
});
