/**
 * In Artillery's main process, the recorder plugin announces each window here as soon
 * as it is recorded; the thresholds plugin listens to judge the run while it goes.
 * Both plugins import this same module, so they share one emitter.
 */
import { EventEmitter } from 'node:events';
import type { RunWindow } from './types.ts';

export const liveWindows = new EventEmitter<{ window: [RunWindow]; end: [] }>();
