/** A tiny target for monitor tests: health, and optionally metrics whose values change on every read. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeTargetOptions {
  /** Serve GET /api/v1/metrics: real JSON, or a body that is not JSON. Default none (404). */
  json?: 'ok' | 'garbage';
  /** Serve GET /metrics in Prometheus text. Default none (404). */
  prometheus?: boolean;
  healthStatus?: number;
}

export interface FakeTarget {
  url: string;
  /** How many times each path was requested. */
  hits: Map<string, number>;
  stop(): Promise<void>;
}

export async function startFakeTarget(options: FakeTargetOptions = {}): Promise<FakeTarget> {
  const hits = new Map<string, number>();
  let reads = 0;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path === '/health') {
      res.writeHead(options.healthStatus ?? 200, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
      return;
    }
    if (path === '/api/v1/metrics' && options.json) {
      reads += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      if (options.json === 'garbage') {
        res.end('<html>not json</html>');
        return;
      }
      // Values move with every read so a test can tell fresh samples from stale ones.
      res.end(
        JSON.stringify({
          db: { pool_size: 13, active: reads % 13, available: 13 - (reads % 13), waiting: reads },
          cache: { hits: reads * 3, misses: reads, total_reads: reads * 4, hit_rate_percent: 75 },
        }),
      );
      return;
    }
    if (path === '/metrics' && options.prometheus) {
      reads += 1;
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(
        [
          '# HELP demo_db_pool_size Pool size.',
          '# TYPE demo_db_pool_size gauge',
          'demo_db_pool_size 13',
          `demo_db_pool_active ${reads % 13}`,
          `demo_db_pool_available ${13 - (reads % 13)}`,
          'demo_db_pool_waiting 0',
          `demo_cache_hits_total ${reads * 9}`,
          `demo_cache_misses_total ${reads}`,
          '# TYPE process_resident_memory_bytes gauge',
          `process_resident_memory_bytes ${(64 + reads) * 1024 * 1024}`,
          '',
        ].join('\n'),
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"error":"not found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
