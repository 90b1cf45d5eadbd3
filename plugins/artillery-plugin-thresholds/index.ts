/**
 * artillery-plugin-thresholds: judges loadspec criteria while the run goes and at its end.
 *
 *   config:
 *     plugins:
 *       recorder: {}
 *       thresholds:
 *         criteria:
 *           - p95 < 3s
 *           - { expect: "error rate < 1%", abort: true, grace: 30s }
 *
 * Main process only, and only under a plain `artillery run`: there it reads the windows the recorder
 * plugin announces (src/core/live-windows.ts), stops a run whose `abort` criterion has failed for its
 * grace period (core's AbortWatch), prints PASS/FAIL lines from core's judge() and sets Artillery's
 * suggested exit code. Under loadspec (LOADSPEC_RUNNER_PID) it only says it loaded: the runner's live
 * session folds the record, aborts with the same AbortWatch and judges with the same judge()
 * (src/session/README.md).
 */
import path from 'node:path';
import { liveWindows } from '../../src/core/live-windows.ts';
import type { RunWindow } from '../../src/core/types.ts';
import { AbortWatch, abortEvent, abortLine } from '../../src/core/criteria/abort-watch.ts';
import type { AbortDecision } from '../../src/core/criteria/abort-watch.ts';
import { parseDurationMs } from '../../src/core/durations.ts';
import { SLOW_THRESHOLD_MS } from '../../src/core/defaults.ts';
import { parseThresholdsConfig } from '../../src/core/criteria/config.ts';
import type { ThresholdsConfig } from '../../src/core/criteria/config.ts';
import { evaluateCriteria } from '../../src/core/criteria/evaluate.ts';
import { judge } from '../../src/core/judge.ts';
import { addCounts } from '../../src/core/traffic-summary.ts';
import { artilleryGlobal } from '../shared/artillery.ts';
import type { ArtilleryEvents, ArtilleryScript } from '../shared/artillery.ts';
import { pluginSection } from '../shared/plugin-config.ts';
import { appendJsonLine, recordPluginLoaded, runDirectory, runnerPid } from '../shared/run-files.ts';
import { isWorker } from '../shared/side.ts';
import { verdictLines } from './report-lines.ts';
import { stopRun, suggestExitCode } from './stop-run.ts';

export const PLUGIN_NAME = 'thresholds';

type Emitter = { on(event: string, listener: (options: unknown) => void): unknown };

/** Artillery's process-wide events (`shutdown:start` tells an interrupted run from a finished one). */
function globalEvents(): Emitter | null {
  const value: unknown = Reflect.get(artilleryGlobal() ?? {}, 'globalEvents');
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'on') === 'function' ? (value as Emitter) : null;
}

/** loadspec's exit code for a failed threshold. */
const EXIT_FAILED = 1;

/** How long cleanup waits for the recorder's end of the run (it normally comes first). */
const END_WAIT_MS = 2000;

export class Plugin {
  #config: ThresholdsConfig | null = null;
  #watch: AbortWatch | null = null;
  /**
   * Every window of the run, for the final judgement (criteria over the whole run, every 5 min,
   * degradation). Grows with the run's length only: one window per 10 s, ~3 KB with its
   * endpoints' sketches, so ~1 MB per hour of run.
   */
  readonly #windows: RunWindow[] = [];
  #aborted: AbortDecision | null = null;
  #finished = false;
  #ended = false;
  /** Ctrl-C, SIGTERM or our own abort: no `done` and no last window will come. */
  #stopping = false;
  readonly #onWindow = (window: RunWindow): void => this.#observe(window);
  readonly #onEnd = (): void => {
    this.#ended = true;
    this.#finish();
  };

  constructor(script: ArtilleryScript, _events: ArtilleryEvents) {
    if (isWorker()) return;
    recordPluginLoaded(PLUGIN_NAME);
    if (runnerPid() !== null) return;
    // Same source and default as the recorder, which counts the slow requests.
    const slowMs = parseDurationMs(pluginSection(script, 'slow-requests')['threshold']) ?? SLOW_THRESHOLD_MS;
    const config = parseThresholdsConfig(pluginSection(script, PLUGIN_NAME), slowMs);
    this.#config = config;
    for (const error of config.errors) console.error(`thresholds: ${error} (the run will be marked failed)`);
    for (const warning of config.warnings) console.log(`thresholds: ${warning}.`);
    if (config.errors.length > 0) suggestExitCode(EXIT_FAILED);
    this.#watch = new AbortWatch(config.criteria, config.options);
    liveWindows.on('window', this.#onWindow);
    liveWindows.on('end', this.#onEnd);
    // The recorder announces the end once the workers' last seconds are in (at every kind of stop).
    globalEvents()?.on('shutdown:start', (options: unknown) => {
      if (typeof options === 'object' && options !== null && Reflect.get(options, 'earlyStop') === true) this.#stopping = true;
    });
  }

  #observe(window: RunWindow): void {
    if (this.#finished || this.#watch === null) return;
    this.#windows.push(window);
    const decision = this.#watch.observe(window);
    if (decision !== null) this.#abort(decision);
  }

  #abort(decision: AbortDecision): void {
    this.#aborted = decision;
    const dir = runDirectory();
    if (dir !== null) appendJsonLine(path.join(dir, 'events.jsonl'), abortEvent(decision, Date.now()));
    console.log(`thresholds: ${abortLine(decision)}`);
    this.#finish();
    if (!stopRun(EXIT_FAILED)) console.error('thresholds: this Artillery cannot be stopped from a plugin; the run goes on.');
  }

  #finish(): void {
    if (this.#finished || this.#config === null) return;
    this.#finished = true;
    liveWindows.off('window', this.#onWindow);
    liveWindows.off('end', this.#onEnd);
    const { criteria, options } = this.#config;
    if (this.#windows.length === 0) {
      console.error('thresholds: no recorded windows arrived, so nothing was judged; enable the recorder plugin (config.plugins.recorder: {}).');
      suggestExitCode(EXIT_FAILED);
      return;
    }
    const results = evaluateCriteria(criteria, { windows: this.#windows }, options);
    const totals = { requests: 0, responses: 0, codes: {} as Record<string, number> };
    for (const window of this.#windows) {
      totals.requests += window.requests;
      totals.responses += window.responses;
      addCounts(totals.codes, window.codes);
    }
    const aborted = this.#aborted === null ? null : { criterion: this.#aborted.entry.criterion.text, time: this.#aborted.time };
    // The one judge, as under `loadspec run` (which judges again from the record, with how the run ended).
    const verdict = judge({
      criteria: results,
      totals,
      expect4xx: options.expect4xx === true,
      meta: aborted === null ? { completion: 'complete' } : { completion: 'aborted', stopReason: `stopped early: ${aborted.criterion}` },
      aborted,
    });
    for (const line of verdictLines(verdict, aborted !== null || this.#stopping)) console.log(line);
    if (verdict.status !== 'passed') suggestExitCode(EXIT_FAILED);
  }

  cleanup(done: () => void): void {
    if (this.#finished || this.#ended || this.#config === null) {
      this.#finish();
      done();
      return;
    }
    const onEnd = (): void => {
      clearTimeout(timer);
      this.#finish();
      done();
    };
    const timer = setTimeout(() => {
      liveWindows.off('end', onEnd);
      this.#finish();
      done();
    }, END_WAIT_MS);
    liveWindows.once('end', onEnd);
  }
}
