import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventLoopProbe } from '../../plugins/artillery-plugin-generator-health/event-loop-probe.ts';

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
});
