/**
 * The closed 10-s windows of a live run added up into one RunWindow-shaped part, so the
 * totals and endpoint summaries of the run so far (core's summarizeTotals / summarizeEndpoints,
 * the final result's functions) get two parts a second — the closed sum and the open window —
 * instead of merging every window's sketch again each second. Sketches merge exactly, so the
 * figures are the same as summing the windows one by one.
 */
import type { DDSketch } from '@artilleryio/sketches-js';
import { decodeSketch, encodeSketch, newSketch } from '../core/sketch.ts';
import { addCounts } from '../core/traffic-summary.ts';
import type { CheckCounts, EndpointWindow, RunWindow } from '../core/types.ts';

interface Part {
  counts: Omit<EndpointWindow, 'latency'>;
  sketch: DDSketch | null;
}

const emptyPart = (): Part => ({ counts: { requests: 0, responses: 0, errors: {}, codes: {}, failures: 0, slow: 0 }, sketch: null });

function addTo(part: Part, traffic: EndpointWindow): void {
  part.counts.requests += traffic.requests;
  part.counts.responses += traffic.responses;
  part.counts.slow += traffic.slow;
  part.counts.failures += traffic.failures;
  addCounts(part.counts.errors, traffic.errors);
  addCounts(part.counts.codes, traffic.codes);
  if (traffic.latency !== null) (part.sketch ??= newSketch()).merge(decodeSketch(traffic.latency));
}

const asTraffic = (part: Part): EndpointWindow => ({ ...part.counts, errors: { ...part.counts.errors }, codes: { ...part.counts.codes }, latency: part.sketch === null ? null : encodeSketch(part.sketch) });

export class ClosedSum {
  readonly #all = emptyPart();
  readonly #endpoints = new Map<string, Part>();
  #vusers = { created: 0, completed: 0, failed: 0 };
  #start: number | null = null;
  #end = 0;
  #activeUsers = 0;
  #cached: RunWindow | null = null;
  #bytesReceived: number | undefined;
  readonly #checks: Record<string, CheckCounts> = {};
  count = 0;

  add(window: RunWindow): void {
    addTo(this.#all, window);
    for (const [name, traffic] of Object.entries(window.endpoints)) {
      let part = this.#endpoints.get(name);
      if (part === undefined) this.#endpoints.set(name, (part = emptyPart()));
      addTo(part, traffic);
    }
    this.#vusers = { created: this.#vusers.created + window.vusersCreated, completed: this.#vusers.completed + window.vusersCompleted, failed: this.#vusers.failed + window.vusersFailed };
    this.#start ??= window.start;
    this.#end = window.end;
    this.#activeUsers = window.activeUsers;
    if (window.bytesReceived !== undefined) this.#bytesReceived = (this.#bytesReceived ?? 0) + window.bytesReceived;
    for (const [check, counts] of Object.entries(window.checks ?? {})) {
      const entry = (this.#checks[check] ??= { passed: 0, failed: 0 });
      entry.passed += counts.passed;
      entry.failed += counts.failed;
    }
    this.#cached = null;
    this.count++;
  }

  /** The closed windows as one part; null before the first. */
  asWindow(): RunWindow | null {
    if (this.#start === null) return null;
    if (this.#cached !== null) return this.#cached;
    const all = asTraffic(this.#all);
    this.#cached = {
      start: this.#start,
      end: this.#end,
      vusersCreated: this.#vusers.created,
      vusersCompleted: this.#vusers.completed,
      vusersFailed: this.#vusers.failed,
      activeUsers: this.#activeUsers,
      ...all,
      latencyStats: null,
      endpoints: Object.fromEntries([...this.#endpoints].map(([name, part]) => [name, asTraffic(part)])),
      ...(this.#bytesReceived !== undefined ? { bytesReceived: this.#bytesReceived } : {}),
      ...(Object.keys(this.#checks).length > 0 ? { checks: structuredClone(this.#checks) } : {}),
    };
    return this.#cached;
  }
}
