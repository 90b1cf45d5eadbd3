/**
 * The end-of-monitoring summary (the reference monitor's, plus the load generator):
 * computed once here from MonitorData; renderers and reports only format it.
 */
import type { MonitorData, MonitorSample } from './types.ts';
import { nearestRank } from '../core/nearest-rank.ts';

export interface Spread {
  avg: number;
  min: number;
  max: number;
}

export interface MonitorSummary {
  samples: number;
  /** From the first sample's interval start to the last sample, seconds. */
  durationS: number;
  cpuPercent: Spread | null;
  memoryMb: Spread | null;
  memoryPercent: Spread | null;
  /** Health-probe round trip over the probes that were answered. */
  apiLatencyMs: { avg: number; p50: number; p95: number; p99: number } | null;
  /** Probes that got no answer or a status >= 400; null when the health URL was not probed. */
  apiErrors: { total: number; probes: number; ratePercent: number } | null;
  /** Mean of the sampled cache hit rates, 0..100. */
  cacheHitRatePercent: number | null;
  dbPool: { size: number | null; avgActive: number; peakActive: number; peakWaiting: number | null } | null;
  generator: { cpuPercent: Spread | null; memoryMb: Spread | null; peakEventLoopDelayMs: number | null } | null;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

function values(samples: MonitorSample[], pick: (s: MonitorSample) => number | null): number[] {
  const out: number[] = [];
  for (const s of samples) {
    const v = pick(s);
    if (v !== null && Number.isFinite(v)) out.push(v);
  }
  return out;
}


/** Not Math.max(...list): a day of 1 s samples would overflow the argument list. */
function maxOf(list: number[]): number {
  return list.reduce((a, b) => Math.max(a, b), -Infinity);
}

function spread(list: number[]): Spread | null {
  if (list.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (const v of list) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  return { avg: round1(sum / list.length), min: round1(min), max: round1(max) };
}

export function summarizeMonitor(data: MonitorData): MonitorSummary {
  const { samples } = data;
  const first = samples[0];
  const last = samples[samples.length - 1];
  const sources = new Set(data.sources ?? []);

  const latencies = values(samples, (s) => s.apiLatencyMs).sort((a, b) => a - b);

  // Without a source list (older data), a health column that was ever filled means it was probed.
  const probed = sources.has('health') || samples.some((s) => s.apiStatus !== null);
  const failed = samples.filter((s) => s.apiStatus === null || s.apiStatus >= 400).length;

  const active = values(samples, (s) => s.dbPoolActive);
  const sizes = values(samples, (s) => s.dbPoolSize);
  const waiting = values(samples, (s) => s.dbPoolWaiting);
  // A hit rate over zero reads (a cold target) is no rate at all; averaging its 0 would understate the cache.
  const hitRates = values(samples, (s) => (s.cacheTotalReads === 0 ? null : s.cacheHitRate));
  const genCpu = values(samples, (s) => s.generatorCpuPercent);
  const genMem = values(samples, (s) => s.generatorMemoryMb);
  const genDelay = values(samples, (s) => s.generatorEventLoopDelayMs);
  const activeSpread = spread(active);

  return {
    samples: samples.length,
    durationS: first && last ? round1((last.time - first.time) / 1000 + data.intervalS) : 0,
    cpuPercent: spread(values(samples, (s) => s.cpuPercent)),
    memoryMb: spread(values(samples, (s) => s.memoryMb)),
    memoryPercent: spread(values(samples, (s) => s.memoryPercent)),
    apiLatencyMs:
      latencies.length > 0
        ? {
            avg: round1(latencies.reduce((a, b) => a + b, 0) / latencies.length),
            p50: nearestRank(latencies, 50),
            p95: nearestRank(latencies, 95),
            p99: nearestRank(latencies, 99),
          }
        : null,
    apiErrors:
      probed && samples.length > 0
        ? { total: failed, probes: samples.length, ratePercent: Math.round((failed / samples.length) * 10000) / 100 }
        : null,
    cacheHitRatePercent: hitRates.length > 0 ? round1(hitRates.reduce((a, b) => a + b, 0) / hitRates.length) : null,
    dbPool: activeSpread
      ? {
          size: sizes.length > 0 ? maxOf(sizes) : null,
          avgActive: activeSpread.avg,
          peakActive: activeSpread.max,
          peakWaiting: waiting.length > 0 ? maxOf(waiting) : null,
        }
      : null,
    generator:
      genCpu.length + genMem.length + genDelay.length > 0
        ? { cpuPercent: spread(genCpu), memoryMb: spread(genMem), peakEventLoopDelayMs: genDelay.length > 0 ? maxOf(genDelay) : null }
        : null,
  };
}
