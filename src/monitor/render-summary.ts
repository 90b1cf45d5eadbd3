/** The end-of-monitoring summary as text for the terminal. */
import type { MonitorSummary, Spread } from './summary.ts';

const RULE = '='.repeat(80);

function spreadLines(title: string, s: Spread | null, unit: string): string[] {
  if (!s) return [title, '   no data'];
  return [title, `   Average: ${s.avg}${unit}`, `   Min: ${s.min}${unit}`, `   Max: ${s.max}${unit}`];
}

export function renderMonitorSummary(summary: MonitorSummary): string {
  const lines: string[] = [RULE, 'MONITORING SUMMARY', RULE, ''];
  lines.push(...spreadLines('CPU usage:', summary.cpuPercent, '%'), '');
  lines.push(...spreadLines('Memory usage:', summary.memoryMb, ' MB'), '');

  lines.push('API latency (health probe):');
  const lat = summary.apiLatencyMs;
  if (lat) lines.push(`   Average: ${lat.avg} ms`, `   P50: ${lat.p50} ms`, `   P95: ${lat.p95} ms`, `   P99: ${lat.p99} ms`);
  else lines.push('   no answered probes');
  lines.push('');

  if (summary.apiErrors) {
    lines.push('API errors:', `   Total: ${summary.apiErrors.total} of ${summary.apiErrors.probes} probes`, `   Rate: ${summary.apiErrors.ratePercent}%`, '');
  }

  lines.push('Cache:', summary.cacheHitRatePercent === null ? '   no data' : `   Average hit rate: ${summary.cacheHitRatePercent}%`, '');

  lines.push('Database pool:');
  const pool = summary.dbPool;
  if (pool) {
    lines.push(`   Pool size: ${pool.size ?? 'unknown'}`, `   Average active: ${pool.avgActive}`, `   Peak active: ${pool.peakActive}`);
    if (pool.peakWaiting !== null) lines.push(`   Peak waiting: ${pool.peakWaiting}`);
  } else {
    lines.push('   no data');
  }
  lines.push('');

  const gen = summary.generator;
  if (gen) {
    lines.push('Load generator (Artillery):');
    if (gen.cpuPercent) lines.push(`   CPU: average ${gen.cpuPercent.avg}%, max ${gen.cpuPercent.max}% (100% = one core)`);
    if (gen.memoryMb) lines.push(`   Memory: max ${gen.memoryMb.max} MB`);
    if (gen.peakEventLoopDelayMs !== null) lines.push(`   Peak event-loop delay: ${gen.peakEventLoopDelayMs} ms`);
    lines.push('');
  }

  lines.push(RULE, `Total samples: ${summary.samples}`, `Monitoring duration: ${Math.round(summary.durationS)}s`, RULE);
  return lines.join('\n');
}
