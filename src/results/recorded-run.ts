/**
 * Reading what a run wrote into its directory while it went: windows.jsonl (recorder
 * plugin), events.jsonl (all plugins) and slow-requests.jsonl (slow-requests plugin).
 * Works on the directory of a run that was killed: a truncated last line is skipped.
 */
import path from 'node:path';
import { readJsonLines } from './json-lines.ts';
import type { RunWindow, SlowRequest } from './types.ts';

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
}

export const SLOWEST_KEPT = 20;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isRunWindow(value: unknown): value is RunWindow {
  return (
    isRecord(value) &&
    typeof value['start'] === 'number' &&
    typeof value['end'] === 'number' &&
    typeof value['requests'] === 'number' &&
    typeof value['responses'] === 'number' &&
    isRecord(value['codes']) &&
    isRecord(value['errors']) &&
    isRecord(value['endpoints'])
  );
}

function isEvent(value: unknown): value is RecordedEvent {
  return isRecord(value) && typeof value['type'] === 'string' && typeof value['time'] === 'number';
}

function isSlowRequest(value: unknown): value is SlowRequest {
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

export async function readRunDirectory(dir: string): Promise<RecordedRun> {
  const [windowLines, eventLines, slowLines] = await Promise.all([
    readJsonLines(path.join(dir, 'windows.jsonl')),
    readJsonLines(path.join(dir, 'events.jsonl')),
    readJsonLines(path.join(dir, 'slow-requests.jsonl')),
  ]);
  const windows = windowLines.values.filter(isRunWindow).sort((a, b) => a.start - b.start);
  const events = eventLines.values.filter(isEvent);
  const slow = slowLines.values.filter(isSlowRequest);
  const hasSlowFile = slowLines.values.length > 0 || slowLines.skipped > 0;
  const skippedLines =
    windowLines.skipped + eventLines.skipped + slowLines.skipped +
    (windowLines.values.length - windows.length) + (eventLines.values.length - events.length) + (slowLines.values.length - slow.length);
  return { dir, windows, events, slowRequests: hasSlowFile ? summarizeSlowRequests(slow) : null, skippedLines };
}
