import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConsoleLimiter } from '../../plugins/artillery-plugin-slow-requests/console-limiter.ts';
import { readSettings } from '../../plugins/artillery-plugin-slow-requests/settings.ts';
import { endpointName } from '../../src/core/endpoint-name.ts';

describe('slow-request settings', () => {
  it('defaults to 3 s and 5 console lines per second', () => {
    const { settings, problems } = readSettings({});
    assert.equal(settings.thresholdMs, 3000);
    assert.equal(settings.consoleLinesPerSecond, 5);
    assert.deepEqual(problems, []);
  });

  it('reads seconds as numbers, units in strings, and per-endpoint limits keyed METHOD /path', () => {
    const { settings } = readSettings({ threshold: 2, endpoints: { 'post /api/v1/chat': '500ms', 'GET /x': 1.5 } });
    assert.equal(settings.thresholdMs, 2000);
    assert.deepEqual([...settings.endpointThresholdsMs], [['POST /api/v1/chat', 500], ['GET /x', 1500]]);
  });

  it('explains a bad value in one sentence and keeps the default', () => {
    const { settings, problems } = readSettings({ threshold: 'soon', endpoints: { '/api/v1/chat': '1s' } });
    assert.equal(settings.thresholdMs, 3000);
    assert.deepEqual(problems, [
      'slow-requests: threshold must be a duration such as "500ms" or "3s" (got "soon").',
      'slow-requests: endpoint "/api/v1/chat" must be written as METHOD /path, e.g. "POST /api/v1/chat".',
    ]);
  });
});

describe('endpoint names', () => {
  it('are METHOD /path without query string or host', () => {
    assert.equal(endpointName('get', '/api/v1/reminders?user_id=1&token=s'), 'GET /api/v1/reminders');
    assert.equal(endpointName('POST', 'http://127.0.0.1:8000/api/v1/chat#x'), 'POST /api/v1/chat');
    assert.equal(endpointName('GET', 'http://127.0.0.1:8000'), 'GET /');
  });

  it('write a {{ variable }} in the path as the API documents it, {variable}', () => {
    assert.equal(endpointName('get', '/products/{{ id }}'), 'GET /products/{id}');
    assert.equal(endpointName('put', '/users/{{userId}}/cart/{{ item.id }}?q={{ q }}'), 'PUT /users/{userId}/cart/{item.id}');
  });
});

describe('console rate limit', () => {
  const limiter = (linesPerSecond: number, workers: number) => {
    let now = 0;
    const printed: string[] = [];
    const instance = new ConsoleLimiter({ linesPerSecond, workers, print: (line) => printed.push(line), now: () => now });
    return { instance, printed, advance: (ms: number) => (now += ms) };
  };

  it('prints at most N lines per second, then how many more there were', () => {
    const { instance, printed, advance } = limiter(5, 1);
    for (let i = 0; i < 20; i++) instance.offer(`line ${i}`);
    instance.flushSummary();
    assert.deepEqual(printed, ['line 0', 'line 1', 'line 2', 'line 3', 'line 4', '... and 15 more slow requests']);
    advance(1000);
    for (let i = 0; i < 7; i++) instance.offer(`next ${i}`);
    instance.flushSummary();
    assert.equal(printed.filter((line) => line.startsWith('next')).length, 5);
    assert.equal(printed.at(-1), '... and 2 more slow requests');
  });

  it('shares the budget between worker threads', () => {
    const { instance, printed, advance } = limiter(6, 3);
    for (let i = 0; i < 10; i++) instance.offer('x');
    assert.equal(printed.length, 2);
    advance(500);
    instance.offer('x');
    assert.equal(printed.length, 3);
  });

  it('prints nothing at 0 lines per second', () => {
    const { instance, printed } = limiter(0, 1);
    instance.offer('x');
    instance.flushSummary();
    assert.deepEqual(printed, []);
  });
});
