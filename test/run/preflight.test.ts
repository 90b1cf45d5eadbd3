import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeBadHeaderValue, preflight } from '../../src/run/preflight.ts';
import type { ScenarioScript } from '../../src/config/schema/script.ts';

const withApiKey: ScenarioScript = { config: { plugins: { 'api-key': {} } }, scenarios: [] };

test('an API key no HTTP header can carry is refused before anything is sent, naming the variable and never the key', async () => {
  let requests = 0;
  const server = http.createServer((_req, res) => {
    requests += 1;
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const result = await preflight(withApiKey, { target, env: { LOADSPEC_API_KEY: 'secret-key\n' } }, 'configs/smoke.yml', () => {});
    assert.deepEqual(result, {
      ok: false,
      reason: `the API key variable LOADSPEC_API_KEY holds a line break at character 11 of 11, which no HTTP header can carry, so every request would fail (ERR_INVALID_CHAR); set it to the key alone, e.g. export LOADSPEC_API_KEY="$(tr -d '\\r\\n' < key-file)"`,
    });
    assert.equal(requests, 0, 'not even the health check was sent');
  } finally {
    server.close();
  }
});

test('header values: tab, printable ASCII and Latin-1 pass; line breaks, control characters and the rest are named', () => {
  assert.equal(describeBadHeaderValue('abc\tDEF~ é'), null);
  assert.equal(describeBadHeaderValue('abc\r\n'), 'a carriage return at character 4 of 5');
  assert.equal(describeBadHeaderValue('a\u0007'), 'a control character (U+0007) at character 2 of 2');
  assert.equal(describeBadHeaderValue('key€'), 'a character outside Latin-1 (U+20AC) at character 4 of 4');
});

test('a health check that fails does not show the target\'s credentials', async () => {
  const server = http.createServer((_req, res) => {
    res.statusCode = 503;
    res.end('down');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    const script: ScenarioScript = { loadspec: { health: { retries: 1 } }, config: {}, scenarios: [] };
    const result = await preflight(script, { target: `http://user:pa55word@127.0.0.1:${port}`, env: {} }, 'x.yml', () => {});
    assert.equal(result.ok, false);
    const reason = result.ok ? '' : result.reason;
    assert.match(reason, new RegExp(`GET http://127\\.0\\.0\\.1:${port}/health`));
    assert.doesNotMatch(reason, /pa55word|user:/);
  } finally {
    server.close();
  }
});
