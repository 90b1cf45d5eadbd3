import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseThresholdsConfig } from '../../../src/core/criteria/config.ts';

describe('parseThresholdsConfig', () => {
  it('reads strings and objects, with the documented defaults', () => {
    const config = parseThresholdsConfig({
      criteria: ['p95 < 3s', { expect: 'error rate < 1%', abort: true, grace: '1m', name: 'Few errors' }],
    });
    assert.deepEqual(config.errors, []);
    assert.deepEqual(
      config.criteria.map(({ criterion, name, abort, graceS }) => [criterion.text, name, abort, graceS]),
      [['p95 < 3s', null, false, 30], ['error rate < 1%', 'Few errors', true, 60], ['failed sessions == 0', 'default', false, 30]],
    );
    assert.deepEqual(config.options, { count4xx: true, expect4xx: false, slowThresholdMs: null, degradation: { baselinePct: 10, comparePct: 10, warmupS: 0 } });
  });

  it('judges every run by a default error rate and failed sessions unless the scenario writes its own', () => {
    const own = parseThresholdsConfig({ criteria: ['error rate < 5%', 'failed sessions <= 2'] });
    assert.deepEqual(own.criteria.map((entry) => entry.name), [null, null]);
    // An error rate of one endpoint does not replace the run's.
    const oneEndpoint = parseThresholdsConfig({ criteria: ['error rate of GET /a < 5%'] });
    assert.deepEqual(oneEndpoint.criteria.map((entry) => entry.criterion.text), ['error rate of GET /a < 5%', 'error rate < 1%', 'failed sessions == 0']);
    assert.equal(parseThresholdsConfig({ criteria: [], errors: { count4xx: false } }).options.count4xx, false);
  });

  it('reads errors and degradation options', () => {
    const config = parseThresholdsConfig({ criteria: [], errors: { count4xx: true, expect4xx: true }, degradation: { baseline: 20, compare: '5%', warmup: '2m' } }, 3000);
    assert.deepEqual(config.options, { count4xx: true, expect4xx: true, slowThresholdMs: 3000, degradation: { baselinePct: 20, comparePct: 5, warmupS: 120 } });
  });

  it('never throws: bad entries become sentences and are left out', () => {
    const config = parseThresholdsConfig({
      criteria: ['p95 < 3 seconds', 42, { expect: 'p95 degradation < 20%', abort: true }, { expect: 'p95 < 3s', grace: 'soon' }, { expect: 'p95 < 2s', grace: '500ms' }, 'p95 < 1s'],
      degradation: { baseline: 150 },
    });
    assert.deepEqual(config.criteria.map((entry) => entry.criterion.text), ['p95 < 2s', 'p95 < 1s', 'error rate < 1%', 'failed sessions == 0']);
    assert.equal(config.criteria[0]?.graceS, 0.5);
    assert.deepEqual(config.errors, [
      'thresholds.criteria[0]: write 3s instead of "3 seconds"',
      'thresholds.criteria[1] must be a criterion such as "p95 < 3s" or { expect: "p95 < 3s", abort: true }',
      'thresholds.criteria[2]: "abort" cannot be used with a degradation criterion, which is only known at the end of the run',
      'thresholds.criteria[3].grace must be a duration such as 30s or 1m',
      'thresholds.degradation.baseline cannot be read (got 150); the default is used',
    ]);
    assert.equal(config.options.degradation.baselinePct, 10);
    assert.deepEqual(parseThresholdsConfig(undefined).criteria.map((entry) => [entry.criterion.text, entry.name]), [['error rate < 1%', 'default'], ['failed sessions == 0', 'default']]);
  });

  it('passes on the warning of a rounded window', () => {
    assert.match(parseThresholdsConfig({ criteria: ['p95 < 3s in every 45s'] }).warnings[0] ?? '', /rounded up to 50s/);
  });
});
