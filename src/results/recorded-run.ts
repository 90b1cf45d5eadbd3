/**
 * Reading what a run wrote into its directory while it went: the workers' per-second
 * record (seconds-w*.jsonl, recorder plugin; folded into 10-s windows here),
 * events.jsonl (all plugins) and slow-requests.jsonl (slow-requests plugin).
 * Works on the directory of a run that was killed: a truncated last line is skipped,
 * and counted per file so that reports and `merge` can name a damaged record.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { forEachJsonLine, readJsonLines } from './json-lines.ts';
import { WindowFolder, isSecondLine, isSecondsFile } from '../core/seconds.ts';
import { DEFAULT_FAILURE_RULE } from '../core/traffic-summary.ts';
import type { FailureRule } from '../core/traffic-summary.ts';
import type { RunWindow, SlowRequest } from '../core/types.ts';
import { isRecord } from '../core/is-record.ts';

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
  /** Lines of the per-second record (one per worker and recorded second). */
  recordedSeconds: number;
  /** The last thing the run wrote: its last event or its last measurement, epoch ms; null when it wrote neither. */
  lastRecordedAt: number | null;
}

export const SLOWEST_KEPT = 20;

export function isEvent(value: unknown): value is RecordedEvent {
  return isRecord(value) && typeof value['type'] === 'string' && typeof value['time'] === 'number';
}

/** A phase's start or end (Artillery's phaseStarted / phaseCompleted, as the recorder writes them). */
export function isPhaseEvent(event: RecordedEvent): boolean {
  return event.type === 'phaseStarted' || event.type === 'phaseCompleted';
}

export function isSlowRequest(value: unknown): value is SlowRequest {
  return isRecord(value) && typeof value['endpoint'] === 'string' && typeof value['durationMs'] === 'number' && typeof value['time'] === 'number';
}

/** Keeps the `limit` slowest, slowest first. */
export function slowestOf(records: Iterable<SlowRequest>, limit: number = SLOWEST_KEPT): SlowRequest[] {
  return [...records].sort((a, b) => b.durationMs - a.durationMs || a.time - b.time).slice(0, limit);
}

/**
 * The slow-request log summarised while it is read: memory is bounded by the endpoints and
 * SLOWEST_KEPT records, however many lines the file holds.
 */
async function readSlowRequests(file: string): Promise<{ records: SlowRequestRecords; lines: number; wrongShape: number; skipped: number }> {
  const byEndpoint: Record<string, number> = {};
  let slowest: SlowRequest[] = [];
  let total = 0;
  let lines = 0;
  const { skipped } = await forEachJsonLine(file, (value) => {
    lines += 1;
    if (!isSlowRequest(value)) return;
    total += 1;
    byEndpoint[value.endpoint] = (byEndpoint[value.endpoint] ?? 0) + 1;
    slowest.push(value);
    if (slowest.length >= SLOWEST_KEPT * 4) slowest = slowestOf(slowest);
  });
  return { records: { total, byEndpoint, slowest: slowestOf(slowest) }, lines, wrongShape: lines - total, skipped };
}

/** The per-second record of a run directory, folded into windows as it is read. */
export interface SecondsRecord {
  /** The 10-s windows (or `periodMs` ones) of every worker's lines, in time order. */
  windows: RunWindow[];
  /** Lines folded (one per worker and recorded second). */
  seconds: number;
  /** The last measurement in the record, epoch ms; null when it holds none. */
  lastMeasurementAt: number | null;
  /** The per-second record files found (none: nothing was recorded). */
  files: string[];
  /** Files with lines that did not parse or had the wrong shape, and how many. */
  damaged: Record<string, number>;
}

/**
 * Every worker's per-second lines, folded by core's WindowFolder line by line: memory is the
 * folded windows plus one line, never the whole record (an hour is megabytes per worker).
 */
export async function readSecondsRecord(dir: string, rule: FailureRule = DEFAULT_FAILURE_RULE): Promise<SecondsRecord> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter(isSecondsFile).sort();
  const folder = new WindowFolder({ rule });
  const damaged: Record<string, number> = {};
  let seconds = 0;
  let lastMeasurementAt: number | null = null;
  for (const file of files) {
    let wrongShape = 0;
    const { skipped } = await forEachJsonLine(path.join(dir, file), (value) => {
      if (!isSecondLine(value)) {
        wrongShape += 1;
        return;
      }
      seconds += 1;
      lastMeasurementAt = Math.max(lastMeasurementAt ?? value.last, value.last);
      folder.add(value);
    });
    if (skipped + wrongShape > 0) damaged[file] = skipped + wrongShape;
  }
  return { windows: folder.take(), seconds, lastMeasurementAt, files, damaged };
}

/**
 * `rule`: which responses the folded windows count as failures (the run's `count4xx`);
 * `folded`: the per-second record as the live run already folded it (the files are read otherwise).
 */
export async function readRunDirectory(dir: string, rule: FailureRule = DEFAULT_FAILURE_RULE, folded?: SecondsRecord): Promise<RecordedRun> {
  const slowFile = path.join(dir, 'slow-requests.jsonl');
  const [record, eventLines, slow] = await Promise.all([folded ?? readSecondsRecord(dir, rule), readJsonLines(path.join(dir, 'events.jsonl')), readSlowRequests(slowFile)]);
  const events = eventLines.values.filter(isEvent);
  const hasSlowFile = slow.lines > 0 || slow.skipped > 0;
  const damagedRecord = Object.values(record.damaged).reduce((a, b) => a + b, 0);
  const skippedLines = damagedRecord + eventLines.skipped + slow.skipped + (eventLines.values.length - events.length) + slow.wrongShape;
  return {
    dir,
    windows: record.windows,
    events,
    slowRequests: hasSlowFile ? slow.records : null,
    skippedLines,
    damaged: record.damaged,
    recordFiles: record.files,
    recordedSeconds: record.seconds,
    lastRecordedAt: events.reduce<number | null>((last, e) => Math.max(last ?? e.time, e.time), record.lastMeasurementAt),
  };
}
