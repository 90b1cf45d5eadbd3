/**
 * Live progress of a running scenario, read once a second from the workers'
 * per-second record (seconds-w*.jsonl: the same lines the final result is folded
 * from, so the final totals are never below what the status line showed) plus the
 * clock and the phase events.
 */
import { RUN_HISTOGRAM } from '../core/metric-names.ts';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { DDSketch } from '@artilleryio/sketches-js';
import { trafficOfCounters } from '../core/to-window.ts';
import { DEFAULT_FAILURE_RULE, countFailures } from '../core/traffic-summary.ts';
import type { FailureRule } from '../core/traffic-summary.ts';
import { isSecondLine, isSecondsFile, windowStartOf } from '../core/seconds.ts';
import type { SecondLine } from '../core/seconds.ts';
import { decodeSketch, latencyStats, newSketch } from '../core/sketch.ts';
import { JsonLinesTail } from '../results/json-lines.ts';
import type { PlannedPhase } from './resolve-script.ts';

export interface Progress {
  elapsedS: number;
  plannedS: number;
  /** The phase Artillery is in ('starting Artillery' before the first); null once arrivals have ended. */
  phase: string | null;
  activeUsers: number;
  requests: number;
  failures: number;
  /** Requests per second over the last few recorded seconds. */
  rps: number;
  /** p95 over the last 10 recorded seconds, ms; null before the first response. */
  p95: number | null;
  /** True when this tick brought the first data of a new 10-s window (CI logs print a line then). */
  newWindow: boolean;
  /** 10-s windows with data so far. */
  windows: number;
  /** When the first phase started (epoch ms); null while Artillery is starting. */
  loadStartedAt: number | null;
}

/** Requests per second over this span of recorded seconds; p95 over P95_SPAN_MS. */
const RATE_SPAN_MS = 5000;
const P95_SPAN_MS = 10_000;

/** Running totals of the per-second record, fed line by line. */
export class RecordTotals {
  requests = 0;
  failures = 0;
  activeUsers = 0;
  windows = 0;
  #lastT = Number.NEGATIVE_INFINITY;
  #firstT = Number.POSITIVE_INFINITY;
  #lastWindow = Number.NEGATIVE_INFINITY;
  readonly #recent: { t: number; requests: number; latency: DDSketch | null }[] = [];
  readonly #rule: FailureRule;

  /** `rule`: the run's failure rule, so the live count is the one the result will show. */
  constructor(rule: FailureRule = DEFAULT_FAILURE_RULE) {
    this.#rule = rule;
  }

  /** Adds a line; true when it opened a new 10-s window. */
  add(line: SecondLine): boolean {
    const c = line.c;
    this.activeUsers += (c['vusers.created'] ?? 0) - (c['vusers.completed'] ?? 0) - (c['vusers.failed'] ?? 0);
    const { requests, errors, codes, expected } = trafficOfCounters(c);
    this.failures += countFailures(errors, codes, this.#rule, expected);
    this.requests += requests;
    const encoded = line.h[RUN_HISTOGRAM.latency] ?? line.h['http.response_time'];
    this.#recent.push({ t: line.t, requests, latency: encoded === undefined ? null : decodeSketch(encoded) });
    this.#firstT = Math.min(this.#firstT, line.t);
    this.#lastT = Math.max(this.#lastT, line.t);
    while ((this.#recent[0]?.t ?? this.#lastT) <= this.#lastT - P95_SPAN_MS) this.#recent.shift();
    const window = windowStartOf(line.t);
    if (window <= this.#lastWindow) return false;
    this.#lastWindow = window;
    this.windows++;
    return true;
  }

  get rps(): number {
    if (this.#recent.length === 0) return 0;
    const from = this.#lastT - RATE_SPAN_MS;
    let requests = 0;
    for (const r of this.#recent) if (r.t > from) requests += r.requests;
    const spanS = Math.min(RATE_SPAN_MS, this.#lastT + 1000 - this.#firstT) / 1000;
    return spanS > 0 ? requests / spanS : 0;
  }

  get p95(): number | null {
    const merged = newSketch();
    for (const r of this.#recent) if (r.latency !== null && r.latency.count > 0) merged.merge(r.latency);
    return latencyStats(merged)?.p95 ?? null;
  }
}

/** A line of events.jsonl as the live views read it (phase events carry `index` and `name`). */
export interface RunEventLine {
  type: string;
  time?: number;
  name?: string;
  index?: number;
}

const isEventLine = (value: unknown): value is RunEventLine =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';

/** What one tick read from the run directory, for the live views that need more than the status line (the dashboard). */
export interface RecordTick {
  /** New per-second lines, from every worker. */
  lines: SecondLine[];
  /** New lines of events.jsonl. */
  events: RunEventLine[];
  /** New lines of slow-requests.jsonl. */
  slow: unknown[];
}

export function watchProgress(
  runDir: string,
  plan: { startedAt: number; plannedS: number; phases: PlannedPhase[]; rule?: FailureRule },
  onProgress: (progress: Progress) => void,
  intervalMs = 1000,
  onRecord?: (tick: RecordTick) => void,
): { stop(): Promise<void> } {
  const tails = new Map<string, JsonLinesTail>();
  const eventTail = new JsonLinesTail(path.join(runDir, 'events.jsonl'));
  const slowTail = onRecord ? new JsonLinesTail(path.join(runDir, 'slow-requests.jsonl')) : null;
  // The phase comes from what Artillery reports, not the clock: Artillery needs a few seconds to start.
  let phase: string | null = 'starting Artillery';
  let loadStartedAt: number | null = null;
  const totals = new RecordTotals(plan.rule);
  let busy = Promise.resolve();

  const tick = async (): Promise<void> => {
    for (const name of await readdir(runDir).catch(() => [] as string[])) {
      if (isSecondsFile(name) && !tails.has(name)) tails.set(name, new JsonLinesTail(path.join(runDir, name)));
    }
    let newWindow = false;
    const lines: SecondLine[] = [];
    for (const tail of tails.values()) {
      for (const line of await tail.read()) {
        if (!isSecondLine(line)) continue;
        if (totals.add(line)) newWindow = true;
        lines.push(line);
      }
    }
    const events = (await eventTail.read()).filter(isEventLine);
    if (onRecord) onRecord({ lines, events, slow: (await slowTail?.read()) ?? [] });
    for (const event of events) {
      if (event.type === 'phaseStarted') loadStartedAt ??= typeof event.time === 'number' ? event.time : Date.now();
      if (event.type === 'phaseStarted') phase = event.name ?? plan.phases[event.index ?? -1]?.name ?? `phase ${(event.index ?? 0) + 1}`;
      if (event.type === 'phaseCompleted' && (event.index ?? -1) === plan.phases.length - 1) phase = null;
    }
    onProgress({
      // The clock of the status line is the load's: Artillery's start-up is not part of the planned time.
      elapsedS: loadStartedAt === null ? 0 : (Date.now() - loadStartedAt) / 1000,
      plannedS: plan.plannedS,
      phase,
      activeUsers: Math.max(0, totals.activeUsers),
      requests: totals.requests,
      failures: totals.failures,
      rps: totals.rps,
      p95: totals.p95,
      newWindow,
      windows: totals.windows,
      loadStartedAt,
    });
  };
  const timer = setInterval(() => {
    busy = busy.then(tick, tick);
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await busy;
      // The last lines (written as Artillery stopped) reach the live views too.
      if (onRecord) await tick();
    },
  };
}
