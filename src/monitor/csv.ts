/**
 * The monitor CSV, column for column the reference monitor's, written row by row with
 * synchronous appends so an interrupted monitor (Ctrl-C) keeps every row it sampled.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import type { MonitorSample } from './types.ts';

export const MONITOR_CSV_COLUMNS = [
  'timestamp',
  'cpu_percent',
  'memory_mb',
  'memory_percent',
  'disk_read_mb',
  'disk_write_mb',
  'network_sent_mb',
  'network_recv_mb',
  'api_latency_ms',
  'api_status',
  'db_pool_size',
  'db_pool_available',
  'db_pool_active',
  'redis_hit_rate',
  'redis_total_reads',
] as const;

/**
 * One row; an empty cell is a value whose source was unavailable. `timestamp` is ISO-8601 in UTC
 * with milliseconds (`2024-01-18T12:43:05.230Z`); the reference wrote epoch seconds, which no one reads.
 */
export function monitorCsvRow(s: MonitorSample): Array<number | string> {
  const cell = (v: number | null): number | string => (v === null ? '' : v);
  return [
    new Date(s.time).toISOString(),
    cell(s.cpuPercent),
    cell(s.memoryMb),
    cell(s.memoryPercent),
    cell(s.diskReadMb),
    cell(s.diskWriteMb),
    cell(s.networkSentMb),
    cell(s.networkRecvMb),
    cell(s.apiLatencyMs),
    cell(s.apiStatus),
    cell(s.dbPoolSize),
    cell(s.dbPoolAvailable),
    cell(s.dbPoolActive),
    cell(s.cacheHitRate),
    cell(s.cacheTotalReads),
  ];
}

/** The whole CSV at once, e.g. for a run directory written after the fact. */
export function monitorCsv(samples: MonitorSample[]): string {
  return stringify([[...MONITOR_CSV_COLUMNS], ...samples.map(monitorCsvRow)]);
}

export interface MonitorCsvWriter {
  write(sample: MonitorSample): void;
  close(): void;
}

/** Creates (or truncates) `path` and writes the header at once. */
export function openMonitorCsv(path: string): MonitorCsvWriter {
  const fd = openSync(path, 'w');
  writeSync(fd, stringify([[...MONITOR_CSV_COLUMNS]]));
  let open = true;
  return {
    write(sample) {
      if (open) writeSync(fd, stringify([monitorCsvRow(sample)]));
    },
    close() {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  };
}
