import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderConsolidated, writeConsolidated } from '../../src/report/consolidated.ts';
import { syntheticRunResult } from '../fixtures/synthetic-run.ts';

const suite = () => [
  syntheticRunResult({ minutes: 2, endpoints: 3, scenario: 'steady' }),
  syntheticRunResult({ minutes: 2, endpoints: 3, scenario: 'spike', failing: true }),
  syntheticRunResult({ minutes: 2, endpoints: 3, scenario: 'endurance', partial: true }),
];

test('one row per scenario with verdict, requests, throughput, p95, errors and duration', () => {
  const results = suite();
  const { text, json } = renderConsolidated(results, { color: false });
  assert.equal(json.rows.length, 3);
  assert.equal(json.status, 'interrupted', 'never greener than its worst part');
  assert.deepEqual(json.counts, { passed: 1, failed: 1, errored: 0, inconclusive: 0, interrupted: 1 });
  const spike = json.rows.find((row) => row.scenario === 'spike');
  assert.equal(spike?.requests, results[1]?.totals.requests);
  assert.equal(spike?.p95Ms, results[1]?.totals.latency?.p95);
  assert.deepEqual(spike?.failedCriteria, ['p95 < 3s', 'error rate < 1%', 'p99 of POST /api/v1/chat < 5s']);
  assert.match(text, /^loadspec summary — 3 scenarios: 1 passed, 1 failed, 1 interrupted/);
  assert.match(text, /spike\s+FAILED\s+[\d,]+\s+[\d.]+ req\/s\s+3\.\d\ds\s+[\d.]+%\s+2m\s+p95 < 3s; error rate < 1%/);
  assert.match(text, /endurance\s+INTERRUPTED.*1m 10s of at most 2m \(interrupted\)/);
  assert.equal(text.trimEnd().split('\n').at(-1), 'Overall: INTERRUPTED');
});

test('a scenario that did not run is a failed row of its own, in the text, Markdown and JUnit', () => {
  const results = [syntheticRunResult({ minutes: 2, endpoints: 3, scenario: 'smoke' })];
  const { text, markdown, json } = renderConsolidated(results, { color: false }, [{ scenario: 'missing', reason: 'the target is not healthy' }]);
  assert.equal(json.status, 'errored');
  assert.match(text, /missing\s+ERRORED.*not run\s+not run: the target is not healthy/);
  assert.match(markdown, /\| missing \| 💥 errored \|/);
  assert.equal(text.trimEnd().split('\n').at(-1), 'Overall: ERRORED');
});

test('an errored scenario makes the whole suite errored; no scenarios is not a pass', () => {
  const results = [...suite(), syntheticRunResult({ minutes: 1, endpoints: 1, scenario: 'smoke', zeroSuccess: true })];
  assert.equal(renderConsolidated(results).json.status, 'errored');
  assert.equal(renderConsolidated([]).json.status, 'errored');
});

test('writeConsolidated writes Markdown, JSON and a JUnit file with a testsuite per scenario', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'loadspec-all-'));
  try {
    const paths = await writeConsolidated(suite(), dir);
    assert.deepEqual(paths.map((path) => path.slice(dir.length + 1)), ['consolidated.md', 'consolidated.json', 'junit.xml']);
    const markdown = await readFile(join(dir, 'consolidated.md'), 'utf8');
    assert.match(markdown, /^### ⏹️ loadspec: interrupted \(3 scenarios: 1 passed, 1 failed, 1 interrupted\)/);
    assert.match(markdown, /\| spike \| ❌ failed \|/);
    const json = JSON.parse(await readFile(join(dir, 'consolidated.json'), 'utf8')) as { rows: unknown[] };
    assert.equal(json.rows.length, 3);
    assert.equal((await readFile(join(dir, 'junit.xml'), 'utf8')).match(/<testsuite /g)?.length, 3);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
