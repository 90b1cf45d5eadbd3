import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { finishRun } from '../../src/run/finish-run.ts';
import type { FinishInput } from '../../src/run/finish-run.ts';
import { encodeSketch, newSketch } from '../../src/core/sketch.ts';
import { metricName } from '../../src/core/metric-names.ts';
import type { SecondLine } from '../../src/core/seconds.ts';
import { ExitCode } from '../../src/core/exit-codes.ts';

const STARTED_AT = 1_795_716_000_000;

/** A minute of per-second record lines of one worker: 10 requests a second, all answered 200. */
function secondLines(): string {
  const lines: SecondLine[] = [];
  for (let s = 0; s < 60; s++) {
    const t = STARTED_AT + s * 1000;
    const latency = newSketch();
    for (let i = 0; i < 10; i++) latency.accept(20 + i);
    lines.push({
      w: 'w1',
      t,
      first: t + 10,
      last: t + 990,
      c: {
        'vusers.created': s === 0 ? 5 : 0,
        'vusers.completed': s === 59 ? 5 : 0,
        'http.requests': 10,
        'http.responses': 10,
        'http.codes.200': 10,
        [metricName.requests('GET /items')]: 10,
        [metricName.code(200, 'GET /items')]: 10,
      },
      h: { 'http.response_time': encodeSketch(latency), [metricName.latency('GET /items')]: encodeSketch(latency) },
    });
  }
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

/** A run directory as the plugins leave it: the per-second record and the plugins that reported in. */
async function recordedRun(loaded: string[]): Promise<{ dir: string; input: FinishInput }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-finish-'));
  await writeFile(path.join(dir, 'seconds-w1.jsonl'), secondLines());
  await writeFile(path.join(dir, 'events.jsonl'), loaded.map((name) => JSON.stringify({ type: 'plugin-loaded', name, time: STARTED_AT })).join('\n') + '\n');
  const input: FinishInput = {
    runDir: dir,
    manifest: {
      scenario: 'unit',
      configFile: 'configs/unit.yml',
      target: 'http://127.0.0.1:9',
      startedAt: STARTED_AT,
      plannedDurationS: 60,
      phases: [{ index: 0, name: 'p', offsetS: 0, durationS: 60 }],
      plannedUsers: 5,
      expectedPlugins: ['recorder', 'thresholds'],
      thresholds: { criteria: ['error rate < 99%'] },
      slowThresholdS: 3,
    },
    endedAt: STARTED_AT + 61_000,
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
  assert.equal(result.meta.completion, 'crashed');
  assert.match(result.meta.stopReason ?? '', /Artillery was killed \(SIGSEGV\)/);
});

test('a run stopped at its cap is judged on all its data and says how much of the load ran', async () => {
  const { input } = await recordedRun(['recorder', 'thresholds']);
  const { result, exitCode } = await finishRun({ ...input, exit: { kind: 'exited', exitCode: 130, capped: true }, manifest: { ...input.manifest, plannedUsers: 5 } });
  assert.equal(exitCode, ExitCode.passed);
  assert.equal(result.meta.completion, 'capped');
  assert.equal(result.meta.stopReason, 'stopped at its 1m cap: all 5 planned users started');
  assert.equal(result.totals.requests, 600, 'all 60 seconds of the record');
});

test('a generator that started fewer users than planned stalled: inconclusive, with how far behind the plan it was', async () => {
  const { input } = await recordedRun(['recorder', 'thresholds']);
  const { result, exitCode } = await finishRun({ ...input, exit: { kind: 'exited', exitCode: 130, capped: true }, manifest: { ...input.manifest, plannedUsers: 8 } });
  assert.equal(exitCode, ExitCode.inconclusive);
  assert.equal(result.verdict.status, 'inconclusive');
  assert.match(result.verdict.reason ?? '', /the load generator stalled: 5 of 8 planned virtual users started \(38% behind the plan\)/);
  assert.equal(result.meta.stopReason, 'stopped at its 1m cap: 5 of 8 planned users started (63%)');
});

test('Ctrl-C and SIGTERM are interrupted, never passed: exit 130 and 143, criteria still judged', async () => {
  for (const [signal, code] of [['SIGINT', ExitCode.interrupted], ['SIGTERM', ExitCode.terminated]] as const) {
    const { input } = await recordedRun(['recorder', 'thresholds']);
    const { result, exitCode } = await finishRun({ ...input, stopCause: signal, exit: { kind: 'exited', exitCode: 130, capped: false } });
    assert.equal(exitCode, code);
    assert.equal(result.verdict.status, 'interrupted');
    assert.equal(result.meta.interruptedBy, signal);
    assert.equal(result.verdict.criteria[0]?.status, 'passed', 'the criterion is judged on what was gathered');
  }
});

test('a damaged record is named; a record short of what Artillery counted cannot be trusted', async () => {
  const { dir, input } = await recordedRun(['recorder', 'thresholds']);
  await writeFile(path.join(dir, 'seconds-w1.jsonl'), `${secondLines()}{"w":"w1","t":17957`, { flag: 'w' });
  await writeFile(path.join(dir, 'events.jsonl'), `${['recorder', 'thresholds'].map((name) => JSON.stringify({ type: 'plugin-loaded', name, time: STARTED_AT })).join('\n')}\n${JSON.stringify({ type: 'done', time: STARTED_AT + 60_000, requests: 610 })}\n`);
  const { result, exitCode } = await finishRun(input);
  assert.deepEqual(result.meta.damagedRecord, { 'seconds-w1.jsonl': 1 });
  assert.equal(exitCode, ExitCode.incomplete);
  assert.match(result.verdict.reason ?? '', /Artillery counted 610 requests but the record holds 600 \(and 0 redirect hops\)/);
});

test('a phase the run never reached is not among the result\'s phases, which the bands, the phases table and slow-request tags read', async () => {
  const { dir, input } = await recordedRun(['recorder', 'thresholds']);
  // Phase 1 ran its 60 s; Ctrl-C came before phase 2 (planned 5 s, from 60 s) started.
  const events = [
    { type: 'plugin-loaded', name: 'recorder', time: STARTED_AT },
    { type: 'plugin-loaded', name: 'thresholds', time: STARTED_AT },
    { type: 'phaseStarted', index: 0, name: 'warm', time: STARTED_AT },
    { type: 'phaseCompleted', index: 0, name: 'warm', time: STARTED_AT + 60_000 },
  ];
  await writeFile(path.join(dir, 'events.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  const phases = [{ index: 0, name: 'warm', offsetS: 0, durationS: 60 }, { index: 1, name: 'burst', offsetS: 60, durationS: 5 }];
  const { result } = await finishRun({ ...input, stopCause: 'SIGINT', manifest: { ...input.manifest, phases, plannedDurationS: 65 } });
  assert.deepEqual(result.phases.map((p) => [p.name, p.start, p.end]), [['warm', STARTED_AT, STARTED_AT + 60_000]]);
  assert.doesNotMatch(JSON.stringify(result.verdict), /burst/);
});

test('"ran" is the load\'s time: Artillery\'s start-up before the first phase and its exit after the last response are not counted', async () => {
  const { dir, input } = await recordedRun(['recorder', 'thresholds']);
  const events = [
    { type: 'plugin-loaded', name: 'recorder', time: STARTED_AT },
    { type: 'plugin-loaded', name: 'thresholds', time: STARTED_AT },
    { type: 'phaseStarted', index: 0, name: 'p', time: STARTED_AT },
  ];
  await writeFile(path.join(dir, 'events.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  // Spawned 5 s before its first phase, Ctrl-C 8 s after the last recorded response.
  const manifest = { ...input.manifest, startedAt: STARTED_AT - 5000 };
  const { result } = await finishRun({ ...input, manifest, endedAt: STARTED_AT + 68_000, stopCause: 'SIGINT' });
  assert.equal(result.meta.actualDurationS, 60, 'the 60 recorded seconds from the phase start');
  assert.equal(result.meta.stopReason, 'interrupted by Ctrl-C (SIGINT) after 1m 8s', 'counted from the load start, like the cap');
});
