/**
 * Files the plugins write into the run directory ($LOADSPEC_RUN_DIR). Appends are
 * synchronous: a line on disk survives Ctrl-C or kill -9 of Artillery right after.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

/** The run directory the runner chose, or null when running outside the runner without one. */
export function runDirectory(): string | null {
  const dir = process.env['LOADSPEC_RUN_DIR'];
  return dir !== undefined && dir.length > 0 ? dir : null;
}

/**
 * The pid of the loadspec runner that started this Artillery (LOADSPEC_RUNNER_PID), or null under
 * a plain `artillery run`. The runner owns the live run (it folds the record, judges, aborts);
 * the plugins only record for it.
 */
export function runnerPid(): number | null {
  const pid = Number(process.env['LOADSPEC_RUNNER_PID']);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

const reported = new Set<string>();

/**
 * Says once per file, on stderr, that a plugin could not write (a full disk): a plugin must
 * never crash Artillery over its own files; the runner reads what was written before.
 */
export function reportWriteError(file: string, error: unknown): void {
  if (reported.has(file)) return;
  reported.add(file);
  const code = (error as NodeJS.ErrnoException | null)?.code ?? String(error);
  console.error(`loadspec: cannot write ${file} (${code}); what was written before is kept`);
}

/** Appends one JSON value as a line, creating the directory if needed. Returns false when it could not. */
export function appendJsonLine(file: string, value: unknown): boolean {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    appendFileSync(file, `${JSON.stringify(value)}\n`);
    return true;
  } catch (error: unknown) {
    reportWriteError(file, error);
    return false;
  }
}

/**
 * Tells the runner this plugin loaded (Artillery only warns when a plugin fails to
 * load, and still exits 0). Call from the main process, at construction.
 */
export function recordPluginLoaded(name: string): void {
  const dir = runDirectory();
  if (dir === null) return;
  appendJsonLine(path.join(dir, 'events.jsonl'), { type: 'plugin-loaded', name, time: Date.now() });
}
