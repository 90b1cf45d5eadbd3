/**
 * Artillery constructs every plugin once in the main process and once in each worker
 * thread; the two halves do different jobs.
 */
import type { ArtilleryScript } from './artillery.ts';

/** True inside an Artillery worker thread (where virtual users run). */
export function isWorker(): boolean {
  return process.env['LOCAL_WORKER_ID'] !== undefined;
}

/**
 * This worker's number: the 1-based position Artillery gave its share of the phases
 * (stable and small), else the thread id, else 0 (main process).
 */
export function workerNumber(script: ArtilleryScript): number {
  const fromPhase = script.config.phases?.[0]?.worker;
  if (typeof fromPhase === 'number' && Number.isInteger(fromPhase)) return fromPhase;
  const fromEnv = Number(process.env['LOCAL_WORKER_ID']);
  return Number.isInteger(fromEnv) ? fromEnv : 0;
}

/** How many worker threads share the load (1 when unknown). */
export function workerCount(script: ArtilleryScript): number {
  const total = script.config.phases?.[0]?.totalWorkers;
  return typeof total === 'number' && total >= 1 ? total : 1;
}
