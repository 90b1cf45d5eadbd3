/**
 * Reading the JSON-lines files plugins append to while a run goes: whole, when it has
 * ended, or followed (`JsonLinesTail`) while it goes. A process killed
 * mid-write leaves a truncated last line; that line (or any other that does not
 * parse) is skipped and counted, never fatal.
 *
 * Files are read a line at a time: the per-second record of a long run (megabytes per
 * hour and worker) or a slow-request log with millions of lines is never held whole in
 * memory, only what the caller keeps of each line.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';

export interface JsonLines {
  values: unknown[];
  /** Lines that did not parse (normally only a truncated last line). */
  skipped: number;
}

/** Calls `visit` with each parsed line of `file` in order; nothing when the file does not exist. */
export async function forEachJsonLine(file: string, visit: (value: unknown) => void): Promise<{ skipped: number }> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { skipped: 0 };
    throw new Error(`cannot read ${file}`, { cause: error });
  }
  let skipped = 0;
  try {
    for await (const line of handle.readLines({ encoding: 'utf8' })) {
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        skipped += 1;
        continue;
      }
      visit(value);
    }
  } catch (error: unknown) {
    throw new Error(`cannot read ${file}`, { cause: error });
  } finally {
    await handle.close().catch(() => undefined);
  }
  return { skipped };
}

/** The parsed lines of `file`; empty when the file does not exist. For files that stay small (events.jsonl). */
export async function readJsonLines(file: string): Promise<JsonLines> {
  const values: unknown[] = [];
  const { skipped } = await forEachJsonLine(file, (value) => values.push(value));
  return { values, skipped };
}

/**
 * Follows a JSON-lines file another process appends to (the recorder's per-second record,
 * events.jsonl, generator-health.jsonl), returning only the complete lines added since the
 * last read: the runner's status line, the dashboard and the monitor read a growing file
 * without reading it again. Holds only an unterminated last line between reads.
 */
export class JsonLinesTail {
  #offset = 0;
  #pending = '';
  readonly path: string;
  /** Lines that did not parse (a line cut by a killed writer), as the whole-file read counts them. */
  skipped = 0;

  constructor(file: string) {
    this.path = file;
  }

  /** New complete lines since the last call, parsed; [] when the file does not exist yet. */
  async read(): Promise<unknown[]> {
    let handle: FileHandle;
    try {
      handle = await open(this.path, 'r');
    } catch {
      return [];
    }
    try {
      const { size } = await handle.stat();
      if (size <= this.#offset) return [];
      const buffer = Buffer.alloc(size - this.#offset);
      await handle.read(buffer, 0, buffer.length, this.#offset);
      this.#offset = size;
      const lines = (this.#pending + buffer.toString('utf8')).split('\n');
      // A writer may be mid-line: keep the unterminated tail for the next read.
      this.#pending = lines.pop() ?? '';
      const values: unknown[] = [];
      for (const line of lines) {
        if (!line.trim()) continue;
        try {
          values.push(JSON.parse(line));
        } catch {
          // A line cut by a killed writer: skipped and counted.
          this.skipped += 1;
        }
      }
      return values;
    } finally {
      await handle.close();
    }
  }

  /**
   * Once the writer has stopped: the new lines and the last one even without its line end (as
   * the whole-file read takes it); a last line that does not parse is counted in `skipped`.
   */
  async readToEnd(): Promise<unknown[]> {
    const values = await this.read();
    const rest = this.#pending;
    this.#pending = '';
    if (rest.trim() === '') return values;
    try {
      values.push(JSON.parse(rest));
    } catch {
      this.skipped += 1;
    }
    return values;
  }
}
