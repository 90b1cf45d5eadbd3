import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { finishRun } from '../../src/run/finish-run.ts';
import type { FinishInput } from '../../src/run/finish-run.ts';
import { syntheticRunResult } from '../fixtures/synthetic-run.ts';
import { ExitCode } from '../../src/core/exit-codes.ts';

/** A run directory as the plugins leave it: recorded windows and the plugins that reported in. */
async function recordedRun(loaded: string[]): Promise<{ dir: string; input: FinishInput }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-finish-'));
  const synthetic = syntheticRunResult({ minutes: 1, endpoints: 2 });
  await writeFile(path.join(dir, 'windows.jsonl'), synthetic.windows.map((w) => JSON.stringify(w)).join('\n') + '\n');
  await writeFile(path.join(dir, 'events.jsonl'), loaded.map((name) => JSON.stringify({ type: 'plugin-loaded', name, time: synthetic.meta.startedAt })).join('\n') + '\n');
  const input: FinishInput = {
    runDir: dir,
    scenario: 'unit',
    configFile: 'configs/unit.yml',
    target: 'http://127.0.0.1:9',
    startedAt: synthetic.meta.startedAt,
    endedAt: synthetic.meta.endedAt,
    plannedDurationS: 60,
    phases: [{ index: 0, name: 'p', offsetS: 0, durationS: 60 }],
    expectedPlugins: ['recorder', 'thresholds'],
    thresholds: { criteria: ['error rate < 99%'] },
    slowThresholdS: 3,
    exit: { kind: 'exited', exitCode: 0, capped: false },
    stopCause: null,
    monitor: null,
  };
  return { dir, input };
}

test('a run whose plugins all reported in is judged on its criteria', async () => {
  const { dir, input } = await recordedRun(['recorder', 'thresholds']);
  const { result, exitCode } = await finishRun(input);
  assert.equal(exitCode, ExitCode.passed);
  assert.equal(result.verdict.status, 'passed');
  assert.equal(JSON.parse(await readFile(path.join(dir, 'summary.json'), 'utf8')).verdict.status, 'passed');
});

test('a plugin that did not load makes the run untrustworthy: exit 4, named in the verdict', async () => {
  const { input } = await recordedRun(['recorder']);
  const { result, exitCode } = await finishRun(input);
  assert.equal(exitCode, ExitCode.incomplete);
  assert.equal(result.verdict.status, 'errored');
  assert.match(result.verdict.reason ?? '', /plugin thresholds did not load/);
});

test('Artillery crashing mid-run leaves a partial result that cannot pass', async () => {
  const { input } = await recordedRun(['recorder', 'thresholds']);
  const { result, exitCode } = await finishRun({ ...input, exit: { kind: 'killed', signal: 'SIGSEGV', capped: false } });
  assert.equal(exitCode, ExitCode.incomplete);
  assert.equal(result.meta.completion, 'partial');
  assert.match(result.meta.partialReason ?? '', /Artillery was killed \(SIGSEGV\)/);
});
