/**
 * The summary printed at the end of a run: what ran, how it went, which criteria
 * passed, and the verdict last, where the eye lands when the output stops.
 */
import { attemptsOf } from '../core/traffic-summary.ts';
import { criterionIcon, criterionLabel, observedVsLimit, verdictSentence } from './criteria-lines.ts';
import { formatClock, formatCount, formatFraction, formatMs, formatRanOf, formatRate, formatTime } from './format.ts';
import { painter } from './paint.ts';
import type { Paint } from './paint.ts';
import { errorsByCount, runNotes } from './run-notes.ts';
import { renderTextTable } from './text-table.ts';
import type { CriterionResult, RunResult, VerdictStatus } from '../core/types.ts';

export interface ConsoleOptions {
  /** ANSI colours and emoji; the caller decides (TTY and NO_COLOR). */
  color: boolean;
}

const SLOWEST_SHOWN = 5;

export function renderConsoleSummary(result: RunResult, options: ConsoleOptions): string {
  const paint = painter(options.color);
  const sections = [
    headline(result, paint),
    numbers(result),
    endpointTable(result, paint),
    slowRequests(result),
    criteria(result.verdict.criteria, options.color, paint),
    verdictLine(result.verdict.status, verdictSentence(result.verdict), paint),
  ];
  return `${sections.filter((section) => section !== '').join('\n\n')}\n`;
}

function headline(result: RunResult, paint: Paint): string {
  const { meta } = result;
  const shard = meta.shard ? ` (shard ${meta.shard})` : '';
  const completion = meta.completion === 'complete' ? 'complete' : paint(meta.completion === 'capped' ? 'yellow' : 'red', meta.completion.toUpperCase());
  const lines = [
    paint('bold', `loadspec · ${meta.scenario}${shard} → ${meta.target}`),
    `Started ${formatTime(meta.startedAt)} · ran ${formatRanOf(meta.actualDurationS, meta.plannedDurationS)} · ${completion}`,
  ];
  for (const note of runNotes(result)) {
    lines.push(note.level === 'info' ? `  ${note.text}` : paint(note.level === 'error' ? 'red' : 'yellow', `! ${note.text}`));
  }
  return lines.join('\n');
}

function numbers(result: RunResult): string {
  const { totals } = result;
  const latency = totals.latency;
  const errors = errorsByCount(totals.errors);
  const rows: Array<[string, string]> = [
    [
      'Requests',
      `${formatCount(totals.requests)} sent · ${formatCount(totals.responses)} responses · ` +
        `${formatCount(totals.failures)} failed (${formatFraction(totals.errorRate)})`,
    ],
    ['Throughput', formatRate(totals.rps)],
    [
      'Latency (whole response)',
      latency === null
        ? 'no requests'
        : `p50 ${formatMs(latency.p50)} · p95 ${formatMs(latency.p95)} · p99 ${formatMs(latency.p99)} · max ${formatMs(latency.max)}`,
    ],
    ...timingRows(totals.timings),
    [
      'Errors',
      errors.length === 0
        ? 'none'
        : errors
            .map(([kind, count]) => `${kind} ${formatCount(count)} (${formatFraction(count / Math.max(1, attemptsOf(totals.requests, totals.errors)))})`)
            .join(' · '),
    ],
    [
      'Virtual users',
      `${formatCount(totals.vusersCreated)} created · ${formatCount(totals.vusersCompleted)} completed · ` +
        `${formatCount(totals.vusersFailed)} failed`,
    ],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}

/** `Time to first byte  p50 ... · p95 ...`: the parts of a request's time, each on its own row. */
function timingRows(timings: RunResult['totals']['timings']): Array<[string, string]> {
  const labels = { ttfb: 'Time to first byte', connect: 'Connect (new)', download: 'Download' } as const;
  return (Object.keys(labels) as Array<keyof typeof labels>).flatMap((measure): Array<[string, string]> => {
    const stats = timings?.[measure];
    return stats ? [[labels[measure], `p50 ${formatMs(stats.p50)} · p95 ${formatMs(stats.p95)} · p99 ${formatMs(stats.p99)} · max ${formatMs(stats.max)}`]] : [];
  });
}

function endpointTable(result: RunResult, paint: Paint): string {
  if (result.endpoints.length === 0) return '';
  const rows = result.endpoints.map((endpoint) => [
    endpoint.name,
    formatCount(endpoint.requests),
    endpoint.failures > 0 ? paint('red', formatCount(endpoint.failures)) : '0',
    formatFraction(endpoint.errorRate),
    formatRate(endpoint.rps).replace(' req/s', ''),
    formatMs(endpoint.latency?.p50),
    formatMs(endpoint.latency?.p95),
    formatMs(endpoint.latency?.p99),
    formatMs(endpoint.latency?.max),
  ]);
  const table = renderTextTable(
    [
      { header: 'Endpoint' },
      { header: 'Requests', align: 'right' },
      { header: 'Failed', align: 'right' },
      { header: 'Error %', align: 'right' },
      { header: 'req/s', align: 'right' },
      { header: 'p50', align: 'right' },
      { header: 'p95', align: 'right' },
      { header: 'p99', align: 'right' },
      { header: 'max', align: 'right' },
    ],
    rows,
  );
  return `${paint('bold', 'Endpoints')}\n${table}`;
}

function slowRequests(result: RunResult): string {
  const { threshold, byEndpoint, slowest } = result.slowRequests;
  const counts = errorsByCount(byEndpoint);
  const total = counts.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0 && slowest.length === 0) return `Slow requests (> ${formatMs(threshold)}): none`;
  const lines = [
    `Slow requests (> ${formatMs(threshold)}): ${formatCount(total)} — ` +
      counts.map(([endpoint, count]) => `${endpoint} ${formatCount(count)}`).join(', '),
  ];
  if (slowest.length > 0) {
    const rows = slowest.slice(0, SLOWEST_SHOWN).map((request) => [
      formatClock(request.time),
      request.endpoint,
      request.status === null ? 'none' : String(request.status),
      formatMs(request.durationMs),
      request.phase ?? '',
      request.userId ?? '',
    ]);
    lines.push(
      renderTextTable(
        [
          { header: 'Time (UTC)' },
          { header: 'Endpoint' },
          { header: 'Status', align: 'right' },
          { header: 'Took', align: 'right' },
          { header: 'Phase' },
          { header: 'User' },
        ],
        rows,
      ),
    );
  }
  return lines.join('\n');
}

function criteria(items: CriterionResult[], color: boolean, paint: Paint): string {
  if (items.length === 0) return `${paint('bold', 'Criteria')}\n  none set`;
  const lines = [paint('bold', 'Criteria')];
  for (const item of items) {
    const label = criterionLabel(item.status);
    const style = item.status === 'passed' ? 'green' : item.status === 'failed' ? 'red' : 'yellow';
    const stopped = item.aborted ? ' — stopped the run' : '';
    const line = color
      ? `  ${criterionIcon(item.status)} ${item.text}: ${paint(style, label)} (${observedVsLimit(item)})${stopped}`
      : `  ${label.padEnd(7)} ${item.text} (${observedVsLimit(item)})${stopped}`;
    lines.push(line);
    // Passing criteria need no explanation; the others get the evaluator's sentence.
    if (item.status !== 'passed' && item.message) lines.push(`          ${item.message}`);
  }
  return lines.join('\n');
}

function verdictLine(status: VerdictStatus, sentence: string, paint: Paint): string {
  const style = status === 'passed' ? 'green' : status === 'failed' || status === 'errored' ? 'red' : 'yellow';
  return paint('bold', paint(style, `Verdict: ${sentence}`));
}
