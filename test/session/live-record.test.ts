import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { LiveRecord } from '../../src/session/live-record.ts';
import { watchProgress } from '../../src/run/progress.ts';
import { readSecondsRecord } from '../../src/results/recorded-run.ts';
import { encodeSketch, newSketch } from '../../src/core/sketch.ts';
import { RUN_HISTOGRAM, metricName } from '../../src/core/metric-names.ts';
import { DEFAULT_FAILURE_RULE } from '../../src/core/traffic-summary.ts';
import { foldSeconds } from '../../src/core/seconds.ts';
import type { SecondLine } from '../../src/core/seconds.ts';

const T = 1_795_716_000_000;
/** The recorder's request counter: a redirect chain is one request (Artillery's http.requests counts each hop). */
const REQ = metricName.requests('GET /x');

function line(w: string, t: number, c: Record<string, number>, latency: number[] = []): SecondLine {
  const sketch = newSketch();
  for (const v of latency) sketch.accept(v);
  return { w, t, first: t, last: t + 999, c, h: latency.length > 0 ? { [RUN_HISTOGRAM.latency]: encodeSketch(sketch) } : {} };
}

test('the status line adds up every worker from the record; its rate and p95 are over the closed seconds', () => {
  const record = new LiveRecord(DEFAULT_FAILURE_RULE);
  record.add('seconds-w1.jsonl', line('w1', T, { 'vusers.created': 3, [REQ]: 10 }, [10, 20]));
  record.add('seconds-w2.jsonl', line('w2', T, { 'vusers.created': 2, [REQ]: 7, [metricName.error('ECONNRESET', 'GET /x')]: 1 }, [30]));
  record.add('seconds-w1.jsonl', line('w1', T + 1000, { 'vusers.completed': 1, [REQ]: 3 }, [1000]));
  const open = record.status();
  assert.deepEqual(open, { requests: 20, failures: 1, activeUsers: 4, windows: 1, rps: 0, p95: null }, 'totals count every line at once; no second is closed yet');
  assert.deepEqual(record.close(T + 2000), [], 'the 10-s window is still open');
  const status = record.status();
  assert.equal(status.requests, 20);
  assert.equal(status.rps, 10, '20 requests over the 2 closed seconds');
  const p95 = status.p95 ?? 0;
  assert.ok(p95 > 29 && p95 < 31, `p95 of 10, 20, 30, 1000 ms is ~30 ms (got ${p95})`);
  record.add('seconds-w1.jsonl', line('w1', T + 10_000, { [REQ]: 1 }));
  assert.equal(record.close(T + 11_000).length, 1, 'the first 10-s window closes');
  assert.equal(record.status().windows, 2);
  assert.equal(record.status().p95, 1000, 'p95 covers the last 10 s: the first second has left it');
  record.add('seconds-w1.jsonl', line('w1', T + 11_000, { [REQ]: 1 }));
  record.close(T + 12_000);
  assert.equal(record.status().p95, null, 'older seconds leave the p95');
  assert.equal(record.status().requests, 22);
});

test('the status line counts failures by the run\'s rule: every 404 by default, a 404 that failed a check once', () => {
  const c = { [REQ]: 5, [metricName.code(200, 'GET /x')]: 3, [metricName.code(404, 'GET /x')]: 2, [metricName.error('http.404', 'GET /x')]: 1 };
  const plain = new LiveRecord({ count4xx: false });
  plain.add('seconds-w1.jsonl', line('w1', T, c));
  assert.equal(plain.status().failures, 1, 'without count4xx only the failed check');
  const strict = new LiveRecord(DEFAULT_FAILURE_RULE);
  strict.add('seconds-w1.jsonl', line('w1', T, c));
  assert.equal(strict.status().failures, 2);
});

test('a worker that falls behind: its late lines miss the window already judged, but the final result has every one', () => {
  const record = new LiveRecord(DEFAULT_FAILURE_RULE);
  const all: SecondLine[] = [];
  const judged: number[] = [];
  for (let s = 0; s < 30; s++) {
    const fast = line('w1', T + s * 1000, { 'vusers.created': 1, 'vusers.completed': 1, [REQ]: 4 }, [50, 60, 70, 80]);
    record.add('seconds-w1.jsonl', fast);
    all.push(fast);
    // w2 writes its lines of the first 10 s only 15 s late (a blocked event loop).
    if (s >= 15 && s < 25) {
      const late = line('w2', T + (s - 15) * 1000, { [REQ]: 2, [metricName.error('ETIMEDOUT', 'GET /x')]: 2 }, [9000, 9000]);
      record.add('seconds-w2.jsonl', late);
      all.push(late);
    }
    for (const window of record.close(T + s * 1000 - 2000)) judged.push(window.requests);
  }
  record.closeAll();
  assert.equal(judged[0], 40, 'the first window was judged without the late lines');
  const final = record.final();
  assert.deepEqual(final.windows, foldSeconds(all), 'the final windows are those of the whole record');
  assert.equal(final.windows[0]?.requests, 60);
  assert.equal(final.windows[0]?.failures, 20);
  assert.equal(final.seconds, 40);
  assert.deepEqual(final.files, ['seconds-w1.jsonl', 'seconds-w2.jsonl']);
});

test('the runner\'s tail folds the files as a whole read does: every line, a damaged one counted, the last one without its line end', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-tail-'));
  const w1 = path.join(dir, 'seconds-w1.jsonl');
  const w2 = path.join(dir, 'seconds-w2.jsonl');
  const json = (l: SecondLine): string => `${JSON.stringify(l)}\n`;
  await writeFile(w1, json(line('w1', T, { 'vusers.created': 2, [REQ]: 5 }, [20, 30])));
  const record = new LiveRecord(DEFAULT_FAILURE_RULE);
  const watch = watchProgress(dir, { startedAt: T, plannedS: 30, phases: [] }, record, () => {}, () => {}, 20);
  await new Promise((resolve) => setTimeout(resolve, 100));
  await appendFile(w1, `${json(line('w1', T + 1000, { [REQ]: 4 }, [40]))}{"w":"w1","t":`);
  await appendFile(w2, json(line('w2', T + 12_000, { [REQ]: 3, 'vusers.completed': 2 }, [500])));
  await new Promise((resolve) => setTimeout(resolve, 100));
  // A line cut by a killed writer, then one more line whose end was never written.
  await appendFile(w1, `\n${JSON.stringify(line('w1', T + 13_000, { [REQ]: 1 }, [60]))}`);
  await watch.stop();
  const live = record.final();
  const whole = await readSecondsRecord(dir);
  assert.deepEqual(live, whole, 'the live fold is the whole read');
  assert.equal(live.windows.reduce((sum, w) => sum + w.requests, 0), 13);
  assert.deepEqual(live.damaged, { 'seconds-w1.jsonl': 1 });
});
