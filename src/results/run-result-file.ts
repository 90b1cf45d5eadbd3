/** summary.json: writing a RunResult, and reading one back only if we understand its schema. */
import { readFile } from 'node:fs/promises';
import { writeFileWhole } from '../core/write-whole.ts';
import path from 'node:path';
import { RUN_RESULT_SCHEMA_VERSION } from '../core/types.ts';
import type { RunResult } from '../core/types.ts';
import { withWindowFailures } from '../core/traffic-summary.ts';
import { inferCount4xx } from './merge-run-results.ts';

export const SUMMARY_FILE = 'summary.json';

/** Writes `<dir>/summary.json`; returns its path. */
export async function writeRunResult(dir: string, result: RunResult): Promise<string> {
  const file = path.join(dir, SUMMARY_FILE);
  await writeFileWhole(file, `${JSON.stringify(result, null, 2)}\n`);
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
  if (version === 1) return withStoredFailures(fromVersion1(value as unknown as RunResultV1));
  if (version !== RUN_RESULT_SCHEMA_VERSION) {
    throw new Error(
      `${file} has summary schema version ${JSON.stringify(version)}, but this loadspec reads version ${RUN_RESULT_SCHEMA_VERSION}; ` +
        'use the loadspec version that wrote it',
    );
  }
  return withStoredFailures(value as RunResult);
}

/** Older files have no per-window `failures`: count them under the run's rule (inferred for version 1). */
function withStoredFailures(result: RunResult): RunResult {
  withWindowFailures(result.windows, { count4xx: result.meta.rules?.count4xx ?? inferCount4xx([result]) });
  return result;
}

/** Version 1 said only complete / partial (with a reason); 2 says how the run ended. */
type RunResultV1 = Omit<RunResult, 'schemaVersion' | 'meta'> & { meta: Omit<RunResult['meta'], 'completion'> & { completion: 'complete' | 'partial'; partialReason?: string } };

function fromVersion1(old: RunResultV1): RunResult {
  const { completion, partialReason, ...meta } = old.meta;
  const reason = partialReason ?? '';
  const result: RunResult = { ...old, schemaVersion: RUN_RESULT_SCHEMA_VERSION, meta: { ...meta, completion: 'complete' } };
  if (completion === 'complete') return result;
  const interruptedBy = /SIGTERM/.test(reason) ? 'SIGTERM' : 'SIGINT';
  if (/^interrupted/.test(reason)) result.meta = { ...result.meta, completion: 'interrupted', interruptedBy, stopReason: reason };
  else if (/^stopped early/.test(reason)) result.meta = { ...result.meta, completion: 'aborted', stopReason: reason };
  else result.meta = { ...result.meta, completion: 'crashed', stopReason: reason || 'partial' };
  return result;
}
