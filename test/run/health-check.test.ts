import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkHealth } from '../../src/run/health-check.ts';

test('a healthy target passes; a 503 and a closed port fail with a sentence', async () => {
  let status = 200;
  let hits = 0;
  const server = createServer((_req, res) => {
    hits++;
    res.statusCode = status;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
  try {
    const ok = await checkHealth({ url, timeoutMs: 1000, retries: 2 });
    assert.equal(ok.healthy, true);
    status = 503;
    hits = 0;
    const bad = await checkHealth({ url, timeoutMs: 1000, retries: 2, retryDelayMs: 10 });
    assert.equal(bad.healthy, false);
    assert.equal(hits, 3, 'retried');
    if (!bad.healthy) assert.match(bad.reason, /answered HTTP 503 \(3 attempts\)/);
    // An API without the path is up: said at once, with where to write another path.
    status = 404;
    hits = 0;
    const missing = await checkHealth({ url, timeoutMs: 1000, retries: 2, retryDelayMs: 10 });
    assert.equal(hits, 1, 'not retried');
    assert.deepEqual(missing, { healthy: false, reason: 'the target answered GET /health with HTTP 404: it is up, but has no /health; set loadspec.health.path in the scenario file to a path of your API that answers 2xx when it is up (e.g. health: { path: /docs })' });
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  const closed = await checkHealth({ url, timeoutMs: 1000, retries: 0 });
  assert.equal(closed.healthy, false);
  if (!closed.healthy) assert.match(closed.reason, /refused the connection/);
});
