/**
 * The HTML report's sections as strings. Every value from the RunResult passes
 * through `text()` (escaping) on its way in; markup is only ever our own literals.
 */
import { criterionLabel, verdictSentence } from '../criteria-lines.ts';
import { escapeHtml as text } from '../escape.ts';
import {
  formatClock,
  formatCount,
  formatDuration,
  formatRanOf,
  formatFraction,
  formatInUnit,
  formatMs,
  formatRate,
  formatTime,
  formatBytes,
} from '../format.ts';
import { errorsByCount, runNotes } from '../run-notes.ts';
import type { RunResult } from '../../core/types.ts';
import type { ChartSpec } from './chart-data.ts';

interface Column {
  header: string;
  numeric?: boolean;
}

/** A table from already-escaped cells. */
function table(columns: Column[], rows: string[][], rowClasses: string[] = []): string {
  const head = columns.map((column) => `<th${column.numeric ? ' class="num"' : ''}>${text(column.header)}</th>`).join('');
  const body = rows
    .map((row, r) => {
      const cells = row.map((cell, i) => `<td${columns[i]?.numeric ? ' class="num"' : ''}>${cell}</td>`).join('');
      const rowClass = rowClasses[r];
      return `<tr${rowClass ? ` class="${text(rowClass)}"` : ''}>${cells}</tr>`;
    })
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export function headerSection(result: RunResult): string {
  const { meta } = result;
  const shard = meta.shard ? ` (shard ${meta.shard})` : '';
  const notes = runNotes(result)
    .map((note) => `<div class="note ${note.level}"${note.level === 'info' ? '' : ' role="alert"'}>${text(note.text)}</div>`)
    .join('\n');
  return `<header>
<h1>${text(meta.scenario + shard)} <span class="muted">load test report</span></h1>
<p class="meta">${text(meta.target)} · started ${text(formatTime(meta.startedAt))} · ran ${text(formatRanOf(meta.actualDurationS, meta.plannedDurationS))} · ${meta.completion === 'complete' ? 'complete' : `<strong>${text(meta.completion)}</strong>`} · <code>${text(meta.configFile)}</code></p>
${notes}
</header>`;
}

export function verdictSection(result: RunResult): string {
  const { verdict } = result;
  const criteria = verdict.criteria;
  const rows = criteria.map((criterion) => [
    text(criterionLabel(criterion.status)),
    text(criterion.text) + (criterion.aborted ? ' <span class="muted">(stopped the run)</span>' : ''),
    text(formatInUnit(criterion.observed, criterion.unit)),
    text(formatInUnit(criterion.limit, criterion.unit)),
    text(criterion.message) +
      (criterion.window
        ? ` <span class="muted">Worst window ${text(formatClock(criterion.window.start))}–${text(formatClock(criterion.window.end))} UTC.</span>`
        : ''),
  ]);
  const criteriaTable =
    criteria.length === 0
      ? '<p class="muted">No criteria were set for this scenario.</p>'
      : table(
          [{ header: 'Result' }, { header: 'Criterion' }, { header: 'Observed', numeric: true }, { header: 'Limit', numeric: true }, { header: 'Details' }],
          rows,
          criteria.map((criterion) => criterion.status),
        );
  return `<section id="verdict" data-verdict="${text(verdict.status)}">
<div class="verdict"><span class="badge ${text(verdict.status)}">${text(verdict.status.toUpperCase())}</span><span class="verdict-text">${text(verdictSentence(verdict).replace(/^[A-Z]+ — /, ''))}</span></div>
${criteriaTable}
</section>`;
}

function card(label: string, value: string, sub = ''): string {
  return `<div class="card"><div class="label">${text(label)}</div><div class="value">${text(value)}</div>${sub ? `<div class="sub">${text(sub)}</div>` : ''}</div>`;
}

export function headlineSection(result: RunResult): string {
  const { totals } = result;
  const latency = totals.latency;
  return `<section id="headline"><h2>Headline numbers</h2><div class="cards">
${card('Requests', formatCount(totals.requests), `${formatCount(totals.responses)} responses`)}
${card('Failed', formatCount(totals.failures), `${formatFraction(totals.errorRate)} of requests`)}
${card('Throughput', formatRate(totals.rps))}
${card('p50', formatMs(latency?.p50), 'whole response')}
${card('p95', formatMs(latency?.p95), totals.timings?.ttfb ? `to first byte ${formatMs(totals.timings.ttfb.p95)}` : 'whole response')}
${card('p99', formatMs(latency?.p99), 'whole response')}
${card('Max', formatMs(latency?.max), latency ? `mean ${formatMs(latency.mean)}` : 'no responses')}
${card('Virtual users', formatCount(totals.vusersCreated), `${formatCount(totals.vusersCompleted)} completed · ${formatCount(totals.vusersFailed)} failed`)}
${totals.bytesReceived !== undefined ? card('Received', formatBytes(totals.bytesReceived), totals.responses > 0 ? `${formatBytes(totals.bytesReceived / totals.responses)} per response` : 'no responses') : ''}
</div></section>`;
}

export function chartsSection(id: string, title: string, charts: ChartSpec[], intro: string): string {
  if (charts.length === 0) return '';
  const blocks = charts
    .map(
      (chart) =>
        `<div class="chart"><h3>${text(chart.title)}</h3><p>${text(chart.note)}</p><div class="chart-box" id="${text(chart.id)}"></div></div>`,
    )
    .join('\n');
  return `<section id="${text(id)}"><h2>${text(title)}</h2><p class="muted">${text(intro)}</p>\n${blocks}\n</section>`;
}

/** `200 ×41 · 503 ×2`, most frequent first. */
export function statusCodes(codes: Record<string, number>): string {
  const entries = Object.entries(codes).filter(([, count]) => count > 0).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return entries.length === 0 ? 'no response' : entries.map(([code, count]) => `${code} ×${formatCount(count)}`).join(' · ');
}

export function endpointsSection(result: RunResult): string {
  if (result.endpoints.length === 0) return '';
  const rows = result.endpoints.map((endpoint) => [
    `<code>${text(endpoint.name)}</code>`,
    text(formatCount(endpoint.requests)),
    text(formatCount(endpoint.failures)),
    text(formatFraction(endpoint.errorRate)),
    text(formatRate(endpoint.rps)),
    text(formatMs(endpoint.latency?.min)),
    text(formatMs(endpoint.latency?.mean)),
    text(formatMs(endpoint.latency?.p50)),
    text(formatMs(endpoint.latency?.p95)),
    text(formatMs(endpoint.latency?.p99)),
    text(formatMs(endpoint.latency?.max)),
    text(formatCount(endpoint.slow)),
    text(statusCodes(endpoint.codes)),
  ]);
  const numeric = (header: string): Column => ({ header, numeric: true });
  return `<section id="endpoints"><h2>Endpoints</h2>
${table(
  [{ header: 'Endpoint' }, numeric('Requests'), numeric('Failed'), numeric('Error rate'), numeric('Throughput'), numeric('Min'), numeric('Mean'), numeric('p50'), numeric('p95'), numeric('p99'), numeric('Max'), numeric('Slow'), { header: 'Status codes' }],
  rows,
)}
</section>`;
}

/** Response checks (the expect plugin): passed and failed per kind of check, failing ones first. */
export function checksSection(result: RunResult): string {
  const checks = Object.entries(result.totals.checks ?? {}).sort((a, b) => b[1].failed - a[1].failed || a[0].localeCompare(b[0]));
  if (checks.length === 0) return '';
  const rows = checks.map(([check, counts]) => [
    `<code>${text(check)}</code>`,
    text(formatCount(counts.passed)),
    text(formatCount(counts.failed)),
    text(formatFraction(counts.failed / Math.max(1, counts.passed + counts.failed))),
  ]);
  return `<section id="checks"><h2>Response checks</h2>
${table([{ header: 'Check' }, { header: 'Passed', numeric: true }, { header: 'Failed', numeric: true }, { header: 'Failed share', numeric: true }], rows, checks.map(([, counts]) => (counts.failed > 0 ? 'failed' : '')))}
</section>`;
}

export function errorsSection(result: RunResult): string {
  const kinds = errorsByCount(result.totals.errors);
  if (kinds.length === 0) return '<section id="errors"><h2>Errors</h2><p class="muted">No request failed.</p></section>';
  const rows: string[][] = [];
  for (const [kind, count] of kinds) {
    const where = result.endpoints
      .filter((endpoint) => (endpoint.errors[kind] ?? 0) > 0)
      .map((endpoint) => `${endpoint.name} ×${formatCount(endpoint.errors[kind] ?? 0)}`)
      .join(', ');
    rows.push([
      `<code>${text(kind)}</code>`,
      text(formatCount(count)),
      text(formatFraction(count / Math.max(1, result.totals.requests))),
      text(where),
    ]);
  }
  return `<section id="errors"><h2>Errors</h2>
${table([{ header: 'Kind' }, { header: 'Count', numeric: true }, { header: 'Of requests', numeric: true }, { header: 'Endpoints' }], rows)}
</section>`;
}

export function slowRequestsSection(result: RunResult): string {
  const { threshold, slowest } = result.slowRequests;
  const heading = `<h2>Slowest requests <span class="muted">(over ${text(formatMs(threshold))})</span></h2>`;
  if (slowest.length === 0) return `<section id="slow-requests">${heading}<p class="muted">No request was slower than ${text(formatMs(threshold))}.</p></section>`;
  const rows = slowest.map((request) => [
    text(formatTime(request.time)),
    `<code>${text(request.endpoint)}</code>`,
    text(request.status === null ? 'no response' : String(request.status)),
    text(formatMs(request.durationMs)),
    text(request.phase ?? phaseAt(result, request.time) ?? ''),
    text(request.scenario ?? ''),
    text(request.userId ?? ''),
  ]);
  return `<section id="slow-requests">${heading}
${table([{ header: 'Time' }, { header: 'Endpoint' }, { header: 'Status', numeric: true }, { header: 'Took', numeric: true }, { header: 'Phase' }, { header: 'Flow' }, { header: 'User' }], rows)}
</section>`;
}

/** The phase that was running at a time, from the phases as they ran; null outside every phase. */
export function phaseAt(result: Pick<RunResult, 'phases' | 'meta'>, time: number): string | null {
  const phase = result.phases.findLast((p) => p.start <= time && time <= (p.end ?? result.meta.endedAt));
  return phase?.name ?? null;
}

export function phasesSection(result: RunResult): string {
  if (result.phases.length === 0) return '';
  const rows = result.phases.map((phase) => [
    text(phase.name),
    text(formatTime(phase.start)),
    text(phase.end === null ? 'did not finish' : formatDuration((phase.end - phase.start) / 1000)),
    text(formatDuration(phase.plannedDurationS)),
  ]);
  return `<section id="phases"><h2>Phases</h2>
${table([{ header: 'Phase' }, { header: 'Started' }, { header: 'Ran', numeric: true }, { header: 'Planned', numeric: true }], rows)}
</section>`;
}

export function monitorWarnings(result: RunResult): string {
  const warnings = result.monitor?.warnings ?? [];
  return warnings.map((warning) => `<div class="note warning">${text(warning)}</div>`).join('\n');
}

export function footer(result: RunResult): string {
  const { meta } = result;
  return `<footer>loadspec ${text(meta.loadspecVersion)} · Artillery ${text(meta.artilleryVersion)} · RunResult schema v${text(String(result.schemaVersion))} · times in UTC · latency is time to first byte, in whole milliseconds, percentiles from DDSketch (±1%).</footer>`;
}
