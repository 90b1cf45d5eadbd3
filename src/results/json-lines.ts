/**
 * Reading the JSON-lines files plugins append to while a run goes. A process killed
 * mid-write leaves a truncated last line; that line (or any other that does not
 * parse) is skipped and counted, never fatal.
 */
import { readFile } from 'node:fs/promises';

export interface JsonLines {
  values: unknown[];
  /** Lines that did not parse (normally only a truncated last line). */
  skipped: number;
}

/** The parsed lines of `file`; empty when the file does not exist. */
export async function readJsonLines(file: string): Promise<JsonLines> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { values: [], skipped: 0 };
    throw new Error(`cannot read ${file}`, { cause: error });
  }
  const values: unknown[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      values.push(JSON.parse(line));
    } catch {
      skipped += 1;
    }
  }
  return { values, skipped };
}
