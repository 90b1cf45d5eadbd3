/**
 * The slow-requests plugin inside a real Artillery run against a server with slow endpoints: it
 * logs them as they happen, rate-limited on the console, in full on disk without secrets.
 * (Its settings and rate limit without Artillery: test/plugins/slow-requests.test.ts.)
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startArtillery } from '../helpers/run-artillery.ts';

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
