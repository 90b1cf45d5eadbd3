/**
 * artillery-plugin-unique-users: sets a unique `loadtest_user_*` id as a variable
 * (default `userId`) at the start of every virtual user, so flows can write
 * `{{ userId }}` in urls, query strings and bodies.
 *
 *   config:
 *     plugins:
 *       unique-users: { prefix: "loadtest_user_", variable: "userId" }
 */
import type { ArtilleryScript, HookDone, ScenarioHook, VUContext } from '../shared/artillery.ts';
import { attachScenarioHook } from '../shared/hooks.ts';
import { pluginSection, stringSetting } from '../shared/plugin-config.ts';
import { UNIQUE_USERS_DEFAULTS } from '../../src/core/defaults.ts';
import { recordPluginLoaded } from '../shared/run-files.ts';
import { isWorker, workerNumber } from '../shared/side.ts';
import { shardIndex, userIdSequence } from './user-ids.ts';

export const PLUGIN_NAME = 'unique-users';
const HOOK_NAME = 'loadspecUniqueUsers_assignId';

export class Plugin {
  constructor(script: ArtilleryScript) {
    if (!isWorker()) {
      recordPluginLoaded(PLUGIN_NAME);
      const shard = process.env['LOADSPEC_SHARD'];
      if (shard !== undefined && shardIndex(shard) === null) {
        console.error(`unique-users: LOADSPEC_SHARD must look like "2/4" (got "${shard}"); ids leave the shard out, so two shards of one run could only differ by their random part.`);
      }
      return;
    }
    const section = pluginSection(script, PLUGIN_NAME);
    const variable = stringSetting(section, 'variable', UNIQUE_USERS_DEFAULTS.variable);
    const nextId = userIdSequence({
      prefix: stringSetting(section, 'prefix', UNIQUE_USERS_DEFAULTS.prefix),
      worker: workerNumber(script),
      shard: shardIndex(process.env['LOADSPEC_SHARD']),
    });
    const assignId: ScenarioHook = (context: VUContext, _events: unknown, done: HookDone) => {
      context.vars[variable] = nextId();
      done();
    };
    // First, so the user's own beforeScenario hooks can already read the id.
    attachScenarioHook(script, 'beforeScenario', HOOK_NAME, assignId, { first: true });
  }

  cleanup(done: () => void): void {
    done();
  }
}
