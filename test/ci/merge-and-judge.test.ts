/**
 * The workflow's last job, run here on artifacts laid out as actions/download-artifact
 * leaves them: shards are merged with the real `bin/pnpm loadspec merge`, the
 * consolidated summary goes to the job summary file, and the exit code fails the
 * workflow when any scenario failed or left nothing behind.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { artifactName, findShardRuns, loadspecMerge, mergeAndJudge, parsePlan } from '../../.github/scripts/merge-and-judge.ts';
import type { PlannedScenario } from '../../.github/scripts/merge-and-judge.ts';
import { syntheticRunResult } from '../fixtures/synthetic-run.ts';
import type { RunResult } from '../../src/core/types.ts';

const CRITERIA = { criteria: ['p95 < 3s', 'error rate < 1%'] };

/** One job's artifact: results/<scenario>-<time>/ with the files merge reads. */
async function artifact(root: string, planned: PlannedScenario, shard: number, result: RunResult): Promise<string> {
  const run = path.join(root, artifactName(planned.name, shard, planned.shards), `${planned.name}-2026-11-26T10-00-0${shard}`);
  await mkdir(run, { recursive: true });
  const labelled: RunResult = planned.shards > 1 ? { ...result, meta: { ...result.meta, shard: `${shard}/${planned.shards}` } } : result;
  await writeFile(path.join(run, 'summary.json'), JSON.stringify(labelled));
  await writeFile(path.join(run, 'script.json'), JSON.stringify({ config: { plugins: { thresholds: CRITERIA } } }));
  return run;
}

async function judge(plan: PlannedScenario[], lay: (artifacts: string) => Promise<void>) {
  const work = await mkdtemp(path.join(os.tmpdir(), 'merge-and-judge-'));
  const artifacts = path.join(work, 'artifacts');
  const out = path.join(work, 'merged');
  const summaryFile = path.join(work, 'step-summary.md');
  await mkdir(artifacts);
  await writeFile(summaryFile, '');
  await lay(artifacts);
  let printed = '';
  const code = await mergeAndJudge({
    artifactsDir: artifacts,
    outDir: out,
    plan,
    env: { GITHUB_STEP_SUMMARY: summaryFile },
    write: (t) => void (printed += t),
    merge: (runs, dir) => loadspecMerge(runs, dir, 'ignore'),
  });
  const stepSummary = await readFile(summaryFile, 'utf8');
  const files = await readdir(out);
  return { code, printed, stepSummary, files, out, cleanup: () => rm(work, { recursive: true, force: true }) };
}

const steady: PlannedScenario = { scenario: 'configs/steady.yml', name: 'steady', shards: 2 };
const spike: PlannedScenario = { scenario: 'configs/spike.yml', name: 'spike', shards: 1 };
const passing = (seed: number) => syntheticRunResult({ minutes: 1, endpoints: 2, scenario: 'steady', seed });

describe('merge-and-judge', { timeout: 60_000 }, () => {
  it('merges the shards of each scenario and passes when every scenario passed', async () => {
    const r = await judge([steady], async (a) => {
      await artifact(a, steady, 1, passing(1));
      await artifact(a, steady, 2, passing(2));
    });
    try {
      assert.equal(r.code, 0, r.printed);
      const merged = JSON.parse(await readFile(path.join(r.out, 'steady', 'summary.json'), 'utf8')) as RunResult;
      assert.equal(merged.totals.requests, passing(1).totals.requests + passing(2).totals.requests);
      assert.match(r.stepSummary, /loadspec: passed/);
      assert.match(r.stepSummary, /<details><summary>configs\/steady\.yml<\/summary>/);
      for (const file of ['consolidated.md', 'consolidated.json', 'junit.xml']) assert.ok(r.files.includes(file), r.files.join());
      assert.match(r.printed, /\$ loadspec merge .*results-steady-shard-1-of-2.* .*results-steady-shard-2-of-2.* --out /);
    } finally {
      await r.cleanup();
    }
  });

  it('fails (exit 1) when a merged scenario fails its criteria', async () => {
    const failing = (seed: number) => syntheticRunResult({ minutes: 1, endpoints: 2, scenario: 'steady', seed, failing: true });
    const r = await judge([steady], async (a) => {
      await artifact(a, steady, 1, failing(1));
      await artifact(a, steady, 2, failing(2));
    });
    try {
      assert.equal(r.code, 1, r.printed);
      assert.match(r.stepSummary, /❌ loadspec: failed/);
    } finally {
      await r.cleanup();
    }
  });

  it('fails when a scenario left no results or lost a shard, and says which', async () => {
    const r = await judge([steady, spike], async (a) => {
      await artifact(a, steady, 1, passing(1));
    });
    try {
      assert.equal(r.code, 4, r.printed);
      assert.match(r.stepSummary, /^### ❌ loadspec: errored \(1 of 2 scenarios without a verdict\)/);
      assert.match(r.stepSummary, /❌ configs\/spike\.yml: no results from any of its 1 job; see the job log/);
      const merged = JSON.parse(await readFile(path.join(r.out, 'steady', 'summary.json'), 'utf8')) as RunResult;
      assert.equal(merged.verdict.status, 'errored');
      assert.match(merged.verdict.reason ?? '', /shard 2\/2 is missing/);
      assert.match(r.printed, /NOT JUDGED configs\/spike\.yml/);
    } finally {
      await r.cleanup();
    }
  });

  it('finds only the run directories of the planned shards', async () => {
    const work = await mkdtemp(path.join(os.tmpdir(), 'find-shards-'));
    try {
      const one = await artifact(work, steady, 1, passing(1));
      // Another scenario whose name starts the same must not be picked up.
      await artifact(work, { scenario: 'configs/steady-2.yml', name: 'steady-2', shards: 1 }, 1, passing(3));
      await mkdir(path.join(work, artifactName('steady', 2, 2), 'empty-run-dir'), { recursive: true });
      assert.deepEqual(await findShardRuns(work, steady), [one]);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });

  it('reads the plan or says what is wrong with it', () => {
    assert.deepEqual(parsePlan('[{"scenario":"configs/smoke.yml","name":"smoke","shards":1}]'), [{ scenario: 'configs/smoke.yml', name: 'smoke', shards: 1 }]);
    assert.throws(() => parsePlan(undefined), /LOADSPEC_PLAN must hold the plan JSON/);
    assert.throws(() => parsePlan('[]'), /non-empty list/);
    assert.throws(() => parsePlan('[{"scenario":"x","name":"x","shards":0}]'), /LOADSPEC_PLAN\[0\] needs/);
  });
});
