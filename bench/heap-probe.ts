/**
 * Preloaded into every Node thread of a soak run (`NODE_OPTIONS=--import bench/heap-probe.ts`:
 * Node runs preloads in worker threads too): every few seconds each thread appends its V8 heap
 * to `SOAK_HEAP_FILE`, so the heap of Artillery's worker threads is seen without an inspector.
 * One line per thread per interval; nothing is kept in memory.
 */
import { appendFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { isMainThread, threadId } from 'node:worker_threads';

const file = process.env['SOAK_HEAP_FILE'];
const intervalMs = Number(process.env['SOAK_HEAP_INTERVAL_MS'] ?? 5000);

if (file !== undefined && file !== '') {
  const timer = setInterval(() => {
    const heap = getHeapStatistics();
    const line = { time: Date.now(), pid: process.pid, thread: threadId, main: isMainThread, heapUsedMb: heap.used_heap_size / 2 ** 20 };
    try {
      appendFileSync(file, `${JSON.stringify(line)}\n`);
    } catch {
      // The bench's temporary folder is gone: the process is on its way out.
    }
  }, intervalMs);
  timer.unref();
}
