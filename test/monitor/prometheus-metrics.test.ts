import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_PROMETHEUS_NAMES, extractPrometheusMetrics } from '../../src/monitor/prometheus-metrics.ts';
import { metricValue, parsePrometheusText } from '../../src/monitor/prometheus-text.ts';

const EXPOSITION = `# HELP demo_http_requests_total Requests by endpoint and status.
# TYPE demo_http_requests_total counter
demo_http_requests_total{endpoint="POST /api/v1/chat",status="200"} 120
demo_http_requests_total{endpoint="GET /api/v1/reminders",status="500"} 3 1705581785000
demo_db_pool_size 13
demo_db_pool_active 5
demo_db_pool_available 8
demo_db_pool_waiting 0
demo_cache_hits_total 725
demo_cache_misses_total 275
process_resident_memory_bytes 5.24288e+07
weird_label{path="a \\"quoted\\" \\\\ value"} 1
not_a_number NaN
broken line without value
`;

describe('Prometheus text', () => {
  it('reads names, labels (escaped quotes too), values with exponents and timestamps', () => {
    const series = parsePrometheusText(EXPOSITION);
    const chat = series.find((s) => s.labels['endpoint'] === 'POST /api/v1/chat');
    assert.deepEqual(chat, { name: 'demo_http_requests_total', labels: { endpoint: 'POST /api/v1/chat', status: '200' }, value: 120 });
    assert.equal(metricValue(series, 'process_resident_memory_bytes'), 52428800);
    assert.equal(series.find((s) => s.name === 'weird_label')?.labels['path'], 'a "quoted" \\ value');
  });

  it('sums a metric over its label sets and treats absent or NaN as no value', () => {
    const series = parsePrometheusText(EXPOSITION);
    assert.equal(metricValue(series, 'demo_http_requests_total'), 123);
    assert.equal(metricValue(series, 'no_such_metric'), null);
    assert.equal(metricValue(series, 'not_a_number'), null);
  });

  it('fills the DB and cache columns from the default demo names, hit rate from hits and misses', () => {
    const reading = extractPrometheusMetrics(EXPOSITION, DEFAULT_PROMETHEUS_NAMES);
    assert.ok(reading.ok);
    assert.deepEqual(reading.missing, []);
    assert.deepEqual(reading.values, {
      dbPoolSize: 13,
      dbPoolActive: 5,
      dbPoolAvailable: 8,
      dbPoolWaiting: 0,
      cacheTotalReads: 1000,
      cacheHitRate: 72.5,
      targetMemoryMb: 50,
    });
  });

  it('uses configured names and lists the ones the target lacks', () => {
    const reading = extractPrometheusMetrics('app_pool_max 20\napp_pool_used 4\n', {
      ...DEFAULT_PROMETHEUS_NAMES,
      dbPoolSize: 'app_pool_max',
      dbPoolActive: 'app_pool_used',
    });
    assert.ok(reading.ok);
    assert.equal(reading.values.dbPoolSize, 20);
    assert.equal(reading.values.dbPoolActive, 4);
    assert.equal(reading.values.cacheHitRate, null);
    assert.ok(reading.missing.includes('demo_cache_hits_total'));
  });

  it('refuses a body that is not Prometheus text', () => {
    const reading = extractPrometheusMetrics('<html><body>Not found</body></html>', DEFAULT_PROMETHEUS_NAMES);
    assert.deepEqual(reading, { ok: false, reason: 'did not answer Prometheus text' });
  });
});
