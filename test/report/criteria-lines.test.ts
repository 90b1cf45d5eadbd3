import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verdictSentence } from '../../src/report/criteria-lines.ts';
import type { CriterionResult } from '../../src/core/types.ts';

const criterion = (text: string, status: CriterionResult['status']): CriterionResult => ({ text, status, observed: 1, limit: 1, unit: 'ms', message: '' });

test('the verdict line says its count once', () => {
  const criteria = [criterion('p95 < 3s', 'failed'), criterion('error rate < 1%', 'passed')];
  assert.equal(
    verdictSentence({ status: 'failed', criteria, reason: '1 of 2 criteria failed: p95 < 3s' }),
    'FAILED — 1 of 2 criteria failed: p95 < 3s',
  );
  assert.equal(verdictSentence({ status: 'passed', criteria: [], reason: 'no criteria were set; the run completed' }), 'PASSED — no criteria were set; the run completed');
  // A reason that does not count keeps the count after it.
  assert.equal(
    verdictSentence({ status: 'failed', criteria, reason: 'the run was stopped early because "p95 < 3s" kept failing' }),
    'FAILED — the run was stopped early because "p95 < 3s" kept failing (1 of 2 criteria failed)',
  );
});
