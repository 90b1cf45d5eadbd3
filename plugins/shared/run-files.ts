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

/** Appends one JSON value as a line, creating the directory if needed. */
export function appendJsonLine(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(value)}\n`);
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
