/**
 * The recorder plugin inside a real Artillery run against a loopback target.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { METRICS_BY_ENDPOINT_OFF } from '../../src/core/metrics-by-endpoint-off.ts';
import { buildRunResult, readRunDirectory } from '../../src/results/run-directory.ts';
import type { RunMeta } from '../../src/core/types.ts';
import { closedPort, startArtillery, startTarget } from '../helpers/run-artillery.ts';
import type { TestTarget } from '../helpers/run-artillery.ts';

const TRUTH_PROCESSOR = path.resolve(import.meta.dirname, 'recorder-fixtures/record-latency.mjs');

/** The value DDSketch's getValueAtQuantile aims at: the element of rank floor(q * (n - 1)). */
function exactQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const value = sorted[Math.floor(q * (sorted.length - 1))];
  assert.ok(value !== undefined, 'no values');
  return value;
}

/**
 * The client's stopwatch (beforeRequest to afterResponse) also holds Artillery's own work before
 * the request leaves (templating, got's options) and after its last byte (the body handed to
 * captures and the expect plugin's checks): up to CLIENT_OVERHEAD_MS here, which loadspec, like k6,
 * leaves out. The recorder never reports more than the client waited.
 */
const CLIENT_OVERHEAD_MS = 4;

function assertClose(actual: number | undefined, truth: number, what: string): void {
  assert.ok(actual !== undefined, `${what}: no value recorded`);
  // DDSketch's 1% bound, and latencyStats reports one decimal (up to 0.05 ms more).
  const tolerance = Math.max(1, truth * 0.01) + 0.05 + 1e-9;
  assert.ok(actual <= truth + tolerance && actual >= truth - tolerance - CLIENT_OVERHEAD_MS, `${what}: recorded ${actual}, the client measured ${truth} (tolerance ${tolerance}, plus ${CLIENT_OVERHEAD_MS} ms of Artillery's own work below)`);
}

const meta = (scenario: string): RunMeta => ({
  scenario,
  configFile: `${scenario}.yml`,
  target: 'http://127.0.0.1',
  startedAt: 0,
  endedAt: 0,
  plannedDurationS: 2,
  actualDurationS: 0,
  completion: 'complete',
  loadspecVersion: 'test',
  artilleryVersion: 'test',
});

describe('recorder plugin in a real Artillery run', { timeout: 90_000 }, () => {
  let target: TestTarget;
  before(async () => {
    target = await startTarget({
      '/fast': { delayMs: 20 },
      '/fast/bad': { delayMs: 20 },
      '/slow': { delayMs: 200 },
      '/err': { status: 503 },
      '/missing': { status: 404 },
    });
  });
  after(() => target.close());

  it('records exact counts, failures by kind and percentiles within 1% of the truth', async () => {
    const refused = await closedPort();
    const users = 20;
    const runDir = mkdtempSync(path.join(tmpdir(), 'loadspec-recorder-'));
    const truthFile = path.join(runDir, 'truth.tsv');
    const run = startArtillery({
      runDir,
      timeoutMs: 60_000,
      env: { LATENCY_TRUTH_FILE: truthFile },
      script: {
        config: {
          target: target.url,
          phases: [{ duration: 2, arrivalRate: users / 2 }],
          processor: TRUTH_PROCESSOR,
          plugins: { recorder: {}, expect: {}, 'metrics-by-endpoint': METRICS_BY_ENDPOINT_OFF },
        },
        scenarios: [
          {
            beforeRequest: 'stampRequest',
            afterResponse: 'recordLatency',
            flow: [
              { loop: [{ get: { url: '/fast?user={{ $randomNumber(1, 1000) }}', expect: [{ hasProperty: 'ok' }] } }], count: 7 },
              { loop: [{ get: { url: '/slow' } }], count: 3 },
              { get: { url: '/fast/bad', expect: [{ hasProperty: 'missing' }] } },
              { get: { url: '/err' } },
              { get: { url: '/missing', expect: [{ statusCode: 200 }] } },
              // Last: a refused connection ends the virtual user.
              { get: { url: `http://127.0.0.1:${refused}/down` } },
            ],
          },
        ],
      },
    });
    const { exitCode, stdout } = await run.done;
    assert.ok(exitCode !== null && exitCode !== 130, `Artillery exited ${exitCode}: ${stdout}`);
    assert.doesNotMatch(stdout, /Could not load plugin/);

    const recorded = await readRunDirectory(run.runDir);
    assert.ok(recorded.windows.length >= 1, stdout);
    assert.equal(recorded.skippedLines, 0);
    const result = buildRunResult(recorded, meta('accuracy'), { count4xx: false, slowThresholdMs: 3000 });
    const endpoint = (name: string) => result.endpoints.find((e) => e.name === name);

    // Counts: every request exactly once, per endpoint and in total.
    assert.equal(result.totals.vusersCreated, users);
    assert.equal(result.totals.requests, users * 14);
    assert.equal(endpoint('GET /fast')?.requests, users * 7, 'query strings are removed from endpoint names');
    assert.equal(endpoint('GET /slow')?.requests, users * 3);
    assert.equal(endpoint(`GET /down`)?.requests, users);
    // Failures: 503, refused, failed checks (a 4xx failing a check is one failure, not two).
    assert.deepEqual(endpoint('GET /err')?.errors, { 'http.503': users });
    assert.deepEqual(endpoint('GET /down')?.errors, { ECONNREFUSED: users });
    assert.deepEqual(endpoint('GET /fast/bad')?.errors, { 'expect.hasProperty missing': users });
    assert.deepEqual(endpoint('GET /missing')?.errors, { 'http.404': users });
    assert.deepEqual(endpoint('GET /fast')?.errors, {});
    assert.equal(result.totals.failures, users * 4);
    const with4xx = buildRunResult(recorded, meta('accuracy'), { count4xx: true, slowThresholdMs: 3000 });
    assert.equal(with4xx.totals.failures, users * 4, 'the 404s are already failures (failed check): not counted twice');

    // Artillery's own totals agree.
    const artillery = JSON.parse(readFileSync(path.join(run.runDir, 'artillery.json'), 'utf8')) as {
      aggregate: { counters: Record<string, number> };
    };
    assert.equal(artillery.aggregate.counters['http.requests'], result.totals.requests);
    assert.equal(artillery.aggregate.counters['http.responses'], result.totals.responses);
    const names = Object.keys(artillery.aggregate.counters);
    assert.ok(!names.some((n) => n.startsWith('plugins.recorder.')), 'the recorder keeps its metrics out of artillery.json');
    assert.ok(!names.some((n) => n.startsWith('plugins.metrics-by-endpoint.')), 'metrics-by-endpoint is off');

    // Percentiles against the exact values Artillery measured.
    const truth = readFileSync(truthFile, 'utf8').trim().split('\n').map((line) => {
      const [name, ms] = line.split('\t');
      return { name: name ?? '', ms: Number(ms) };
    });
    // Every answered request; the refused ones end their user before afterResponse.
    assert.equal(truth.length, result.totals.responses);
    const all = truth.map((t) => t.ms);
    assertClose(result.totals.latency?.p50, exactQuantile(all, 0.5), 'total p50');
    assertClose(result.totals.latency?.p95, exactQuantile(all, 0.95), 'total p95');
    for (const name of ['GET /fast', 'GET /slow']) {
      const values = truth.filter((t) => t.name === name).map((t) => t.ms);
      assertClose(endpoint(name)?.latency?.p50, exactQuantile(values, 0.5), `${name} p50`);
      assertClose(endpoint(name)?.latency?.p95, exactQuantile(values, 0.95), `${name} p95`);
    }
    // And the truth is what the target was told to do.
    assert.ok(exactQuantile(all, 0.95) >= 200);
    assert.ok((endpoint('GET /slow')?.latency?.p50 ?? 0) >= 200);
  });

  it('writes the record while the run goes, and keeps every request when Artillery is interrupted', async () => {
    const before = target.hits.get('/fast') ?? 0;
    const run = startArtillery({
      timeoutMs: 60_000,
      script: {
        config: { target: target.url, phases: [{ duration: 60, arrivalRate: 5 }], plugins: { recorder: {} } },
        scenarios: [{ flow: [{ get: { url: '/fast' } }] }],
      },
    });
    const recordFile = path.join(run.runDir, 'seconds-w1.jsonl');
    // Workers write what they measured at least twice a second.
    const appeared = await run.waitFor(() => existsSync(recordFile) && readFileSync(recordFile, 'utf8').split('\n').length > 3, 20_000);
    assert.ok(appeared, 'the record was written while Artillery was still running');
    run.kill('SIGINT');
    const { exitCode } = await run.done;
    assert.equal(exitCode, 130);

    const recorded = await readRunDirectory(run.runDir);
    assert.ok(recorded.windows.length >= 1);
    const requests = recorded.windows.reduce((sum, w) => sum + w.requests, 0);
    const received = (target.hits.get('/fast') ?? 0) - before;
    // At most the users in flight at the interruption (5 arrive per second, each sends one request).
    assert.ok(received > 0 && Math.abs(received - requests) <= 2, `target received ${received}, the record holds ${requests}`);
    assert.ok(recorded.events.some((e) => e.type === 'interrupted' && e['exitCode'] === 130));
    assert.ok(!recorded.events.some((e) => e.type === 'done'));
    assert.ok(!existsSync(path.join(run.runDir, 'artillery.json')), 'Artillery wrote no JSON of its own');
  });
});
