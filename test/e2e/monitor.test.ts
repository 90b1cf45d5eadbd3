/**
 * The monitor inside real runs: the real CLI, real Artillery and the demo target on loopback.
 * A normal run is judged on the monitor's numbers (which follow what the target reports) and is
 * not called saturated; a run that overloads Artillery on purpose is inconclusive (exit 5).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/run-cli.ts';
import { startDemoTarget } from '../../src/target/server.ts';
import type { RunResult } from '../../src/core/types.ts';

async function runScenarioFile(yaml: string, target: string, extra: string[] = []): Promise<{ code: number | null; output: string; summary: RunResult }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-e2e-monitor-'));
  const file = path.join(dir, 'scenario.yml');
  await writeFile(file, yaml);
  const results = path.join(dir, 'results');
  const run = await runCli(['run', file, '--target', target, '--results', results, ...extra], { env: { LOADSPEC_API_KEY: undefined, TARGET_URL: undefined }, timeoutMs: 60_000 });
  const runs = await readdir(results);
  assert.equal(runs.length, 1, run.stdout + run.stderr);
  const summary = JSON.parse(await readFile(path.join(results, runs[0] ?? '', 'summary.json'), 'utf8')) as RunResult;
  return { code: run.code, output: run.stdout + run.stderr, summary };
}

// Each user logs food (a DB write) and reads its reminders (cached after the first read) 8 times.
const WORKING_SCENARIO = `
loadspec:
  duration: 25s
  monitor:
    interval: 1s
config:
  phases:
    - duration: 4
      arrivalRate: 4
  plugins:
    unique-users: {}
    thresholds:
      criteria:
        - p95 < 5s
        - cache hit rate >= 30%
        - health latency p95 < 2s
        - db pool exhausted for at most 60s
        - target memory growth < 500%
scenarios:
  - flow:
      - loop:
          - post:
              url: /api/v1/food
              json: { user_id: "{{ userId }}", food_name: apple, quantity: 1 }
          - get:
              url: "/api/v1/reminders?user_id={{ userId }}"
          - think: "200ms"
        count: 8
`;

test('a normal run is judged on monitor criteria, follows the target, and is not saturated', { timeout: 60_000 }, async () => {
  // Two DB connections, each write holding one ~100 ms: the pool is busy whenever the monitor looks.
  const target = await startDemoTarget({ port: 0, poolSize: 2, latencyScale: 20, seed: 7 });
  try {
    const { code, output, summary } = await runScenarioFile(WORKING_SCENARIO, target.url);
    assert.equal(code, 0, output);
    assert.equal(summary.verdict.status, 'passed', summary.verdict.reason);
    const texts = summary.verdict.criteria.map((c) => `${c.status} ${c.text}`);
    assert.deepEqual(texts, [
      'passed p95 < 5s',
      'passed cache hit rate >= 30%',
      'passed health latency p95 < 2s',
      'passed db pool exhausted for at most 60s',
      'passed target memory growth < 500%',
      'passed error rate < 1%',
      'passed failed sessions == 0',
    ]);
    assert.match(output, /PASS +cache hit rate >= 30% \(observed [\d.]+%/);
    assert.match(summary.verdict.criteria[1]?.message ?? '', /the cache hit rate was [\d.]+% \(limit >= 30%\) over the whole run: \d+ hits in \d+ cache reads/);

    const samples = summary.monitor?.samples ?? [];
    assert.ok(samples.length >= 4, `only ${samples.length} monitor samples`);
    assert.equal(summary.monitor?.intervalS, 1);
    assert.ok(samples.some((s) => (s.dbPoolActive ?? 0) > 0), `DB pool never active: ${JSON.stringify(samples.map((s) => s.dbPoolActive))}`);
    assert.ok(samples.every((s) => s.dbPoolSize === null || s.dbPoolSize === 2));
    const rates = samples.map((s) => s.cacheHitRate).filter((r): r is number => r !== null);
    // Each user's first read misses and its later reads hit: the target's running rate climbs.
    assert.ok((rates[0] ?? 100) < (rates.at(-1) ?? 0), `cache hit rate should rise: ${rates.join(', ')}`);
    assert.ok((rates.at(-1) ?? 0) > 30, `cache hit rate at the end: ${rates.at(-1)}`);
    // The target's own counters agree with what the monitor last read.
    assert.ok(Math.abs((rates.at(-1) ?? 0) - target.metrics().cache.hit_rate_percent) < 5);
    assert.ok(samples.some((s) => (s.targetMemoryMb ?? 0) > 10), 'target memory read from Prometheus');
  } finally {
    await target.stop();
  }
});

// Thousands of new users a second: more than one Artillery worker can start on a 2-core machine.
// On Artillery's own engine, whose per-request cost makes the overload certain on any machine
// (the undici engine may keep up on a quiet one, which is no saturation).
const OVERLOAD_SCENARIO = `
loadspec:
  engine: artillery
  duration: 25s
  monitor:
    interval: 1s
config:
  phases:
    - duration: 3
      arrivalRate: 4000
  plugins:
    thresholds:
      criteria:
        - p95 < 5s
scenarios:
  - flow:
      - get: { url: /health }
`;

test('a run that overloads Artillery is inconclusive with exit 5 and says what to do', { timeout: 60_000 }, async () => {
  const target = await startDemoTarget({ port: 0, latencyScale: 0 });
  try {
    const { code, output, summary } = await runScenarioFile(OVERLOAD_SCENARIO, target.url);
    assert.equal(code, 5, output);
    assert.equal(summary.verdict.status, 'inconclusive');
    // Artillery's engine falls behind the phase; the undici engine keeps the pace but saturates the
    // generator's core; on a shared machine either signal, or the stall check, may come first.
    assert.match(summary.verdict.reason ?? '', /load generator (was saturated: phase "phase 1" was planned for 3 s but (took|had not ended after) [\d.]+ s|was saturated in \d+ of \d+ samples|stalled: )/);
    assert.match(output, /fewer virtual users per machine/);
    assert.match(output, /--shard 1\/2/);
  } finally {
    await target.stop();
  }
});

const HEALTH_ONLY_SCENARIO = `
loadspec:
  duration: 20s
  monitor:
    interval: 1s
config:
  phases:
    - duration: 3
      arrivalRate: 2
  plugins:
    thresholds:
      criteria:
        - p95 < 5s
        - db pool waiting == 0
scenarios:
  - flow:
      - get: { url: /health }
`;

test('a target without metrics endpoints: one warning, system and health columns, monitor criteria without data', { timeout: 60_000 }, async () => {
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'application/json' });
    res.end(req.url === '/health' ? '{"status":"ok"}' : '{"error":"not found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const { code, output, summary } = await runScenarioFile(HEALTH_ONLY_SCENARIO, url);
    assert.equal(code, 5, output);
    const warning = `GET ${url}/api/v1/metrics answered 404; GET ${url}/metrics answered 404: the DB pool and cache columns are empty`;
    assert.equal(output.split(`[loadspec] monitor: ${warning}`).length, 2, `printed once:\n${output}`);
    assert.deepEqual(summary.monitor?.warnings, [warning]);
    const samples = summary.monitor?.samples ?? [];
    assert.ok(samples.length >= 3);
    assert.ok(samples.every((s) => s.apiStatus === 200 && s.memoryMb !== null && s.dbPoolWaiting === null));
    assert.equal(summary.verdict.status, 'inconclusive');
    const pool = summary.verdict.criteria.find((c) => c.text === 'db pool waiting == 0');
    assert.equal(pool?.status, 'no-data');
    assert.equal(pool?.message, `DB pool waiting (requests queued for a connection) could not be judged: the monitor recorded no DB pool waiting values (${warning})`);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('an API without metrics endpoints is sent only what the scenario asks, and no run or report shows a monitor banner', { timeout: 60_000 }, async () => {
  const asked = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    asked.set(path, (asked.get(path) ?? 0) + 1);
    res.writeHead(path === '/health' || path === '/api/items' ? 200 : 404, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const scenario = HEALTH_ONLY_SCENARIO.replace('        - db pool waiting == 0\n', '').replace('get: { url: /health }', 'get: { url: /api/items }');
  try {
    const { code, output, summary } = await runScenarioFile(scenario, url);
    assert.equal(code, 0, output);
    // The requests of the flow and the health checks (preflight and monitor): nothing else.
    assert.deepEqual([...asked.keys()].sort(), ['/api/items', '/health'], JSON.stringify([...asked]));
    assert.ok((summary.monitor?.samples.length ?? 0) >= 3, 'the monitor still sampled the machine and the health check');
    assert.deepEqual(summary.monitor?.warnings, []);
    assert.doesNotMatch(output, /monitor: |DB pool|cache columns/i);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
