/**
 * Writes a file whole or not at all: into a temporary file next to it, then renamed
 * over it. A full disk or a kill mid-write then leaves the old file (or none), never
 * a cut-short one that `loadspec report` would refuse, or a CI parser choke on.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

let written = 0;

export async function writeFileWhole(file: string, content: string): Promise<void> {
  // Same folder, so the rename stays on one file system and is atomic.
  written += 1;
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${written}.tmp`);
  try {
    await writeFile(temporary, content);
    await rename(temporary, file);
  } catch (error: unknown) {
    // What a full disk let through is no file of ours: remove it, keep the error for the caller.
    await rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}
