/**
 * Artillery's `run` command keeps every stats payload the main thread emits until it exits
 * (for --output). The recorder's main side swaps the previous payload's histograms for its
 * summaries when the next one arrives, so what Artillery keeps stays small; the payload being
 * handed to listeners now is never touched.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MainRecorder } from '../../plugins/artillery-plugin-recorder/main-side.ts';
import { newSketch } from '../../src/core/sketch.ts';

function payload(period: number): Record<string, unknown> {
  const sketch = newSketch();
  for (let i = 1; i <= 100; i++) sketch.accept(i);
  return { period, counters: { 'http.requests': 100 }, histograms: { 'http.response_time': sketch }, summaries: { 'http.response_time': { p95: 95 } } };
}

test('each stats payload keeps its histograms while it is current and only its summaries once the next one came', () => {
  const recorder = new MainRecorder(mkdtempSync(path.join(tmpdir(), 'loadspec-trim-')));
  const events = new EventEmitter();
  // What Artillery's run command does with every payload: keep it.
  const kept: Record<string, unknown>[] = [];
  recorder.listen(events, null, null);
  events.on('stats', (p: Record<string, unknown>) => kept.push(p));
  for (let i = 0; i < 3; i++) {
    events.emit('stats', payload(1_795_716_000_000 + i * 10_000));
    const histograms = kept.at(-1)?.['histograms'] as Record<string, { accept?: unknown }>;
    assert.equal(typeof histograms['http.response_time']?.accept, 'function', 'the current payload still has its sketch');
  }
  assert.deepEqual(kept.slice(0, -1).map((p) => p['histograms']), [{ 'http.response_time': { p95: 95 } }, { 'http.response_time': { p95: 95 } }], 'earlier payloads hold their summaries, as --output writes them');
});
