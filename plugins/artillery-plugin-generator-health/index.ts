/**
 * artillery-plugin-generator-health: is Artillery itself keeping up?
 *
 * In each worker thread it watches the event loop (perf_hooks.monitorEventLoopDelay) and,
 * every `intervalS` seconds (default 5):
 *  - emits the histogram `loadspec.generator.event_loop_delay_ms` (the interval's p99
 *    lateness of timers), merged by Artillery like any metric, and
 *  - appends a line to `$LOADSPEC_RUN_DIR/generator-health.jsonl`, which the runner's
 *    monitor reads while the run goes (format: src/core/generator-health.ts).
 * The main process records `plugin-loaded`. Usable with a plain `artillery run`:
 *
 *   config:
 *     plugins:
 *       generator-health: { intervalS: 5 }
 *
 * Cost: a 20 ms timer per worker and one beforeScenario step per virtual user (to learn
 * Artillery's metrics emitter: workers receive a stub emitter at construction).
 */
import path from 'node:path';
import type { ArtilleryEvents, ArtilleryScript, HookDone, VUContext } from '../shared/artillery.ts';
import { attachScenarioHook } from '../shared/hooks.ts';
import { pluginSection } from '../shared/plugin-config.ts';
import { appendJsonLine, recordPluginLoaded, runDirectory } from '../shared/run-files.ts';
import { isWorker } from '../shared/side.ts';
import { GENERATOR_HEALTH_FILE, GENERATOR_HEALTH_INTERVAL_S } from '../../src/core/generator-health.ts';
import type { GeneratorHealthLine } from '../../src/core/generator-health.ts';
import { EventLoopProbe } from './event-loop-probe.ts';

export const PLUGIN_NAME = 'generator-health';
export const EVENT_LOOP_DELAY_METRIC = 'loadspec.generator.event_loop_delay_ms';
const MIN_INTERVAL_S = 1;

function intervalSetting(script: ArtilleryScript): number {
  const value = pluginSection(script, PLUGIN_NAME)['intervalS'];
  return typeof value === 'number' && Number.isFinite(value) ? Math.max(MIN_INTERVAL_S, value) : GENERATOR_HEALTH_INTERVAL_S;
}

export class Plugin {
  #timer: NodeJS.Timeout | undefined;
  #probe: EventLoopProbe | undefined;

  constructor(script: ArtilleryScript) {
    if (!isWorker()) {
      recordPluginLoaded(PLUGIN_NAME);
      return;
    }
    const intervalMs = intervalSetting(script) * 1000;
    const dir = runDirectory();
    const file = dir === null ? null : path.join(dir, GENERATOR_HEALTH_FILE);
    const worker = process.env['LOCAL_WORKER_ID'] ?? '?';
    let emitter: ArtilleryEvents | null = null;

    attachScenarioHook(script, 'beforeScenario', 'loadspecGeneratorHealthSeeEmitter', (_context: VUContext, events: ArtilleryEvents, done: HookDone) => {
      emitter ??= events;
      done();
    });

    const probe = new EventLoopProbe();
    this.#probe = probe;
    this.#timer = setInterval(() => {
      const reading = probe.read();
      if (reading === null) return;
      emitter?.emit('histogram', EVENT_LOOP_DELAY_METRIC, reading.p99Ms);
      if (file === null) return;
      const line: GeneratorHealthLine = {
        time: Date.now(),
        worker,
        intervalMs: reading.intervalMs,
        eventLoopDelayP99Ms: reading.p99Ms,
        eventLoopDelayMaxMs: reading.maxMs,
        threadCpuPercent: reading.threadCpuPercent,
      };
      // One small synchronous append per interval: on disk at once, whatever happens to the worker next.
      appendJsonLine(file, line);
    }, intervalMs);
    // Never the reason a finished worker stays alive (its cleanup is not reliably called).
    this.#timer.unref();
  }

  cleanup(done: () => void): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#probe?.stop();
    done();
  }
}
