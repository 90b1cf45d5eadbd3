/**
 * In Artillery's main process, the recorder plugin announces each window here as soon
 * as it is recorded; the thresholds plugin listens to judge the run while it goes.
 * The emitter lives on `globalThis` under a registered symbol, so the two plugins share
 * it even when each carries its own copy of this module (the npm packages of
 * `pnpm pack:plugins` each bundle the floor they use).
 */
import { EventEmitter } from 'node:events';
import type { RunWindow } from './types.ts';

type LiveWindows = EventEmitter<{ window: [RunWindow]; end: [] }>;

const SHARED = Symbol.for('loadspec.liveWindows');

function sharedEmitter(): LiveWindows {
  const existing: unknown = Reflect.get(globalThis, SHARED);
  if (existing instanceof EventEmitter) return existing as LiveWindows;
  const created: LiveWindows = new EventEmitter();
  Reflect.set(globalThis, SHARED, created);
  return created;
}

export const liveWindows: LiveWindows = sharedEmitter();
