/**
 * Worker threads do not see phase events (Artillery sends them to the main process
 * only), yet a slow-request record names its phase. The main process re-broadcasts
 * each phase start to the workers of the same process over a BroadcastChannel
 * (a few ms late; absent on cloud platforms, where records say phase null).
 */
import { BroadcastChannel } from 'node:worker_threads';
import type { ArtilleryEvents } from './artillery.ts';

const CHANNEL = 'loadspec:phase';

interface PhaseMessage {
  name: string;
}

/** The name a phase is shown by: its own name, else its 1-based position. */
export function phaseLabel(spec: unknown): string | null {
  if (typeof spec !== 'object' || spec === null) return null;
  const name: unknown = Reflect.get(spec, 'name');
  if (typeof name === 'string' && name.length > 0) return name;
  const index: unknown = Reflect.get(spec, 'index');
  return typeof index === 'number' ? `phase ${index + 1}` : null;
}

/** Main process: forward every `phaseStarted` to the workers. */
export function broadcastPhases(events: ArtilleryEvents): void {
  const channel = new BroadcastChannel(CHANNEL);
  channel.unref();
  events.on('phaseStarted', (spec: unknown) => {
    const name = phaseLabel(spec);
    if (name !== null) channel.postMessage({ name } satisfies PhaseMessage);
  });
}

/** Worker: the phase that most recently started, as announced by the main process. */
export class PhaseTracker {
  current: string | null = null;

  constructor() {
    const channel = new BroadcastChannel(CHANNEL);
    channel.unref();
    channel.onmessage = (event: unknown): void => {
      const data: unknown = typeof event === 'object' && event !== null ? Reflect.get(event, 'data') : undefined;
      const name: unknown = typeof data === 'object' && data !== null ? Reflect.get(data, 'name') : undefined;
      if (typeof name === 'string') this.current = name;
    };
  }
}
