import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConsoleLimiter } from '../../plugins/artillery-plugin-slow-requests/console-limiter.ts';
import { readSettings } from '../../plugins/artillery-plugin-slow-requests/settings.ts';
import { endpointName } from '../../src/core/endpoint-name.ts';
import { startArtillery } from '../helpers/run-artillery.ts';

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

const SECRET = 'tok-3f9a1c77e2';

/** /slow/* answers after 300 ms, /chat after 400 ms, /hang never, the rest at once. */
function startServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    const url = req.url ?? '/';
    if (url.startsWith('/hang')) return;
    const delay = url.startsWith('/slow') ? 300 : url.startsWith('/chat') ? 400 : 0;
    setTimeout(() => res.writeHead(url.startsWith('/chat') ? 201 : 200, { 'content-type': 'application/json' }).end('{}'), delay);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => {
          server.closeAllConnections();
          return new Promise<void>((done) => server.close(() => done()));
        },
      });
    });
  });
}

interface Report {
  aggregate: { counters: Record<string, number> };
}

describe('slow-requests plugin with Artillery', { timeout: 120_000 }, () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.close();
  });

  it('logs slow requests as they happen, rate-limited on the console, in full and without secrets on disk, counted per endpoint', async () => {
    const run = startArtillery({
      script: {
        config: {
          target: server.url,
          http: { timeout: 1 },
          variables: { kind: 'x' },
          phases: [{ duration: 3, arrivalRate: 20, name: 'steady' }],
          plugins: {
            'unique-users': {},
            'api-key': {},
            'slow-requests': { threshold: '200ms', endpoints: { 'POST /chat': '1s', 'GET /slow-too/x': '1s' }, consoleLinesPerSecond: 2 },
          },
        },
        scenarios: [
          {
            name: 'browse',
            weight: 9,
            flow: [
              { get: { url: `/fast?token=${SECRET}` } },
              { get: { url: `/slow/{{ userId }}?token=${SECRET}` } },
              // Its own limit is keyed by the path as sent, not by the template.
              { get: { url: '/slow-too/{{ kind }}' } },
              { post: { url: '/chat', json: { user_id: '{{ userId }}', message: SECRET } } },
            ],
          },
          { name: 'stuck', weight: 1, flow: [{ get: { url: '/hang' } }] },
        ],
      },
      env: { LOADSPEC_API_KEY: SECRET },
      timeoutMs: 60_000,
    });
    const result = await run.done;
    assert.equal(result.exitCode, 0, result.stderr);

    const report = JSON.parse(readFileSync(path.join(run.runDir, 'artillery.json'), 'utf8')) as Report;
    const counters = report.aggregate.counters;
    const browsers = counters['vusers.created_by_name.browse'] ?? 0;
    const stuck = counters['vusers.created_by_name.stuck'] ?? 0;
    assert.equal(browsers + stuck, 60);

    const text = readFileSync(path.join(run.runDir, 'slow-requests.jsonl'), 'utf8');
    assert.ok(!text.includes(SECRET), 'no query strings, bodies or headers in the file');
    const records = text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const slow = records.filter((r) => r['status'] !== null);
    const timedOut = records.filter((r) => r['status'] === null);

    // One record per slow request: /slow only (POST /chat and /slow-too/x have their own 1 s limit, /fast is fast).
    assert.equal(slow.length, browsers);
    assert.equal(timedOut.length, stuck);
    assert.equal(counters['loadspec.slow.GET /slow/{userId}'], browsers);
    assert.equal(counters['loadspec.slow.GET /hang'] ?? 0, stuck);
    assert.equal(counters['errors.ETIMEDOUT'] ?? 0, stuck);
    assert.deepEqual(
      Object.keys(counters).filter((name) => name.startsWith('loadspec.slow.') && !/^loadspec\.slow\.GET \/(slow\/\{userId\}|hang)$/.test(name)),
      [],
    );
    for (const record of slow) {
      assert.deepEqual(Object.keys(record), ['time', 'phase', 'scenario', 'endpoint', 'status', 'durationMs', 'userId']);
      assert.equal(record['endpoint'], 'GET /slow/{userId}');
      assert.equal(record['status'], 200);
      assert.equal(record['phase'], 'steady');
      assert.equal(record['scenario'], 'browse');
      assert.match(String(record['userId']), /^loadtest_user_/);
      // Over the 200 ms limit; client-side event-loop lag can shave a little off the server's 300 ms.
      assert.ok(Number(record['durationMs']) > 200 && Number(record['durationMs']) < 5000, `durationMs ${String(record['durationMs'])}`);
    }
    for (const record of timedOut) {
      assert.equal(record['endpoint'], 'GET /hang');
      assert.ok(Number(record['durationMs']) >= 900, `durationMs ${String(record['durationMs'])}`);
      assert.equal(record['scenario'], 'stuck');
    }
    assert.equal(new Set(slow.map((r) => r['userId'])).size, slow.length, 'each record names its own user');

    // Console: at most 2 lines per second over the span of slow requests, the rest summarised.
    const lines = result.stdout.split('\n');
    const printed = lines.filter((line) => line.startsWith('slow request '));
    const summaries = lines.filter((line) => /^\.\.\. and \d+ more slow requests? /.test(line));
    const times = records.map((r) => Number(r['time']));
    const spanS = (Math.max(...times) - Math.min(...times)) / 1000;
    assert.ok(printed.length >= 2, 'slow requests are printed');
    assert.ok(printed.length <= 2 * Math.ceil(spanS) + 2, `${printed.length} lines over ${spanS.toFixed(1)} s`);
    assert.ok(summaries.length >= 1, 'dropped lines are summarised');
    assert.match(printed[0] ?? '', /^slow request \d\d:\d\d:\d\d\.\d{3} GET \/(slow\/\{userId\}|hang) (200|ETIMEDOUT) \d+ms \(limit 200ms\) user loadtest_user_/);
    assert.ok(!result.stdout.includes(SECRET) && !result.stderr.includes(SECRET));
    const total = `slow requests: ${browsers + stuck} (`;
    assert.ok(result.stdout.includes(total), `the end of the run says "${total}..."`);
  });
});
