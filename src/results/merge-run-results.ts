/**
 * Merging the RunResults of shards of one scenario (CI runs `k/n` shards at the same
 * time on different machines) into one, exactly: windows are aligned by wall clock
 * on Artillery's 10 s periods and their sketches merged, then totals and endpoints
 * are recomputed with the same rules as a single run.
 */
import { TIMING_MEASURES } from '../core/metric-names.ts';
import { encodeSketch } from '../core/sketch.ts';
import { mergeSketches, latencyStats } from '../core/sketch.ts';
import { slowestOf } from './recorded-run.ts';
import { loadDurationS, measuredDurationS, slowByEndpoint, summarizeEndpoints, summarizeTotals } from './build-run-result.ts';
import { addCounts, countFailures } from '../core/traffic-summary.ts';
import type { FailureRule } from '../core/traffic-summary.ts';
import { RUN_RESULT_SCHEMA_VERSION } from '../core/types.ts';
import { SHARD_TOLERANCE_MS } from '../core/defaults.ts';
import type { Completion, EncodedSketch, EndpointWindow, PhaseRecord, RunMeta, RunResult, RunWindow } from '../core/types.ts';
import type { MonitorData } from '../core/monitor-data.ts';

export type MergedRunResult = Omit<RunResult, 'verdict'>;

const PERIOD_MS = 10_000;

export class MergeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MergeError';
  }
}

const label = (r: RunResult): string => (r.meta.shard ? `${r.meta.scenario} (shard ${r.meta.shard})` : r.meta.scenario);

function mergedSketch(parts: Array<EncodedSketch | null>): EncodedSketch | null {
  const sketch = mergeSketches(parts);
  return sketch === null ? null : encodeSketch(sketch);
}

/** The timing sketches and expected statuses of windows of one period, merged (absent when none had any). */
function mergedDetails(parts: readonly EndpointWindow[]): Pick<EndpointWindow, 'timings' | 'expected'> {
  const timings: NonNullable<EndpointWindow['timings']> = {};
  for (const measure of TIMING_MEASURES) {
    const merged = mergedSketch(parts.map((p) => p.timings?.[measure] ?? null));
    if (merged !== null) timings[measure] = merged;
  }
  const expected: Record<string, number> = {};
  for (const p of parts) if (p.expected) addCounts(expected, p.expected);
  return { ...(Object.keys(timings).length > 0 ? { timings } : {}), ...(Object.keys(expected).length > 0 ? { expected } : {}) };
}

function mergeEndpointWindows(parts: EndpointWindow[], rule: FailureRule): EndpointWindow {
  const out: EndpointWindow = { requests: 0, responses: 0, errors: {}, codes: {}, failures: 0, slow: 0, latency: null };
  for (const p of parts) {
    out.requests += p.requests;
    out.responses += p.responses;
    out.slow += p.slow;
    addCounts(out.errors, p.errors);
    addCounts(out.codes, p.codes);
  }
  out.latency = mergedSketch(parts.map((p) => p.latency));
  Object.assign(out, mergedDetails(parts));
  out.failures = countFailures(out.errors, out.codes, rule, out.expected);
  return out;
}

/** Windows of the same 10 s wall-clock period become one; their failures are counted under the merged run's rule. */
export function mergeWindows(windows: readonly RunWindow[], rule: FailureRule): RunWindow[] {
  const byPeriod = new Map<number, RunWindow[]>();
  for (const w of windows) {
    const period = Math.floor(w.start / PERIOD_MS) * PERIOD_MS;
    let list = byPeriod.get(period);
    if (list === undefined) byPeriod.set(period, (list = []));
    list.push(w);
  }
  return [...byPeriod.keys()]
    .sort((a, b) => a - b)
    .map((period) => {
      const parts = byPeriod.get(period) ?? [];
      const endpointParts = new Map<string, EndpointWindow[]>();
      for (const p of parts) {
        for (const [name, ep] of Object.entries(p.endpoints)) {
          let list = endpointParts.get(name);
          if (list === undefined) endpointParts.set(name, (list = []));
          list.push(ep);
        }
      }
      const latency = mergedSketch(parts.map((p) => p.latency));
      const sumOf = (pick: (w: RunWindow) => number): number => parts.reduce((total, w) => total + pick(w), 0);
      const codes = parts.reduce((acc, w) => addCounts(acc, w.codes), {});
      const errors = parts.reduce((acc, w) => addCounts(acc, w.errors), {});
      const details = mergedDetails(parts);
      return {
        start: Math.min(...parts.map((p) => p.start)),
        end: Math.max(...parts.map((p) => p.end)),
        vusersCreated: sumOf((w) => w.vusersCreated),
        vusersCompleted: sumOf((w) => w.vusersCompleted),
        vusersFailed: sumOf((w) => w.vusersFailed),
        activeUsers: sumOf((w) => w.activeUsers),
        requests: sumOf((w) => w.requests),
        responses: sumOf((w) => w.responses),
        codes,
        errors,
        failures: countFailures(errors, codes, rule, details.expected),
        ...details,
        slow: sumOf((w) => w.slow),
        latency,
        latencyStats: latency === null ? null : latencyStats(mergeSketches([latency])),
        endpoints: Object.fromEntries([...endpointParts].map(([name, eps]) => [name, mergeEndpointWindows(eps, rule)])),
      };
    });
}

/**
 * Whether the shards counted 4xx as failures: `meta.rules` says so (schema version 2).
 * A version-1 result does not store the option, but it shows: with it, failures exceed
 * what the windows recorded as errors exactly when there were 4xx responses.
 */
export function inferCount4xx(results: readonly RunResult[]): boolean {
  // Version 2 results say which rules they were judged with.
  const stated = results.map((r) => r.meta.rules?.count4xx).filter((v): v is boolean => v !== undefined);
  if (stated.length > 0) return stated.some(Boolean);
  return results.some((r) => {
    let recorded = 0;
    for (const w of r.windows) for (const n of Object.values(w.errors)) recorded += n;
    return r.totals.failures > recorded;
  });
}

function mergePhases(results: readonly RunResult[]): PhaseRecord[] {
  const byIndex = new Map<number, PhaseRecord>();
  for (const r of results) {
    for (const p of r.phases) {
      const seen = byIndex.get(p.index);
      if (seen === undefined) {
        byIndex.set(p.index, { ...p });
        continue;
      }
      seen.start = Math.min(seen.start, p.start);
      seen.end = seen.end === null || p.end === null ? null : Math.max(seen.end, p.end);
      seen.plannedDurationS = Math.max(seen.plannedDurationS, p.plannedDurationS);
    }
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

function mergeMonitors(results: readonly RunResult[]): MonitorData | null {
  const monitors = results.map((r) => r.monitor).filter((m): m is MonitorData => m !== null);
  const first = monitors[0];
  if (first === undefined) return null;
  return {
    intervalS: first.intervalS,
    samples: monitors.flatMap((m) => m.samples).sort((a, b) => a.time - b.time),
    warnings: [...new Set(monitors.flatMap((m) => m.warnings))],
  };
}

function mergeMeta(results: readonly RunResult[], first: RunResult): RunMeta {
  const startedAt = Math.min(...results.map((r) => r.meta.startedAt));
  const endedAt = Math.max(...results.map((r) => r.meta.endedAt));
  const targets = [...new Set(results.map((r) => r.meta.target))];
  const { shard: _shard, stopReason: _reason, interruptedBy: _by, damagedRecord: _damaged, rebuilt: _rebuilt, load: _load, ...rest } = first.meta;
  // The merged run ended as its worst part did.
  const worst = [...results].sort((a, b) => COMPLETION_SEVERITY.indexOf(a.meta.completion) - COMPLETION_SEVERITY.indexOf(b.meta.completion))[0] ?? first;
  const stopped = results.filter((r) => r.meta.completion !== 'complete');
  const interruptedBy = results.find((r) => r.meta.interruptedBy !== undefined)?.meta.interruptedBy;
  const planned = results.map((r) => r.meta.load?.plannedUsers ?? null);
  return {
    ...rest,
    target: targets.join(', '),
    startedAt,
    endedAt,
    plannedDurationS: Math.max(...results.map((r) => r.meta.plannedDurationS)),
    // Set by the caller from the merged phases and windows (loadDurationS).
    actualDurationS: 0,
    completion: worst.meta.completion,
    ...(stopped.length > 0 ? { stopReason: stopped.map((r) => `${label(r)}: ${r.meta.stopReason ?? r.meta.completion}`).join('; ') } : {}),
    ...(interruptedBy ? { interruptedBy } : {}),
    load: {
      plannedUsers: planned.every((p) => p !== null) ? planned.reduce<number>((a, b) => a + (b ?? 0), 0) : null,
      startedUsers: results.reduce((sum, r) => sum + (r.meta.load?.startedUsers ?? r.totals.vusersCreated), 0),
    },
  };
}

/** Worst first. */
const COMPLETION_SEVERITY: readonly Completion[] = ['crashed', 'interrupted', 'aborted', 'capped', 'complete'];

function parseShardLabel(label: string): { index: number; count: number } | null {
  const match = /^(\d+)\/(\d+)$/.exec(label);
  return match === null ? null : { index: Number(match[1]), count: Number(match[2]) };
}

/**
 * Refuses sets of runs that cannot add up to one run: a shard given twice (its load
 * would count twice), shards of different splits (1/2 with 2/3), or shards mixed
 * with whole runs. Whole runs of one scenario may still be merged with each other.
 */
function checkShardSet(results: readonly RunResult[]): void {
  const labels = results.map((r) => r.meta.shard ?? null);
  const sharded = labels.filter((l): l is string => l !== null);
  if (sharded.length === 0) return;
  const scenario = results[0]?.meta.scenario ?? '';
  if (sharded.length < labels.length) {
    throw new MergeError(`cannot merge shards of ${scenario} (${sharded.join(', ')}) with a whole run of it: merge the shards of one run at a time`);
  }
  const counts = [...new Set(sharded.map((l) => parseShardLabel(l)?.count ?? l))];
  if (counts.length > 1) {
    throw new MergeError(`cannot merge shards of different splits of ${scenario} (${sharded.join(', ')}): all shards of one run have the same n in k/n`);
  }
  const seen = new Set<string>();
  for (const label of sharded) {
    if (seen.has(label)) {
      throw new MergeError(`shard ${label} of ${scenario} was given twice (its load would count twice): pass each shard's run directory once`);
    }
    seen.add(label);
  }
}

/** When a run's load began and its arrivals ended (its phases; the --start-at wait is not one). */
function loadSpan(r: RunResult): { start: number; end: number } | null {
  const phases = r.phases.filter((p) => p.index >= 0).sort((a, b) => a.index - b.index);
  const first = phases[0];
  const last = phases[phases.length - 1];
  if (first === undefined || last === undefined) return null;
  return { start: first.start, end: last.end ?? r.meta.endedAt };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * Shards whose load did not run together with the others', one sentence each: one that began
 * more than `toleranceMs` after the earliest, or whose load lasted that much less than the
 * longest (it ran short). Such a merge adds up n smaller tests, not one test of n times the load.
 */
export function shardsApart(results: readonly RunResult[], toleranceMs: number = SHARD_TOLERANCE_MS): string[] {
  const spans = results.flatMap((r) => {
    const span = loadSpan(r);
    return span === null ? [] : [{ name: r.meta.shard ? `shard ${r.meta.shard}` : label(r), ...span, lasted: span.end - span.start }];
  });
  if (spans.length < 2) return [];
  const earliest = spans.reduce((a, b) => (b.start < a.start ? b : a));
  const longest = spans.reduce((a, b) => (b.lasted > a.lasted ? b : a));
  const problems: string[] = [];
  for (const s of spans) {
    if (s.start - earliest.start > toleranceMs) problems.push(`${s.name} began its load ${seconds(s.start - earliest.start)} after ${earliest.name}`);
    if (longest.lasted - s.lasted > toleranceMs) problems.push(`${s.name}'s load lasted ${seconds(longest.lasted - s.lasted)} less than ${longest.name}'s (it ran short)`);
  }
  return problems;
}

/** The `k/n` labels of shards absent from a set of shards (none for whole runs). */
export function missingShards(results: readonly RunResult[]): string[] {
  const parsed = results.map((r) => (r.meta.shard ? parseShardLabel(r.meta.shard) : null)).filter((p) => p !== null);
  const count = parsed[0]?.count;
  if (count === undefined) return [];
  const present = new Set(parsed.map((p) => p.index));
  return Array.from({ length: count }, (_, i) => i + 1)
    .filter((k) => !present.has(k))
    .map((k) => `${k}/${count}`);
}

/**
 * Merges shards of one scenario. Throws MergeError (with a sentence) for an empty
 * list, different scenarios or schema versions, and for shards that cannot add up
 * to one run (see checkShardSet). `count4xx` defaults to what the
 * shards show (see inferCount4xx). The verdict is left to the caller.
 */
export function mergeRunResults(results: readonly RunResult[], options: { count4xx?: boolean } = {}): MergedRunResult {
  const first = results[0];
  if (first === undefined) throw new MergeError('nothing to merge: give at least one run');
  for (const r of results) {
    if (r.schemaVersion !== RUN_RESULT_SCHEMA_VERSION) {
      throw new MergeError(
        `cannot merge ${label(r)}: its summary has schema version ${String(r.schemaVersion)}, this loadspec reads version ${RUN_RESULT_SCHEMA_VERSION}`,
      );
    }
  }
  const scenarios = [...new Set(results.map((r) => r.meta.scenario))];
  if (scenarios.length > 1) {
    throw new MergeError(`cannot merge runs of different scenarios (${scenarios.join(', ')}): merge the shards of one scenario at a time`);
  }
  checkShardSet(results);
  const thresholds = [...new Set(results.map((r) => r.slowRequests.threshold))];
  const rule: FailureRule = { count4xx: options.count4xx ?? inferCount4xx(results) };
  const windows = mergeWindows(
    results.flatMap((r) => r.windows),
    rule,
  );
  const summary = { count4xx: rule.count4xx, durationS: measuredDurationS(windows) };
  const phases = mergePhases(results);
  return {
    schemaVersion: RUN_RESULT_SCHEMA_VERSION,
    meta: { ...mergeMeta(results, first), actualDurationS: loadDurationS(phases, windows) },
    phases,
    totals: summarizeTotals(windows, summary),
    endpoints: summarizeEndpoints(windows, summary),
    windows,
    slowRequests: {
      threshold: Math.min(...thresholds),
      byEndpoint: slowByEndpoint(windows),
      slowest: slowestOf(results.flatMap((r) => r.slowRequests.slowest)),
    },
    monitor: mergeMonitors(results),
  };
}
