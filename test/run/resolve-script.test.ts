import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveArtilleryScript, shareOf, plannedPhases } from '../../src/run/resolve-script.ts';
import type { ScenarioScript } from '../../src/config/schema/script.ts';

const script = (): ScenarioScript => ({
  loadspec: { duration: '5m', description: 'x' },
  config: {
    phases: [
      { name: 'ramp', duration: 10, arrivalRate: 7, rampTo: 10 },
      { duration: '1m', arrivalCount: 5 },
    ],
    plugins: { 'api-key': {}, thresholds: { criteria: ['p95 < 3s'] } },
  },
  scenarios: [{ flow: [{ get: { url: '/' } }] }],
});

test('n shards together produce exactly the load of one run, remainders to the first shards', () => {
  for (const total of [0, 1, 7, 10, 200]) {
    for (const count of [1, 2, 3, 4, 7]) {
      const parts = Array.from({ length: count }, (_, i) => shareOf(total, i + 1, count));
      assert.equal(parts.reduce((a, b) => a + b, 0), total, `${total} over ${count}: ${parts}`);
      assert.ok(Math.max(...parts) - Math.min(...parts) <= 1);
    }
  }
});

test('a shard divides arrival rates, counts and ramps', () => {
  const resolved = resolveArtilleryScript(script(), { target: 'http://127.0.0.1:1', shard: { index: 2, count: 3 } });
  const phases = (resolved.script.config as { phases: Record<string, unknown>[] }).phases;
  assert.deepEqual(phases[0], { name: 'ramp', duration: 10, arrivalRate: 2, rampTo: 3 });
  assert.deepEqual(phases[1], { duration: '1m', arrivalCount: 2 });
});

test('the resolved script has the target, no loadspec-only keys, and our plugins on', () => {
  const resolved = resolveArtilleryScript(script(), { target: 'http://127.0.0.1:9' });
  assert.equal((resolved.script.config as { target: string }).target, 'http://127.0.0.1:9');
  assert.equal('loadspec' in resolved.script, false);
  assert.equal('include' in resolved.script, false);
  assert.equal(resolved.capS, 300, 'loadspec.duration caps the run');
  assert.deepEqual(resolved.plugins.sort(), ['api-key', 'generator-health', 'recorder', 'slow-requests', 'thresholds']);
  assert.equal(resolved.slowThresholdS, 3);
});

test('without loadspec.duration the cap is the phases plus a minute for sessions to end', () => {
  const s = script();
  delete s.loadspec;
  assert.equal(resolveArtilleryScript(s, { target: 'http://127.0.0.1:9' }).capS, 10 + 60 + 60);
});

test('planned phases have offsets and names', () => {
  assert.deepEqual(plannedPhases([{ duration: 10 }, { pause: '30s', name: 'quiet' }, { duration: '2m' }]), [
    { index: 0, name: 'phase 1', offsetS: 0, durationS: 10 },
    { index: 1, name: 'quiet', offsetS: 10, durationS: 30 },
    { index: 2, name: 'phase 3', offsetS: 40, durationS: 120 },
  ]);
});

test('a shard whose share of the load is zero is recognised before anything starts', () => {
  const tiny: ScenarioScript = { config: { phases: [{ duration: 2, arrivalCount: 1 }] }, scenarios: [] };
  assert.equal(resolveArtilleryScript(tiny, { target: 'http://127.0.0.1:9', shard: { index: 1, count: 2 } }).sendsLoad, true);
  assert.equal(resolveArtilleryScript(tiny, { target: 'http://127.0.0.1:9', shard: { index: 2, count: 2 } }).sendsLoad, false);
});

test('the expect plugin is quiet unless the file asks otherwise', () => {
  const quiet = resolveArtilleryScript({ config: { phases: [{ duration: 1, arrivalRate: 1 }], plugins: { expect: {} } }, scenarios: [] }, { target: 'http://127.0.0.1:9' });
  assert.deepEqual((quiet.script.config as { plugins: Record<string, unknown> }).plugins['expect'], { outputFormat: 'silent' });
  const chatty = resolveArtilleryScript({ config: { phases: [{ duration: 1, arrivalRate: 1 }], plugins: { expect: { outputFormat: 'json' } } }, scenarios: [] }, { target: 'http://127.0.0.1:9' });
  assert.deepEqual((chatty.script.config as { plugins: Record<string, unknown> }).plugins['expect'], { outputFormat: 'json' });
});

test('a hold (arrivalRate: 0 for a duration) runs as a pause, in the plan too', () => {
  const hold: ScenarioScript = {
    config: { phases: [{ duration: 2, arrivalRate: 1 }, { name: 'hold', duration: '3s', arrivalRate: 0 }, { duration: 2, arrivalRate: 0, rampTo: 4 }] },
    scenarios: [{ flow: [{ get: { url: '/' } }] }],
  };
  const resolved = resolveArtilleryScript(hold, { target: 'http://127.0.0.1:9' });
  const phases = (resolved.script.config as { phases: Record<string, unknown>[] }).phases;
  assert.deepEqual(phases, [{ duration: 2, arrivalRate: 1 }, { name: 'hold', pause: '3s' }, { duration: 2, arrivalRate: 0, rampTo: 4 }]);
  assert.deepEqual(resolved.phases.map((p) => [p.name, p.offsetS, p.durationS]), [['phase 1', 0, 2], ['hold', 2, 3], ['phase 3', 5, 2]]);
  assert.equal(resolved.sendsLoad, true);
});

test('a think that waits for a variable of bare seconds is given its unit, so Artillery does not read milliseconds', () => {
  const thinking: ScenarioScript = {
    config: { phases: [{ duration: 1, arrivalCount: 1 }], variables: { thinkSeconds: 1.5 } },
    scenarios: [{ flow: [{ get: { url: '/' } }, { think: '{{ thinkSeconds }}', jitter: '50%' }] }],
  };
  const resolved = resolveArtilleryScript(thinking, { target: 'http://127.0.0.1:9' });
  const flow = (resolved.script['scenarios'] as { flow: Record<string, unknown>[] }[])[0]?.flow;
  assert.deepEqual(flow?.[1], { think: '{{ thinkSeconds }}s', jitter: '50%' });
  assert.deepEqual((thinking.scenarios?.[0] as { flow: unknown[] }).flow[1], { think: '{{ thinkSeconds }}', jitter: '50%' }, 'the loaded script is left as written');
});

test('credentials from the environment: an Authorization template in the headers Artillery reads, none in the file', () => {
  const base = (): ScenarioScript => ({ config: { phases: [{ duration: 1, arrivalRate: 1 }] }, scenarios: [] });
  const fresh = resolveArtilleryScript(base(), { target: 'http://127.0.0.1:9', authorizeFromEnvironment: true });
  assert.deepEqual((fresh.script.config as { http: unknown }).http, {
    defaults: { headers: { 'user-agent': 'Artillery (https://artillery.io)', authorization: '{{ $env.LOADSPEC_TARGET_AUTHORIZATION }}' } },
  });
  const legacy = base();
  (legacy.config as Record<string, unknown>)['defaults'] = { headers: { 'x-team': 'a' } };
  const resolved = resolveArtilleryScript(legacy, { target: 'http://127.0.0.1:9', authorizeFromEnvironment: true });
  assert.deepEqual((resolved.script.config as { defaults: unknown }).defaults, { headers: { 'x-team': 'a', authorization: '{{ $env.LOADSPEC_TARGET_AUTHORIZATION }}' } });
  const own = base();
  (own.config as Record<string, unknown>)['http'] = { defaults: { headers: { Authorization: 'Bearer x' } } };
  const kept = resolveArtilleryScript(own, { target: 'http://127.0.0.1:9', authorizeFromEnvironment: true });
  assert.deepEqual((kept.script.config as { http: unknown }).http, { defaults: { headers: { Authorization: 'Bearer x' } } });
});

test('a shard whose share of a phase is nobody pauses for that phase, so its later phases keep their times', () => {
  const small: ScenarioScript = {
    config: { phases: [{ name: 'one', duration: 2, arrivalRate: 1 }, { name: 'two', duration: 2, arrivalRate: 6 }] },
    scenarios: [{ flow: [{ get: { url: '/' } }] }],
  };
  const resolved = resolveArtilleryScript(small, { target: 'http://127.0.0.1:9', shard: { index: 3, count: 3 } });
  const phases = (resolved.script.config as { phases: Record<string, unknown>[] }).phases;
  assert.deepEqual(phases, [{ name: 'one', pause: 2 }, { name: 'two', duration: 2, arrivalRate: 2 }]);
  assert.equal(resolved.sendsLoad, true);
});
