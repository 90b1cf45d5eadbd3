/**
 * artillery-plugin-recorder: records the run as it goes into the run directory
 * ($LOADSPEC_RUN_DIR, else ./loadspec-run-<timestamp>):
 *   seconds-w<N>.jsonl  what worker N measured, one line per second (counts, latency
 *                       sketches, per endpoint; see src/core/seconds.ts)
 *   events.jsonl        plugin-loaded, phaseStarted/phaseCompleted, done, interrupted
 * Always enabled by the runner; with a plain `artillery run`:
 *
 *   config:
 *     plugins:
 *       recorder: {}
 *       # optional: switch off Artillery's own per-endpoint metrics, which the
 *       # recorder's replace (see src/core/metrics-by-endpoint-off.ts)
 *       metrics-by-endpoint: { scope: "artillery-plugin-recorder/disabled-" }
 *
 * Its per-endpoint metrics never enter Artillery's metric pipeline, so Artillery's
 * console and JSON look as without it.
 * Requests at or above `config.plugins.slow-requests.threshold` (default 3 s) count as
 * slow. In workers it also registers the draw functions of compiled `pick` steps
 * (src/config/weighted-pick.ts compiles it; src/core/weighted-pick.ts draws), and those of
 * `function: draw <name>` steps, which give a list variable a new item (src/core/value-draws.ts).
 */
import path from 'node:path';
import type { ArtilleryScript } from '../shared/artillery.ts';
import { artilleryGlobal } from '../shared/artillery.ts';
import { runDirectory, runnerPid } from '../shared/run-files.ts';
import { isWorker } from '../shared/side.ts';
import { registerWeightedPicks } from '../../src/core/weighted-pick.ts';
import { parseThresholdsConfig } from '../../src/core/criteria/config.ts';
import { pluginSection } from '../shared/plugin-config.ts';
import { registerValueDraws } from '../../src/core/value-draws.ts';
import { MainRecorder } from './main-side.ts';
import { waitForStartAt } from './start-at-wait.ts';
import { installWorkerSide } from './worker-side.ts';

export const PLUGIN_NAME = 'recorder';
/** Without this Artillery hands main-side plugins a legacy summary instead of the mergeable payload. */
export const LEGACY_METRICS_FORMAT = false;

type Emitter = { on(event: string, listener: (...args: unknown[]) => void): unknown };

function defaultRunDirectory(now = new Date()): string {
  return path.resolve(`loadspec-run-${now.toISOString().slice(0, 19).replaceAll(':', '-')}`);
}

function globalEvents(): Emitter | null {
  const value: unknown = Reflect.get(artilleryGlobal() ?? {}, 'globalEvents');
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'on') === 'function' ? (value as Emitter) : null;
}

type Extension = { ext: string; method: (options: unknown) => Promise<void> };

/** `global.artillery.ext`: Artillery awaits `beforeExit` extensions before it stops its workers. */
function extensionHook(): ((extension: Extension) => void) | null {
  const artillery = artilleryGlobal();
  const ext: unknown = artillery === undefined ? undefined : Reflect.get(artillery, 'ext');
  return typeof ext === 'function' ? (extension) => Reflect.apply(ext, artillery, [extension]) : null;
}

export class Plugin {
  constructor(script: ArtilleryScript, events: Emitter) {
    if (isWorker()) {
      registerWeightedPicks(script);
      registerValueDraws(script);
      waitForStartAt(script);
      installWorkerSide(script, defaultRunDirectory());
      return;
    }
    let dir = runDirectory();
    if (dir === null) {
      dir = defaultRunDirectory();
      // Worker threads start after plugins load and copy the environment: the other
      // plugins' files (slow requests, generator health) then land in the same place.
      process.env.LOADSPEC_RUN_DIR = dir;
      artilleryGlobal()?.log?.(`loadspec: recording into ${dir}`);
    }
    // The failure rule is the thresholds section's (`errors.count4xx`), read by the one parser of that section.
    const runner = runnerPid();
    // Under loadspec the runner folds the record itself; live windows here feed the thresholds plugin of a plain `artillery run`.
    const recorder = new MainRecorder(dir, { count4xx: parseThresholdsConfig(pluginSection(script, 'thresholds')).options.count4xx }, { announceWindows: runner === null });
    recorder.event('plugin-loaded', { name: PLUGIN_NAME });
    recorder.listen(events, globalEvents(), extensionHook());
    if (runner !== null) recorder.followRunner(runner);
  }

  cleanup(done: () => void): void {
    done();
  }
}
