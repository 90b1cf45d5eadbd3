import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addDefaultHeader, isValidHeaderName } from '../../plugins/artillery-plugin-api-key/default-headers.ts';
import { Plugin } from '../../plugins/artillery-plugin-api-key/index.ts';
import type { ScriptConfig } from '../../plugins/shared/artillery.ts';
import { startArtillery } from '../helpers/run-artillery.ts';

describe('default header placement', () => {
  it('adds the header next to the user agent Artillery would send when the script sets no headers', () => {
    const config: ScriptConfig = {};
    addDefaultHeader(config, 'X-API-Key', 'k');
    assert.deepEqual(config.defaults?.headers, { 'user-agent': 'Artillery (https://artillery.io)', 'x-api-key': 'k' });
  });

  it('adds to config.http.defaults.headers when the script uses them (Artillery then ignores config.defaults)', () => {
    const config: ScriptConfig = { http: { defaults: { headers: { accept: 'application/json' } } } };
    addDefaultHeader(config, 'X-API-Key', 'k');
    assert.deepEqual(config.http?.defaults?.headers, { accept: 'application/json', 'x-api-key': 'k' });
    assert.equal(config.defaults, undefined);
  });

  it('replaces a default of the same name whatever its case, and keeps the others', () => {
    const config: ScriptConfig = { defaults: { headers: { 'X-Api-Key': 'old', accept: 'text/plain' } } };
    addDefaultHeader(config, 'X-API-Key', 'new');
    assert.deepEqual(config.defaults?.headers, { accept: 'text/plain', 'x-api-key': 'new' });
  });

  it('accepts header names made of token characters only', () => {
    assert.ok(isValidHeaderName('X-API-Key'));
    assert.ok(!isValidHeaderName('X API Key'));
    assert.ok(!isValidHeaderName(''));
  });
});

/** Constructs the plugin as Artillery would on one side, capturing what it prints to stderr. */
function construct(side: 'main' | 'worker', env: Record<string, string | undefined>, plugins: Record<string, unknown> = { 'api-key': {} }) {
  const script: { config: ScriptConfig } = { config: { plugins } };
  const saved = { ...process.env };
  const savedError = console.error;
  const artillery: { suggestedExitCode?: number } = {};
  const printed: string[] = [];
  Reflect.set(globalThis, 'artillery', artillery);
  console.error = (...args: unknown[]) => printed.push(args.join(' '));
  for (const [key, value] of Object.entries({ LOCAL_WORKER_ID: side === 'worker' ? '1' : undefined, LOADSPEC_RUN_DIR: undefined, DEBUG: undefined, ...env })) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  try {
    new Plugin(script);
  } finally {
    console.error = savedError;
    Reflect.deleteProperty(globalThis, 'artillery');
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
  return { config: script.config, printed, exitCode: artillery.suggestedExitCode };
}

describe('api-key plugin construction', () => {
  it('in a worker, puts the key into the default headers', () => {
    const { config, printed } = construct('worker', { LOADSPEC_API_KEY: 'k1' });
    assert.equal(config.defaults?.headers?.['x-api-key'], 'k1');
    assert.deepEqual(printed, []);
  });

  it('in the main process, never touches the script (Artillery may write or send it)', () => {
    const { config } = construct('main', { LOADSPEC_API_KEY: 'k1' });
    assert.equal(config.defaults, undefined);
  });

  it('reports an empty variable like a missing one, naming it', () => {
    const { printed, exitCode } = construct('main', { MY_KEY: '' }, { 'api-key': { env: 'MY_KEY' } });
    assert.deepEqual(printed, ['api-key: environment variable MY_KEY is empty, so requests are sent without the X-API-Key header; set it before running.']);
    assert.equal(exitCode, 3);
  });

  it('refuses a header name that is not a token', () => {
    const { printed, exitCode } = construct('main', { LOADSPEC_API_KEY: 'k1' }, { 'api-key': { header: 'X API Key' } });
    assert.deepEqual(printed, ['api-key: "X API Key" is not a valid HTTP header name; requests are sent without an API key.']);
    assert.equal(exitCode, 2);
  });

  it('warns that DEBUG=http would print the key', () => {
    const { printed, exitCode } = construct('main', { LOADSPEC_API_KEY: 'k1', DEBUG: 'http' });
    assert.equal(printed.length, 1);
    assert.match(printed[0] ?? '', /^api-key: DEBUG=http makes Artillery print request headers/);
    assert.ok(!(printed[0] ?? '').includes('k1'));
    assert.equal(exitCode, undefined);
  });
});

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
