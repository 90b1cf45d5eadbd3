/**
 * Reading what a run wrote into its directory while it went: the workers' per-second
 * record (seconds-w*.jsonl, recorder plugin; folded into 10-s windows here),
 * events.jsonl (all plugins) and slow-requests.jsonl (slow-requests plugin).
 * Works on the directory of a run that was killed: a truncated last line is skipped,
 * and counted per file so that reports and `merge` can name a damaged record.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { readJsonLines } from './json-lines.ts';
import { foldSeconds, isSecondLine, isSecondsFile } from '../core/seconds.ts';
import { DEFAULT_FAILURE_RULE } from '../core/traffic-summary.ts';
import type { FailureRule } from '../core/traffic-summary.ts';
import type { SecondLine } from '../core/seconds.ts';
import type { RunWindow, SlowRequest } from '../core/types.ts';

/** One line of events.jsonl: `type` and `time` always, the rest depends on the type. */
export interface RecordedEvent {
  type: string;
  time: number;
  [field: string]: unknown;
}

/** The slow-request records, summarised (the file can hold thousands of lines). */
export interface SlowRequestRecords {
  total: number;
  byEndpoint: Record<string, number>;
  /** The slowest records, slowest first (at most SLOWEST_KEPT). */
  slowest: SlowRequest[];
}

export interface RecordedRun {
  dir: string;
  /** In time order. */
  windows: RunWindow[];
  events: RecordedEvent[];
  /** Null when slow-requests.jsonl does not exist. */
  slowRequests: SlowRequestRecords | null;
  /** Lines that did not parse or had the wrong shape (a killed process leaves one truncated line). */
  skippedLines: number;
  /** Files of the record with lines that did not parse, and how many: `{ "seconds-w1.jsonl": 1 }`. */
  damaged: Record<string, number>;
  /** The per-second record files found (none: nothing was recorded). */
  recordFiles: string[];
}

export const SLOWEST_KEPT = 20;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function isEvent(value: unknown): value is RecordedEvent {
  return isRecord(value) && typeof value['type'] === 'string' && typeof value['time'] === 'number';
}

export function isSlowRequest(value: unknown): value is SlowRequest {
  return isRecord(value) && typeof value['endpoint'] === 'string' && typeof value['durationMs'] === 'number' && typeof value['time'] === 'number';
}

/** Keeps the `limit` slowest, slowest first. */
export function slowestOf(records: Iterable<SlowRequest>, limit: number = SLOWEST_KEPT): SlowRequest[] {
  return [...records].sort((a, b) => b.durationMs - a.durationMs || a.time - b.time).slice(0, limit);
}

function summarizeSlowRequests(records: SlowRequest[]): SlowRequestRecords {
  const byEndpoint: Record<string, number> = {};
  for (const r of records) byEndpoint[r.endpoint] = (byEndpoint[r.endpoint] ?? 0) + 1;
  return { total: records.length, byEndpoint, slowest: slowestOf(records) };
}

/** Every line of the per-second record, and the files with damaged lines. */
export async function readSecondsRecord(dir: string): Promise<{ lines: SecondLine[]; files: string[]; damaged: Record<string, number> }> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter(isSecondsFile).sort();
  const lines: SecondLine[] = [];
  const damaged: Record<string, number> = {};
  for (const file of files) {
    const read = await readJsonLines(path.join(dir, file));
    const good = read.values.filter(isSecondLine);
    const bad = read.skipped + read.values.length - good.length;
    if (bad > 0) damaged[file] = bad;
    for (const line of good) lines.push(line);
  }
  return { lines, files, damaged };
}

/** `rule`: which responses the folded windows count as failures (the run's `count4xx`). */
export async function readRunDirectory(dir: string, rule: FailureRule = DEFAULT_FAILURE_RULE): Promise<RecordedRun> {
  const [record, eventLines, slowLines] = await Promise.all([
    readSecondsRecord(dir),
    readJsonLines(path.join(dir, 'events.jsonl')),
    readJsonLines(path.join(dir, 'slow-requests.jsonl')),
  ]);
  const windows: RunWindow[] = foldSeconds(record.lines, rule);
  const events = eventLines.values.filter(isEvent);
  const slow = slowLines.values.filter(isSlowRequest);
  const hasSlowFile = slowLines.values.length > 0 || slowLines.skipped > 0;
  const damagedRecord = Object.values(record.damaged).reduce((a, b) => a + b, 0);
  const skippedLines =
    damagedRecord + eventLines.skipped + slowLines.skipped + (eventLines.values.length - events.length) + (slowLines.values.length - slow.length);
  return {
    dir,
    windows,
    events,
    slowRequests: hasSlowFile ? summarizeSlowRequests(slow) : null,
    skippedLines,
    damaged: record.damaged,
    recordFiles: record.files,
  };
}
