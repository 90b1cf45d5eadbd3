import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { fitToWidth, renderRunEvents, statusLine } from '../../src/cli/render-run.ts';
import type { RunEvents } from '../../src/run/run-scenario.ts';
import type { Progress } from '../../src/run/progress.ts';

const progress = (over: Partial<Progress> = {}): Progress => ({
  elapsedS: 12,
  plannedS: 60,
  phase: 'warm up',
  activeUsers: 1,
  requests: 1,
  failures: 1,
  rps: 3.25,
  p95: 99.4,
  newWindow: false,
  windows: 1,
  loadStartedAt: null,
  ...over,
});

test('the status line writes one user, one request, and every unit one way', () => {
  assert.equal(statusLine(progress()), '12s / 1m | warm up | 1 user | 1 request | 3.3 req/s | p95 99ms (last 10s) | 1 error');
  assert.match(statusLine(progress({ activeUsers: 2, requests: 30, failures: 0 })), /\| 2 users \| 30 requests \|.*\| 0 errors$/);
});

test('in a 72-column terminal the status line is cut, never wrapped; a plugin line goes above it and the line is drawn again', () => {
  const written: string[] = [];
  const events = new EventEmitter<RunEvents>();
  renderRunEvents(events, { write: (s) => void written.push(s), isTTY: true, color: false, columns: () => 72 });
  events.emit('progress', progress({ phase: 'a phase with a rather long name that fills the line', requests: 123456 }));
  const line = written.at(-1) ?? '';
  assert.ok([...line].length <= 71, `${[...line].length} columns: ${line}`);
  assert.ok(line.endsWith('…'));
  events.emit('plugin-line', 'slow request: GET /api/v1/items took 3.2s');
  assert.deepEqual(written.slice(-3), ['\r\x1b[2K', 'slow request: GET /api/v1/items took 3.2s\n', line]);
  assert.equal(fitToWidth('short', 72), 'short');
  assert.equal(fitToWidth('no terminal', undefined), 'no terminal');
});
