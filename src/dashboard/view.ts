/**
 * What the dashboard page shows, as text already formatted by the reports' own formatters
 * (so the page writes `99ms` exactly as report.html and the console do). The page script
 * only puts these strings into the page.
 */
import { formatBytes, formatCount, formatDuration, formatFraction, formatInUnit, formatMs, formatRate, formatClock } from '../report/format.ts';
import { errorsByCount } from '../report/run-notes.ts';
import { statusCodes } from '../report/html/sections.ts';
import type { ReportCharts } from '../report/html/chart-data.ts';
import type { LiveCriterion, LiveSnapshot } from './live-run.ts';

export interface DashboardView {
  state: LiveSnapshot['state'];
  /** Card name -> text. */
  fields: Record<string, string>;
  failures: string[][];
  criteria: { status: 'passing' | 'failing' | 'no-data'; cells: string[] }[];
  endpoints: string[][];
  slow: string[][];
  charts: ReportCharts;
}

function criterionState(criterion: LiveCriterion): { status: 'passing' | 'failing' | 'no-data'; text: string } {
  if (criterion.status === 'no-data') return { status: 'no-data', text: 'no data yet' };
  if (criterion.status === 'passed') return { status: 'passing', text: 'passing' };
  const since = criterion.failingForS === null ? '' : ` for ${formatDuration(criterion.failingForS)}`;
  const abort = criterion.graceS === null ? '' : ` (stops the run at ${formatDuration(criterion.graceS)})`;
  return { status: 'failing', text: `failing${since}${abort}` };
}

export function dashboardView(snapshot: LiveSnapshot, charts: ReportCharts): DashboardView {
  const { totals } = snapshot;
  const users = snapshot.activeUsers;
  return {
    state: snapshot.state,
    fields: {
      scenario: snapshot.scenario,
      target: snapshot.target,
      clock: `${formatDuration(snapshot.elapsedS)} / ${formatDuration(snapshot.plannedS)}`,
      phase: snapshot.state === 'finished' ? 'finished' : (snapshot.phase ?? 'all users started'),
      users: `${formatCount(users)}`,
      usersLabel: users === 1 ? 'active user' : 'active users',
      requests: formatCount(totals.requests),
      rps: formatRate(snapshot.rps),
      failures: formatCount(totals.failures),
      errorRate: `${formatFraction(totals.errorRate)} of requests`,
      p50: formatMs(totals.latency?.p50),
      p95: formatMs(totals.latency?.p95),
      p99: formatMs(totals.latency?.p99),
      received: formatBytes(totals.bytesReceived),
    },
    failures: errorsByCount(totals.errors).map(([kind, count]) => [kind, formatCount(count)]),
    criteria: snapshot.criteria.map((criterion) => {
      const state = criterionState(criterion);
      return {
        status: state.status,
        cells: [state.text, criterion.text, formatInUnit(criterion.observed, criterion.unit), formatInUnit(criterion.limit, criterion.unit)],
      };
    }),
    endpoints: snapshot.endpoints.map((endpoint) => [
      endpoint.name,
      formatCount(endpoint.requests),
      formatCount(endpoint.failures),
      formatFraction(endpoint.errorRate),
      formatMs(endpoint.latency?.p50),
      formatMs(endpoint.latency?.p95),
      formatMs(endpoint.latency?.p99),
      statusCodes(endpoint.codes),
    ]),
    slow: snapshot.slowRequests.map((request) => [
      formatClock(request.time),
      request.endpoint,
      request.status === null ? 'no response' : String(request.status),
      formatMs(request.durationMs),
      request.phase ?? '',
    ]),
    charts,
  };
}
