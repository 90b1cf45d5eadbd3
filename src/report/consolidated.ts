/**
 * One summary over several runs (all scenarios of a suite, or a CI matrix): a row
 * per scenario with its verdict and headline numbers, as the reference runner
 * printed at the end of `run_load_tests.sh all`.
 */
import { writeFileWhole } from '../core/write-whole.ts';
import { join } from 'node:path';
import { escapeMarkdownCell } from './escape.ts';
import { formatCount, formatDuration, formatFraction, formatMs, formatRanOf, formatRate } from './format.ts';
import { renderJUnit } from './junit.ts';
import { painter } from './paint.ts';
import { renderTextTable } from './text-table.ts';
import type { Completion, RunResult, VerdictStatus } from '../core/types.ts';

export interface ConsolidatedRow {
  scenario: string;
  /** `k/n` for one shard of a larger run, else null. */
  shard: string | null;
  verdict: VerdictStatus;
  /** How the run ended; `not run` for a scenario that never started (invalid file, target down). */
  completion: Completion | 'not run';
  /** Why it did not run, or how it stopped. */
  note: string | null;
  requests: number;
  rps: number;
  /** Null when there were no responses. */
  p95Ms: number | null;
  /** 0..1. */
  errorRate: number;
  durationS: number;
  plannedDurationS: number;
  /** Texts of the criteria that failed. */
  failedCriteria: string[];
  startedAt: number;
}

export interface ConsolidatedSummary {
  /** The worst verdict: errored, then interrupted, failed, inconclusive, passed. */
  status: VerdictStatus;
  counts: Record<VerdictStatus, number>;
  rows: ConsolidatedRow[];
}

const SEVERITY: VerdictStatus[] = ['errored', 'interrupted', 'failed', 'inconclusive', 'passed'];

/** A scenario that was asked for but never ran: a row of its own, never greener than errored. */
export interface NotRun {
  scenario: string;
  reason: string;
}

export function consolidate(results: readonly RunResult[], notRun: readonly NotRun[] = []): ConsolidatedSummary {
  const counts: Record<VerdictStatus, number> = { passed: 0, failed: 0, errored: 0, inconclusive: 0, interrupted: 0 };
  const rows = results.map((result): ConsolidatedRow => {
    counts[result.verdict.status] += 1;
    return {
      scenario: result.meta.scenario,
      shard: result.meta.shard ?? null,
      verdict: result.verdict.status,
      completion: result.meta.completion,
      note: result.meta.stopReason ?? null,
      requests: result.totals.requests,
      rps: result.totals.rps,
      p95Ms: result.totals.latency?.p95 ?? null,
      errorRate: result.totals.errorRate,
      durationS: result.meta.actualDurationS,
      plannedDurationS: result.meta.plannedDurationS,
      failedCriteria: result.verdict.criteria.filter((item) => item.status === 'failed').map((item) => item.text),
      startedAt: result.meta.startedAt,
    };
  });
  for (const missing of notRun) {
    counts.errored += 1;
    rows.push({
      scenario: missing.scenario,
      shard: null,
      verdict: 'errored',
      completion: 'not run',
      note: missing.reason,
      requests: 0,
      rps: 0,
      p95Ms: null,
      errorRate: 0,
      durationS: 0,
      plannedDurationS: 0,
      failedCriteria: [],
      startedAt: 0,
    });
  }
  // No runs at all is not a pass: something upstream went wrong.
  const status = rows.length === 0 ? 'errored' : (SEVERITY.find((item) => counts[item] > 0) ?? 'errored');
  return { status, counts, rows };
}

function countsSentence(summary: ConsolidatedSummary): string {
  const parts = SEVERITY.slice()
    .reverse()
    .filter((status) => summary.counts[status] > 0)
    .map((status) => `${summary.counts[status]} ${status}`);
  const total = summary.rows.length;
  return `${total} scenario${total === 1 ? '' : 's'}: ${parts.join(', ') || 'none ran'}`;
}

function scenarioLabel(row: ConsolidatedRow): string {
  return row.shard ? `${row.scenario} (shard ${row.shard})` : row.scenario;
}

function durationCell(row: ConsolidatedRow): string {
  if (row.completion === 'not run') return 'not run';
  const ran = formatDuration(row.durationS);
  return row.completion === 'complete' ? ran : `${formatRanOf(row.durationS, row.plannedDurationS)} (${row.completion})`;
}

/** Failed criteria, or why the scenario did not run. */
function problemCell(row: ConsolidatedRow): string {
  return row.completion === 'not run' ? `not run: ${row.note ?? ''}` : row.failedCriteria.join('; ');
}

export interface ConsolidatedRendering {
  text: string;
  markdown: string;
  json: ConsolidatedSummary;
}

export function renderConsolidated(
  results: readonly RunResult[],
  options: { color: boolean } = { color: false },
  notRun: readonly NotRun[] = [],
): ConsolidatedRendering {
  const summary = consolidate(results, notRun);
  const paint = painter(options.color);
  const verdictStyle = (status: VerdictStatus) => (status === 'passed' ? 'green' : status === 'inconclusive' ? 'yellow' : 'red');

  const textRows = summary.rows.map((row) => [
    scenarioLabel(row),
    paint(verdictStyle(row.verdict), row.verdict.toUpperCase()),
    formatCount(row.requests),
    formatRate(row.rps),
    formatMs(row.p95Ms),
    formatFraction(row.errorRate),
    durationCell(row),
    problemCell(row),
  ]);
  const text = [
    paint('bold', `loadspec summary — ${countsSentence(summary)}`),
    renderTextTable(
      [
        { header: 'Scenario' },
        { header: 'Verdict' },
        { header: 'Requests', align: 'right' },
        { header: 'Throughput', align: 'right' },
        { header: 'p95', align: 'right' },
        { header: 'Errors', align: 'right' },
        { header: 'Duration', align: 'right' },
        { header: 'Failed criteria / why not run' },
      ],
      textRows,
    ),
    paint('bold', paint(verdictStyle(summary.status), `Overall: ${summary.status.toUpperCase()}`)),
  ].join('\n');

  const icon: Record<VerdictStatus, string> = { passed: '✅', failed: '❌', errored: '💥', inconclusive: '⚠️', interrupted: '⏹️' };
  const cell = escapeMarkdownCell;
  const markdown = [
    `### ${icon[summary.status]} loadspec: ${summary.status} (${cell(countsSentence(summary))})`,
    '',
    '| Scenario | Verdict | Requests | Throughput | p95 | Errors | Duration | Failed criteria |',
    '|---|---|--:|--:|--:|--:|--:|---|',
    ...summary.rows.map(
      (row) =>
        `| ${cell(scenarioLabel(row))} | ${icon[row.verdict]} ${row.verdict} | ${formatCount(row.requests)} | ` +
        `${formatRate(row.rps)} | ${formatMs(row.p95Ms)} | ${formatFraction(row.errorRate)} | ${cell(durationCell(row))} | ` +
        `${cell(problemCell(row))} |`,
    ),
    '',
  ].join('\n');

  return { text: `${text}\n`, markdown, json: summary };
}

/** Writes consolidated.md, consolidated.json and junit.xml (one testsuite per run) into `dir`. */
export async function writeConsolidated(results: readonly RunResult[], dir: string, notRun: readonly NotRun[] = []): Promise<string[]> {
  const rendering = renderConsolidated(results, { color: false }, notRun);
  const files: Array<[string, string]> = [
    ['consolidated.md', rendering.markdown],
    ['consolidated.json', `${JSON.stringify(rendering.json, null, 2)}\n`],
    ['junit.xml', renderJUnit(results, notRun)],
  ];
  return Promise.all(
    files.map(async ([name, content]) => {
      const path = join(dir, name);
      await writeFileWhole(path, content);
      return path;
    }),
  );
}
