import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileHeldUsers } from '../../src/config/held-users.ts';
import { resolveArtilleryScript } from '../../src/run/resolve-script.ts';
import { shownErrorsOfText } from '../helpers/config-errors.ts';

test('users held for a duration become a start phase at the spawn rate and a hold phase, both capped at the users', () => {
  const { phases, writtenIndex } = compileHeldUsers([{ name: 'ramp', duration: 5, arrivalRate: 2 }, { name: 'hour', users: 50, spawnRate: 5, duration: 3600 }]);
  assert.deepEqual(phases, [
    { name: 'ramp', duration: 5, arrivalRate: 2 },
    { name: 'hour', duration: 10, arrivalRate: 5, maxVusers: 50 },
    { name: 'hour (held)', duration: 3590, arrivalRate: 5, maxVusers: 50 },
  ]);
  assert.deepEqual(writtenIndex, [0, 1, 1]);
});

test('a fast spawn rate refills at most 10 users a second, so Artillery never busy-waits on its arrival timer', () => {
  const { phases } = compileHeldUsers([{ users: 200, spawnRate: 200, duration: '5m' }]);
  assert.deepEqual(phases, [
    { name: '200 users', duration: 1, arrivalRate: 200, maxVusers: 200 },
    { name: '200 users (held)', duration: 299, arrivalRate: 10, maxVusers: 200 },
  ]);
});

test('the script Artillery runs has no held-users keys left, and a shard divides their arrivals and cap', () => {
  const source = { config: { phases: [{ users: 8, spawnRate: 4, duration: 12 }] }, scenarios: [{ flow: [{ get: { url: '/' } }] }] };
  const whole = resolveArtilleryScript(source, { target: 'http://127.0.0.1:1' });
  assert.deepEqual((whole.script['config'] as { phases: unknown[] }).phases, [
    { name: '8 users', duration: 2, arrivalRate: 4, maxVusers: 8 },
    { name: '8 users (held)', duration: 10, arrivalRate: 4, maxVusers: 8 },
  ]);
  assert.equal(whole.sendsLoad, true);
  const half = resolveArtilleryScript(source, { target: 'http://127.0.0.1:1', shard: { index: 2, count: 2 } });
  assert.deepEqual((half.script['config'] as { phases: { maxVusers?: number; arrivalRate?: number }[] }).phases.map((p) => [p.arrivalRate, p.maxVusers]), [[2, 4], [2, 4]]);
});

test('a held-users phase that lacks a key, mixes in arrivals or cannot start its users in time is told what to write', async () => {
  const errors = await shownErrorsOfText([
    'config:',
    '  phases:',
    '    - { users: 10, duration: 60 }',
    '    - { spawnRate: 2, duration: 60 }',
    '    - { users: 10, spawnRate: 2, arrivalRate: 5, duration: 60 }',
    '    - { users: 100, spawnRate: 2, duration: 10 }',
    '    - { users: 10, spawnRate: 2 }',
    'scenarios:',
    '  - flow: [{ get: { url: / } }]',
    '',
  ].join('\n'));
  assert.deepEqual(errors, [
    '3:7 config.phases[0] has "users" without "spawnRate"; add how many users start per second, e.g. "spawnRate: 10" (as many as "users" starts them all at once)',
    '4:7 config.phases[1] has "spawnRate" without "users"; add how many users to keep active, e.g. "users: 50"',
    '5:34 config.phases[2] has both "users" (users held active) and "arrivalRate" (Artillery\'s arrivals); write one of them, or put each in a phase of its own',
    '6:45 config.phases[3] starts 100 users at 2/s, which takes 50 s, longer than its duration of 10 s; raise "spawnRate" to at least 10 or "duration" to at least 50',
    '7:7 config.phases[4] is missing "duration" (how long the users are kept active, e.g. "10m")',
  ]);
});
