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
      assert.ok(m, `only recorder metrics here: ${name}`);
      const key = m.kind === 'code' ? `code.${m.code} ${m.endpoint}` : m.kind === 'error' ? `error.${m.error} ${m.endpoint}` : `${m.kind} ${m.endpoint}`;
      counters.set(key, (counters.get(key) ?? 0) + value);
    },
    observe(name: string, value: number) {
      const m = parseMetricName(name);
      assert.equal(m?.kind, 'latency');
      latencies.set(m?.endpoint ?? '', [...(latencies.get(m?.endpoint ?? '') ?? []), value]);
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

const response = (statusCode: number, firstByte: number): Record<string, unknown> => ({ statusCode, timings: { phases: { firstByte } } });

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

  it('names endpoints by their template, without query, and counts each request once', () => {
    for (const [uuid, id, ms] of [['a', '1', 20], ['b', '2', 150]] as const) {
      const req = requestFor(t.script, 'get', uuid, `http://127.0.0.1/users/${id}?token=s3cret`);
      t.ee.emit('trace:http:request', req, uuid);
      t.ee.emit('trace:http:response', response(200, ms), uuid);
    }
    const endpoint = 'GET /users/{id}';
    assert.equal(t.counters.get(`requests ${endpoint}`), 2);
    assert.equal(t.counters.get(`code.200 ${endpoint}`), 2);
    assert.deepEqual(t.latencies.get(endpoint), [20, 150]);
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
    t.ee.emit('trace:http:response', response(503, 5), 'u1');
    t.ee.emit('trace:http:capture', failedCapture, 'u1');
    t.ee.emit('plugin:expect:expectations', failedCheck, req, response(503, 5));
    // 200 whose capture fails and whose check fails: one failure, capture.
    req = post('u2');
    t.ee.emit('trace:http:response', response(200, 5), 'u2');
    t.ee.emit('trace:http:capture', failedCapture, 'u2');
    t.ee.emit('plugin:expect:expectations', failedCheck, req, response(200, 5));
    // 404 failing a check: recorded by its status.
    req = post('u3');
    t.ee.emit('trace:http:response', response(404, 5), 'u3');
    t.ee.emit('trace:http:capture', { captures: { id: { failed: false } } }, 'u3');
    t.ee.emit('plugin:expect:expectations', failedCheck, req, response(404, 5));
    // 200 failing only a check.
    req = post('u4');
    t.ee.emit('trace:http:response', response(200, 5), 'u4');
    t.ee.emit('trace:http:capture', { captures: {} }, 'u4');
    t.ee.emit('plugin:expect:expectations', failedCheck, req, response(200, 5));
    // Connection refused: no response, onError only.
    req = post('u5');
    const processor = t.script.config.processor as Record<string, Hook>;
    processor['loadspecRecorder_onError']?.(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }), req, { vars: {} }, t.ee, () => {});
    // A healthy one.
    post('u6');
    t.ee.emit('trace:http:response', response(200, 5), 'u6');
    t.ee.emit('trace:http:capture', { captures: { id: { failed: false } } }, 'u6');

    const endpoint = 'POST /api/items';
    const errors = Object.fromEntries([...t.counters].filter(([k]) => k.startsWith('error.')).map(([k, v]) => [k.slice('error.'.length, -endpoint.length - 1), v]));
    assert.deepEqual(errors, { 'http.503': 1, capture: 1, 'http.404': 1, 'expect.hasProperty': 1, ECONNREFUSED: 1 });
    assert.equal(t.counters.get(`requests ${endpoint}`), 6);
  });
});
