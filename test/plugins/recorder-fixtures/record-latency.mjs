// Test-only Artillery processor: appends every response's endpoint and time to first
// byte (the value Artillery records) to $LATENCY_TRUTH_FILE, synchronously, so the
// accuracy test can compare the recorder's percentiles with the exact ones.
// Plain JavaScript on purpose: Artillery bundles a .ts processor into CommonJS,
// which fails in this "type": "module" package.
import { appendFileSync } from 'node:fs';

export function recordLatency(req, res, _context, _events, done) {
  const file = process.env.LATENCY_TRUTH_FILE;
  const firstByte = res.timings?.phases?.firstByte;
  if (file && typeof firstByte === 'number') {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    appendFileSync(file, `${req.method ?? 'GET'} ${pathname}\t${firstByte}\n`);
  }
  done();
}
