import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPortableSystemSampler } from '../../src/monitor/system-sampler-portable.ts';
import { createProcSystemSampler } from '../../src/monitor/system-sampler.ts';

describe('portable system sampler (systeminformation, for machines without /proc)', () => {
  it('fills the same columns as the /proc sampler, with memory in agreement', async () => {
    const portable = createPortableSystemSampler();
    const proc = createProcSystemSampler();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const [a, b] = await Promise.all([portable.sample(), proc.sample()]);
    assert.equal(a.warning, undefined);
    for (const column of ['cpuPercent', 'memoryMb', 'memoryPercent', 'networkSentMb', 'networkRecvMb'] as const) {
      const value = a.values[column];
      assert.ok(typeof value === 'number' && value >= 0, `${column} = ${String(value)}`);
    }
    const portableMb = a.values.memoryMb ?? 0;
    const procMb = b.values.memoryMb ?? 0;
    // Both take used = total - available; other processes move it a little between the two reads.
    assert.ok(Math.abs(portableMb - procMb) / procMb < 0.25, `systeminformation ${portableMb} MB vs /proc ${procMb} MB`);
  });
});
