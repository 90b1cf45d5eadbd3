#!/usr/bin/env node
/**
 * loadspec's command line. Thin on purpose: build the program, run it, map the
 * outcome to an exit code. Only this file exits.
 */
import { CommanderError } from 'commander';
import { buildProgram } from './cli/program.ts';
import { startedIn } from './cli/file-arguments.ts';
import { wantsColor } from './cli/render-run.ts';
import type { Output } from './cli/render-run.ts';
import { ExitCode } from './core/exit-codes.ts';
import type { ExitCodeValue } from './core/exit-codes.ts';

async function main(): Promise<void> {
  // Paths are read from the folder the command was typed in, also under `pnpm test:load` (see file-arguments.ts).
  process.chdir(startedIn(process.env, process.cwd()));
  const color = wantsColor(process.stdout, process.env);
  const out: Output = { write: (s) => void process.stdout.write(s), isTTY: Boolean(process.stdout.isTTY), color };
  const stderr: Output = { write: (s) => void process.stderr.write(s), isTTY: Boolean(process.stderr.isTTY), color: wantsColor(process.stderr, process.env), columns: () => process.stderr.columns };
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
    process.stderr.write(`loadspec: unexpected error: ${message}\n`);
    if (process.env.LOADSPEC_DEBUG) console.error(error);
    process.exitCode = ExitCode.incomplete;
    return;
  }
  process.exitCode = exitCode;
}

await main();
// Leftover sockets or timers (a demo target's keep-alive clients) must not keep a finished run alive.
process.exit(process.exitCode ?? 0);
