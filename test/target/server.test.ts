import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DemoTargetOptionsError, startDemoTarget, type DemoTarget } from '../../src/target/server.ts';
import { call, chatBody, foodBody } from './call.ts';

const KEY = { 'x-api-key': 'secret-key' };

describe('demo target endpoints', () => {
  let target: DemoTarget;
  before(async () => {
    target = await startDemoTarget({ apiKey: 'secret-key', latencyScale: 0.1, seed: 7 });
  });
  after(() => target.stop());

  it('listens on loopback at the URL it reports', () => {
    assert.match(target.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.ok(target.port > 0);
  });

  it('GET /health says ok without a key', async () => {
    const answer = await call(target.url, 'GET', '/health');
    assert.equal(answer.status, 200);
    assert.equal(answer.body['status'], 'ok');
  });

  it('POST /api/v1/chat answers with a non-empty, varied response and a token count', async () => {
    const responses = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const answer = await call(target.url, 'POST', '/api/v1/chat', chatBody(`chat-${i}`), KEY);
      assert.equal(answer.status, 200);
      assert.equal(answer.body['user_id'], `chat-${i}`);
      assert.equal(typeof answer.body['response'], 'string');
      assert.ok(String(answer.body['response']).length > 20);
      assert.ok(Number(answer.body['tokens']) > 0);
      responses.add(String(answer.body['response']));
    }
    assert.ok(responses.size >= 3, `expected varied replies, got ${responses.size} distinct of 6`);
  });

  it('POST /api/v1/food logs the item with calories computed from the quantity', async () => {
    const answer = await call(target.url, 'POST', '/api/v1/food', foodBody('eater'), KEY);
    assert.equal(answer.status, 201);
    const logged = answer.body['logged'] as Record<string, unknown>;
    assert.equal(logged['food_name'], 'chicken breast');
    assert.equal(logged['quantity'], '170g');
    // 165 kcal per 100 g of chicken breast.
    assert.equal(logged['calories'], 281);
    assert.equal(answer.body['daily_total_calories'], 281);
  });

  it('GET /api/v1/reminders lists the same reminders for a user every time', async () => {
    const first = await call(target.url, 'GET', '/api/v1/reminders?user_id=rem-user', undefined, KEY);
    const second = await call(target.url, 'GET', '/api/v1/reminders?user_id=rem-user', undefined, KEY);
    assert.equal(first.status, 200);
    assert.equal(first.body['user_id'], 'rem-user');
    const reminders = first.body['reminders'] as Array<Record<string, unknown>>;
    assert.ok(reminders.length >= 2);
    for (const reminder of reminders) {
      assert.equal(typeof reminder['message'], 'string');
      assert.match(String(reminder['time']), /^\d\d:\d\d$/);
    }
    assert.deepEqual(second.body['reminders'], reminders);
  });

  it('GET /api/v1/gamification/xp grows after logging food', async () => {
    const before = await call(target.url, 'GET', '/api/v1/gamification/xp?user_id=gamer', undefined, KEY);
    assert.equal(before.status, 200);
    assert.equal(before.body['user_id'], 'gamer');
    assert.equal(typeof before.body['level'], 'number');
    await call(target.url, 'POST', '/api/v1/food', foodBody('gamer'), KEY);
    const afterLog = await call(target.url, 'GET', '/api/v1/gamification/xp?user_id=gamer', undefined, KEY);
    assert.equal(Number(afterLog.body['xp']), Number(before.body['xp']) + 10);
  });

  it('answers 401 JSON on /api without the key or with a wrong one', async () => {
    const missing = await call(target.url, 'POST', '/api/v1/chat', chatBody('u'));
    assert.equal(missing.status, 401);
    assert.equal(missing.body['error'], 'unauthorized');
    const wrong = await call(target.url, 'GET', '/api/v1/gamification/xp?user_id=u', undefined, { 'x-api-key': 'nope' });
    assert.equal(wrong.status, 401);
  });

  it('answers 400 JSON naming the bad field', async () => {
    const cases: Array<[string, 'GET' | 'POST', unknown, string]> = [
      ['/api/v1/chat', 'POST', { user_id: 'u' }, 'message'],
      ['/api/v1/chat', 'POST', { message: 'hi' }, 'user_id'],
      ['/api/v1/food', 'POST', { user_id: 'u', quantity: '1 cup' }, 'food_name'],
      ['/api/v1/food', 'POST', { user_id: 'u', food_name: 'rice', quantity: 'a lot' }, 'quantity'],
      ['/api/v1/reminders', 'GET', undefined, 'user_id'],
      ['/api/v1/gamification/xp?user_id=', 'GET', undefined, 'user_id'],
    ];
    for (const [path, method, body, field] of cases) {
      const answer = await call(target.url, method, path, body, KEY);
      assert.equal(answer.status, 400, `${method} ${path}`);
      assert.equal(answer.body['field'], field, `${method} ${path}`);
      assert.match(String(answer.body['message']), new RegExp(field));
    }
    const notJson = await call(target.url, 'POST', '/api/v1/chat', '{oops', KEY);
    assert.equal(notJson.status, 400);
    assert.match(String(notJson.body['message']), /valid JSON/);
  });

  it('answers 404 JSON for unknown paths', async () => {
    const answer = await call(target.url, 'GET', '/api/v2/nothing');
    assert.equal(answer.status, 404);
    assert.equal(answer.body['error'], 'not_found');
  });

  it('serves /api/v1/metrics without a key, in the shape the monitor reads', async () => {
    const answer = await call(target.url, 'GET', '/api/v1/metrics');
    assert.equal(answer.status, 200);
    assert.deepEqual(Object.keys(answer.body).sort(), ['cache', 'db', 'requests', 'uptime_s', 'users']);
    const requests = answer.body['requests'] as Record<string, unknown>;
    const byEndpoint = requests['by_endpoint'] as Record<string, number>;
    assert.ok((byEndpoint['POST /api/v1/chat'] ?? 0) >= 6);
    assert.ok(Number(requests['errors']) >= 9, 'the 401, 400 and 404 answers above count as errors');
    assert.deepEqual(answer.body['db'], { pool_size: 13, active: 0, available: 13, waiting: 0 });
    assert.deepEqual(Object.keys(answer.body['cache'] as object).sort(), ['hit_rate_percent', 'hits', 'misses', 'total_reads']);
    assert.deepEqual(answer.body, JSON.parse(JSON.stringify({ ...target.metrics(), uptime_s: answer.body['uptime_s'] })));
  });

  it('makes chat the slow endpoint and the others fast', async () => {
    const slow = await startDemoTarget({ seed: 3 });
    try {
      const chats = await Promise.all([1, 2, 3, 4, 5].map((i) => call(slow.url, 'POST', '/api/v1/chat', chatBody(`s${i}`))));
      const xps = [];
      for (let i = 1; i <= 5; i++) xps.push(await call(slow.url, 'GET', `/api/v1/gamification/xp?user_id=s${i}`));
      const median = (values: number[]): number => values.sort((a, b) => a - b)[2] ?? 0;
      const chatMs = median(chats.map((answer) => answer.ms));
      const xpMs = median(xps.map((answer) => answer.ms));
      assert.ok(chatMs > 50, `chat median ${chatMs.toFixed(1)} ms`);
      assert.ok(chatMs > 2.5 * xpMs, `chat ${chatMs.toFixed(1)} ms vs xp ${xpMs.toFixed(1)} ms`);
    } finally {
      await slow.stop();
    }
  });
});

describe('demo target user counting', () => {
  it('counts distinct and repeated user ids from queries and bodies', async () => {
    const target = await startDemoTarget({ latencyScale: 0 });
    try {
      await call(target.url, 'POST', '/api/v1/chat', chatBody('alice'));
      await call(target.url, 'GET', '/api/v1/reminders?user_id=alice');
      await call(target.url, 'POST', '/api/v1/food', foodBody('bob'));
      await call(target.url, 'GET', '/api/v1/gamification/xp?user_id=carol');
      // Carries a user id even though the message is missing.
      assert.equal((await call(target.url, 'POST', '/api/v1/chat', { user_id: 'bob' })).status, 400);
      await call(target.url, 'GET', '/health');
      const metrics = target.metrics();
      assert.deepEqual(metrics.users, { distinct: 3, requests: 5, repeated: 2 });
      assert.equal(metrics.requests.total, 6);
    } finally {
      await target.stop();
    }
  });

  it('does not count reads of its own metrics', async () => {
    const target = await startDemoTarget({ latencyScale: 0 });
    try {
      await call(target.url, 'GET', '/api/v1/metrics');
      await fetch(`${target.url}/metrics`).then((response) => response.text());
      assert.equal(target.metrics().requests.total, 0);
    } finally {
      await target.stop();
    }
  });
});

describe('demo target crash-after', () => {
  it('answers N requests, then stops answering and closes the listener', async () => {
    const target = await startDemoTarget({ latencyScale: 0, crashAfter: 3 });
    for (let i = 0; i < 3; i++) assert.equal((await call(target.url, 'GET', '/health')).status, 200);
    await assert.rejects(call(target.url, 'GET', '/health'));
    assert.equal(await target.closed, 'crashed');
    await assert.rejects(fetch(`${target.url}/health`, { signal: AbortSignal.timeout(2000) }));
    await target.stop();
  });
});

describe('demo target options', () => {
  it('refuses a non-loopback host and out-of-range knobs with sentences naming them', async () => {
    await assert.rejects(startDemoTarget({ host: '0.0.0.0' }), (error: unknown) => {
      assert.ok(error instanceof DemoTargetOptionsError);
      assert.match(error.message, /host must be a loopback address/);
      return true;
    });
    await assert.rejects(startDemoTarget({ errorRate: 1.5, poolSize: 0 }), /errorRate must be a share.*poolSize must be a whole number/);
  });

  it('stop() closes every connection and can be called twice', async () => {
    const target = await startDemoTarget();
    const pending = call(target.url, 'POST', '/api/v1/chat', chatBody('late'));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await target.stop();
    await target.stop();
    await assert.rejects(pending);
    assert.equal(await target.closed, 'stopped');
  });
});
