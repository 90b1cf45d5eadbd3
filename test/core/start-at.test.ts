import { test } from 'node:test';
import assert from 'node:assert/strict';
import { insertStartAtWait, parseStartAt, START_AT_WAIT_INDEX } from '../../src/core/start-at.ts';

const NOW = Date.parse('2026-12-01T14:00:00Z');

test('--start-at reads an ISO-8601 time with its zone and a +delay', () => {
  assert.deepEqual(parseStartAt('2026-12-01T14:05:00Z', NOW), { ok: true, at: NOW + 300_000 });
  assert.deepEqual(parseStartAt('2026-12-01T15:05:00.500+01:00', NOW), { ok: true, at: NOW + 300_500 });
  assert.deepEqual(parseStartAt('+30s', NOW), { ok: true, at: NOW + 30_000 });
  assert.deepEqual(parseStartAt('+45', NOW), { ok: true, at: NOW + 45_000 });
  assert.deepEqual(parseStartAt('+2m', NOW), { ok: true, at: NOW + 120_000 });
});

test('--start-at refuses what each machine would read differently, or what has passed, saying what to write', () => {
  const noZone = parseStartAt('2026-12-01T14:05:00', NOW);
  assert.equal(noZone.ok, false);
  assert.match(noZone.ok ? '' : noZone.reason, /no zone.*add Z for UTC.*--start-at \+30s/);
  const past = parseStartAt('2026-12-01T13:59:30Z', NOW);
  assert.match(past.ok ? '' : past.reason, /was 30\.0 s ago; give a time in the future/);
  for (const bad of ['tomorrow', '+0s', '+soon', '2026-13-45T99:00:00Z']) assert.equal(parseStartAt(bad, NOW).ok, false, bad);
});

test('the wait goes before the phases, which keep their indices', () => {
  const phases: Array<Record<string, unknown>> = [{ duration: 5, arrivalRate: 2 }, { duration: 5, arrivalRate: 4 }];
  insertStartAtWait(phases, NOW + 7_250, NOW);
  assert.deepEqual(phases.map((p) => p['index']), [START_AT_WAIT_INDEX, 0, 1]);
  // Artillery's phaser misreads fractional seconds; a unit string it reads exactly.
  assert.equal(phases[0]?.['pause'], '7250ms');
  const late: Array<Record<string, unknown>> = [{ duration: 5, arrivalRate: 2 }];
  insertStartAtWait(late, NOW - 1_000, NOW);
  assert.equal(late.length, 1, 'no wait once the instant has passed');
});
