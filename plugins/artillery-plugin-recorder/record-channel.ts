/**
 * How the recorder's halves talk across Artillery's threads (one BroadcastChannel per
 * process; no port has to be handed over by Artillery):
 *   worker -> main  `hello`    a worker is recording (main waits for each at the end)
 *   worker -> main  `line`     a line just appended to the worker's seconds file
 *   main -> workers `final`    the run is stopping: flush now, then write through
 *   worker -> main  `flushed`  answer to `final`
 *   worker -> main  `broken`   the worker could not attach or cannot write
 * Channels are unref'd: they never keep a thread alive.
 */
import { BroadcastChannel } from 'node:worker_threads';

export type RecordMessage =
  | { type: 'hello'; worker: string }
  | { type: 'line'; line: string }
  | { type: 'final' }
  | { type: 'flushed'; worker: string }
  | { type: 'broken'; worker: string; reason: string };

const CHANNEL = 'loadspec-recorder';

export interface RecordChannel {
  post(message: RecordMessage): void;
  close(): void;
}

export function openRecordChannel(onMessage: (message: RecordMessage) => void): RecordChannel {
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event: unknown) => {
    const data = (event as { data?: unknown }).data;
    if (typeof data === 'object' && data !== null && typeof Reflect.get(data, 'type') === 'string') onMessage(data as RecordMessage);
  };
  channel.unref();
  return {
    post: (message) => channel.postMessage(message),
    close: () => channel.close(),
  };
}
