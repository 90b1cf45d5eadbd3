import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildRunResult, readRunResult, writeRunResult } from '../../src/results/run-directory.ts';
import type { RunResult } from '../../src/core/types.ts';
import { meta, range, windowOf } from './windows.ts';

const result = (): RunResult => ({
  ...buildRunResult({ dir: '', windows: [windowOf(0, { 'GET /a': { latencies: range(10) } })], events: [], slowRequests: null, skippedLines: 0, damaged: {}, recordFiles: [], recordedSeconds: 0, lastRecordedAt: null }, meta(), {
    count4xx: false,
    slowThresholdMs: 3000,
  }),
  monitor: null,
  verdict: { status: 'passed', criteria: [] },
});

describe('summary.json', () => {
  it('reads back what was written', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'loadspec-summary-'));
    const file = await writeRunResult(dir, result());
    assert.equal(file, path.join(dir, 'summary.json'));
    assert.deepEqual(await readRunResult(file), result());
  });

  it('reads a version-1 summary, saying how its partial run ended in version 2 terms', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'loadspec-summary-'));
    const file = await writeRunResult(dir, result());
    const v1 = JSON.parse(readFileSync(file, 'utf8')) as { schemaVersion: number; meta: Record<string, unknown> };
    v1.schemaVersion = 1;
    v1.meta['completion'] = 'partial';
    v1.meta['partialReason'] = 'interrupted (SIGTERM)';
    writeFileSync(file, JSON.stringify(v1));
    const read = await readRunResult(file);
    assert.equal(read.schemaVersion, 2);
    assert.equal(read.meta.completion, 'interrupted');
    assert.equal(read.meta.interruptedBy, 'SIGTERM');
    assert.equal(read.meta.stopReason, 'interrupted (SIGTERM)');
  });

  it('counts the failures of windows written before windows stored them, under the run\'s rule', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'loadspec-summary-'));
    const file = await writeRunResult(dir, result());
    const old = JSON.parse(readFileSync(file, 'utf8')) as { meta: Record<string, unknown>; windows: Array<Record<string, unknown>> };
    old.meta['rules'] = { count4xx: true, expect4xx: false, slowThresholdMs: 3000 };
    for (const w of old.windows) {
      delete w['failures'];
      w['codes'] = { '200': 8, '404': 2 };
      w['errors'] = { 'http.503': 1 };
    }
    writeFileSync(file, JSON.stringify(old));
    const read = await readRunResult(file);
    assert.equal(read.windows[0]?.failures, 3, 'one 503 and two 404s counted, as count4xx says');
  });

  it('refuses a summary of another schema version, or none, with a sentence', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'loadspec-summary-'));
    const file = await writeRunResult(dir, result());
    const future = { ...JSON.parse(readFileSync(file, 'utf8')), schemaVersion: 3 };
    writeFileSync(file, JSON.stringify(future));
    await assert.rejects(readRunResult(file), /has summary schema version 3, but this loadspec reads version 2/);
    writeFileSync(file, '{"meta":{}}');
    await assert.rejects(readRunResult(file), /is not a loadspec summary: it has no schemaVersion/);
    writeFileSync(file, '{"schemaVersion":1,');
    await assert.rejects(readRunResult(file), /is not valid JSON/);
    await assert.rejects(readRunResult(path.join(dir, 'nope.json')), /cannot read .*nope\.json: ENOENT/);
  });
});
