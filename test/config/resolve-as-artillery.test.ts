/**
 * The resolution of run options matches Artillery's own functions (artillery/util, 2.0.34)
 * on the same input: merges of --config, environments and --overrides, --variables, and
 * the rendering of {{ }} in config.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveAsArtillery } from '../../src/config/resolve-as-artillery.ts';
import { plainRunOptions } from '../../src/config/run-options.ts';

(globalThis as { artillery?: unknown }).artillery ??= { testRunId: 't' };
const artillery = await import('artillery/util');

const script = () => ({
  config: {
    target: 'http://127.0.0.1:{{ $env.PORT }}',
    phases: [{ duration: 60, arrivalRate: 5 }, { duration: 30, arrivalRate: 9 }],
    http: { timeout: '{{ wait }}' },
    variables: { fixed: 1 },
    environments: { ci: { phases: [{ duration: 2 }], http: { pool: 3 } } },
  },
  scenarios: [{ flow: [{ get: { url: '/' } }] }],
});

test('an environment, --overrides and --variables merge as Artillery merges them, and config templates render alike', async () => {
  const env = { PORT: '8080' };
  const flags = { environment: 'ci', overrides: '{"config":{"phases":[{"duration":1,"arrivalCount":2}],"http":{"maxSockets":4}}}', variables: '{"wait":7}' };
  const saved = process.env['PORT'];
  process.env['PORT'] = env.PORT;
  try {
    let theirs = await artillery.checkConfig(script(), '/tmp/x.yml', flags);
    theirs = await artillery.addOverrides(theirs, flags);
    theirs = await artillery.addVariables(theirs, flags);
    theirs = await artillery.resolveConfigTemplates(theirs, flags, '/tmp/x.yml', '/tmp/x.yml');
    const ours = resolveAsArtillery('/tmp/x.yml', script(), undefined, {
      ...plainRunOptions(env),
      environment: 'ci',
      overrides: JSON.parse(flags.overrides) as Record<string, unknown>,
      variables: { wait: 7 },
    });
    const { environments: _theirs, ...theirConfig } = theirs.config;
    const { environments: _ours, ...ourConfig } = ours.data['config'] as Record<string, unknown>;
    assert.deepEqual(ourConfig, theirConfig);
    assert.deepEqual(ours.issues, []);
  } finally {
    if (saved === undefined) delete process.env['PORT'];
    else process.env['PORT'] = saved;
  }
});

test('environment phases merge into config.phases item by item, as lodash merge does', () => {
  const ours = resolveAsArtillery('/tmp/x.yml', script(), undefined, { ...plainRunOptions({ PORT: '1' }), environment: 'ci', variables: { wait: 1 } });
  assert.deepEqual((ours.data['config'] as { phases: unknown }).phases, [{ duration: 2, arrivalRate: 5 }, { duration: 30, arrivalRate: 9 }]);
});

test('a number from the environment is a number; an unset variable is named, not rendered "undefined"', () => {
  const data = { config: { phases: [{ duration: 1, arrivalRate: '{{ $env.USERS }}' }], target: 'http://h:{{ $processEnvironment.P }}' }, scenarios: [] };
  const set = resolveAsArtillery('/tmp/x.yml', data, undefined, plainRunOptions({ USERS: '10', P: '80' }));
  assert.deepEqual((set.data['config'] as Record<string, unknown>)['phases'], [{ duration: 1, arrivalRate: 10 }]);
  const unset = resolveAsArtillery('/tmp/x.yml', data, undefined, plainRunOptions({}));
  assert.deepEqual(unset.issues.map((i) => i.message), [
    'config.phases[0].arrivalRate is "{{ $env.USERS }}", but $env.USERS is not set (Artillery would use the text "undefined"); set USERS in the environment (e.g. USERS=... before the command) or in a --dotenv file',
    'config.target is "http://h:{{ $processEnvironment.P }}", but $processEnvironment.P is not set (Artillery would use the text "undefined"); set P in the environment (e.g. P=... before the command) or in a --dotenv file',
  ]);
});

test("a phase merged from the environment with both arrivalCount and arrivalRate is the phase Artillery's phaser runs: arrivalCount", async () => {
  const docs = () => ({
    config: {
      target: 'http://127.0.0.1:1',
      phases: [{ duration: 60, arrivalRate: 5 }, { pause: 10 }],
      environments: { functional: { phases: [{ duration: 1, arrivalCount: 1 }, { duration: 2, arrivalRate: 1 }] } },
    },
    scenarios: [{ flow: [{ get: { url: '/' } }] }],
  });
  const theirs = await artillery.checkConfig(docs(), '/tmp/x.yml', { environment: 'functional' });
  // Artillery's merge holds both; its phaser (lib/core/phases.ts) reads pause, then arrivalCount, then arrivalRate.
  assert.deepEqual(theirs.config.phases, [{ duration: 1, arrivalCount: 1, arrivalRate: 5 }, { pause: 10, duration: 2, arrivalRate: 1 }]);
  const ours = resolveAsArtillery('/tmp/x.yml', docs(), undefined, { ...plainRunOptions({}), environment: 'functional' });
  assert.deepEqual((ours.data['config'] as { phases: unknown }).phases, [{ duration: 1, arrivalCount: 1 }, { pause: 10 }]);
  assert.deepEqual(ours.notes.map((n) => [n.path.join('.'), n.message.replace(/;.*/, '')]), [
    ['config.environments.functional.phases.0', 'note: with -e functional, Artillery merges this phase into config.phases[0] item by item'],
    ['config.environments.functional.phases.1', 'note: with -e functional, Artillery merges this phase into config.phases[1] item by item'],
  ]);
  assert.match(ours.notes[1]?.message ?? '', /the merged phase has pause 10 and duration 2, arrivalRate 1, and runs on pause 10/);
});
