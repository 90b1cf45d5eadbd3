import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { monitorCsv, openMonitorCsv } from '../../src/monitor/csv.ts';
import { sample } from './samples.ts';

const HEADER =
  'timestamp,cpu_percent,memory_mb,memory_percent,disk_read_mb,disk_write_mb,network_sent_mb,network_recv_mb,' +
  'api_latency_ms,api_status,db_pool_size,db_pool_available,db_pool_active,redis_hit_rate,redis_total_reads';

const full = sample(1705581785230, {
  cpuPercent: 45.2,
  memoryMb: 1024.5,
  memoryPercent: 62.3,
  diskReadMb: 123.4,
  diskWriteMb: 45.6,
  networkSentMb: 78.9,
  networkRecvMb: 234.5,
  apiLatencyMs: 85,
  apiStatus: 200,
  dbPoolSize: 13,
  dbPoolAvailable: 8,
  dbPoolActive: 5,
  cacheHitRate: 72.5,
  cacheTotalReads: 150,
});

describe('monitor CSV', () => {
  it("has the reference monitor's header and row format, times in ISO-8601 with their zone, empty cells for missing sources", () => {
    const lines = monitorCsv([full, sample(1705581790000, { cpuPercent: 50 })]).trimEnd().split('\n');
    assert.equal(lines[0], HEADER);
    assert.equal(lines[1], '2024-01-18T12:43:05.230Z,45.2,1024.5,62.3,123.4,45.6,78.9,234.5,85,200,13,8,5,72.5,150');
    assert.equal(lines[2], '2024-01-18T12:43:10.000Z,50,,,,,,,,,,,,,');
  });

  it('writes each row as it comes, so an interrupted monitor keeps what it sampled', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'loadspec-csv-'));
    try {
      const file = path.join(dir, 'monitoring.csv');
      const writer = openMonitorCsv(file);
      assert.equal(readFileSync(file, 'utf8'), `${HEADER}\n`);
      writer.write(full);
      // Not closed: the row must already be on disk.
      assert.equal(readFileSync(file, 'utf8').trimEnd().split('\n').length, 2);
      writer.close();
      writer.write(full);
      assert.equal(readFileSync(file, 'utf8').trimEnd().split('\n').length, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
