/**
 * From what a run recorded to a RunResult (without verdict and monitor, which the
 * runner adds): totals and per-endpoint summaries merged from the window sketches,
 * throughput from counts over the measured span (not Artillery's averaged `rates`).
 */
import type { RecordedEvent, RecordedRun } from './recorded-run.ts';
import { isPhaseEvent } from './recorded-run.ts';
import { addCounts, summarizeTraffic } from '../core/traffic-summary.ts';
import type { TrafficCounts } from '../core/traffic-summary.ts';
import { RUN_RESULT_SCHEMA_VERSION } from '../core/types.ts';
import type { CheckCounts, EndpointSummary, PhaseRecord, RunMeta, RunResult, RunWindow } from '../core/types.ts';

export type BuiltRunResult = Omit<RunResult, 'verdict' | 'monitor'>;

export interface BuildOptions {
  /** Whether 4xx responses count as failures. */
  count4xx: boolean;
  /** The slow-request threshold the run used, in ms. */
  slowThresholdMs: number;
  /** Phases as the runner planned and saw them; else read from the phase events. */
  phases?: PhaseRecord[];
}

/** Seconds from the first window's start to the last window's end. */
export function measuredDurationS(windows: readonly RunWindow[]): number {
  const first = windows[0];
  const last = windows[windows.length - 1];
  if (first === undefined || last === undefined) return 0;
  return Math.max(0, (last.end - first.start) / 1000);
}

/**
 * How long the load ran, in seconds: from the first phase's start (the moment the cap and the
 * status line count from) to the last measurement. Artillery's start-up before the first phase
 * and its exit after the last response are not part of it, so a run capped at 1h ran 1h.
 * 0 when nothing was recorded.
 */
export function loadDurationS(phases: readonly PhaseRecord[], windows: readonly RunWindow[]): number {
  const last = windows[windows.length - 1];
  if (last === undefined) return 0;
  const start = Math.min(loadStartOf(phases) ?? Number.POSITIVE_INFINITY, windows[0]?.start ?? last.start);
  return Math.max(0, Math.round((last.end - start) / 100) / 10);
}

/** When the load began: the first phase's start (what the cap and the status line count from); null before any phase started. */
export function loadStartOf(phases: readonly PhaseRecord[]): number | null {
  let start: number | null = null;
  for (const phase of phases) start = Math.min(start ?? phase.start, phase.start);
  return start;
}

export function splitEndpointName(name: string): { method: string; path: string } {
  const space = name.indexOf(' ');
  return space === -1 ? { method: '', path: name } : { method: name.slice(0, space), path: name.slice(space + 1) };
}

/** Per-endpoint summaries, busiest first. */
export function summarizeEndpoints(windows: readonly RunWindow[], options: { count4xx: boolean; durationS: number }): EndpointSummary[] {
  const byName = new Map<string, TrafficCounts[]>();
  for (const window of windows) {
    for (const [name, counts] of Object.entries(window.endpoints)) {
      let list = byName.get(name);
      if (list === undefined) byName.set(name, (list = []));
      list.push(counts);
    }
  }
  return [...byName]
    .map(([name, parts]): EndpointSummary => ({ name, ...splitEndpointName(name), ...summarizeTraffic(parts, options) }))
    .sort((a, b) => b.requests - a.requests || a.name.localeCompare(b.name));
}

/** Totals of windows (the part of RunResult.totals beyond TrafficSummary included). */
export function summarizeTotals(windows: readonly RunWindow[], options: { count4xx: boolean; durationS: number }): RunResult['totals'] {
  let vusersCreated = 0;
  let vusersCompleted = 0;
  let vusersFailed = 0;
  let bytesReceived: number | undefined;
  let redirects = 0;
  const checks: Record<string, CheckCounts> = {};
  for (const w of windows) {
    redirects += w.redirects ?? 0;
    vusersCreated += w.vusersCreated;
    vusersCompleted += w.vusersCompleted;
    vusersFailed += w.vusersFailed;
    if (w.bytesReceived !== undefined) bytesReceived = (bytesReceived ?? 0) + w.bytesReceived;
    for (const [check, counts] of Object.entries(w.checks ?? {})) {
      const entry = (checks[check] ??= { passed: 0, failed: 0 });
      entry.passed += counts.passed;
      entry.failed += counts.failed;
    }
  }
  return {
    ...summarizeTraffic(windows, options),
    vusersCreated,
    vusersCompleted,
    vusersFailed,
    ...(bytesReceived !== undefined ? { bytesReceived } : {}),
    ...(Object.keys(checks).length > 0 ? { checks } : {}),
    ...(redirects > 0 ? { redirects } : {}),
  };
}

/** Slow requests per endpoint, from the windows (complete even when the slow-request log is not). */
export function slowByEndpoint(windows: readonly RunWindow[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const w of windows) {
    for (const [name, ep] of Object.entries(w.endpoints)) if (ep.slow > 0) addCounts(counts, { [name]: ep.slow });
  }
  return counts;
}

/** Phases from the recorder's phaseStarted / phaseCompleted events. */
export function phasesFromEvents(events: readonly RecordedEvent[]): PhaseRecord[] {
  const phases = new Map<number, PhaseRecord>();
  for (const e of events) {
    if (!isPhaseEvent(e) || typeof e['index'] !== 'number') continue;
    const index = e['index'];
    const phase = phases.get(index) ?? {
      index,
      name: typeof e['name'] === 'string' ? e['name'] : `phase ${index + 1}`,
      start: e.time,
      end: null,
      plannedDurationS: typeof e['durationS'] === 'number' ? e['durationS'] : 0,
    };
    if (e.type === 'phaseStarted') phase.start = e.time;
    else phase.end = e.time;
    phases.set(index, phase);
  }
  return [...phases.values()].sort((a, b) => a.index - b.index);
}

export function buildRunResult(recorded: RecordedRun, meta: RunMeta, options: BuildOptions): BuiltRunResult {
  const windows = [...recorded.windows].sort((a, b) => a.start - b.start);
  const summary = { count4xx: options.count4xx, durationS: measuredDurationS(windows) };
  return {
    schemaVersion: RUN_RESULT_SCHEMA_VERSION,
    meta,
    phases: options.phases ?? phasesFromEvents(recorded.events),
    totals: summarizeTotals(windows, summary),
    endpoints: summarizeEndpoints(windows, summary),
    windows,
    slowRequests: {
      threshold: options.slowThresholdMs,
      byEndpoint: slowByEndpoint(windows),
      slowest: recorded.slowRequests?.slowest ?? [],
    },
  };
}
