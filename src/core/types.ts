/**
 * The RunResult: the one typed record of a load-test run. It is written as
 * `summary.json` in the run directory and is the single input of the verdict and
 * of every report. Nothing downstream re-reads Artillery's own output.
 *
 * Times are epoch milliseconds unless a field name says otherwise; latencies are
 * milliseconds, measured by loadspec's recorder with performance.now(): a request's latency is
 * its whole response (first byte sent to last byte read, redirects included; a failed request
 * at the time it failed), and time to first byte, connect and download are measures of their own.
 */

/** Bumped whenever a field changes meaning or is removed; readers refuse unknown versions. */
import type { MonitorData } from './monitor-data.ts';
import type { TimingMeasure } from './metric-names.ts';

export const RUN_RESULT_SCHEMA_VERSION = 2;

/**
 * A latency distribution as a DDSketch protobuf, deflated and base64-encoded after "z:" (Artillery's own
 * `@artilleryio/sketches-js`, relative accuracy 1%). Sketches merge exactly, so
 * windows, workers and shards combine without losing percentiles.
 */
export type EncodedSketch = string;

/** Percentiles and moments of one latency distribution, in milliseconds. */
export interface LatencyStats {
  count: number;
  min: number;
  max: number;
  mean: number;
  p50: number;
  p75: number;
  p90: number;
  p95: number;
  p99: number;
  p999: number;
}

/** Counts and latency of one endpoint within one window. */
export interface EndpointWindow {
  /** Requests sent. */
  requests: number;
  /** Responses received (any status). */
  responses: number;
  /** Failed requests by kind, e.g. `http.503`, `ECONNREFUSED`, `ETIMEDOUT`, `expect.hasProperty`. */
  errors: Record<string, number>;
  /** Responses by status code, e.g. `{ "200": 41, "503": 2 }`. */
  codes: Record<string, number>;
  /** Failed requests under the run's failure rule (`meta.rules.count4xx`), counted once when the window was folded. */
  failures: number;
  /** Requests slower than the slow-request threshold. */
  slow: number;
  /**
   * Latency of the requests in this window: the whole response (to the body's last byte), failed
   * requests at the time they failed; null when there were none. (Results written before
   * loadspec 0.2 hold time to first byte here.)
   */
  latency: EncodedSketch | null;
  /** The parts of a request's time: `ttfb` (to the final response's first byte), `connect` (DNS+TCP+TLS of new connections), `download` (first to last byte). */
  timings?: Partial<Record<TimingMeasure, EncodedSketch>>;
  /** Responses whose status the step said it expects (`expect: - statusCode: 404`), by status: not failures. */
  expected?: Record<string, number>;
}

/**
 * Everything recorded about one time window of the run (Artillery's ~10 s reporting period):
 * the counts of all endpoints together (EndpointWindow's fields), plus users and per-endpoint parts.
 */
export interface RunWindow extends EndpointWindow {
  /** Window start and end, epoch ms. */
  start: number;
  end: number;
  /** Virtual users created / completed / failed in this window. */
  vusersCreated: number;
  vusersCompleted: number;
  vusersFailed: number;
  /** Virtual users active at the end of the window (created - completed - failed, cumulative). */
  activeUsers: number;
  /** Percentiles of `latency`, computed once when the window is recorded (reports read these). */
  latencyStats: LatencyStats | null;
  /** Keyed by `METHOD /path` (query string removed), e.g. `POST /api/v1/chat`. */
  endpoints: Record<string, EndpointWindow>;
  /** Response bytes received (Artillery's `http.downloaded_bytes`); absent in results written before it was kept. */
  bytesReceived?: number;
  /** Response checks (the expect plugin) by check, e.g. `statusCode`; absent when none ran. */
  checks?: Record<string, CheckCounts>;
  /** Redirect hops followed (each part of the request that sent it, not a request); absent when none. */
  redirects?: number;
}

/** How often one kind of response check passed and failed. */
export interface CheckCounts {
  passed: number;
  failed: number;
}

/** A load phase as it actually happened. */
export interface PhaseRecord {
  index: number;
  name: string;
  start: number;
  /** Null when the run ended before the phase completed. */
  end: number | null;
  /** Planned duration in seconds. */
  plannedDurationS: number;
}

/** Totals over the whole run for one endpoint or for all. */
export interface TrafficSummary {
  requests: number;
  responses: number;
  /** Failed requests (what the error-rate criteria count). */
  failures: number;
  /** failures / requests, 0..1; 0 when there were no requests. */
  errorRate: number;
  /** Requests per second over the measured duration (from counts and timestamps). */
  rps: number;
  slow: number;
  codes: Record<string, number>;
  errors: Record<string, number>;
  /** Latency (whole response; failed requests at the time they failed); null when there were none. */
  latency: LatencyStats | null;
  /** Time to first byte, connect and download, each on its own; absent in older results. */
  timings?: Partial<Record<TimingMeasure, LatencyStats>>;
  /** Responses whose status the step expects, by status (successes); absent when none. */
  expected?: Record<string, number>;
}

export interface EndpointSummary extends TrafficSummary {
  /** `METHOD /path`. */
  name: string;
  method: string;
  path: string;
}

/** The outcome of one criterion. */
export interface CriterionResult {
  /** The criterion as written in the YAML, e.g. `p95 < 3s`. */
  text: string;
  status: 'passed' | 'failed' | 'no-data';
  /** Observed value in `unit`; null when there was no data to judge. */
  observed: number | null;
  /** The limit in `unit`. */
  limit: number;
  /** `ms`, `%`, `req/s`, `count`. */
  unit: string;
  /** One sentence for people: what was measured, where, and against what. */
  message: string;
  /** For windowed criteria: the worst window. */
  window?: { start: number; end: number };
  /** True when this criterion stopped the run early. */
  aborted?: boolean;
}

/**
 * `interrupted`: stopped by a person or CI (Ctrl-C, SIGTERM) before its end; its
 * criteria are judged on what was gathered and shown, but the run is never a pass.
 */
export type VerdictStatus = 'passed' | 'failed' | 'errored' | 'inconclusive' | 'interrupted';

export interface Verdict {
  status: VerdictStatus;
  criteria: CriterionResult[];
  /** Why the verdict is errored / inconclusive, or why the run stopped early. */
  reason?: string;
}

/**
 * How a run ended:
 * - `complete`: every phase ran and every session ended by itself;
 * - `capped`: stopped at its duration cap (`loadspec.duration`, or phases + 60 s);
 * - `aborted`: stopped early by a criterion marked `abort: true`;
 * - `interrupted`: stopped by Ctrl-C / SIGINT or SIGTERM;
 * - `crashed`: Artillery or the runner stopped on its own before the end.
 * Every kind keeps every request recorded up to the stop.
 */
export type Completion = 'complete' | 'capped' | 'aborted' | 'interrupted' | 'crashed';

export interface RunMeta {
  /** Scenario name (the config file name without extension unless the file names it). */
  scenario: string;
  configFile: string;
  /** Target URL with any credentials stripped. */
  target: string;
  /** When the runner started Artillery, and when Artillery had exited (epoch ms). */
  startedAt: number;
  endedAt: number;
  /** The duration cap: `loadspec.duration`, or the phases plus the drain allowance. */
  plannedDurationS: number;
  /** How long the load ran: first phase start to last measurement (Artillery's start-up and exit left out). */
  actualDurationS: number;
  /** How the run ended (see Completion). */
  completion: Completion;
  /** One sentence on how it ended when that was not `complete`, e.g. "interrupted by Ctrl-C after 12 s". */
  stopReason?: string;
  /** The signal that interrupted the run (decides exit 130 or 143). */
  interruptedBy?: 'SIGINT' | 'SIGTERM';
  /** Load planned and sent: virtual users the phases would start, and how many did. */
  load?: { plannedUsers: number | null; startedUsers: number };
  /** Where the record had lines that did not parse (a truncated or damaged file), by file. */
  damagedRecord?: Record<string, number>;
  /** The rules the run was judged with (merge and report use them instead of guessing). */
  rules?: { count4xx: boolean; expect4xx: boolean; slowThresholdMs: number; apiKey?: boolean };
  /** True when `loadspec report` rebuilt this result from the record because the runner never wrote it. */
  rebuilt?: boolean;
  /** `k/n` when this run is one shard of a larger one. */
  shard?: string;
  /** `--start-at` (epoch ms), when given: the instant the load was to begin; `phases[0].start` says when it did. */
  startAt?: number;
  loadspecVersion: string;
  artilleryVersion: string;
}

export interface RunResult {
  schemaVersion: typeof RUN_RESULT_SCHEMA_VERSION;
  meta: RunMeta;
  phases: PhaseRecord[];
  totals: TrafficSummary & {
    vusersCreated: number;
    vusersCompleted: number;
    vusersFailed: number;
    /** Response bytes received over the run; absent in results written before it was kept. */
    bytesReceived?: number;
    /** Response checks by check; absent when none ran. */
    checks?: Record<string, CheckCounts>;
    /** Redirect hops followed over the run; absent when none. */
    redirects?: number;
  };
  endpoints: EndpointSummary[];
  windows: RunWindow[];
  /** Slow requests by endpoint (`METHOD /path`), and the slowest few for reports. */
  slowRequests: { threshold: number; byEndpoint: Record<string, number>; slowest: SlowRequest[] };
  /** Null when the monitor was off. */
  monitor: MonitorData | null;
  verdict: Verdict;
}

/** One request slower than its threshold (no headers, bodies or secrets). */
export interface SlowRequest {
  time: number;
  phase: string | null;
  scenario: string | null;
  /** `METHOD /path`. */
  endpoint: string;
  status: number | null;
  durationMs: number;
  userId: string | null;
}
