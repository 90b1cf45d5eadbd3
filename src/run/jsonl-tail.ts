/**
 * Follows a JSON-lines file another process appends to (the recorder's windows.jsonl),
 * returning only complete new lines, so the runner can show progress while Artillery runs.
 */
import { open } from 'node:fs/promises';

export class JsonlTail<T> {
  private offset = 0;
  private pending = '';
  readonly path: string;

  constructor(path: string) {
    this.path = path;
  }

  /** New complete records since the last call; [] when the file does not exist yet. */
  async read(): Promise<T[]> {
    let handle;
    try {
      handle = await open(this.path, 'r');
    } catch {
      return [];
    }
    try {
      const { size } = await handle.stat();
      if (size <= this.offset) return [];
      const buffer = Buffer.alloc(size - this.offset);
      await handle.read(buffer, 0, buffer.length, this.offset);
      this.offset = size;
      const lines = (this.pending + buffer.toString('utf8')).split('\n');
      this.pending = lines.pop() ?? '';
      const records: T[] = [];
      for (const line of lines) {
        if (!line.trim()) continue;
        try {
          records.push(JSON.parse(line) as T);
        } catch {
          // A line cut by a killed writer: skip it, the summary reader reports it.
        }
      }
      return records;
    } finally {
      await handle.close();
    }
  }
}
