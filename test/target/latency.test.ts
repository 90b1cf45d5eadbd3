import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLatencyModel, type ApiEndpoint } from '../../src/target/latency.ts';
import { createRandom } from '../../src/target/random.ts';

function totals(endpoint: ApiEndpoint, scale: number, degradation = 0, uptimeMs = 0): number[] {
  const model = createLatencyModel(createRandom(99), scale, degradation);
  return Array.from({ length: 4000 }, () => {
    const { dbMs, workMs } = model.sample(endpoint, uptimeMs);
    return dbMs + workMs;
  }).sort((a, b) => a - b);
}

const quantile = (sorted: number[], q: number): number => sorted[Math.floor(q * (sorted.length - 1))] ?? Number.NaN;

describe('latency model', () => {
  it('makes chat LLM-like: ~120 ms median with a long tail', () => {
    const chat = totals('chat', 1);
    const median = quantile(chat, 0.5);
    assert.ok(median > 100 && median < 145, `median ${median}`);
    assert.ok(quantile(chat, 0.99) > 2.5 * median, `p99 ${quantile(chat, 0.99)}`);
  });

  it('keeps the other endpoints at a few ms', () => {
    for (const endpoint of ['food', 'reminders', 'xp'] as const) {
      const median = quantile(totals(endpoint, 1), 0.5);
      assert.ok(median > 1 && median < 10, `${endpoint} median ${median}`);
    }
  });

  it('multiplies every latency by the scale, and 0 means no wait', () => {
    const base = quantile(totals('reminders', 1), 0.5);
    const scaled = quantile(totals('reminders', 3), 0.5);
    assert.ok(Math.abs(scaled / base - 3) < 0.01, `ratio ${scaled / base}`);
    assert.ok(totals('chat', 0).every((ms) => ms === 0));
  });

  it('adds the degradation per minute of uptime', () => {
    const fresh = quantile(totals('xp', 1, 50, 0), 0.5);
    const aged = quantile(totals('xp', 1, 50, 3 * 60_000), 0.5);
    assert.ok(Math.abs(aged - fresh - 150) < 0.01, `grew by ${aged - fresh}`);
  });
});
