import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeGeneratorSaturation } from '../../src/monitor/saturation.ts';
import type { PhaseRecord, RunWindow } from '../../src/core/types.ts';
import { sample } from './samples.ts';

const T0 = 1_700_000_000_000;
const series = (points: Array<[cpu: number, delayMs: number, machineCpu?: number]>) =>
  points.map(([cpu, delay, machine], i) =>
    sample(T0 + i * 5000, { generatorCpuPercent: cpu, generatorEventLoopDelayMs: delay, cpuPercent: machine ?? 50 }),
  );

function window(start: number, end: number): RunWindow {
  return { start, end, vusersCreated: 0, vusersCompleted: 0, vusersFailed: 0, activeUsers: 0, requests: 0, responses: 0, codes: {}, errors: {}, failures: 0, slow: 0, latency: null, latencyStats: null, endpoints: {} };
}

describe('generator saturation', () => {
  it('is saturated when CPU is pegged and the event loop runs late for most of the run', () => {
    const judgement = judgeGeneratorSaturation(series([[99, 120], [100, 300], [98, 80], [60, 5], [101, 150]]));
    assert.equal(judgement.saturated, true);
    assert.match(judgement.reason, /saturated in 4 of 5 samples/);
    assert.match(judgement.reason, /peak 300 ms/);
  });

  it('is not saturated by a busy-waiting generator whose event loop stays on time', () => {
    const judgement = judgeGeneratorSaturation(series([[99, 1.2], [100, 0.8], [98, 2], [100, 1]]));
    assert.equal(judgement.saturated, false);
    assert.match(judgement.reason, /busy-waits/);
    assert.equal(judgement.caution, undefined);
  });

  it('is not saturated by a late event loop while CPU is to spare (a pause, e.g. garbage collection)', () => {
    const judgement = judgeGeneratorSaturation(series([[30, 200], [35, 150], [20, 90]]));
    assert.equal(judgement.saturated, false);
    assert.match(judgement.reason, /kept up/);
  });

  it('only cautions when a busy machine, not Artillery itself, makes the event loop late', () => {
    const judgement = judgeGeneratorSaturation(series([[40, 200, 99], [45, 300, 97], [50, 150, 95]]));
    assert.equal(judgement.saturated, false);
    assert.match(judgement.caution ?? '', /machine was busy .* in 3 of 3 samples .*latencies may be inflated/);
    assert.equal(judgeGeneratorSaturation(series([[40, 2, 99], [45, 3, 97]])).caution, undefined);
  });

  it('is saturated on a full machine when Artillery uses half a core or more and runs late', () => {
    // Measured here with 200 looping users and no think time while other work filled the machine.
    const judgement = judgeGeneratorSaturation(series([[60, 51, 99], [66, 378, 99], [74, 119, 100], [72, 223, 99]]));
    assert.equal(judgement.saturated, true);
    assert.match(judgement.reason, /saturated in 4 of 4 samples .*>= 50% on a machine at >= 90% CPU/);
  });

  it('needs more than half of the run, not a bad moment', () => {
    assert.equal(judgeGeneratorSaturation(series([[100, 200], [100, 200], [50, 1], [50, 1]])).saturated, false);
  });

  it('judges only the samples taken while load was recorded, when windows are given', () => {
    // Four quiet samples before the load began (e.g. preflight), then three saturated ones.
    const samples = series([[5, 1], [5, 1], [5, 1], [5, 1], [100, 300], [100, 300], [100, 300]]);
    const windows = [window(T0 + 20_000, T0 + 25_000), window(T0 + 25_000, T0 + 30_000)];
    assert.equal(judgeGeneratorSaturation(samples).saturated, false);
    assert.equal(judgeGeneratorSaturation(samples, windows).saturated, true);
  });

  it('says so when there is nothing to judge', () => {
    const judgement = judgeGeneratorSaturation([sample(T0, { cpuPercent: 100 }), sample(T0 + 5000, { generatorCpuPercent: 100 })]);
    assert.equal(judgement.saturated, false);
    assert.match(judgement.reason, /not enough load-generator samples/);
  });

  describe('arrivals behind the plan', () => {
    const phase = (name: string, plannedS: number, tookS: number | null, startS = 0): PhaseRecord => ({
      index: 0,
      name,
      start: T0 + startS * 1000,
      end: tookS === null ? null : T0 + (startS + tookS) * 1000,
      plannedDurationS: plannedS,
    });

    it('is saturated when a phase took much longer than planned, without any monitor sample', () => {
      const judgement = judgeGeneratorSaturation([], [], [phase('warm up', 5, 5.01, 0), phase('peak', 6, 13.4, 5)]);
      assert.equal(judgement.saturated, true);
      assert.match(judgement.reason, /phase "peak" was planned for 6 s but took 13\.4 s, so Artillery started virtual users at about 45% of the planned pace/);
      assert.match(judgement.reason, /fewer virtual users per machine .* shards on several machines \(--shard 1\/2, --shard 2\/2\)/);
    });

    it('counts a phase that never ended by the last recorded window', () => {
      const windows = [window(T0, T0 + 10_000), window(T0 + 10_000, T0 + 20_000)];
      const judgement = judgeGeneratorSaturation([], windows, [phase('ramp', 10, null)]);
      assert.equal(judgement.saturated, true);
      assert.match(judgement.reason, /phase "ramp" was planned for 10 s but had not ended after 20 s/);
      // Still inside its planned length (an interrupted or capped run): nothing to say.
      assert.equal(judgeGeneratorSaturation([], windows, [phase('long', 60, null)]).saturated, false);
    });

    it('allows timer jitter: under 2 s, or under 10% of a long phase', () => {
      assert.equal(judgeGeneratorSaturation([], [], [phase('smoke', 4, 4.02), phase('short', 5, 6.9)]).saturated, false);
      assert.equal(judgeGeneratorSaturation([], [], [phase('hour', 3600, 3600 + 300)]).saturated, false);
      assert.equal(judgeGeneratorSaturation([], [], [phase('hour', 3600, 3600 + 400)]).saturated, true);
    });
  });
});
