/**
 * Worker side of `--start-at` (see src/core/start-at.ts): when the worker is prepared, its
 * phases get a pause up to the instant, so every shard begins its load at the same time.
 */
import { insertStartAtWait, startAtFromEnv } from '../../src/core/start-at.ts';
import type { ArtilleryScript } from '../shared/artillery.ts';

export function waitForStartAt(script: ArtilleryScript, env: NodeJS.ProcessEnv = process.env): void {
  const at = startAtFromEnv(env);
  const phases = script.config.phases;
  if (at === null || !Array.isArray(phases)) return;
  insertStartAtWait(phases as Array<Record<string, unknown>>, at, Date.now());
}
