import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judge, exitCodeOf } from '../../src/core/judge.ts';
import type { CriterionResult, RunMeta } from '../../src/core/types.ts';

const pass: CriterionResult = { text: 'p95 < 3s', status: 'passed', observed: 100, limit: 3000, unit: 'ms', message: '' };
const fail: CriterionResult = { ...pass, status: 'failed', observed: 4000 };
const complete: Pick<RunMeta, 'completion'> = { completion: 'complete' };
const ok = { requests: 100, responses: 100, codes: { '200': 100 } };

test('criteria decide a complete run; an interrupted one is never a pass, 130 or 143 by its signal', () => {
  assert.equal(judge({ criteria: [pass], totals: ok, meta: complete }).status, 'passed');
  assert.equal(judge({ criteria: [fail], totals: ok, meta: complete }).status, 'failed');
  for (const [by, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    const meta = { completion: 'interrupted' as const, interruptedBy: by, stopReason: 'interrupted' };
    const verdict = judge({ criteria: [pass], totals: ok, meta });
    assert.equal(verdict.status, 'interrupted');
    assert.equal(verdict.criteria[0]?.status, 'passed', 'criteria are still judged and shown');
    assert.equal(exitCodeOf({ verdict, meta }), code);
  }
});

test('a capped run is judged on its data; a crash that left passing numbers is errored', () => {
  assert.equal(judge({ criteria: [pass], totals: ok, meta: { completion: 'capped', stopReason: 'stopped at its 5m cap' } }).status, 'passed');
  const crashed = judge({ criteria: [pass], totals: ok, meta: { completion: 'crashed', stopReason: 'Artillery was killed (SIGKILL) after 20s' } });
  assert.equal(crashed.status, 'errored');
  assert.equal(exitCodeOf({ verdict: crashed, meta: {} }), 4);
});

test('every answer a 401 is not a pass: it names the status, and the API key only when the api-key plugin is on, unless 4xx is expected', () => {
  const refused = { requests: 50, responses: 50, codes: { '401': 50 } };
  const verdict = judge({ criteria: [pass], totals: refused, meta: complete, refusal: { apiKey: true } });
  assert.equal(verdict.status, 'errored');
  assert.match(verdict.reason ?? '', /^every response was 401 Unauthorized: the target refused the requests, so the run tested nothing; check the API key/);
  const noKey = judge({ criteria: [pass], totals: refused, meta: complete, refusal: { endpoints: [{ name: 'GET /cart', codes: { '401': 50 } }] } });
  assert.match(noKey.reason ?? '', /^every response was 401 Unauthorized \(GET \/cart ×50\): .*check the credentials or token the requests send/);
  assert.doesNotMatch(noKey.reason ?? '', /API key/);
  // A login whose capture failed makes every later request 401: the advice says so.
  const login = judge({ criteria: [pass], totals: { ...refused, errors: { capture: 5 } }, meta: complete });
  assert.match(login.reason ?? '', /a capture failed 5 times, so later requests may have sent empty values/);
  // Statuses the steps expect are answers, not refusals.
  assert.equal(judge({ criteria: [pass], totals: { requests: 50, responses: 50, codes: { '404': 50 }, expected: { '404': 50 } }, meta: complete }).status, 'passed');
  assert.equal(judge({ criteria: [pass], totals: refused, meta: complete, expect4xx: true }).status, 'passed');
  const mostly = judge({ criteria: [pass], totals: { requests: 100, responses: 100, codes: { '404': 92, '200': 8 } }, meta: complete });
  assert.match(mostly.reason ?? '', /^92% of responses were 4xx \(404 Not Found ×92\)/);
  assert.equal(judge({ criteria: [pass], totals: { requests: 100, responses: 100, codes: { '404': 80, '200': 20 } }, meta: complete }).status, 'passed');
});

test('an untrusted record, no requests, a missing shard: errored, whatever the criteria say', () => {
  assert.match(judge({ criteria: [pass], totals: ok, meta: complete, untrusted: ['plugin recorder did not load'] }).reason ?? '', /plugin recorder did not load, so the run cannot be trusted/);
  assert.equal(judge({ criteria: [pass], totals: { requests: 0 }, meta: complete }).status, 'errored');
  assert.match(judge({ criteria: [pass], totals: ok, meta: complete, missingShards: ['2/3'] }).reason ?? '', /shard 2\/3 is missing/);
});
