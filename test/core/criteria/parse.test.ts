import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCriterion } from '../../../src/core/criteria/parse.ts';
import type { Criterion } from '../../../src/core/criteria/criterion.ts';

function parsed(text: string): Criterion {
  const result = parseCriterion(text);
  assert.ok(result.ok, `expected "${text}" to parse, got: ${result.ok ? '' : result.message}`);
  return result.criterion;
}

function rejected(text: string): string {
  const result = parseCriterion(text);
  assert.ok(!result.ok, `expected "${text}" to be rejected`);
  return result.message;
}

describe('parseCriterion: what people write', () => {
  it('reads latency statistics with ms or s', () => {
    assert.deepEqual(parsed('p95 < 3s'), {
      kind: 'latency', measure: 'latency', stat: 'p95', text: 'p95 < 3s', op: '<', limit: 3000, endpoint: null, afterS: 0, windowS: null,
    });
    assert.equal(parsed('p99 <= 800ms').limit, 800);
    for (const [text, measure] of [['ttfb p95 < 500ms', 'ttfb'], ['p95 time to first byte < 500ms', 'ttfb'], ['connect p99 < 50ms', 'connect'], ['p95 download time < 1s', 'download'], ['p95 response time < 1s', 'latency']] as const) {
      const criterion = parsed(text);
      assert.equal(criterion.kind === 'latency' && criterion.measure, measure, text);
    }
    assert.equal(parsed('p99 <= 800ms').op, '<=');
    assert.equal(parsed('max < 10s').limit, 10_000);
    assert.equal(parsed('p99.9 < 1.5 s').limit, 1500);
    for (const [text, stat] of [['median < 500ms', 'p50'], ['mean < 1s', 'mean'], ['min > 1ms', 'min'], ['p75 < 1s', 'p75'], ['p90 < 1s', 'p90']] as const) {
      const criterion = parsed(text);
      assert.equal(criterion.kind === 'latency' && criterion.stat, stat, text);
    }
  });

  it('reads an endpoint as METHOD /path, whatever the case of the method', () => {
    const criterion = parsed('p95 of POST /api/v1/chat < 5s');
    assert.equal(criterion.endpoint, 'POST /api/v1/chat');
    assert.equal(parsed('p95 of post /api/v1/chat < 5s').endpoint, 'POST /api/v1/chat');
    assert.equal(parsed('error rate of GET /health < 1%').endpoint, 'GET /health');
  });

  it('reads error rate, slow requests and throughput', () => {
    assert.deepEqual(
      [parsed('error rate < 1%'), parsed('slow requests < 5%'), parsed('throughput >= 50/s'), parsed('rps >= 50')].map((c) => [c.kind, c.limit]),
      [['error-rate', 1], ['slow-requests', 5], ['throughput', 50], ['throughput', 50]],
    );
    assert.equal(parsed('throughput >= 600/min').limit, 10);
    assert.equal(parsed('error rate < 0.5 %').limit, 0.5);
  });

  it('reads windows and rounds them up to whole 10-second periods, saying so', () => {
    const every = parsed('p95 < 3s in every 1m');
    assert.equal('windowS' in every && every.windowS, 60);
    const rounded = parseCriterion('error rate < 1% in every 45s');
    assert.ok(rounded.ok);
    assert.equal('windowS' in rounded.criterion && rounded.criterion.windowS, 50);
    assert.match(rounded.warning ?? '', /rounded up to 50s/);
    const exact = parseCriterion('p95 < 3s in every 30s');
    assert.ok(exact.ok);
    assert.equal(exact.warning, undefined);
  });

  it('reads degradation and `after`', () => {
    assert.deepEqual(parsed('p95 degradation < 20%'), {
      kind: 'degradation', stat: 'p95', text: 'p95 degradation < 20%', op: '<', limit: 20, endpoint: null, afterS: 0,
    });
    assert.equal(parsed('p95 of POST /x degradation < 150%').endpoint, 'POST /x');
    assert.equal(parsed('p95 < 3s after 1m').afterS, 60);
  });
});

describe('parseCriterion: mistakes come back as one sentence with what to write', () => {
  const cases: [string, RegExp][] = [
    ['p95 < 3 seconds', /write 3s/],
    ['p95 < 3', /needs a unit: write 3ms or 3s/],
    ['p96 < 3s', /unknown statistic "p96"; use one of p50, p75, p90, p95, p99, p99\.9, max, mean, min or median/],
    ['error rate < 1', /percentage: write 1%/],
    ['error rate < 150%', /cannot exceed 100%/],
    ['slow requests < 101%', /cannot exceed 100%/],
    ['erorr rate < 1%', /did you mean "error rate"/],
    ['latency is fine < 3s', /unknown measure .*"p95 < 3s".*"error rate < 1%".*"in every 1m"/],
    ['p95 less than 3s', /write "<" instead of "less than"/],
    ['p95 = 3s', /use <, <=, > or >=/],
    ['error rate == 0%', /cannot be compared with "=="; write "<=" or ">=" instead \(e\.g\. "error rate <= 0%"\)/],
    ['p95 =< 3s', /write "<=" instead of "=<"/],
    ['p95 < 3s in 1m', /"in every 1m"/],
    ['p95 < 3s per request', /unexpected "per request"/],
    ['p95 of /chat < 3s', /METHOD \/path, with the method the flow uses, e\.g\. "GET \/chat" or "POST \/chat"/],
    ['p95 of FETCH /chat < 3s', /unknown HTTP method "FETCH"/],
    ['p95 of GET /search?q=x < 3s', /without their query string: write "GET \/search"/],
    ['p95 < 5m', /write 300s/],
    ['p95 < 5%', /time, not a percentage/],
    ['p95 degradation < 20% in every 1m', /remove "in every/],
    ['throughput >= 50%', /requests per second: write 50\/s/],
    ['', /empty/],
    ['p95 <', /no limit/],
    ['p95 3s', /no comparison/],
  ];
  for (const [text, expected] of cases) {
    it(`"${text}"`, () => {
      const message = rejected(text);
      assert.match(message, expected);
      assert.doesNotMatch(message, /\n|undefined|\[object/);
    });
  }
});

describe('parseCriterion with the endpoints the flows call', () => {
  it('tells a path written without its method the method the flows use', () => {
    const result = parseCriterion('p95 of /api/v1/chat < 3s', { endpoints: ['GET /health', 'POST /api/v1/chat'] });
    assert.equal(result.ok, false);
    assert.equal(result.ok ? '' : result.message, 'write the endpoint as METHOD /path, e.g. "POST /api/v1/chat" (got "/api/v1/chat")');
  });
});
