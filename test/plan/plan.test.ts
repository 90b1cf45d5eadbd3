import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadScenarioFile } from '../../src/config/load.ts';
import { planScenario } from '../../src/plan/plan.ts';
import type { ScenarioPlan } from '../../src/plan/plan.ts';
import { renderShortPlan } from '../../src/plan/render-plan.ts';

async function planOfFile(file: string): Promise<ScenarioPlan> {
  const loaded = await loadScenarioFile(file);
  assert.ok(loaded.ok, loaded.ok ? '' : JSON.stringify(loaded.errors));
  return planScenario(loaded.script);
}

async function planOfText(lines: string[]): Promise<ScenarioPlan> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-plan-unit-'));
  const file = path.join(dir, 'scenario.yml');
  await writeFile(file, `${lines.join('\n')}\n`);
  return planOfFile(file);
}

test('steady is the reference: 100 users at 10/s, ~5,000 requests, every session inside the 10-minute cap', async () => {
  const plan = await planOfFile('configs/steady.yml');
  assert.deepEqual([plan.users, plan.requests, plan.peakConcurrentUsers, plan.seconds, plan.sessionsCutByCap], [100, 5000, 100, 600, 0]);
  assert.equal(plan.phases[0]?.arrivalRate, 10);
  // The last user arrives at ~9.9 s and its session takes 8m20s: the load runs ~8m30s of the 10-minute cap.
  assert.equal(plan.loadSeconds, 509.9);
});

test('spike is 200 users at once; the 5-minute cap cuts every session at ~30 requests (~6,000, not the reference\'s 10,000)', async () => {
  const plan = await planOfFile('configs/spike.yml');
  assert.deepEqual([plan.users, plan.peakConcurrentUsers, plan.requests, plan.seconds, plan.sessionsCutByCap], [200, 200, 6000, 300, 200]);
  assert.equal(plan.phases[0]?.kind, 'held users');
});

test('endurance holds ~50 users for 3,600 s: sessions of 50 requests, each finished one replaced by a new user', async () => {
  const plan = await planOfFile('configs/endurance.yml');
  assert.equal(plan.peakConcurrentUsers, 50);
  assert.equal(plan.seconds, 3600);
  assert.equal(plan.loadSeconds, 3600, 'users are held until the cap');
  assert.equal(plan.session.requests, 50);
  // 50 users x 3,600 s / ~500 s per session: 8 sessions each (the last cut by the cap).
  assert.equal(plan.users, 400);
  assert.equal(plan.sessionsCutByCap, 50);
  assert.ok(plan.requests !== null && Math.abs(plan.requests - 18_000) <= 200, `requests ${plan.requests}`);
});

test('arrival and held-users phases mix: users still running from the first count towards the held number', async () => {
  const plan = await planOfText([
    'config:',
    '  phases:',
    '    - { name: warm, duration: 2, arrivalRate: 1 }',
    '    - { name: hold, users: 4, spawnRate: 4, duration: 10 }',
    'scenarios:',
    '  - flow:',
    '      - loop:',
    '          - get: { url: /a }',
    '          - think: 1',
    '        count: 5',
  ]);
  const [warm, hold] = plan.phases;
  assert.deepEqual([warm?.users, warm?.requests], [2, 10]);
  // The two warm users run until 5 s and 6 s: the hold starts 2 more at once, then refills to 4.
  assert.equal(hold?.peakConcurrentUsers, 4);
  assert.equal(hold?.startS, 2);
  assert.ok((hold?.users ?? 0) >= 6, `hold users ${hold?.users}`);
  assert.equal(plan.seconds, 72);
});

test('a flow that loops forever without think time has no known number of requests, and says why', async () => {
  const plan = await planOfText(['config:', '  phases: [{ duration: 2, arrivalRate: 1 }]', 'scenarios:', '  - flow:', '      - loop:', '          - get: { url: /a }']);
  assert.equal(plan.requests, null);
  assert.match(plan.notes.join(' '), /loop forever without think time/);
  assert.match(renderShortPlan(plan), /unknown requests/);
});

test('weights and loop counts from variables give expected requests; a ramp counts its average rate', async () => {
  const plan = await planOfText([
    'config:',
    '  phases: [{ duration: 10, arrivalRate: 0, rampTo: 2 }]',
    '  variables: { n: 4 }',
    'scenarios:',
    '  - weight: 3',
    '    flow: [{ loop: [{ get: { url: /a } }], count: "{{ n }}" }]',
    '  - weight: 1',
    '    flow: [{ get: { url: /b } }]',
  ]);
  assert.equal(plan.users, 10);
  assert.equal(plan.requests, Math.round(10 * (0.75 * 4 + 0.25 * 1)));
});
