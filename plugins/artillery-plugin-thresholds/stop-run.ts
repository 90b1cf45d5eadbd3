/**
 * Stopping an Artillery run from a plugin. `global.artillery.shutdown` is the graceful path that
 * Ctrl-C takes (lib/cmds/run.ts): it runs beforeExit/onShutdown extensions, stops the workers,
 * calls every plugin's `cleanup` and exits with `suggestedExitCode`. It does not emit `done` and
 * does not write the -o JSON; what the recorder has appended per window is what survives.
 */
import { artilleryGlobal } from '../shared/artillery.ts';

type Shutdown = (options: { earlyStop: boolean; exitCode: number }) => Promise<void> | void;

/** Returns false when this Artillery has no graceful shutdown to call. */
export function stopRun(exitCode: number): boolean {
  const artillery = artilleryGlobal();
  const shutdown: unknown = artillery === undefined ? undefined : Reflect.get(artillery, 'shutdown');
  if (typeof shutdown !== 'function') return false;
  if (artillery !== undefined) artillery.suggestedExitCode = exitCode;
  void Promise.resolve((shutdown as Shutdown)({ earlyStop: true, exitCode }));
  return true;
}

export function suggestExitCode(code: number): void {
  const artillery = artilleryGlobal();
  if (artillery !== undefined) artillery.suggestedExitCode = code;
}
