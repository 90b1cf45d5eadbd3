import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPortableSystemSampler } from '../../src/monitor/system-sampler-portable.ts';
import { createProcSystemSampler } from '../../src/monitor/system-sampler.ts';

describe('portable system sampler (systeminformation, for machines without /proc)', () => {
  it('fills the same columns as the /proc sampler, with memory in agreement', async () => {
    const portable = createPortableSystemSampler();
    const proc = createProcSystemSampler();
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Other processes (a test suite starting Artillery) move used memory by hundreds of MB between
    // reads: bracket the portable read between two /proc reads.
    const before = await proc.sample();
    const a = await portable.sample();
    const b = await proc.sample();
    assert.equal(a.warning, undefined);
    for (const column of ['cpuPercent', 'memoryMb', 'memoryPercent', 'networkSentMb', 'networkRecvMb'] as const) {
      const value = a.values[column];
      assert.ok(typeof value === 'number' && value >= 0, `${column} = ${String(value)}`);
    }
    const portableMb = a.values.memoryMb ?? 0;
    const low = Math.min(before.values.memoryMb ?? 0, b.values.memoryMb ?? 0) * 0.8;
    const high = Math.max(before.values.memoryMb ?? 0, b.values.memoryMb ?? 0) * 1.2;
    // Both take used = total - available.
    assert.ok(portableMb >= low && portableMb <= high, `systeminformation ${portableMb} MB vs /proc between ${low} and ${high} MB`);
  });
});
