import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_EVALUATION_OPTIONS } from '../../../src/core/criteria/criterion.ts';
import type { EvaluationOptions, ParsedCriterionWithOptions } from '../../../src/core/criteria/criterion.ts';
import { decideVerdict, evaluateCriteria } from '../../../src/core/criteria/evaluate.ts';
import type { RunData } from '../../../src/core/criteria/evaluate.ts';
import { parseCriterion } from '../../../src/core/criteria/parse.ts';
import type { CriterionResult, TrafficSummary } from '../../../src/core/types.ts';
import { buildRun, times } from './run-builder.ts';

const CHAT = 'POST /api/v1/chat';
const FOOD = 'POST /api/v1/food';

function criterion(text: string, name: string | null = null): ParsedCriterionWithOptions {
  const parsed = parseCriterion(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return { criterion: parsed.criterion, name, abort: false, graceS: 30 };
}

function judge(texts: string[], run: RunData, options: EvaluationOptions = DEFAULT_EVALUATION_OPTIONS): CriterionResult[] {
  return evaluateCriteria(texts.map((text) => criterion(text)), run, options);
}

/** Sketches answer within 1% (relative accuracy of DDSketch). */
function near(actual: number | null | undefined, expected: number): void {
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) <= expected * 0.01, `${actual} is not within 1% of ${expected}`);
}

function one(text: string, run: RunData, options?: EvaluationOptions): CriterionResult {
  const [result] = judge([text], run, options);
  assert.ok(result);
  return result;
}

/** Six windows (one minute): chat answers in 400 ms, food in 100 ms, 50 requests each per window. */
const steady = buildRun(6, () => ({ [CHAT]: { latencies: times(50, 400) }, [FOOD]: { latencies: times(50, 100) } }));

describe('evaluateCriteria: latency', () => {
  it('passes and fails on a whole-run percentile, with observed and limit', () => {
    const pass = one('p95 < 1s', { windows: steady });
    assert.equal(pass.status, 'passed');
    near(pass.observed, 400);
    assert.equal(pass.limit, 1000);
    assert.equal(pass.unit, 'ms');
    assert.match(pass.message, /^p95 response time was 39\d(\.\d)? ms \(limit < 1 s\) over the whole run$/);
    const fail = one('p75 <= 300ms', { windows: steady });
    assert.equal(fail.status, 'failed');
    assert.match(fail.message, /^p75 response time was (400|399\.5) ms \(limit <= 300 ms\) over the whole run$/);
  });

  it('judges one endpoint on its own traffic', () => {
    assert.equal(one(`p95 of ${FOOD} < 200ms`, { windows: steady }).status, 'passed');
    const chat = one(`p95 of ${CHAT} < 200ms`, { windows: steady });
    assert.equal(chat.status, 'failed');
    assert.equal(chat.observed, 400);
    assert.match(chat.message, /^p95 response time of POST \/api\/v1\/chat was 400 ms/);
  });

  it('says which endpoints exist when the criterion names one that was never called', () => {
    const result = one('p95 of GET /api/v1/chat < 1s', { windows: steady });
    assert.equal(result.status, 'no-data');
    assert.equal(result.observed, null);
    assert.match(result.message, /no requests to GET \/api\/v1\/chat were recorded \(endpoints seen: POST \/api\/v1\/chat, POST \/api\/v1\/food\)/);
  });

  it('uses the RunResult totals for whole-run values, so the verdict matches the reports', () => {
    const totals: TrafficSummary = {
      requests: 1000, responses: 1000, failures: 30, errorRate: 0.03, rps: 12.5, slow: 0, codes: {}, errors: { 'http.503': 30 },
      latency: { count: 1000, min: 1, max: 900, mean: 300, p50: 250, p75: 400, p90: 600, p95: 750, p99: 880, p999: 900 },
    };
    const run: RunData = { windows: steady, totals: { ...totals, vusersCreated: 0, vusersCompleted: 0, vusersFailed: 0 }, endpoints: [] };
    const [p95, errors, rps] = judge(['p95 < 700ms', 'error rate < 1%', 'throughput >= 10/s'], run);
    assert.equal(p95?.observed, 750);
    assert.equal(errors?.observed, 3);
    assert.match(errors?.message ?? '', /30 of 1,000 requests failed \(http\.503 30\)/);
    assert.equal(rps?.observed, 12.5);
  });
});

describe('evaluateCriteria: errors, slow requests, throughput', () => {
  const failing = buildRun(3, () => ({
    [CHAT]: { latencies: times(90, 100), errors: { 'http.503': 5 }, codes: { '200': 80, '404': 5, '503': 5 }, networkErrors: 10, slow: 9 },
  }));

  it('error rate counts 5xx, network errors and 4xx over requests; 4xx not with count4xx: false', () => {
    const without4xx = { ...DEFAULT_EVALUATION_OPTIONS, count4xx: false };
    const result = one('error rate < 10%', { windows: failing }, without4xx);
    assert.equal(result.status, 'failed');
    assert.equal(result.observed, 15);
    assert.equal(result.unit, '%');
    assert.equal(result.message, 'error rate was 15% (limit < 10%) over the whole run: 45 of 300 requests failed (ECONNREFUSED 30, http.503 15)');
    const with4xx = one('error rate < 10%', { windows: failing });
    assert.equal(with4xx.observed, 20);
    assert.equal(one('error rate < 20%', { windows: failing }, without4xx).status, 'passed');
  });

  it('slow requests are a share of all requests, with the threshold in the message', () => {
    const options = { ...DEFAULT_EVALUATION_OPTIONS, slowThresholdMs: 3000 };
    const result = one('slow requests < 5%', { windows: failing }, options);
    assert.equal(result.status, 'failed');
    assert.equal(result.observed, 9);
    assert.match(result.message, /27 of 300 requests took longer than 3 s$/);
    assert.equal(one('slow requests of POST /api/v1/chat < 10%', { windows: failing }).status, 'passed');
  });

  it('throughput is requests per second from counts and timestamps', () => {
    const result = one('throughput >= 15/s', { windows: steady });
    assert.equal(result.status, 'failed');
    assert.equal(result.observed, 10);
    assert.equal(result.unit, 'req/s');
    assert.equal(one(`rps of ${FOOD} >= 5`, { windows: steady }).status, 'passed');
  });

  it('a value that rounds to the limit does not read as the limit', () => {
    const edge = buildRun(1, () => ({ [CHAT]: { latencies: times(99_999, 100), errors: { 'http.503': 1000 }, networkErrors: 1 } }));
    const result = one('error rate < 1%', { windows: edge });
    assert.equal(result.status, 'failed');
    assert.match(result.message, /^error rate was just over 1% \(limit < 1%\)/);
  });

  it('no requests at all means no data, not a pass', () => {
    const silent = buildRun(3, () => ({}));
    for (const text of ['p95 < 1s', 'error rate < 1%', 'throughput >= 1/s']) {
      assert.equal(one(text, { windows: silent }).status, 'no-data', text);
    }
  });
});

describe('evaluateCriteria: windows and time', () => {
  // One hour of 10-second windows; only the last minute is slow (2 s instead of 200 ms).
  const hour = buildRun(360, (i) => ({ [CHAT]: { latencies: times(20, i >= 354 ? 2000 : 200) } }));

  // Several 1-minute windows hold the slow one; the first of the worst is reported.
  it('a failure in the last minute of an hour fails `in every 1m` although the whole run passes', () => {
    const [whole, windowed] = judge(['p95 < 1s', 'p95 of POST /api/v1/chat < 1s in every 1m'], { windows: hour });
    assert.equal(whole?.status, 'passed');
    assert.equal(whole?.observed, 200);
    assert.equal(windowed?.status, 'failed');
    assert.equal(windowed?.observed, 2000);
    assert.equal(
      windowed?.message,
      'p95 response time of POST /api/v1/chat was 2 s (limit < 1 s) in the worst 1-minute window 12:58:10-12:59:10 UTC',
    );
    assert.deepEqual(windowed?.window, { start: Date.UTC(2026, 0, 18, 12, 58, 10), end: Date.UTC(2026, 0, 18, 12, 59, 10) });
  });

  it('reports the worst window of a passing windowed criterion too', () => {
    const result = one('p95 < 5s in every 5m', { windows: hour });
    assert.equal(result.status, 'passed');
    assert.equal(result.observed, 2000);
    // p95 of 30 windows reaches 2 s once two of them are slow.
    assert.match(result.message, /worst 5-minute window 12:54:20-12:59:20 UTC/);
  });

  it('the worst window of a `>=` criterion is the lowest', () => {
    const dip = buildRun(12, (i) => ({ [CHAT]: { latencies: times(i === 7 ? 10 : 100, 50) } }));
    const result = one('throughput >= 5/s in every 10s', { windows: dip });
    assert.equal(result.status, 'failed');
    assert.equal(result.observed, 1);
    assert.match(result.message, /12:01:10-12:01:20 UTC/);
  });

  it('`after` ignores the warm-up at the start', () => {
    const coldStart = buildRun(12, (i) => ({ [CHAT]: { latencies: times(20, i < 6 ? 3000 : 100) } }));
    const [all, after] = judge(['p95 < 1s', 'p95 < 1s after 1m'], { windows: coldStart });
    assert.equal(all?.status, 'failed');
    assert.equal(after?.status, 'passed');
    assert.match(after?.message ?? '', /after the first 60 s$/);
  });

  it('a run shorter than the window is judged as one window', () => {
    const short = buildRun(2, () => ({ [CHAT]: { latencies: times(10, 100) } }));
    const result = one('p95 < 1s in every 1m', { windows: short });
    assert.equal(result.status, 'passed');
    assert.deepEqual(result.window, { start: short[0]?.start, end: short[1]?.end });
  });
});

describe('evaluateCriteria: degradation', () => {
  const options = (warmupS = 0): EvaluationOptions => ({ ...DEFAULT_EVALUATION_OPTIONS, degradation: { baselinePct: 10, comparePct: 10, warmupS } });

  it('fails when the end of the run is slower than its start by more than the limit', () => {
    // 20 windows: latency climbs from 100 ms to 290 ms.
    const rising = buildRun(20, (i) => ({ [CHAT]: { latencies: times(20, 100 + i * 10) } }));
    const result = one('p95 degradation < 20%', { windows: rising }, options());
    assert.equal(result.status, 'failed');
    // Baseline: first 2 windows (100, 110 ms), compared: last 2 (280, 290 ms) -> p95 110 -> 290.
    assert.equal(result.observed, 163.64);
    assert.equal(
      result.message,
      'p95 rose 163.6% (limit < 20%): from 110 ms at the start (12:00:00-12:00:20 UTC) to 290 ms at the end (12:03:00-12:03:20 UTC)',
    );
  });

  it('passes on a flat run and leaves the warm-up out of the baseline', () => {
    const flat = buildRun(20, (i) => ({ [CHAT]: { latencies: times(20, i < 4 ? 50 : 200) } }));
    assert.equal(one('p95 degradation < 20%', { windows: flat }, options()).status, 'failed');
    const warm = one('p95 degradation < 20%', { windows: flat }, options(40));
    assert.equal(warm.status, 'passed');
    assert.equal(warm.observed, 0);
  });

  it('needs at least two windows with responses', () => {
    const result = one('p95 degradation < 20%', { windows: buildRun(1, () => ({ [CHAT]: { latencies: [5] } })) });
    assert.equal(result.status, 'no-data');
    assert.match(result.message, /needs at least 2/);
  });
});

describe('evaluateCriteria: names', () => {
  it('prefixes the message with the name given in the config', () => {
    const [result] = evaluateCriteria([criterion('p95 < 1s', 'Chat answers fast')], { windows: steady });
    assert.match(result?.message ?? '', /^Chat answers fast: p95 response time was 39\d(\.\d)? ms/);
    assert.equal(result?.text, 'p95 < 1s');
  });
});

describe('decideVerdict', () => {
  const results = judge(['p95 < 1s', 'p95 < 100ms', 'p95 of GET /nope < 1s'], { windows: steady });
  const [passed, failed, noData] = results as [CriterionResult, CriterionResult, CriterionResult];

  it('fails when any criterion failed, naming them', () => {
    const verdict = decideVerdict(results, { totals: { requests: 600 } });
    assert.equal(verdict.status, 'failed');
    assert.equal(verdict.reason, '1 of 3 criteria failed: p95 < 100ms');
    assert.equal(verdict.criteria.length, 3);
  });

  it('is inconclusive when a criterion had no data and none failed', () => {
    const verdict = decideVerdict([passed, noData], { totals: { requests: 600 } });
    assert.equal(verdict.status, 'inconclusive');
    assert.match(verdict.reason ?? '', /p95 of GET \/nope < 1s/);
  });

  it('passes when every criterion passed', () => {
    assert.deepEqual(decideVerdict([passed], { totals: { requests: 600 } }), { status: 'passed', criteria: [passed] });
  });

  it('errors when no request was sent', () => {
    const verdict = decideVerdict([passed, failed], { totals: { requests: 0 } });
    assert.equal(verdict.status, 'errored');
    assert.match(verdict.reason ?? '', /no requests were sent/);
  });

  it('marks the criterion that stopped the run', () => {
    const verdict = decideVerdict([passed, failed], { totals: { requests: 600 }, aborted: { criterion: 'p95 < 100ms', time: 0 } });
    assert.equal(verdict.status, 'failed');
    assert.equal(verdict.criteria[1]?.aborted, true);
    assert.equal(verdict.criteria[0]?.aborted, undefined);
    assert.match(verdict.reason ?? '', /stopped early because "p95 < 100ms"/);
  });
});
