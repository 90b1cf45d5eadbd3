/**
 * The run so far, as the dashboard shows it: the windows of the run's LiveRecord (the runner's
 * one fold of the per-second record every result is made of): 1-s windows for the charts, 10-s
 * windows for totals and criteria, judged by the same evaluator as the final verdict. Nothing
 * here folds or measures anything of its own.
 */
import { parseThresholdsConfig } from '../core/criteria/config.ts';
import type { ThresholdsConfig } from '../core/criteria/config.ts';
import { evaluateCriteria } from '../core/criteria/evaluate.ts';
import { failingStreak } from '../core/criteria/abort-watch.ts';
import type { ParsedCriterionWithOptions } from '../core/criteria/criterion.ts';
import { RUN_RESULT_SCHEMA_VERSION } from '../core/types.ts';
import type { CriterionResult, EndpointSummary, PhaseRecord, RunResult, RunWindow, SlowRequest } from '../core/types.ts';
import type { MonitorSample } from '../monitor/types.ts';
import { loadStartOf, measuredDurationS, phasesFromEvents, summarizeEndpoints, summarizeTotals } from '../results/build-run-result.ts';
import { isEvent, isPhaseEvent, isSlowRequest } from '../results/recorded-run.ts';
import type { RecordedEvent } from '../results/recorded-run.ts';
import type { Progress, RecordTick } from '../run/progress.ts';
import type { RunManifest } from '../run/run-manifest.ts';
import { reportCharts } from '../report/html/chart-data.ts';
import type { ReportCharts } from '../report/html/chart-data.ts';
import { LOADSPEC_VERSION } from '../version.ts';
import { LIVE_CHART_SPAN_S } from '../session/live-record.ts';
import type { LiveRecord } from '../session/live-record.ts';

/** The charts show this much of the run at 1-s resolution; the final report shows all of it. */
export const CHART_SPAN_S = LIVE_CHART_SPAN_S;
/** How long live criteria results are kept while no 10-s window closes. */
export const CRITERIA_EVERY_MS = 2000;
/** Slow requests kept for the page, newest first. */
export const RECENT_SLOW_KEPT = 50;

/*
 * What a dashboard reads and holds for a run of any length (it lives in the runner's process
 * for the whole run, so nothing here may grow with requests, and only these with time):
 * - from the LiveRecord, which holds them for everyone: 1-s windows of the last CHART_SPAN_S
 *   seconds only (300 windows); every closed 10-s window, for criteria over the whole run,
 *   every 5 min and degradation (360 per hour, as in summary.json), and their sum so far;
 * - phase events: two per phase;
 * - slow requests: RECENT_SLOW_KEPT;
 * - monitor samples: one per monitor interval (720 per hour at 5 s), the same objects the
 *   monitor keeps for monitor.json, not copies.
 */

/** A criterion judged on the run so far, and how long an `abort: true` one has been failing. */
export interface LiveCriterion extends CriterionResult {
  abort: boolean;
  /** Seconds the criterion has failed in every window up to now; null when it is not failing now. */
  failingForS: number | null;
  /** Seconds of failure that stop the run (abort criteria only). */
  graceS: number | null;
}

/** What /live.json returns: the run so far. */
export interface LiveSnapshot {
  state: 'running' | 'finished';
  scenario: string;
  configFile: string;
  target: string;
  startedAt: number;
  /** When this snapshot was taken, epoch ms. */
  now: number;
  elapsedS: number;
  plannedS: number;
  /** The phase Artillery is in; null once arrivals have ended. */
  phase: string | null;
  activeUsers: number;
  /** Requests per second over the last few recorded seconds (as on the status line). */
  rps: number;
  totals: RunResult['totals'];
  endpoints: EndpointSummary[];
  criteria: LiveCriterion[];
  phases: PhaseRecord[];
  slowRequests: SlowRequest[];
  monitor: MonitorSample[];
  /** The 1-s windows of the last CHART_SPAN_S seconds (the whole run's 10-s windows are in summary.json). */
  windows: RunWindow[];
}

export class LiveRun {
  readonly manifest: RunManifest;
  readonly #record: LiveRecord;
  readonly #thresholds: ThresholdsConfig;
  #criteriaCache: { closed: number; at: number; criteria: LiveCriterion[] } | null = null;
  readonly #events: RecordedEvent[] = [];
  readonly #slow: SlowRequest[] = [];
  readonly #samples: MonitorSample[] = [];
  #progress: Progress | null = null;
  #finished = false;

  /** `record`: the run's LiveRecord, made `forViews`. */
  constructor(manifest: RunManifest, record: LiveRecord) {
    this.manifest = manifest;
    this.#record = record;
    this.#thresholds = parseThresholdsConfig(manifest.thresholds, manifest.slowThresholdS * 1000);
  }

  addTick(tick: RecordTick): void {
    // Only phase events are read here (phasesFromEvents); others are not kept.
    for (const event of tick.events) if (isEvent(event) && isPhaseEvent(event)) this.#events.push(event);
    for (const slow of tick.slow) if (isSlowRequest(slow)) this.#slow.unshift(slow);
    this.#slow.splice(RECENT_SLOW_KEPT);
  }

  addSample(sample: MonitorSample): void {
    this.#samples.push(sample);
  }

  setProgress(progress: Progress): void {
    this.#progress = progress;
  }

  finish(): void {
    this.#finished = true;
  }

  /**
   * Criteria judged on the windows so far. Windowed ones go over every window, so the result is
   * kept until a 10-s window closes or CRITERIA_EVERY_MS have passed (they are judged on 10-s
   * windows anyway).
   */
  #criteria(windows: RunWindow[], totals: RunResult['totals'], endpoints: EndpointSummary[], now: number): LiveCriterion[] {
    const cached = this.#criteriaCache;
    if (cached !== null && cached.closed === this.#record.closedSum.count && now - cached.at < CRITERIA_EVERY_MS && !this.#finished) return cached.criteria;
    const criteria = this.#judge(windows, totals, endpoints);
    this.#criteriaCache = { closed: this.#record.closedSum.count, at: now, criteria };
    return criteria;
  }

  #judge(windows: RunWindow[], totals: RunResult['totals'], endpoints: EndpointSummary[]): LiveCriterion[] {
    const { criteria, options } = this.#thresholds;
    const monitor = this.#samples.length > 0 ? { intervalS: 5, samples: this.#samples, warnings: [] } : null;
    const results = evaluateCriteria(criteria, { windows, totals, endpoints, monitor }, options);
    // evaluateCriteria keeps the order of the criteria and drops none when a monitor key is given.
    return results.map((result, i) => {
      const entry = criteria[i];
      return { ...result, abort: entry?.abort ?? false, failingForS: entry ? failingFor(entry, windows, options) : null, graceS: entry?.abort ? entry.graceS : null };
    });
  }

  snapshot(now: number = Date.now()): LiveSnapshot {
    const open = this.#record.open();
    const windows = [...this.#record.closed, ...open];
    const summary = { count4xx: this.#thresholds.options.count4xx, durationS: measuredDurationS(windows) };
    const closed = this.#record.closedSum.asWindow();
    const parts = closed === null ? open : [closed, ...open];
    const totals = summarizeTotals(parts, summary);
    const endpoints = summarizeEndpoints(parts, summary);
    const m = this.manifest;
    const phases = this.#phases(now);
    // The load's clock, as on the status line and for the cap: Artillery's start-up is not part of it.
    const loadStart = loadStartOf(phases);
    return {
      state: this.#finished ? 'finished' : 'running',
      scenario: m.scenario,
      configFile: m.configFile,
      target: m.target,
      startedAt: m.startedAt,
      now,
      elapsedS: loadStart === null ? 0 : Math.max(0, (now - loadStart) / 1000),
      plannedS: m.plannedDurationS,
      phase: this.#progress?.phase ?? null,
      activeUsers: windows.at(-1)?.activeUsers ?? 0,
      rps: this.#progress?.rps ?? 0,
      totals,
      endpoints,
      criteria: this.#criteria(windows, totals, endpoints, now),
      phases,
      slowRequests: [...this.#slow],
      monitor: [...this.#samples],
      windows: [...this.#record.recentSeconds],
    };
  }

  #phases(now: number): PhaseRecord[] {
    return phasesFromEvents(this.#events).filter((phase) => phase.start <= now);
  }

  /** The charts of the last CHART_SPAN_S seconds, drawn by the report's own chart builders. */
  charts(snapshot: LiveSnapshot): ReportCharts {
    const from = snapshot.now - CHART_SPAN_S * 1000;
    const windows = snapshot.windows.filter((w) => w.end > from);
    const startedAt = Math.max(snapshot.startedAt, from);
    return reportCharts(asRunResult(snapshot, windows, startedAt));
  }
}

/** Seconds a criterion has failed in a row up to now, by the rule the abort uses (core's failingStreak); null when it is not failing now. */
function failingFor(entry: ParsedCriterionWithOptions, windows: readonly RunWindow[], options: ThresholdsConfig['options']): number | null {
  const streak = failingStreak(entry, windows, options);
  return streak === null ? null : Math.round((streak.end - streak.since) / 1000);
}

/** The snapshot in the RunResult's shape, so the report's chart builders draw it. */
function asRunResult(snapshot: LiveSnapshot, windows: RunWindow[], startedAt: number): RunResult {
  return {
    schemaVersion: RUN_RESULT_SCHEMA_VERSION,
    meta: {
      scenario: snapshot.scenario,
      configFile: snapshot.configFile,
      target: snapshot.target,
      startedAt,
      endedAt: snapshot.now,
      plannedDurationS: snapshot.plannedS,
      actualDurationS: snapshot.elapsedS,
      completion: 'complete',
      loadspecVersion: LOADSPEC_VERSION,
      artilleryVersion: '',
    },
    phases: snapshot.phases.map((phase) => ({ ...phase, end: phase.end ?? snapshot.now })),
    totals: snapshot.totals,
    endpoints: snapshot.endpoints,
    windows,
    slowRequests: { threshold: 0, byEndpoint: {}, slowest: [] },
    monitor: snapshot.monitor.length > 0 ? { intervalS: 5, samples: snapshot.monitor.filter((s) => s.time >= startedAt), warnings: [] } : null,
    verdict: { status: 'passed', criteria: snapshot.criteria },
  };
}
