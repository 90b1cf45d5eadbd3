/**
 * artillery-plugin-slow-requests: logs requests slower than a threshold (time to
 * first byte, as Artillery measures latency) as they happen: a rate-limited console
 * line and a record in $LOADSPEC_RUN_DIR/slow-requests.jsonl (no headers, bodies,
 * query strings or secrets), and counts them per endpoint in the counter
 * `loadspec.slow.<METHOD /path>`.
 *
 *   config:
 *     plugins:
 *       slow-requests:
 *         threshold: 3s
 *         endpoints: { "POST /api/v1/chat": 5s }
 *         consoleLinesPerSecond: 5
 */
import path from 'node:path';
import type { ArtilleryEvents, ArtilleryScript } from '../shared/artillery.ts';
import { annotateEndpoints } from '../shared/endpoint-annotation.ts';
import { attachScenarioHook } from '../shared/hooks.ts';
import { JsonLinesWriter } from '../shared/json-lines-writer.ts';
import { broadcastPhases, PhaseTracker } from '../shared/phase-channel.ts';
import { pluginSection, stringSetting } from '../shared/plugin-config.ts';
import { recordPluginLoaded, runDirectory } from '../shared/run-files.ts';
import { isWorker, workerCount } from '../shared/side.ts';
import { ConsoleLimiter } from './console-limiter.ts';
import { slowCounts, summaryLine } from './final-summary.ts';
import { readSettings } from './settings.ts';
import { SlowRequestWatcher } from './slow-request-watcher.ts';

export const PLUGIN_NAME = 'slow-requests';
export const SLOW_REQUESTS_FILE = 'slow-requests.jsonl';
/** Main side gets Artillery's current payload format (plain counters) rather than the legacy report. */
export const LEGACY_METRICS_FORMAT = false;
const START_HOOK = 'loadspecSlowRequests_watch';
const ERROR_HOOK = 'loadspecSlowRequests_onError';

export class Plugin {
  constructor(script: ArtilleryScript, events: ArtilleryEvents) {
    const { settings, problems } = readSettings(pluginSection(script, PLUGIN_NAME));
    if (!isWorker()) {
      recordPluginLoaded(PLUGIN_NAME);
      for (const problem of problems) console.error(`${problem} Using the default instead.`);
      broadcastPhases(events);
      const dir = runDirectory();
      events.on('done', (payload: unknown) => {
        const line = summaryLine(slowCounts(payload), dir === null ? null : path.join(dir, SLOW_REQUESTS_FILE));
        if (line !== null) console.log(line);
      });
      return;
    }
    const dir = runDirectory();
    const watcher = new SlowRequestWatcher({
      settings,
      userVariable: stringSetting(pluginSection(script, 'unique-users'), 'variable', 'userId'),
      agentsPerUser: script.config.http?.pool === undefined,
      writer: dir === null ? null : new JsonLinesWriter(path.join(dir, SLOW_REQUESTS_FILE)),
      limiter: new ConsoleLimiter({
        linesPerSecond: settings.consoleLinesPerSecond,
        workers: workerCount(script),
        droppedNote: dir === null ? '' : ` (all are in ${path.join(dir, SLOW_REQUESTS_FILE)})`,
      }),
      phases: new PhaseTracker(),
    });
    annotateEndpoints(script);
    attachScenarioHook(script, 'beforeScenario', START_HOOK, watcher.onScenarioStart);
    attachScenarioHook(script, 'onError', ERROR_HOOK, watcher.onRequestError);
  }

  cleanup(done: () => void): void {
    done();
  }
}
