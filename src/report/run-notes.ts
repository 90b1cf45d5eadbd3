/**
 * Facts about a run that every report states before any number: it was cut short,
 * nothing was sent, or nothing succeeded. A reader who misses these would trust
 * figures that describe only part of the run, or none of it.
 */
import { formatCount, formatDuration } from './format.ts';
import type { RunResult, TrafficSummary } from '../results/types.ts';

export interface RunNote {
  level: 'warning' | 'error';
  text: string;
}

/** Error kinds by count, most frequent first. */
export function errorsByCount(errors: Record<string, number>): Array<[kind: string, count: number]> {
  return Object.entries(errors)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** True when requests were sent and every one of them failed. */
export function nothingSucceeded(totals: TrafficSummary): boolean {
  return totals.requests > 0 && totals.failures >= totals.requests;
}

export function runNotes(result: RunResult): RunNote[] {
  const notes: RunNote[] = [];
  const { meta, totals } = result;
  if (meta.completion === 'partial') {
    notes.push({
      level: 'warning',
      text:
        `Partial run: ${meta.partialReason ?? 'it stopped early'}. It ran ${formatDuration(meta.actualDurationS)} ` +
        `of ${formatDuration(meta.plannedDurationS)} planned; every figure covers only that part.`,
    });
  }
  if (totals.requests === 0) {
    notes.push({ level: 'error', text: 'No requests were sent, so there is nothing to measure or judge.' });
  } else if (nothingSucceeded(totals)) {
    const kinds = errorsByCount(totals.errors)
      .slice(0, 3)
      .map(([kind, count]) => `${kind} ×${formatCount(count)}`)
      .join(', ');
    const latency = totals.latency === null ? ' No response arrived, so there are no latency figures.' : '';
    notes.push({
      level: 'error',
      text: `No request succeeded: all ${formatCount(totals.requests)} requests failed (${kinds}).${latency}`,
    });
  }
  // What the monitor could not see changes what its columns and criteria mean.
  for (const warning of result.monitor?.warnings ?? []) notes.push({ level: 'warning', text: `Monitor: ${warning}` });
  return notes;
}
