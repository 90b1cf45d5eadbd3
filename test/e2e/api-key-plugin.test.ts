/**
 * The api-key plugin inside a real Artillery run against a server on loopback: every request
 * carries the key, which never reaches a file or the console; a missing key is said once, exit 3.
 * (Its rules without Artillery: test/plugins/api-key.test.ts.)
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startArtillery } from '../helpers/run-artillery.ts';

function startServer(): Promise<{ url: string; keys: (string | undefined)[]; close(): Promise<void> }> {
  const keys: (string | undefined)[] = [];
  const server = http.createServer((req, res) => {
    keys.push(req.headers['x-api-key'] as string | undefined);
    req.resume();
    // 5 ms per answer, so that every request is slower than the 1 ms slow-request threshold
    // even on an idle machine (which answers in under a millisecond).
    req.on('end', () => setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'), 5));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, keys, close: () => new Promise<void>((done) => server.close(() => done())) });
    });
  });
}

function script(target: string, plugin: Record<string, unknown>): unknown {
  return {
    config: {
      target,
      phases: [{ duration: 2, arrivalRate: 10 }],
      plugins: { 'api-key': plugin, 'unique-users': {}, 'slow-requests': { threshold: '1ms' } },
    },
    scenarios: [
      {
        flow: [
          { get: { url: '/api/v1/reminders?user_id={{ userId }}' } },
          { post: { url: '/api/v1/chat', json: { user_id: '{{ userId }}', message: 'hi' } } },
        ],
      },
    ],
  };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('api-key plugin with Artillery', { timeout: 120_000 }, () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.close();
  });

  it('sends the key on every request and never writes or prints it', async () => {
    server.keys.length = 0;
    const key = `key-${randomBytes(16).toString('hex')}`;
    const run = startArtillery({ script: script(server.url, {}), env: { LOADSPEC_API_KEY: key }, timeoutMs: 60_000 });
    const result = await run.done;
    assert.equal(result.exitCode, 0, result.stderr);

    assert.equal(server.keys.length, 40);
    assert.ok(server.keys.every((received) => received === key), 'every request carries the key');

    // Slow-request records (every request is "slow" at 1 ms) and Artillery's report are written too.
    const files = filesUnder(run.runDir);
    assert.ok(files.some((file) => file.endsWith('slow-requests.jsonl')));
    assert.ok(files.some((file) => file.endsWith('artillery.json')));
    for (const file of files) assert.ok(!readFileSync(file, 'utf8').includes(key), `${file} contains the key`);
    assert.ok(!result.stdout.includes(key), 'stdout contains the key');
    assert.ok(!result.stderr.includes(key), 'stderr contains the key');
    const events = readFileSync(path.join(run.runDir, 'events.jsonl'), 'utf8');
    assert.match(events, /"type":"plugin-loaded","name":"api-key"/);
  });

  it('says which variable is missing and suggests exit code 3 when the key is not set', async () => {
    server.keys.length = 0;
    const variable = `LOADSPEC_TEST_KEY_${randomBytes(4).toString('hex').toUpperCase()}`;
    const run = startArtillery({ script: script(server.url, { env: variable, header: 'X-Token' }), output: false, timeoutMs: 60_000 });
    const result = await run.done;
    const sentence = `api-key: environment variable ${variable} is not set, so requests are sent without the X-Token header; set it before running.`;
    assert.equal(result.stderr.split(sentence).length - 1, 1, `stderr says once:\n${sentence}\ngot:\n${result.stderr}`);
    assert.equal(result.exitCode, 3);
    assert.equal(server.keys.length, 40, 'the run still goes (the runner checks beforehand)');
  });
});
