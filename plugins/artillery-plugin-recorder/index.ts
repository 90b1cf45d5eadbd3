/**
 * artillery-plugin-recorder: records the run as it goes into the run directory
 * ($LOADSPEC_RUN_DIR, else ./loadspec-run-<timestamp>):
 *   windows.jsonl  one RunWindow per ~10 s period (counts, latency sketches, per endpoint)
 *   events.jsonl   plugin-loaded, phaseStarted/phaseCompleted, done, interrupted
 * Always enabled by the runner; with a plain `artillery run`:
 *
 *   config:
 *     plugins:
 *       recorder: {}
 *       # optional: switch off Artillery's own per-endpoint metrics, which the
 *       # recorder's replace (see metrics-by-endpoint-off.ts)
 *       metrics-by-endpoint: { scope: "artillery-plugin-recorder/disabled-" }
 *
 * Its per-endpoint metrics travel through Artillery's metric pipeline and are removed
 * from each payload once read, so Artillery's console and JSON look as without it.
 * Requests at or above `config.plugins.slow-requests.threshold` (default 3 s) count as
 * slow. In workers it also registers the draw functions of compiled `pick` steps
 * (src/config/weighted-pick.ts).
 */
import path from 'node:path';
import type { ArtilleryScript } from '../shared/artillery.ts';
import { artilleryGlobal } from '../shared/artillery.ts';
import { runDirectory } from '../shared/run-files.ts';
import { isWorker } from '../shared/side.ts';
import { registerWeightedPicks } from '../../src/config/weighted-pick.ts';
import { MainRecorder } from './main-side.ts';
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

export class Plugin {
  constructor(script: ArtilleryScript, events: Emitter) {
    if (isWorker()) {
      registerWeightedPicks(script);
      installWorkerSide(script);
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
    const recorder = new MainRecorder(dir);
    recorder.event('plugin-loaded', { name: PLUGIN_NAME });
    recorder.listen(events, globalEvents());
  }

  cleanup(done: () => void): void {
    done();
  }
}
