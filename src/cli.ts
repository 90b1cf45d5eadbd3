#!/usr/bin/env node
/**
 * loadspec's command line. Thin on purpose: build the program, run it, map the
 * outcome to an exit code. Only this file exits.
 */
import { CommanderError } from 'commander';
import { buildProgram } from './cli/program.ts';
import { startedIn } from './cli/file-arguments.ts';
import { wantsColor } from './cli/render-run.ts';
import { outputTo } from './cli/closed-output.ts';
import type { Output } from './cli/render-run.ts';
import { ExitCode } from './core/exit-codes.ts';
import type { ExitCodeValue } from './core/exit-codes.ts';

async function main(): Promise<void> {
  // Paths are read from the folder the command was typed in, also under `pnpm test:load` (see file-arguments.ts).
  process.chdir(startedIn(process.env, process.cwd()));
  // A reader that goes away (EPIPE) silences that stream, never the run.
  const out: Output = outputTo(process.stdout, { color: wantsColor(process.stdout, process.env) });
  const stderr: Output = outputTo(process.stderr, { color: wantsColor(process.stderr, process.env), columns: true });
  let exitCode: ExitCodeValue = ExitCode.passed;
  const program = buildProgram(out, stderr, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(process.argv);
  } catch (error: unknown) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : ExitCode.usage;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    stderr.write(`loadspec: unexpected error: ${message}\n`);
    if (process.env.LOADSPEC_DEBUG) console.error(error);
    process.exitCode = ExitCode.incomplete;
    return;
  }
  process.exitCode = exitCode;
}

await main();
// Leftover sockets or timers (a demo target's keep-alive clients) must not keep a finished run alive.
process.exit(process.exitCode ?? 0);
