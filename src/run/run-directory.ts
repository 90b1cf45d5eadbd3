import { mkdir } from 'node:fs/promises';
import path from 'node:path';

/** `2026-11-26T17-48-25` — sortable, readable, safe in file names. */
function timestampForPath(date: Date): string {
  return date.toISOString().slice(0, 19).replaceAll(':', '-');
}

/**
 * Creates a new directory for one run under `resultsRoot`, never reusing an
 * existing one (two runs in the same second get `-2`, `-3`, ...).
 */
export async function createRunDirectory(resultsRoot: string, scenario: string, now = new Date()): Promise<string> {
  await mkdir(resultsRoot, { recursive: true });
  const base = path.join(resultsRoot, `${scenario}-${timestampForPath(now)}`);
  for (let attempt = 1; ; attempt++) {
    const candidate = attempt === 1 ? base : `${base}-${attempt}`;
    try {
      await mkdir(candidate);
      return candidate;
    } catch (error: unknown) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
