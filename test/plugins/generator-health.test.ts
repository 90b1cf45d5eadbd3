import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { EventLoopProbe } from '../../plugins/artillery-plugin-generator-health/event-loop-probe.ts';
import { EVENT_LOOP_DELAY_METRIC } from '../../plugins/artillery-plugin-generator-health/index.ts';
import { GENERATOR_HEALTH_FILE, parseGeneratorHealthLine } from '../../src/core/generator-health.ts';
import { startArtillery, startTarget } from '../helpers/run-artillery.ts';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const spin = (ms: number): void => {
  const until = performance.now() + ms;
  while (performance.now() < until);
};

describe('generator-health plugin', () => {
  it('measures how late the event loop runs, and this thread’s CPU', async () => {
    const probe = new EventLoopProbe();
    try {
      await sleep(500);
      const idle = probe.read();
      // Block the loop twice for 150 ms: timers due meanwhile fire that late.
      for (let i = 0; i < 2; i++) {
        spin(150);
        await sleep(60);
      }
      const blocked = probe.read();
      assert.ok(idle && blocked);
      assert.ok(blocked.maxMs >= 120, `blocked max ${blocked.maxMs} ms`);
      assert.ok(blocked.p99Ms >= 100, `blocked p99 ${blocked.p99Ms} ms`);
      assert.ok(blocked.p99Ms > idle.p99Ms + 50, `idle ${idle.p99Ms} ms vs blocked ${blocked.p99Ms} ms`);
      assert.ok(idle.threadCpuPercent !== null && blocked.threadCpuPercent !== null);
      assert.ok(blocked.threadCpuPercent > idle.threadCpuPercent, `cpu idle ${idle.threadCpuPercent}% vs busy ${blocked.threadCpuPercent}%`);
    } finally {
      probe.stop();
    }
  });

  it('in a real Artillery run: announces itself, writes per-worker lines and emits the metric', async () => {
    const target = await startTarget();
    const run = startArtillery({
      script: {
        config: {
          target: target.url,
          phases: [{ duration: 4, arrivalRate: 10 }],
          plugins: { 'generator-health': { intervalS: 1 } },
        },
        scenarios: [{ flow: [{ get: { url: '/ping' } }] }],
      },
      timeoutMs: 40_000,
    });
    try {
      const { exitCode, stderr } = await run.done;
      assert.equal(exitCode, 0, stderr);
      const events = readFileSync(path.join(run.runDir, 'events.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { type: string; name?: string });
      assert.ok(events.some((e) => e.type === 'plugin-loaded' && e.name === 'generator-health'));

      const lines = readFileSync(path.join(run.runDir, GENERATOR_HEALTH_FILE), 'utf8').trimEnd().split('\n').map(parseGeneratorHealthLine);
      assert.ok(lines.length >= 2, `${lines.length} lines in a 4 s run at 1 s intervals`);
      for (const line of lines) {
        assert.ok(line, 'every line parses');
        assert.ok(line.eventLoopDelayP99Ms >= 0 && line.eventLoopDelayMaxMs >= line.eventLoopDelayP99Ms);
        assert.ok(line.intervalMs >= 900 && line.intervalMs < 5000, `interval ${line.intervalMs}`);
        assert.notEqual(line.worker, '?');
      }

      const report = JSON.parse(readFileSync(path.join(run.runDir, 'artillery.json'), 'utf8')) as {
        aggregate: { summaries: Record<string, { count: number; p99: number }> };
      };
      const metric = report.aggregate.summaries[EVENT_LOOP_DELAY_METRIC];
      assert.ok(metric && metric.count >= 2, `summaries: ${Object.keys(report.aggregate.summaries).join(', ')}`);
      assert.equal(target.hits.get('/ping'), 40);
    } finally {
      run.kill('SIGKILL');
      await target.close();
      rmSync(run.runDir, { recursive: true, force: true });
    }
  });
});
