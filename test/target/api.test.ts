import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startDemoTarget } from '../../src/target/server.ts';
import { call, type Answer } from './call.ts';

async function xpCalls(base: string, count: number): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let batch = 0; batch < count / 20; batch++) {
    answers.push(...(await Promise.all(Array.from({ length: 20 }, (_, i) => call(base, 'GET', `/api/v1/gamification/xp?user_id=f${batch}-${i}`)))));
  }
  return answers;
}

describe('demo target fault injection', () => {
  it('answers about the configured share of /api requests with 500 or 503 JSON errors', async () => {
    const target = await startDemoTarget({ latencyScale: 0, errorRate: 0.2, seed: 42 });
    try {
      const answers = await xpCalls(target.url, 400);
      const failed = answers.filter((answer) => answer.status === 500 || answer.status === 503);
      const share = failed.length / answers.length;
      assert.ok(share > 0.12 && share < 0.28, `error share ${share}`);
      assert.ok(failed.some((answer) => answer.status === 500) && failed.some((answer) => answer.status === 503));
      assert.ok(failed.every((answer) => typeof answer.body['error'] === 'string'));
      assert.equal(target.metrics().requests.errors, failed.length);
      // Health checks must keep passing so a run starts and the faults show up as its result.
      assert.equal((await call(target.url, 'GET', '/health')).status, 200);
    } finally {
      await target.stop();
    }
  });

  it('answers about the configured share with 200 bodies missing the fields clients rely on', async () => {
    const target = await startDemoTarget({ latencyScale: 0, badBodyRate: 0.3, seed: 43 });
    try {
      const answers = await xpCalls(target.url, 400);
      assert.ok(answers.every((answer) => answer.status === 200));
      const bad = answers.filter((answer) => !('xp' in answer.body));
      const share = bad.length / answers.length;
      assert.ok(share > 0.2 && share < 0.4, `bad body share ${share}`);
      assert.ok(bad.every((answer) => !('level' in answer.body) && answer.body['user_id'] !== undefined));

      const chats = await Promise.all(Array.from({ length: 40 }, (_, i) => call(target.url, 'POST', '/api/v1/chat', { user_id: `c${i}`, message: 'hi' })));
      assert.ok(chats.some((answer) => answer.status === 200 && !('response' in answer.body)), 'some chat replies lack "response"');
    } finally {
      await target.stop();
    }
  });

  it('answers nothing wrong when both rates are 0', async () => {
    const target = await startDemoTarget({ latencyScale: 0 });
    try {
      const answers = await xpCalls(target.url, 100);
      assert.ok(answers.every((answer) => answer.status === 200 && typeof answer.body['xp'] === 'number'));
    } finally {
      await target.stop();
    }
  });
});
