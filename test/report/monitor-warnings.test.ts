import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticRunResult } from '../fixtures/synthetic-run.ts';
import { renderConsoleSummary } from '../../src/report/console-summary.ts';
import { renderMarkdown } from '../../src/report/markdown.ts';

test('what the monitor could not see is stated in the reports', () => {
  const result = syntheticRunResult({ minutes: 1, endpoints: 2, withMonitor: true });
  const warning = 'the target has no /api/v1/metrics endpoint: DB and cache columns are empty';
  const withWarning = { ...result, monitor: result.monitor ? { ...result.monitor, warnings: [warning] } : null };
  assert.match(renderConsoleSummary(withWarning, { color: false }), /Monitor: the target has no \/api\/v1\/metrics endpoint/);
  assert.match(renderMarkdown(withWarning), /Monitor: the target has no \/api\/v1\/metrics endpoint/);
  assert.doesNotMatch(renderConsoleSummary(result, { color: false }), /Monitor: /);
});
