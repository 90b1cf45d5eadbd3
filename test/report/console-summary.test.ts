import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderConsoleSummary } from '../../src/report/console-summary.ts';
import { formatMs } from '../../src/report/format.ts';
import { syntheticRunResult, withoutRequests } from '../fixtures/synthetic-run.ts';

const ANSI = /\u001b\[/;
const EMOJI = /[\u2705\u274c\u26a0]/u;

test('a passing run lists every criterion as PASS with observed and limit, and ends with the verdict', () => {
  const result = syntheticRunResult({ minutes: 3, endpoints: 4 });
  const text = renderConsoleSummary(result, { color: false });
  const p95 = formatMs(result.totals.latency?.p95);
  assert.match(text, /^loadspec · endurance → http:\/\/127\.0\.0\.1:8000/);
  assert.match(text, /ran 3m of at most 3m · complete/);
  assert.ok(text.includes(`PASS    p95 < 3s (observed ${p95} vs limit 3.00s)`), text);
  assert.equal(text.trimEnd().split('\n').at(-1), 'Verdict: PASSED — all 3 criteria passed');
  assert.doesNotMatch(text, ANSI);
  assert.doesNotMatch(text, EMOJI);
});

test('a failing run names the failing criterion with observed vs limit and the evaluator sentence', () => {
  const result = syntheticRunResult({ minutes: 3, endpoints: 4, failing: true });
  const errorRate = result.verdict.criteria.find((item) => item.text === 'error rate < 1%');
  assert.equal(errorRate?.status, 'failed');
  const text = renderConsoleSummary(result, { color: false });
  assert.ok(text.includes(`FAIL    error rate < 1% (observed ${errorRate.observed?.toFixed(2)}% vs limit 1.00%)`), text);
  assert.ok(text.includes(errorRate.message));
  assert.match(text.trimEnd().split('\n').at(-1) ?? '', /^Verdict: FAILED — \d of 3 criteria failed$/);
  for (const endpoint of result.endpoints) {
    assert.match(text, new RegExp(`${endpoint.name}\\s+${endpoint.requests.toLocaleString('en-US')}\\s`));
  }
  assert.match(text, /Errors\s+http\.503 [\d,]+ \([\d.]+%\) · ETIMEDOUT/);
});

test('colour mode adds ANSI colours and the reference runner’s emoji', () => {
  const text = renderConsoleSummary(syntheticRunResult({ minutes: 2, endpoints: 2, failing: true }), { color: true });
  assert.match(text, ANSI);
  assert.match(text, /❌ p95 < 3s: .*FAIL/);
});

test('an interrupted run says so in the headline, before any number, and is not PASSED', () => {
  const result = syntheticRunResult({ minutes: 3, endpoints: 4, partial: true });
  const text = renderConsoleSummary(result, { color: false });
  const note = text.indexOf('! Interrupted: interrupted by Ctrl-C (SIGINT) after 2m. It ran 1m 50s of at most 3m');
  assert.ok(note > 0, text);
  assert.ok(note < text.indexOf('Requests'));
  assert.match(text, /ran 1m 50s of at most 3m · INTERRUPTED/);
  assert.match(text, /Verdict: INTERRUPTED — .*\(so far 3 of 3 criteria held\)/);
  assert.doesNotMatch(text, /PASSED/);
});

test('a run where nothing succeeded says so and shows no latency instead of zeros', () => {
  const text = renderConsoleSummary(syntheticRunResult({ minutes: 2, endpoints: 3, zeroSuccess: true }), { color: false });
  assert.match(text, /! No request succeeded: all [\d,]+ requests failed \(ECONNREFUSED ×[\d,]+\)/);
  assert.match(text, /Latency \(whole response\)\s+no responses/);
  assert.match(text, /NO DATA p95 < 3s \(observed no data vs limit 3\.00s\)/);
  assert.match(text, /Verdict: ERRORED — No request succeeded/);
  assert.doesNotMatch(text, /p50 0ms/);
});

test('the slowest requests are listed with endpoint, status and duration', () => {
  const result = syntheticRunResult({ minutes: 3, endpoints: 4, failing: true });
  const slowest = result.slowRequests.slowest[0];
  assert.ok(slowest);
  const text = renderConsoleSummary(result, { color: false });
  assert.match(text, /Slow requests \(> 3\.00s\): [\d,]+ — POST \/api\/v1\/chat/);
  assert.match(text, new RegExp(`POST /api/v1/chat\\s+${slowest.status}\\s+${formatMs(slowest.durationMs).replace('.', '\\.')}`));
});

test('a run that sent nothing says so and still renders every section without invented numbers', () => {
  const text = renderConsoleSummary(withoutRequests(syntheticRunResult({ minutes: 1, endpoints: 2 })), { color: false });
  assert.match(text, /! Did not complete: Artillery exited with code 1 after 0s \(see artillery\.log\)/);
  assert.match(text, /! No requests were sent, so there is nothing to measure or judge\./);
  assert.match(text, /Latency \(whole response\)\s+no responses/);
  assert.doesNotMatch(text, /Endpoints/);
  assert.match(text.trimEnd().split('\n').at(-1) ?? '', /^Verdict: ERRORED — no requests were sent \(0 of 3 criteria passed, 3 had no data\)$/);
  assert.doesNotMatch(text, / +$/m, 'no trailing spaces');
});
