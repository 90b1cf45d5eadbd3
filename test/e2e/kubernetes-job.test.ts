/**
 * The Kubernetes Indexed Job, simulated on this machine: the shards Job's container command
 * runs as n processes with JOB_COMPLETION_INDEX=0..n-1 and the environment the manifests give
 * (ConfigMap values, the Secret's key), against the demo target; then the merge Job's command.
 * The merged totals must be exactly what the target itself counted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { startDemoTarget } from '../../src/target/server.ts';
import type { RunResult } from '../../src/core/types.ts';
import { shardedScenario } from '../helpers/sharded-scenario.ts';
import { REPO_ROOT } from '../helpers/run-cli.ts';

const API_KEY = 'kubernetes-e2e-key';
const SHARDS = 2;
/**
 * Short: this test checks the Job's wiring and exact totals, the shards test the synchronized
 * start. A pod that is ready only after the instant begins at once and the merge says so.
 */
const START_AT_LEAD_MS = 15_000;

interface Container {
  command: string[];
  env?: Array<{ name: string; value?: string }>;
}

async function containerOf(file: string): Promise<Container> {
  const job = parse(await readFile(path.join(REPO_ROOT, 'deploy/kubernetes', file), 'utf8')) as { spec: { template: { spec: { containers: Container[] } } } };
  const container = job.spec.template.spec.containers[0];
  assert.ok(container, `${file} has a container`);
  return container;
}

/** The container's command on this machine: the image's /app is this repository. */
const local = (command: string[]): string[] => command.map((part) => part.replace(/^\/app\//, `${REPO_ROOT}/`));

/** Literal `env` values of the container, with the results volume moved to `resultsDir`. */
function plainEnv(container: Container, resultsDir: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of container.env ?? []) if (e.value !== undefined) env[e.name] = e.value;
  return { ...env, RESULTS_DIR: resultsDir };
}

test('the Indexed Job as n processes, then the merge Job: exact totals', { timeout: 150_000 }, async () => {
  const target = await startDemoTarget({ port: 0, apiKey: API_KEY });
  const work = await mkdtemp(path.join(os.tmpdir(), 'loadspec-k8s-'));
  try {
    const scenario = path.join(work, 'sharded.yml');
    await writeFile(scenario, await shardedScenario());
    const results = path.join(work, 'results');
    const configMap = {
      RUN_ID: 'simulated',
      SCENARIO: scenario,
      SHARDS: String(SHARDS),
      START_AT: new Date(Math.ceil((Date.now() + START_AT_LEAD_MS) / 1000) * 1000).toISOString(),
      TARGET_URL: target.url,
    };
    const base = { PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env['PATH'] ?? ''}`, HOME: work, LOADSPEC_HOME: REPO_ROOT, NO_COLOR: '1', ...configMap };
    const shard = await containerOf('loadspec-shards.yaml');
    const [command, ...args] = local(shard.command);
    assert.ok(command);
    const pods = await Promise.all(
      Array.from({ length: SHARDS }, (_, index) =>
        execa(command, args, {
          reject: false,
          timeout: 90_000,
          extendEnv: false,
          // The Secret's key arrives as an environment variable, as secretKeyRef gives it.
          env: { ...base, ...plainEnv(shard, results), LOADSPEC_API_KEY: API_KEY, JOB_COMPLETION_INDEX: String(index) },
        }),
      ),
    );
    for (const pod of pods) assert.equal(pod.exitCode, 0, `${pod.stdout}\n${pod.stderr}`);

    const merge = await containerOf('loadspec-merge.yaml');
    const [mergeCommand, ...mergeArgs] = local(merge.command);
    assert.ok(mergeCommand);
    const merged = await execa(mergeCommand, mergeArgs, { reject: false, timeout: 60_000, extendEnv: false, env: { ...base, ...plainEnv(merge, results), MERGE_WAIT_S: '5' } });
    assert.ok(merged.exitCode === 0 || merged.exitCode === 5, `${merged.stdout}\n${merged.stderr}`);
    assert.match(merged.stdout, new RegExp(`Merged ${SHARDS} runs`));
    const result = JSON.parse(await readFile(path.join(results, 'simulated', 'merged', 'summary.json'), 'utf8')) as RunResult;

    const counted = target.metrics().requests.by_endpoint;
    const { ['GET /health']: health = 0, ...load } = counted;
    assert.ok(health >= SHARDS, 'each pod checked the target first');
    const loadTotal = Object.values(load).reduce((a, b) => a + b, 0);
    assert.ok(loadTotal > 0, 'load was sent');
    assert.equal(result.totals.requests, loadTotal, 'merged requests = what the target counted');
    assert.equal(result.totals.responses, loadTotal);
    for (const endpoint of result.endpoints) assert.equal(endpoint.requests, load[endpoint.name], endpoint.name);
    // Passed, or inconclusive only because a pod's start-up outlasted the short lead.
    const late = result.verdict.status === 'inconclusive' && /did not overlap/.test(result.verdict.reason ?? '');
    assert.ok(result.verdict.status === 'passed' || late, `${result.verdict.status}: ${result.verdict.reason ?? ''}`);
    assert.equal(result.meta.load?.startedUsers, target.metrics().users.distinct, 'one id per virtual user across pods');
  } finally {
    await target.stop();
    await rm(work, { recursive: true, force: true });
  }
});
