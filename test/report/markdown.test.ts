import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendStepSummary, renderMarkdown } from '../../src/report/markdown.ts';
import { formatMs } from '../../src/report/format.ts';
import { syntheticRunResult } from '../fixtures/synthetic-run.ts';

test('the verdict heading and a criteria table with observed and limit come first', () => {
  const result = syntheticRunResult({ minutes: 2, endpoints: 4, failing: true });
  const markdown = renderMarkdown(result);
  const lines = markdown.split('\n');
  assert.match(lines[0] ?? '', /^### ❌ endurance: FAILED — 3 of 3 criteria failed$/);
  const p95 = formatMs(result.verdict.criteria[0]?.observed);
  assert.ok(lines.includes(`| ❌ | p95 &lt; 3s | ${p95} | 3.00s | **FAIL** |`), markdown);
  assert.ok(markdown.indexOf('Criterion') < markdown.indexOf('| Requests |'));
  assert.match(markdown, new RegExp(`\\| ${result.totals.requests.toLocaleString('en-US')} \\| ${result.totals.failures} \\|`));
});

test('partial and zero-success runs are flagged above the tables', () => {
  const partial = renderMarkdown(syntheticRunResult({ minutes: 2, endpoints: 2, partial: true }));
  assert.match(partial, /^### ⏹️ endurance: INTERRUPTED.*\n\n> 🛑 \*\*Interrupted: interrupted by Ctrl-C \(SIGINT\)/);
  assert.doesNotMatch(partial, /✅ endurance/);
  assert.match(partial, /\| 1m 10s of at most 2m \|/);
  const zero = renderMarkdown(syntheticRunResult({ minutes: 1, endpoints: 2, zeroSuccess: true }));
  assert.match(zero, /^### 💥 endurance: ERRORED — No request succeeded/);
  assert.match(zero, /> 🛑 \*\*No request succeeded: all [\d,]+ requests failed/);
  assert.match(zero, /\| ⚠️ \| p95 &lt; 3s \| no data \| 3\.00s \| \*\*NO DATA\*\* \|/);
});

test('a pipe in a criterion cannot break the table', () => {
  const result = syntheticRunResult({ minutes: 1, endpoints: 1 });
  const criterion = result.verdict.criteria[0];
  assert.ok(criterion);
  criterion.text = 'GET /a|b\\ p95 < 1s';
  const row = renderMarkdown(result).split('\n').find((line) => line.includes('/a'));
  assert.ok(row?.includes('| GET /a\\|b\\\\ p95 &lt; 1s |'), row);
  // Cells end at pipes preceded by an even number of backslashes (none, or escaped backslashes).
  assert.equal(row?.split(/(?<=(?:^|[^\\])(?:\\\\)*)\|/).length, 7, row);
});

test('appendStepSummary appends to $GITHUB_STEP_SUMMARY and does nothing without it', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'loadspec-md-'));
  try {
    const path = join(dir, 'step-summary.md');
    await writeFile(path, '# earlier step\n');
    assert.equal(await appendStepSummary('### one', { GITHUB_STEP_SUMMARY: path }), path);
    await appendStepSummary('### two\n', { GITHUB_STEP_SUMMARY: path });
    assert.equal(await readFile(path, 'utf8'), '# earlier step\n### one\n\n### two\n\n');
    assert.equal(await appendStepSummary('### three', {}), null);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('a passing run gets a green heading and no warning', () => {
  const markdown = renderMarkdown(syntheticRunResult({ minutes: 2, endpoints: 2 }));
  assert.match(markdown, /^### ✅ endurance: PASSED — all 3 criteria passed\n\n\|/);
  assert.doesNotMatch(markdown, /⚠️ \*\*|🛑/);
});
