import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderMonitorSummary } from '../../src/monitor/render-summary.ts';
import { renderTableHeader, renderTableRow } from '../../src/monitor/render-table.ts';
import { summarizeMonitor } from '../../src/monitor/summary.ts';
import { sample } from './samples.ts';

const T0 = Date.UTC(2026, 0, 1, 14, 23, 5);
// 100 probes: latencies 1..100 ms, two of them failed (one 503, one unanswered).
const samples = Array.from({ length: 100 }, (_, i) =>
  sample(T0 + i * 5000, {
    cpuPercent: 40 + (i % 3) * 5,
    memoryMb: 1000 + i,
    memoryPercent: 50,
    apiLatencyMs: i === 99 ? null : i + 1,
    apiStatus: i === 50 ? 503 : i === 99 ? null : 200,
    dbPoolSize: 13,
    dbPoolActive: i % 10,
    dbPoolWaiting: i === 7 ? 4 : 0,
    cacheHitRate: i < 50 ? 60 : 80,
  }),
);

describe('monitor summary', () => {
  const summary = summarizeMonitor({ intervalS: 5, samples, warnings: [], sources: ['system', 'health', 'metrics'] });

  it('gives CPU and memory average, min and max', () => {
    assert.deepEqual(summary.cpuPercent, { avg: 45, min: 40, max: 50 });
    assert.deepEqual(summary.memoryMb, { avg: 1049.5, min: 1000, max: 1099 });
  });

  it('gives API latency average and exact percentiles of the answered probes', () => {
    // 99 answered probes: 1..99 ms.
    assert.deepEqual(summary.apiLatencyMs, { avg: 50, p50: 50, p95: 95, p99: 99 });
  });

  it('shows the slowest of a few probes as their P99', () => {
    const few = [54.7, 10.2, 18.1].map((ms, i) => sample(T0 + i * 1000, { apiLatencyMs: ms, apiStatus: 200 }));
    assert.deepEqual(summarizeMonitor({ intervalS: 1, samples: few, warnings: [] }).apiLatencyMs, { avg: 27.7, p50: 18.1, p95: 54.7, p99: 54.7 });
  });

  it('leaves hit rates over zero cache reads out of the average', () => {
    const cold = [
      sample(T0, { cacheHitRate: 0, cacheTotalReads: 0 }),
      sample(T0 + 1000, { cacheHitRate: 80, cacheTotalReads: 10 }),
      sample(T0 + 2000, { cacheHitRate: 90, cacheTotalReads: 30 }),
    ];
    assert.equal(summarizeMonitor({ intervalS: 1, samples: cold, warnings: [] }).cacheHitRatePercent, 85);
  });

  it('counts failed and unanswered probes as API errors', () => {
    assert.deepEqual(summary.apiErrors, { total: 2, probes: 100, ratePercent: 2 });
  });

  it('gives cache hit rate, pool size, average and peak active, and the duration', () => {
    assert.equal(summary.cacheHitRatePercent, 70);
    assert.deepEqual(summary.dbPool, { size: 13, avgActive: 4.5, peakActive: 9, peakWaiting: 4 });
    assert.equal(summary.samples, 100);
    assert.equal(summary.durationS, 500);
    assert.equal(summary.generator, null);
  });

  it('renders the summary and table for people', () => {
    const text = renderMonitorSummary(summary);
    for (const expected of ['Average: 45%', 'P95:', 'Total: 2 of 100 probes', 'Rate: 2%', 'Average hit rate: 70%', 'Peak active: 9', 'Total samples: 100', 'Monitoring duration: 500s']) {
      assert.ok(text.includes(expected), `summary lacks "${expected}":\n${text}`);
    }
    const row = renderTableRow(samples[50] ?? sample(0), { timeZone: 'UTC' });
    assert.match(row, /^14:27:15 \| +50\.0% \| +50\.0% \| +1050 \| +51 \| +0\/13 \| +80\.0% \| ERR 503$/);
    assert.match(renderTableRow(samples[99] ?? sample(0), { timeZone: 'UTC' }), /\| DOWN$/);
    assert.match(renderTableHeader(), /^Time +\| +CPU% \| +Mem% \| +Mem\(MB\) \| API\(ms\) \| +DB Pool \| Cache Hit% \| Status\n-{80}$/);
  });

  it('does not count API errors when the health URL was not probed', () => {
    const s = summarizeMonitor({ intervalS: 1, samples: [sample(T0, { cpuPercent: 1 })], warnings: [], sources: ['system'] });
    assert.equal(s.apiErrors, null);
    assert.equal(s.apiLatencyMs, null);
    assert.equal(summarizeMonitor({ intervalS: 1, samples: [], warnings: [] }).durationS, 0);
  });
});
