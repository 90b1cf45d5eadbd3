/**
 * Loaded into pnpm's own process by the `.tools/bin/pnpm` wrapper (scripts/setup.sh).
 * pnpm 10 exits 0 whenever its stdout is closed (`process.exit(0)` on EPIPE): with
 * `bin/pnpm test:load ... | head -1`, or a `tee` stopped by the same Ctrl-C, a failed
 * run (1) or an interrupted one (130) would come back as a pass when pnpm reports the
 * script's failure. This remembers how pnpm's children last failed and exits with that
 * code instead, before pnpm's own handler runs. A run that passed still exits 0.
 */
import childProcess from 'node:child_process';
import { constants } from 'node:os';

/** The last non-zero exit of a child pnpm started (the script's shell), as a shell reports it. */
let failure: number | null = null;

const spawn = childProcess.spawn;
childProcess.spawn = function spawnAndWatch(this: unknown, ...args: Parameters<typeof spawn>) {
  const child = spawn.apply(this, args);
  child.on('exit', (code, signal) => {
    // A child killed by a signal counts as 128 + its number, as sh and bash say it.
    const status = code ?? (signal === null ? null : 128 + (constants.signals[signal] ?? 0));
    if (status !== null && status !== 0) failure = status;
  });
  return child;
} as typeof spawn;

// Registered before pnpm's own listener (this file is loaded first), so it runs first.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE' && failure !== null) process.exit(failure);
});

// Ctrl-C reaches pnpm and the script's processes together (one process group). Without a
// listener of its own at that moment, pnpm dies of the signal before its script has exited,
// and the shell sees "killed by SIGINT" instead of the run's 130 (seen once in 20 runs of the
// tee test). Waiting lets the script end and report its own code.
process.on('SIGINT', () => {});
// When pnpm then fails with its own code (1), it ends with the script's code instead (130 after
// Ctrl-C): Node exits with process.exitCode as it stands after the 'exit' listeners. A pnpm that
// succeeds keeps its 0, whatever helper process of its own failed on the way.
process.on('exit', (code) => {
  if (code !== 0 && failure !== null) process.exitCode = failure;
});
// A terminal that closes sends SIGHUP to the whole job: pnpm stays, so the run it started
// (which ignores SIGHUP too) is not taken for orphaned and goes on to its end.
process.on('SIGHUP', () => {});
