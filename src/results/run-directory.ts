/**
 * The results API in one import: read what a run recorded, build its RunResult,
 * write and read summary.json, merge shards.
 */
export { readRunDirectory, SLOWEST_KEPT } from './recorded-run.ts';
export type { RecordedEvent, RecordedRun, SlowRequestRecords } from './recorded-run.ts';
export { buildRunResult, loadDurationS, loadStartOf } from './build-run-result.ts';
export type { BuildOptions, BuiltRunResult } from './build-run-result.ts';
export { readRunResult, writeRunResult, SUMMARY_FILE } from './run-result-file.ts';
export { mergeRunResults, MergeError } from './merge-run-results.ts';
export type { MergedRunResult } from './merge-run-results.ts';
