/** summary.json: writing a RunResult, and reading one back only if we understand its schema. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RUN_RESULT_SCHEMA_VERSION } from './types.ts';
import type { RunResult } from './types.ts';

export const SUMMARY_FILE = 'summary.json';

/** Writes `<dir>/summary.json`; returns its path. */
export async function writeRunResult(dir: string, result: RunResult): Promise<string> {
  const file = path.join(dir, SUMMARY_FILE);
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/** Reads a summary.json; throws with a sentence when it is not one this version of loadspec can read. */
export async function readRunResult(file: string): Promise<RunResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error: unknown) {
    throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error: unknown) {
    throw new Error(`${file} is not valid JSON, so it is not a loadspec summary (was it cut short?)`, { cause: error });
  }
  if (typeof value !== 'object' || value === null || !('schemaVersion' in value)) {
    throw new Error(`${file} is not a loadspec summary: it has no schemaVersion`);
  }
  const version = value.schemaVersion;
  if (version !== RUN_RESULT_SCHEMA_VERSION) {
    throw new Error(
      `${file} has summary schema version ${JSON.stringify(version)}, but this loadspec reads version ${RUN_RESULT_SCHEMA_VERSION}; ` +
        'use the loadspec version that wrote it',
    );
  }
  return value as RunResult;
}
