import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildRunResult, mergeRunResults, MergeError } from '../../src/results/run-directory.ts';
import { decodeSketch } from '../../src/core/sketch.ts';
import { shardsApart } from '../../src/results/merge-run-results.ts';
import { exitCodeOf, judge } from '../../src/core/judge.ts';
import type { RunMeta, RunResult, RunWindow } from '../../src/core/types.ts';
import { meta, range, T0, windowOf } from './windows.ts';

function shard(label: string, windows: RunWindow[], options: { count4xx?: boolean; meta?: Partial<RunMeta> } = {}): RunResult {
  const built = buildRunResult({ dir: '', windows, events: [], slowRequests: null, skippedLines: 0, damaged: {}, recordFiles: [], recordedSeconds: 0, lastRecordedAt: null }, meta('steady', { shard: label, ...options.meta }), {
    count4xx: options.count4xx ?? false,
    slowThresholdMs: 3000,
    phases: [{ index: 0, name: 'load', start: T0, end: T0 + 20_000, plannedDurationS: 20 }],
  });
  return { ...built, monitor: null, verdict: { status: 'passed', criteria: [] } };
}

describe('mergeRunResults', () => {
  // Shard 1 starts 2 s into the period and shard 2 at 5 s: same wall-clock periods.
  const one = shard('1/2', [
    { ...windowOf(T0 + 2_000, { 'GET /a': { latencies: range(100) } }, { created: 5, completed: 0, failed: 0 }), end: T0 + 10_000 },
    windowOf(T0 + 10_000, { 'GET /a': { latencies: range(100, 101) }, 'GET /b': { codes: { '404': 3 }, latencies: [] } }, { created: 0, completed: 5, failed: 0 }),
  ]);
  const two = shard('2/2', [
    { ...windowOf(T0 + 5_000, { 'GET /a': { latencies: range(100, 201) } }, { created: 5, completed: 0, failed: 0 }), end: T0 + 10_000 },
    windowOf(T0 + 10_000, { 'GET /a': { latencies: range(100, 301) }, 'GET /b': { codes: { '503': 2 }, errors: { 'http.503': 2 } } }, { created: 0, completed: 4, failed: 1 }),
  ]);

  it('aligns windows by wall clock and merges them exactly', () => {
    const merged = mergeRunResults([one, two]);
    assert.equal(merged.windows.length, 2);
    assert.equal(merged.windows[0]?.start, T0 + 2_000);
    assert.equal(merged.windows[0]?.requests, 200);
    assert.equal(merged.windows[0]?.activeUsers, 10);
    assert.equal(merged.windows[1]?.requests, 100 + 3 + 100 + 2);
    assert.deepEqual(merged.windows[1]?.endpoints['GET /b']?.codes, { '404': 3, '503': 2 });
    const a0 = merged.windows[0]?.endpoints['GET /a']?.latency;
    assert.ok(a0);
    assert.equal(decodeSketch(a0).count, 200);

    // The totals are what one run with all 400 GET /a requests (1..400 ms) would show.
    const a = merged.endpoints.find((e) => e.name === 'GET /a');
    assert.equal(a?.requests, 400);
    assert.ok(Math.abs((a?.latency?.p50 ?? 0) - 200) <= 2 + 1e-9, `p50 ${a?.latency?.p50}`);
    assert.ok(Math.abs((a?.latency?.p95 ?? 0) - 380) <= 3.8 + 1e-9, `p95 ${a?.latency?.p95}`);
    assert.equal(merged.totals.vusersCreated, 10);
    assert.equal(merged.totals.vusersFailed, 1);
    assert.equal(merged.totals.rps, Math.round((405 / 18) * 10) / 10, 'over the span from the first to the last window');
    assert.equal(merged.meta.shard, undefined);
    assert.equal(merged.meta.completion, 'complete');
    assert.deepEqual(merged.phases, one.phases);
  });

  it('applies the shards’ 4xx rule, read from their totals', () => {
    assert.equal(mergeRunResults([one, two]).totals.failures, 2, 'shards did not count 4xx');
    const one4xx = shard('1/2', one.windows, { count4xx: true });
    assert.equal(mergeRunResults([one4xx, two]).totals.failures, 2 + 3, 'shard 1 shows it counted 4xx');
    assert.equal(mergeRunResults([one, two], { count4xx: true }).totals.failures, 5);
  });

  it('ends as its worst shard did, saying which', () => {
    const cut = shard('2/2', two.windows, { meta: { completion: 'interrupted', interruptedBy: 'SIGINT', stopReason: 'interrupted by Ctrl-C (SIGINT) after 12s' } });
    const capped = shard('1/2', one.windows, { meta: { completion: 'capped', stopReason: 'stopped at its 20s cap' } });
    const merged = mergeRunResults([capped, cut]);
    assert.equal(merged.meta.completion, 'interrupted');
    assert.equal(merged.meta.interruptedBy, 'SIGINT');
    assert.equal(merged.meta.stopReason, 'steady (shard 1/2): stopped at its 20s cap; steady (shard 2/2): interrupted by Ctrl-C (SIGINT) after 12s');
  });

  it('refuses different scenarios, other schema versions and an empty list', () => {
    const spike = shard('1/1', one.windows, { meta: { scenario: 'spike' } });
    assert.throws(() => mergeRunResults([one, spike]), (e: unknown) => e instanceof MergeError && /different scenarios \(steady, spike\)/.test(e.message));
    const future = { ...two, schemaVersion: 3 } as unknown as RunResult;
    assert.throws(() => mergeRunResults([one, future]), /steady \(shard 2\/2\): its summary has schema version 3/);
    assert.throws(() => mergeRunResults([]), /nothing to merge/);
  });
});

describe('shardsApart', () => {
  const at = (label: string, start: number, end: number): RunResult => {
    const r = shard(label, [windowOf(start, { 'GET /a': { latencies: range(10) } }, { created: 1, completed: 1, failed: 0 })]);
    return { ...r, phases: [{ index: 0, name: 'load', start, end, plannedDurationS: 20 }] };
  };

  it('accepts shards whose load began and ended together (within the tolerance)', () => {
    assert.deepEqual(shardsApart([at('1/2', T0, T0 + 20_000), at('2/2', T0 + 900, T0 + 20_900)]), []);
  });

  it('names a late shard and a short one, with how much', () => {
    assert.deepEqual(shardsApart([at('1/3', T0, T0 + 20_000), at('2/3', T0 + 41_300, T0 + 61_300), at('3/3', T0, T0 + 8_000)]), [
      'shard 2/3 began its load 41.3 s after shard 1/3',
      "shard 3/3's load lasted 12.0 s less than shard 1/3's (it ran short)",
    ]);
  });

  it('ignores the --start-at wait, which is not a phase of the scenario', () => {
    const waited = { ...at('2/2', T0 + 500, T0 + 20_500) };
    waited.phases = [{ index: -1, name: 'wait', start: T0 - 30_000, end: T0 + 500, plannedDurationS: 30 }, ...waited.phases];
    assert.deepEqual(shardsApart([at('1/2', T0, T0 + 20_000), waited]), []);
  });

  it('marks the merged verdict: a pass becomes inconclusive (exit 5)', () => {
    const apart = ['shard 2/2 began its load 41.3 s after shard 1/2'];
    const passed = judge({ criteria: [], totals: { requests: 10, responses: 10 }, meta: { completion: 'complete' }, apart });
    assert.equal(passed.status, 'inconclusive');
    assert.match(passed.reason ?? '', /shard 2\/2 began its load 41\.3 s after shard 1\/2, so the shards' load did not overlap/);
    assert.equal(exitCodeOf({ verdict: passed, meta: {} }), 5);
  });
});
