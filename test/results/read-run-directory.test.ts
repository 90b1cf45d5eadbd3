import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { readRunDirectory } from '../../src/results/run-directory.ts';

const T0 = 1_795_716_000_000;

describe('readRunDirectory', () => {
  it('folds every worker\'s record into windows and names the file whose last line a kill cut short', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'loadspec-read-'));
    const line = (w: string, t: number, requests: number): string =>
      JSON.stringify({ w, t, first: t, last: t + 500, c: { 'http.requests': requests, 'vusers.created': 1 }, h: {} });
    writeFileSync(path.join(dir, 'seconds-w1.jsonl'), `${line('w1', T0 + 12_000, 5)}\n${line('w1', T0, 3)}\n`);
    appendFileSync(path.join(dir, 'seconds-w1.jsonl'), line('w1', T0 + 13_000, 9).slice(0, 40));
    writeFileSync(path.join(dir, 'seconds-w2.jsonl'), `${line('w2', T0 + 1_000, 4)}\n`);
    writeFileSync(path.join(dir, 'events.jsonl'), '{"type":"plugin-loaded","time":1,"name":"recorder"}\n{"type":"phaseStar');

    const run = await readRunDirectory(dir);
    assert.deepEqual(run.windows.map((w) => [w.start, w.requests]), [[T0, 7], [T0 + 10_000, 5]]);
    assert.deepEqual(run.recordFiles, ['seconds-w1.jsonl', 'seconds-w2.jsonl']);
    assert.deepEqual(run.damaged, { 'seconds-w1.jsonl': 1 });
    assert.deepEqual(run.events, [{ type: 'plugin-loaded', time: 1, name: 'recorder' }]);
    assert.equal(run.skippedLines, 2);
    assert.equal(run.slowRequests, null, 'no slow-requests.jsonl');
  });

  it('summarises slow-request records: count per endpoint and the slowest first', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'loadspec-read-'));
    const record = (endpoint: string, durationMs: number, time: number): string =>
      JSON.stringify({ time, phase: 'p', scenario: null, endpoint, status: 200, durationMs, userId: null });
    const lines = [record('GET /a', 3100, 1), record('GET /b', 9000, 2), record('GET /a', 4000, 3)];
    for (let i = 0; i < 30; i++) lines.push(record('GET /c', 3000 + i, 10 + i));
    writeFileSync(path.join(dir, 'slow-requests.jsonl'), `${lines.join('\n')}\n`);

    const run = await readRunDirectory(dir);
    assert.equal(run.windows.length, 0);
    assert.equal(run.slowRequests?.total, 33);
    assert.deepEqual(run.slowRequests?.byEndpoint, { 'GET /a': 2, 'GET /b': 1, 'GET /c': 30 });
    assert.equal(run.slowRequests?.slowest.length, 20);
    assert.deepEqual(run.slowRequests?.slowest.slice(0, 2).map((r) => r.durationMs), [9000, 4000]);
  });

  it('keeps the slowest of a long slow-request log exactly as a full sort would, read a line at a time', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'loadspec-read-'));
    const records = Array.from({ length: 5000 }, (_, i) => ({ time: i, phase: 'p', scenario: null, endpoint: `GET /e${i % 7}`, status: 200, durationMs: 3000 + ((i * 7919) % 4001), userId: null }));
    writeFileSync(path.join(dir, 'slow-requests.jsonl'), `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const run = await readRunDirectory(dir);
    const expected = [...records].sort((a, b) => b.durationMs - a.durationMs || a.time - b.time).slice(0, 20);
    assert.equal(run.slowRequests?.total, 5000);
    assert.deepEqual(run.slowRequests?.slowest, expected);
    assert.equal(Object.values(run.slowRequests?.byEndpoint ?? {}).reduce((a, b) => a + b, 0), 5000);
  });
});
