import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startDemoTarget } from '../../src/target/server.ts';
import { call, chatBody } from './call.ts';

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    assert.ok(match, `not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL)) labels[key ?? ''] = value ?? '';
    samples.push({ name: match[1] ?? '', labels, value: Number(match[3]) });
  }
  return samples;
}

describe('demo target /metrics', () => {
  it('serves Prometheus text whose numbers agree with /api/v1/metrics', async () => {
    const target = await startDemoTarget({ latencyScale: 0, apiKey: 'k' });
    try {
      await call(target.url, 'POST', '/api/v1/chat', chatBody('p1'), { 'x-api-key': 'k' });
      await call(target.url, 'POST', '/api/v1/chat', chatBody('p1'), { 'x-api-key': 'k' });
      await call(target.url, 'POST', '/api/v1/chat', chatBody('p2'));
      const response = await fetch(`${target.url}/metrics`);
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
      const samples = parse(await response.text());
      const value = (name: string, labels: Record<string, string> = {}): number | undefined =>
        samples.find((sample) => sample.name === name && Object.entries(labels).every(([k, v]) => sample.labels[k] === v))?.value;

      assert.equal(value('demo_http_requests_total', { endpoint: 'POST /api/v1/chat', status: '200' }), 2);
      assert.equal(value('demo_http_requests_total', { endpoint: 'POST /api/v1/chat', status: '401' }), 1);
      const json = target.metrics();
      assert.equal(value('demo_db_pool_size'), 13);
      assert.equal(value('demo_db_pool_active'), json.db.active);
      assert.equal(value('demo_db_pool_available'), json.db.available);
      assert.equal(value('demo_db_pool_waiting'), json.db.waiting);
      assert.equal(value('demo_cache_hits_total'), 1);
      assert.equal(value('demo_cache_misses_total'), 1);
      assert.equal(value('demo_users_distinct'), 1);
      assert.ok((value('process_resident_memory_bytes') ?? 0) > 1_000_000);
    } finally {
      await target.stop();
    }
  });
});
