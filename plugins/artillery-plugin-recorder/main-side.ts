/**
 * Main side: hears every line the workers append to their per-second record (through
 * the record channel), folds them into 10-s windows for the thresholds plugin's live
 * judgement under a plain `artillery run` (under loadspec the runner folds and judges), writes phase and end events to events.jsonl, and makes sure nothing a
 * worker measured is lost when the run stops:
 *
 * - On every shutdown (the natural end, Ctrl-C, SIGTERM, an abort, the runner's cap)
 *   Artillery's main thread exits right after asking its workers to stop, without
 *   waiting for them. A `beforeExit` extension (which Artillery awaits first) asks
 *   every worker for a final flush and waits for each answer (at most FINAL_WAIT_MS).
 * - Started by the runner (LOADSPEC_RUNNER_PID), it checks twice a second that the
 *   runner is still its parent; when the runner died (kill -9, out of memory) it
 *   stops the run the way SIGTERM does, so no orphan keeps loading the target.
 *
 * The windows on disk are not written here: the runner folds the workers' files with
 * the same function (src/core/seconds.ts), so live and final numbers agree.
 */
import { START_AT_WAIT_INDEX } from '../../src/core/start-at.ts';
import path from 'node:path';
import { liveWindows } from '../../src/core/live-windows.ts';
import { WindowFolder, isSecondLine, secondsFileName } from '../../src/core/seconds.ts';
import { DEFAULT_FAILURE_RULE } from '../../src/core/traffic-summary.ts';
import type { FailureRule } from '../../src/core/traffic-summary.ts';
import type { SecondLine } from '../../src/core/seconds.ts';
import { METRIC_PREFIX } from '../../src/core/metric-names.ts';
import { encodeSketch } from '../../src/core/sketch.ts';
import { parseDuration } from '../../src/core/durations.ts';
import { appendJsonLine } from '../shared/run-files.ts';
import { readPayload } from '../../src/core/to-window.ts';
import { openRecordChannel } from './record-channel.ts';
import type { RecordChannel, RecordMessage } from './record-channel.ts';

/** A window is judged live once its period ended this long ago (workers flush each second). */
const LIVE_GRACE_MS = 1000;
/** How long the end of a run waits for the workers' final flush. */
export const FINAL_WAIT_MS = 3000;
const PARENT_CHECK_MS = 500;

type Emitter = { on(event: string, listener: (...args: unknown[]) => void): unknown };
type Extension = { ext: string; method: (options: unknown) => Promise<void> };

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
  readonly eventsFile: string;
  readonly #folder: WindowFolder | null;
  readonly #workers = new Set<string>();
  readonly #flushed = new Set<string>();
  #onFlushed: (() => void) | null = null;
  #channel: RecordChannel | null = null;
  #ended = false;
  #finalAsked = false;
  #previousStats: Record<string, unknown> | null = null;

  /**
   * `rule`: the run's failure rule, so live windows count failures as the result will.
   * `announceWindows`: fold the workers' lines into live windows for the thresholds plugin
   * (a plain `artillery run`); under loadspec the runner folds the record and judges it.
   */
  constructor(runDir: string, rule: FailureRule = DEFAULT_FAILURE_RULE, options: { announceWindows?: boolean } = {}) {
    this.eventsFile = path.join(runDir, 'events.jsonl');
    this.#folder = options.announceWindows === false ? null : new WindowFolder({ rule });
  }

  event(type: string, fields: Record<string, unknown> = {}): void {
    appendJsonLine(this.eventsFile, { type, time: Date.now(), ...fields });
  }

  listen(events: Emitter, globalEvents: Emitter | null, addExtension: ((extension: Extension) => void) | null): void {
    this.#channel = openRecordChannel((message) => this.#onMessage(message));
    // The --start-at wait is not a phase of the scenario: the record starts with the load.
    const onPhase = (type: string) => (spec: unknown) => {
      const fields = phaseFields(spec);
      if (fields.index !== START_AT_WAIT_INDEX) this.event(type, fields);
    };
    events.on('phaseStarted', onPhase('phaseStarted'));
    events.on('phaseCompleted', onPhase('phaseCompleted'));
    events.on('stats', (payload) => {
      this.#onStats(payload);
      this.#trimPrevious(payload);
    });
    events.on('done', (payload) => this.#onDone(payload));
    const liveTimer = setInterval(() => this.#emitWindows(Date.now() - LIVE_GRACE_MS), 1000);
    liveTimer.unref();
    globalEvents?.on('shutdown:start', (opts) => {
      this.#askFinalFlush();
      if (this.#ended || !isRecord(opts) || opts['earlyStop'] !== true) return;
      this.event('interrupted', { exitCode: typeof opts['exitCode'] === 'number' ? opts['exitCode'] : null });
    });
    addExtension?.({
      ext: 'beforeExit',
      method: async () => {
        await this.finalFlush();
        clearInterval(liveTimer);
        this.#emitWindows(Number.POSITIVE_INFINITY);
        liveWindows.emit('end');
      },
    });
  }

  /** Stops the run like SIGTERM when `runnerPid` is no longer this process's parent. */
  followRunner(runnerPid: number): void {
    // Once the runner is gone, Artillery's output has no reader: writing it must not crash the
    // process (EPIPE) before the run is stopped and the workers' last seconds are written.
    process.stdout.on('error', () => {});
    process.stderr.on('error', () => {});
    const timer = setInterval(() => {
      if (process.ppid === runnerPid) return;
      clearInterval(timer);
      this.event('runner-gone', { runnerPid });
      console.error('loadspec: the runner that started this run is gone; stopping the run.');
      process.kill(process.pid, 'SIGTERM');
    }, PARENT_CHECK_MS);
    timer.unref();
  }

  /** Asks every worker to write what it holds and waits for their answers. */
  async finalFlush(): Promise<void> {
    this.#askFinalFlush();
    if ([...this.#workers].every((w) => this.#flushed.has(w))) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, FINAL_WAIT_MS);
      this.#onFlushed = () => {
        if (![...this.#workers].every((w) => this.#flushed.has(w))) return;
        clearTimeout(timer);
        resolve();
      };
    });
    this.#onFlushed = null;
  }

  #askFinalFlush(): void {
    if (this.#finalAsked) return;
    this.#finalAsked = true;
    this.#channel?.post({ type: 'final' });
  }

  #onMessage(message: RecordMessage): void {
    if (message.type === 'hello') this.#workers.add(message.worker);
    else if (message.type === 'flushed') {
      this.#flushed.add(message.worker);
      this.#onFlushed?.();
    } else if (message.type === 'broken') {
      console.error(`loadspec: the recorder in worker ${message.worker} stopped recording: ${message.reason}`);
    } else if (message.type === 'line') {
      let value: unknown;
      try {
        value = JSON.parse(message.line);
      } catch {
        return;
      }
      if (isSecondLine(value)) this.#folder?.add(value);
    }
  }

  #emitWindows(before: number): void {
    for (const window of this.#folder?.take(before) ?? []) liveWindows.emit('window', window);
  }

  /**
   * Without any local worker (`--platform`: the workers run in the cloud, where our plugins
   * may be missing), Artillery's merged 10-s periods are the only data: they become the
   * record, one line per period, in `seconds-main.jsonl`.
   */
  #onStats(raw: unknown): void {
    if (this.#workers.size > 0) return;
    const payload = readPayload(raw);
    if (payload === null || payload.firstMetricAt === null) return;
    const h: Record<string, string> = {};
    for (const [name, sketch] of Object.entries(payload.histograms)) {
      if (name === 'http.response_time' || name.startsWith(METRIC_PREFIX)) h[name] = encodeSketch(sketch);
    }
    const line: SecondLine = { w: 'main', t: payload.period, first: payload.firstMetricAt, last: payload.lastMetricAt ?? payload.firstMetricAt, c: payload.counters, h };
    appendJsonLine(path.join(path.dirname(this.eventsFile), secondsFileName('main')), line);
    this.#folder?.add(line);
  }

  /**
   * Artillery's `run` command keeps every 10-s stats payload until it exits, histograms and
   * all (one DDSketch per latency metric and endpoint, tens of KB a period), only to write
   * `--output` JSON, which replaces each payload's histograms by its summaries anyway
   * (lib/cmds/run.ts; the growth users report in artilleryio/artillery#679). Its main thread
   * grew ~15 MB an hour in configs/endurance.yml. When a payload arrives, the one before it
   * (whose listeners all ran 10 s ago; loadspec's record has its own copy of every figure) gets
   * its summaries in place of its histograms: what `--output` would write, so the memory held
   * per period is a few hundred bytes.
   */
  #trimPrevious(payload: unknown): void {
    const previous = this.#previousStats;
    this.#previousStats = isRecord(payload) ? payload : null;
    if (previous === null || previous === payload || !isRecord(previous['summaries'])) return;
    previous['histograms'] = previous['summaries'];
  }

  /** Artillery's own totals, kept to check the record against (the runner compares). */
  #onDone(raw: unknown): void {
    const payload = readPayload(raw);
    this.#ended = true;
    const c = payload?.counters ?? {};
    this.event('done', {
      firstMetricAt: payload?.firstMetricAt ?? null,
      lastMetricAt: payload?.lastMetricAt ?? null,
      requests: c['http.requests'] ?? 0,
      responses: c['http.responses'] ?? 0,
      vusersCreated: c['vusers.created'] ?? 0,
    });
  }
}
