/**
 * Facts about a run that every report states before any number: it was cut short,
 * nothing was sent, or nothing succeeded. A reader who misses these would trust
 * figures that describe only part of the run, or none of it.
 */
import { formatCount, formatRanOf } from './format.ts';
import type { RunMeta, RunResult, TrafficSummary } from '../core/types.ts';
import { refusedByTarget } from '../core/judge.ts';

export interface RunNote {
  level: 'info' | 'warning' | 'error';
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

/** The sentence every report shows for a run that did not end by itself. */
export function completionNote(meta: RunMeta): RunNote {
  const ran = `It ran ${formatRanOf(meta.actualDurationS, meta.plannedDurationS)}`;
  const why = meta.stopReason ?? meta.completion;
  switch (meta.completion) {
    case 'capped': {
      const short = meta.load !== undefined && meta.load.plannedUsers !== null && meta.load.startedUsers < meta.load.plannedUsers;
      return {
        level: short ? 'warning' : 'info',
        text: `Capped: ${why}. Every request sent until the cap is counted and judged${short ? '; the load after the cap never ran' : ''}.`,
      };
    }
    case 'interrupted':
      return { level: 'error', text: `Interrupted: ${why}. ${ran}; every figure covers only that part, and an interrupted run is never a pass.` };
    case 'aborted':
      return { level: 'error', text: `Aborted: ${why}. ${ran}; every request sent until then is counted.` };
    case 'crashed':
      return { level: 'error', text: `Did not complete: ${why}. ${ran}; every request recorded until then is counted.` };
    default:
      return { level: 'info', text: 'Complete.' };
  }
}

export function runNotes(result: RunResult): RunNote[] {
  const notes: RunNote[] = [];
  const { meta, totals } = result;
  if (meta.completion !== 'complete') notes.push(completionNote(meta));
  const damaged = Object.entries(meta.damagedRecord ?? {});
  if (damaged.length > 0) {
    notes.push({
      level: 'warning',
      text: `The record has unreadable lines (${damaged.map(([file, n]) => `${file}: ${n}`).join(', ')}), skipped: a process was killed while writing, or the disk filled up.`,
    });
  }
  const refused = result.verdict.status === 'errored' ? refusedByTarget(totals, { endpoints: result.endpoints, apiKey: meta.rules?.apiKey === true }) : null;
  if (refused !== null) notes.push({ level: 'error', text: `${refused.charAt(0).toUpperCase()}${refused.slice(1)}.` });
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
