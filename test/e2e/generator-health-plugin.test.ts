/**
 * The generator-health plugin inside a real Artillery run: it announces itself, writes a line per
 * worker and interval, and emits its metric. (The probe without Artillery: test/plugins/generator-health.test.ts.)
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { EVENT_LOOP_DELAY_METRIC } from '../../plugins/artillery-plugin-generator-health/index.ts';
import { GENERATOR_HEALTH_FILE, parseGeneratorHealthLine } from '../../src/core/generator-health.ts';
import { startArtillery, startTarget } from '../helpers/run-artillery.ts';

describe('generator-health plugin', () => {
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
