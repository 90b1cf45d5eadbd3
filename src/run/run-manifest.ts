/**
 * run.json: what the runner knew when it started a run (scenario, target without
 * credentials, plan, criteria, expected plugins), written before Artillery starts.
 * With it and the per-second record, `loadspec report DIR` rebuilds summary.json and
 * every report of a run whose runner never got to write them (kill -9, out of memory).
 */
import { readFile } from 'node:fs/promises';
import { writeFileWhole } from '../core/write-whole.ts';
import path from 'node:path';
import type { PlannedPhase } from './resolve-script.ts';

export const MANIFEST_FILE = 'run.json';

export interface RunManifest {
  scenario: string;
  configFile: string;
  /** Target URL with any credentials stripped. */
  target: string;
  startedAt: number;
  /** The cap, in seconds. */
  plannedDurationS: number;
  phases: PlannedPhase[];
  /** Virtual users the phases start (null when a phase's count is not known before the run). */
  plannedUsers: number | null;
  expectedPlugins: string[];
  /** `config.plugins.thresholds` as resolved. */
  thresholds: unknown;
  slowThresholdS: number;
  shard?: { index: number; count: number } | undefined;
  /** `--start-at` (epoch ms), when given: the instant the load was to begin (then also `startedAt`). */
  startAt?: number;
}

export async function writeManifest(runDir: string, manifest: RunManifest): Promise<void> {
  await writeFileWhole(path.join(runDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The manifest of a run directory, or null when it has none (not written by this loadspec). */
export async function readManifest(runDir: string): Promise<RunManifest | null> {
  const text = await readFile(path.join(runDir, MANIFEST_FILE), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    return JSON.parse(text) as RunManifest;
  } catch {
    return null;
  }
}
