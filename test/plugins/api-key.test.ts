import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDefaultHeader, isValidHeaderName } from '../../plugins/artillery-plugin-api-key/default-headers.ts';
import { Plugin } from '../../plugins/artillery-plugin-api-key/index.ts';
import type { ScriptConfig } from '../../plugins/shared/artillery.ts';

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
