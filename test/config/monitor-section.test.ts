import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loadScenarioFile } from '../../src/config/load.ts';
import { runMonitorOptions } from '../../src/run/run-monitor.ts';

const FLOW = 'config:\n  phases:\n    - duration: 1\n      arrivalRate: 1\nscenarios:\n  - flow:\n      - get: { url: /health }\n';

async function load(loadspec: string, extra = ''): Promise<Awaited<ReturnType<typeof loadScenarioFile>>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-monitor-config-'));
  const file = path.join(dir, 'scenario.yml');
  await writeFile(file, `loadspec:\n${loadspec}${FLOW}${extra}`);
  return loadScenarioFile(file);
}

async function errors(loadspec: string, extra = ''): Promise<string[]> {
  const result = await load(loadspec, extra);
  assert.equal(result.ok, false, 'should be rejected');
  return result.ok ? [] : result.errors.map((e) => `${e.line}:${e.col} ${e.message}`);
}

describe('loadspec.monitor in a scenario file', () => {
  it('accepts the documented settings and hands them to the monitor with defaults filled in', async () => {
    const result = await load(
      [
        '  monitor:',
        '    interval: 2s',
        '    healthPath: /status',
        '    metrics: auto',
        '    jsonPath: /internal/stats',
        '    json: { dbPoolActive: pool.busy, targetMemoryBytes: process.rss }',
        '    prometheus: { cacheHits: app_cache_hits_total }',
        '',
      ].join('\n'),
    );
    assert.ok(result.ok, result.ok ? '' : result.errors.map((e) => e.message).join('\n'));
    const options = runMonitorOptions({ target: 'http://127.0.0.1:8000', healthUrl: 'http://127.0.0.1:8000/health', generatorPid: 42, runDir: '/tmp/run', loadspec: (result.script as { loadspec?: unknown }).loadspec });
    assert.equal(options?.intervalS, 2);
    assert.equal(options?.target?.healthPath, '/status');
    assert.equal(options?.target?.jsonMetricsPath, '/internal/stats');
    assert.equal(options?.target?.prometheusPath, '/metrics');
    assert.equal(options?.target?.jsonPaths?.dbPoolActive, 'pool.busy');
    assert.equal(options?.target?.jsonPaths?.dbPoolSize, 'db.pool_size');
    assert.equal(options?.target?.jsonPaths?.targetMemoryBytes, 'process.rss');
    assert.equal(options?.target?.prometheusNames?.cacheHits, 'app_cache_hits_total');
    assert.equal(options?.target?.prometheusNames?.targetMemoryBytes, 'process_resident_memory_bytes');
    assert.deepEqual(options?.generator, { pid: 42, runDir: '/tmp/run' });
  });

  it('defaults to every 5 s on the health URL the preflight checked, and can be turned off', async () => {
    const input = { target: 'http://127.0.0.1:8000', healthUrl: 'http://127.0.0.1:8000/ready', generatorPid: undefined, runDir: '/tmp/run' };
    const options = runMonitorOptions(input);
    assert.equal(options?.intervalS, 5);
    assert.equal(options?.target?.healthPath, 'http://127.0.0.1:8000/ready');
    // The target's metrics endpoints are asked only when the section or a criterion names them.
    assert.equal(options?.target?.metrics, 'off');
    const metricsFor = (monitor: Record<string, unknown>, criteriaReadMetrics = false): unknown => runMonitorOptions({ ...input, loadspec: { monitor }, criteriaReadMetrics })?.target?.metrics;
    assert.equal(metricsFor({ jsonPath: '/stats' }), 'json');
    assert.equal(metricsFor({ prometheus: { cacheHits: 'hits' } }), 'prometheus');
    assert.equal(metricsFor({ jsonPath: '/stats', prometheusPath: '/metrics' }), 'auto');
    assert.equal(metricsFor({}, true), 'auto');
    assert.equal(metricsFor({ metrics: 'off' }, true), 'off');
    assert.equal(runMonitorOptions({ ...input, loadspec: { monitor: { enabled: false } } }), null);
  });

  it('the shipped scenarios, written for the bundled demo API, name both of its metrics endpoints', async () => {
    for (const name of ['smoke', 'steady', 'spike', 'endurance']) {
      const result = await loadScenarioFile(path.join(import.meta.dirname, `../../configs/${name}.yml`));
      assert.ok(result.ok, name);
      const options = runMonitorOptions({ target: 'http://127.0.0.1:8000', healthUrl: 'http://127.0.0.1:8000/health', generatorPid: undefined, runDir: '/tmp/run', loadspec: result.script.loadspec });
      assert.equal(options?.target?.metrics, 'auto', name);
      assert.equal(options?.target?.jsonMetricsPath, '/api/v1/metrics', name);
      assert.equal(options?.target?.prometheusPath, '/metrics', name);
    }
  });

  it('points at each mistake in the section with a sentence', async () => {
    const found = await errors(
      [
        '  monitor:',
        '    intervall: 5s',
        '    metrics: xml',
        '    jsonPath: api/metrics',
        '    prometheus: { dbPoolActive: "pool active" }',
        '',
      ].join('\n'),
    );
    assert.deepEqual(found, [
      '3:5 unknown key "intervall" in loadspec.monitor; did you mean "interval"?',
      '4:14 loadspec.monitor.metrics must be "auto" or "json" or "prometheus" or "off" (got "xml")',
      '5:15 loadspec.monitor.jsonPath must be a path starting with "/", e.g. "/api/v1/metrics" (got "api/metrics")',
      '6:33 loadspec.monitor.prometheus.dbPoolActive must be a Prometheus metric name such as "app_db_pool_active" (got "pool active")',
    ]);
  });

  it('refuses a monitor criterion that cannot be read, at its line', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-monitor-config-'));
    const file = path.join(dir, 'scenario.yml');
    const criteria = '  plugins:\n    thresholds:\n      criteria:\n        - cache hit rate >= 70\n        - db pool exhausted for at most 30s\n';
    await writeFile(file, FLOW.replace('scenarios:', `${criteria}scenarios:`));
    const result = await loadScenarioFile(file);
    assert.ok(!result.ok);
    assert.deepEqual(
      result.errors.map((e) => `${e.line}:${e.col} ${e.message}`),
      ['8:11 config.plugins.thresholds.criteria[0]: cache hit rate is a percentage: write 70% (got "70")'],
    );
  });
});
