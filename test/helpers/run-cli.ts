/**
 * Runs the real loadspec CLI (node src/cli.ts) as a child process, the way a person
 * or CI does, and collects what it printed and its exit code.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(REPO_ROOT, 'src/cli.ts');

export interface CliRun {
  child: ChildProcess;
  /** Resolves when the CLI exits. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** Resolves when the combined output matches. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<void>;
  /** Everything printed so far (stdout then stderr). */
  output(): string;
}

export function startCli(args: string[], options: { env?: Record<string, string | undefined>; timeoutMs?: number; cwd?: string } = {}): CliRun {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...options.env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? REPO_ROOT, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const check = (): void => {
    for (const w of [...waiters]) {
      if (w.pattern.test(stdout + stderr)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
    check();
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    check();
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    done,
    output: () => stdout + stderr,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`CLI did not print ${pattern} within ${timeoutMs} ms:\n${stdout}${stderr}`)), timeoutMs);
        waiters.push({
          pattern,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
        check();
      });
    },
  };
}

export function runCli(args: string[], options: { env?: Record<string, string | undefined>; timeoutMs?: number; cwd?: string } = {}) {
  return startCli(args, options).done;
}
