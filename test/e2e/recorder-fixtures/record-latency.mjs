// Test-only Artillery processor: the client's own measurement of every request, as a
// person with a stopwatch would take it: performance.now() in beforeRequest, again in
// afterResponse (which Artillery calls once the whole body has been read), appended
// with the endpoint to $LATENCY_TRUTH_FILE, synchronously, so the accuracy test can
// compare the recorder's percentiles with the exact ones.
// Plain JavaScript on purpose: Artillery bundles a .ts processor into CommonJS,
// which fails in this "type": "module" package.
import { appendFileSync } from 'node:fs';

const started = new WeakMap();

export function stampRequest(req, _context, _events, done) {
  started.set(req, performance.now());
  done();
}

export function recordLatency(req, _res, _context, _events, done) {
  const file = process.env.LATENCY_TRUTH_FILE;
  const start = started.get(req);
  if (file && typeof start === 'number') {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    appendFileSync(file, `${req.method ?? 'GET'} ${pathname}\t${performance.now() - start}\n`);
  }
  done();
}
