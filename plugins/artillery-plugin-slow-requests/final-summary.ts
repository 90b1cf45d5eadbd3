/**
 * Main process, at the end of the run: one line with the slow-request counts per
 * endpoint (merged across workers), so the total is on the console even when the
 * live lines were rate-limited.
 */
import { SLOW_COUNTER_PREFIX } from './slow-request-watcher.ts';

/** Slow counts per endpoint from a final (non-legacy) Artillery payload; empty when none. */
export function slowCounts(payload: unknown): Map<string, number> {
  const counts = new Map<string, number>();
  const counters: unknown = typeof payload === 'object' && payload !== null ? Reflect.get(payload, 'counters') : undefined;
  if (typeof counters !== 'object' || counters === null) return counts;
  for (const [name, value] of Object.entries(counters)) {
    if (name.startsWith(SLOW_COUNTER_PREFIX) && typeof value === 'number' && value > 0) {
      counts.set(name.slice(SLOW_COUNTER_PREFIX.length), value);
    }
  }
  return counts;
}

/** `slow requests: 12 (POST /api/v1/chat 10, GET /x 2); details in <file>`, or null when there were none. */
export function summaryLine(counts: ReadonlyMap<string, number>, file: string | null): string | null {
  if (counts.size === 0) return null;
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  const total = sorted.reduce((sum, [, n]) => sum + n, 0);
  const parts = sorted.map(([endpoint, n]) => `${endpoint} ${n}`).join(', ');
  return `slow requests: ${total} (${parts})${file === null ? '' : `; details in ${file}`}`;
}
