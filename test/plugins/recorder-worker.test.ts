/**
 * The recorder's worker side, driven the way Artillery's HTTP engine drives it: the
 * beforeScenario hook gets the scenario emitter, then trace events, expect events and
 * onError calls arrive per request. What it measures goes into the per-second record.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { beforeEach, describe, it } from 'node:test';
import type { ArtilleryScript } from '../../plugins/shared/artillery.ts';
import { installWorkerSide } from '../../plugins/artillery-plugin-recorder/worker-side.ts';
import { parseMetricName } from '../../src/core/metric-names.ts';

type Hook = (...args: unknown[]) => void;

function setUp(): { ee: EventEmitter; counters: Map<string, number>; latencies: Map<string, number[]>; script: ArtilleryScript } {
  const script: ArtilleryScript = {
    config: {},
    scenarios: [
      {
        onError: ['usersOwnHook'],
        flow: [
          { get: { url: '/users/{{ id }}?token={{ secret }}' } },
          { loop: [{ post: { url: 'http://127.0.0.1:9/api/items', capture: [{ json: '$.id', as: 'id' }] } }], count: 2 },
        ],
      },
    ],
  };
  const ee = new EventEmitter();
  const counters = new Map<string, number>();
  const latencies = new Map<string, number[]>();
  installWorkerSide(script, '/nonexistent-run-dir', {
    count(name: string, value: number) {
      const m = parseMetricName(name);
      // Run-wide counters (redirect hops, failures that ended a session) keep their names.
      const key = m === null ? name : m.kind === 'code' || m.kind === 'expected' ? `${m.kind}.${m.code} ${m.endpoint}` : m.kind === 'error' ? `error.${m.error} ${m.endpoint}` : `${m.kind} ${m.endpoint}`;
      counters.set(key, (counters.get(key) ?? 0) + value);
    },
    observe(name: string, value: number) {
      const m = parseMetricName(name);
      // Per endpoint by measure (`latency`, `ttfb`, ...); run-wide under their own names.
      const key = m === null ? name : m.kind === 'latency' ? m.endpoint : `${m.kind} ${m.endpoint}`;
      latencies.set(key, [...(latencies.get(key) ?? []), value]);
    },
    finalFlush() {},
  });
  const processor = script.config.processor as Record<string, Hook>;
  const attach = processor['loadspecRecorder_attach'];
  assert.ok(attach);
  // Every virtual user runs the hook; listeners must be attached once.
  for (let i = 0; i < 3; i++) attach({ vars: {} }, ee, () => {});
  return { ee, counters, latencies, script };
}

/** The params object Artillery builds for a step: a copy of the step's params, rendered. */
function requestFor(script: ArtilleryScript, which: 'get' | 'post', uuid: string, url: string): Record<string, unknown> {
  const flow = script.scenarios?.[0]?.['flow'] as Array<Record<string, unknown>>;
  const step = which === 'get' ? flow[0] : (flow[1]?.['loop'] as Array<Record<string, unknown>>)[0];
  return { ...(step?.[which] as object), url, method: which.toUpperCase(), uuid };
}

/** got's response as the trace event passes it: a stream that ends when its body has been read. */
function response(statusCode: number, headers: Record<string, string> = {}): EventEmitter & { statusCode: number; headers: Record<string, string> } {
  return Object.assign(new EventEmitter(), { statusCode, headers, timings: { phases: {} } });
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('recorder worker side', () => {
  let t: ReturnType<typeof setUp>;
  beforeEach(() => {
    t = setUp();
  });

  it('hooks in without an afterResponse hook, and its onError hook runs before the user’s', () => {
    const scenario = t.script.scenarios?.[0];
    assert.deepEqual(scenario?.['onError'], ['loadspecRecorder_onError', 'usersOwnHook']);
    assert.deepEqual(scenario?.beforeScenario, ['loadspecRecorder_attach']);
    assert.equal(scenario?.afterResponse, undefined);
  });

  it('names endpoints by their template, without query, counts each request once, and times it to its last byte', async () => {
    for (const [uuid, id, bodyMs] of [['a', '1', 20], ['b', '2', 150]] as const) {
      const req = requestFor(t.script, 'get', uuid, `http://127.0.0.1/users/${id}?token=s3cret`);
      t.ee.emit('trace:http:request', req, uuid);
      const res = response(200);
      t.ee.emit('trace:http:response', res, uuid);
      await wait(bodyMs);
      res.emit('end');
    }
    const endpoint = 'GET /users/{id}';
    assert.equal(t.counters.get(`requests ${endpoint}`), 2);
    assert.equal(t.counters.get(`code.200 ${endpoint}`), 2);
    const [fast = 0, slow = 0] = t.latencies.get(endpoint) ?? [];
    assert.ok(fast >= 19 && fast < 100, `the body came 20 ms after the headers: latency ${fast} ms`);
    assert.ok(slow >= 149 && slow < 300, `the body came 150 ms after the headers: latency ${slow} ms`);
    const [ttfb = 99] = t.latencies.get(`ttfb ${endpoint}`) ?? [];
    assert.ok(ttfb < 10, `the headers came at once: ttfb ${ttfb} ms`);
    assert.equal(t.latencies.get('loadspec.latency')?.length, 2, 'the run-wide latency too');
    assert.ok(![...t.counters.keys()].some((k) => k.includes('s3cret') || k.includes('/users/1')));
  });

  it('counts a request as failed once: 5xx, failed capture, failed check, network error', () => {
    const post = (uuid: string): Record<string, unknown> => {
      const req = requestFor(t.script, 'post', uuid, 'http://127.0.0.1:9/api/items');
      t.ee.emit('trace:http:request', req, uuid);
      return req;
    };
    const failedCapture = { captures: { id: { failed: true } }, matches: {} };
    const failedCheck = { results: [{ ok: true, type: 'statusCode' }, { ok: false, type: 'hasProperty' }] };

    // 503 whose capture and check also fail: one failure, http.503.
    let req = post('u1');
    t.ee.emit('trace:http:response', response(503), 'u1');
    t.ee.emit('trace:http:capture', failedCapture, 'u1');
    t.ee.emit('plugin:expect:expectations', failedCheck, req, response(503));
    // 200 whose capture fails and whose check fails: one failure, capture.
    req = post('u2');
    t.ee.emit('trace:http:response', response(200), 'u2');
    t.ee.emit('trace:http:capture', failedCapture, 'u2');
    t.ee.emit('plugin:expect:expectations', failedCheck, req, response(200));
    // 404 failing a check: recorded by its status.
    req = post('u3');
    t.ee.emit('trace:http:response', response(404), 'u3');
    t.ee.emit('trace:http:capture', { captures: { id: { failed: false } } }, 'u3');
    t.ee.emit('plugin:expect:expectations', failedCheck, req, response(404));
    // 200 failing only a check.
    req = post('u4');
    t.ee.emit('trace:http:response', response(200), 'u4');
    t.ee.emit('trace:http:capture', { captures: {} }, 'u4');
    t.ee.emit('plugin:expect:expectations', failedCheck, req, response(200));
    // Connection refused: no response, onError only.
    req = post('u5');
    const processor = t.script.config.processor as Record<string, Hook>;
    processor['loadspecRecorder_onError']?.(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }), req, { vars: {} }, t.ee, () => {});
    // A healthy one.
    post('u6');
    t.ee.emit('trace:http:response', response(200), 'u6');
    t.ee.emit('trace:http:capture', { captures: { id: { failed: false } } }, 'u6');

    const endpoint = 'POST /api/items';
    const errors = Object.fromEntries([...t.counters].filter(([k]) => k.startsWith('error.')).map(([k, v]) => [k.slice('error.'.length, -endpoint.length - 1), v]));
    assert.deepEqual(errors, { 'http.503': 1, capture: 1, 'http.404': 1, 'expect.hasProperty': 1, ECONNREFUSED: 1 });
    assert.equal(t.counters.get(`requests ${endpoint}`), 6);
    // Artillery ends the user on a failed capture and on a network error, under these names.
    assert.equal(t.counters.get('loadspec.ended.Failed capture or match'), 1);
    assert.equal(t.counters.get('loadspec.ended.ECONNREFUSED'), 1);
    assert.equal(t.latencies.get('POST /api/items')?.length, 1, 'the refused request counts in latency at the time it took');
  });

  it('counts a redirect chain as one request of its step, with its final status and the hops as details', () => {
    const req = requestFor(t.script, 'get', 'r1', 'http://127.0.0.1/users/1');
    t.ee.emit('trace:http:request', req, 'r1');
    t.ee.emit('trace:http:response', response(302, { location: '/elsewhere' }), 'r1');
    t.ee.emit('trace:http:request', { ...req, url: 'http://127.0.0.1/elsewhere' }, 'r1');
    const final = response(200);
    t.ee.emit('trace:http:response', final, 'r1');
    final.emit('end');
    const endpoint = 'GET /users/{id}';
    assert.equal(t.counters.get(`requests ${endpoint}`), 1);
    assert.equal(t.counters.get(`code.200 ${endpoint}`), 1);
    assert.equal(t.counters.get(`code.302 ${endpoint}`), undefined);
    assert.equal(t.counters.get('loadspec.redirects'), 1);
    assert.ok(![...t.counters.keys()].some((k) => k.includes('/elsewhere')), 'no endpoint for the hop');
  });

  it('a status the step expects is counted as expected, not failed', () => {
    const flow = t.script.scenarios?.[0]?.['flow'] as Array<Record<string, unknown>>;
    const req = { ...(flow[0]?.['get'] as object), expect: [{ statusCode: [200, 404] }], url: 'http://127.0.0.1/users/9', method: 'GET', uuid: 'e1' };
    t.ee.emit('trace:http:request', req, 'e1');
    t.ee.emit('trace:http:response', response(404), 'e1');
    assert.equal(t.counters.get('expected.404 GET /users/{id}'), 1);
    assert.ok(![...t.counters.keys()].some((k) => k.startsWith('error.')));
  });
});
