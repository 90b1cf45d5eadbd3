import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArguments } from '../../src/target/args.ts';

const start = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
  const parsed = parseArguments(argv, env);
  assert.equal(parsed.kind, 'start', parsed.kind === 'error' ? parsed.message : parsed.kind);
  return parsed.kind === 'start' ? parsed.options : assert.fail();
};
const error = (argv: string[], env: NodeJS.ProcessEnv = {}): string => {
  const parsed = parseArguments(argv, env);
  return parsed.kind === 'error' ? parsed.message : assert.fail(`expected an error, got ${parsed.kind}`);
};

describe('demo target command line', () => {
  it('defaults to port 8000 on 127.0.0.1 with no key', () => {
    const options = start([]);
    assert.equal(options.port, 8000);
    assert.equal(options.host, '127.0.0.1');
    assert.equal(options.apiKey, null);
    assert.equal(options.poolSize, 13);
  });

  it('reads every knob, in both --flag value and --flag=value forms', () => {
    const options = start([
      '--', '--port', '0', '--host=::1', '--latency-scale', '0.5', '--error-rate', '5%', '--bad-body-rate=0.1',
      '--degradation-ms-per-min', '20', '--crash-after', '100', '--pool-size', '4', '--pool-timeout-ms', '500',
      '--cache-ttl', '5', '--seed', '9',
    ]);
    assert.deepEqual(options, {
      port: 0, host: '::1', apiKey: null, latencyScale: 0.5, errorRate: 0.05, badBodyRate: 0.1,
      degradationMsPerMin: 20, crashAfter: 100, poolSize: 4, poolTimeoutMs: 500, cacheTtlS: 5, seed: 9,
    });
  });

  it('takes the API key from DEMO_API_KEY, else LOADSPEC_API_KEY, or from the variable --api-key-env names', () => {
    assert.equal(start([], { DEMO_API_KEY: 'a', LOADSPEC_API_KEY: 'b' }).apiKey, 'a');
    assert.equal(start([], { LOADSPEC_API_KEY: 'b' }).apiKey, 'b');
    assert.equal(start(['--api-key-env', 'MY_KEY'], { MY_KEY: 'c', DEMO_API_KEY: 'a' }).apiKey, 'c');
    assert.match(error(['--api-key-env', 'MY_KEY']), /MY_KEY, but that environment variable is not set/);
  });

  it('explains bad flags in one sentence naming the flag', () => {
    assert.equal(error(['--pool-sise', '3']), 'unknown option --pool-sise (did you mean --pool-size?)');
    assert.equal(error(['--port', 'eighty']), '--port must be a number (got "eighty")');
    assert.equal(error(['--port']), '--port needs a value, e.g. --port 8000');
    assert.match(error(['--host', '0.0.0.0']), /^--host must be a loopback address/);
    assert.match(error(['--error-rate', '1.5']), /^--error-rate must be a share from 0 to 1/);
    assert.match(error(['--pool-size', '2.5']), /^--pool-size must be a whole number/);
    assert.match(error(['8000']), /unexpected argument "8000"/);
    for (const message of [error(['--port', 'x']), error(['--nope'])]) assert.doesNotMatch(message, /\n/);
  });

  it('lists every option in --help', () => {
    const parsed = parseArguments(['--help'], {});
    assert.equal(parsed.kind, 'help');
    const text = parsed.kind === 'help' ? parsed.text : '';
    for (const flag of ['--port', '--host', '--api-key-env', '--latency-scale', '--error-rate', '--bad-body-rate',
      '--degradation-ms-per-min', '--crash-after', '--pool-size']) {
      assert.ok(text.includes(flag), flag);
    }
  });
});
