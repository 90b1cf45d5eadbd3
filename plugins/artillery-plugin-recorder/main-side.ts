/**
 * Main side: every `stats` payload (one ~10 s period, merged across workers) becomes
 * one RunWindow line in windows.jsonl, written synchronously before anyone else hears
 * of it, so a line on disk survives Ctrl-C or kill -9 right after. Phase and end
 * events go to events.jsonl.
 *
 * Exactly once: Artillery emits every period as `stats`, including the last partial
 * one, before `done` (launch-platform.js flushes all unreported periods first), and
 * `done` carries the whole run packed into one (not a window). So windows come only
 * from `stats`; `done` only records the run's end and what, if anything, never
 * arrived as a window (a worker's batch for a period already reported is dropped
 * from `stats` by Artillery, with a warning, but kept in `done`).
 */
import path from 'node:path';
import { liveWindows } from '../../src/results/live-windows.ts';
import type { RunWindow } from '../../src/results/types.ts';
import { parseDuration } from '../../src/config/durations.ts';
import { appendJsonLine } from '../shared/run-files.ts';
import { readPayload, stripRecorderMetrics, toRunWindow } from './to-window.ts';

const PERIOD_MS = 10_000;

type Emitter = { on(event: string, listener: (...args: unknown[]) => void): unknown };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** A phase event as recorded: index, name, planned duration. */
function phaseFields(spec: unknown): { index: number | null; name: string | null; durationS: number | null } {
  if (!isRecord(spec)) return { index: null, name: null, durationS: null };
  const index = typeof spec['index'] === 'number' ? spec['index'] : null;
  const name = typeof spec['name'] === 'string' && spec['name'].length > 0 ? spec['name'] : index !== null ? `phase ${index + 1}` : null;
  const durationS = parseDuration(spec['duration'] ?? spec['pause']) ?? null;
  return { index, name, durationS };
}

export class MainRecorder {
  readonly windowsFile: string;
  readonly eventsFile: string;
  #activeUsers = 0;
  #firstWindow = true;
  #recorded = { requests: 0, responses: 0, vusersCreated: 0 };
  #ended = false;

  constructor(runDir: string) {
    this.windowsFile = path.join(runDir, 'windows.jsonl');
    this.eventsFile = path.join(runDir, 'events.jsonl');
  }

  event(type: string, fields: Record<string, unknown> = {}): void {
    appendJsonLine(this.eventsFile, { type, time: Date.now(), ...fields });
  }

  listen(events: Emitter, globalEvents: Emitter | null): void {
    events.on('phaseStarted', (spec) => this.event('phaseStarted', phaseFields(spec)));
    events.on('phaseCompleted', (spec) => this.event('phaseCompleted', phaseFields(spec)));
    events.on('stats', (payload) => this.onStats(payload));
    events.on('done', (payload) => this.onDone(payload));
    // SIGINT/SIGTERM: Artillery exits without `done`; say so while we still can.
    globalEvents?.on('shutdown:start', (opts) => {
      if (this.#ended || !isRecord(opts) || opts['earlyStop'] !== true) return;
      this.event('interrupted', { exitCode: typeof opts['exitCode'] === 'number' ? opts['exitCode'] : null });
    });
  }

  onStats(raw: unknown, now: number = Date.now()): RunWindow | null {
    const payload = readPayload(raw);
    stripRecorderMetrics(raw);
    if (payload === null) return null;
    const period = payload.period;
    // The first window starts with the first measurement, not at its 10 s boundary;
    // a period reported before it has ended (the last one, flushed at the end of the
    // run) ends with its last measurement.
    const start = this.#firstWindow && payload.firstMetricAt !== null ? Math.max(period, payload.firstMetricAt) : period;
    const end = now >= period + PERIOD_MS ? period + PERIOD_MS : Math.max(start, payload.lastMetricAt ?? now);
    const window = toRunWindow(payload, { start, end, activeUsersBefore: this.#activeUsers });
    appendJsonLine(this.windowsFile, window);
    this.#firstWindow = false;
    this.#activeUsers = window.activeUsers;
    this.#recorded.requests += window.requests;
    this.#recorded.responses += window.responses;
    this.#recorded.vusersCreated += window.vusersCreated;
    liveWindows.emit('window', window);
    return window;
  }

  onDone(raw: unknown): void {
    const payload = readPayload(raw);
    stripRecorderMetrics(raw);
    this.#ended = true;
    const c = payload?.counters ?? {};
    const requests = c['http.requests'] ?? 0;
    const responses = c['http.responses'] ?? 0;
    const vusersCreated = c['vusers.created'] ?? 0;
    this.event('done', {
      firstMetricAt: payload?.firstMetricAt ?? null,
      lastMetricAt: payload?.lastMetricAt ?? null,
      requests,
      responses,
      vusersCreated,
      // Non-zero only when Artillery dropped a late worker batch from `stats`.
      unrecorded: {
        requests: requests - this.#recorded.requests,
        responses: responses - this.#recorded.responses,
        vusersCreated: vusersCreated - this.#recorded.vusersCreated,
      },
    });
    liveWindows.emit('end');
  }
}
