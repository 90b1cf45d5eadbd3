/** How criteria and their values read in messages, shared by every kind of criterion. */
import type { CriterionResult } from '../results/types.ts';
import type { Comparator, Criterion } from './criterion.ts';
import { formatMs, formatPercent, formatRate } from './units.ts';

export function compare(observed: number, op: Comparator, limit: number): boolean {
  switch (op) {
    case '<':
      return observed < limit;
    case '<=':
      return observed <= limit;
    case '>':
      return observed > limit;
    case '>=':
      return observed >= limit;
    case '==':
      return observed === limit;
  }
}

/** `p95 of POST /api/v1/chat`, `error rate`, `the share of slow requests`. */
export function subjectOf(criterion: Criterion): string {
  const of = criterion.endpoint === null ? '' : ` of ${criterion.endpoint}`;
  switch (criterion.kind) {
    case 'latency':
      return `${criterion.stat}${of}`;
    case 'degradation':
      return `${criterion.stat} degradation${of}`;
    case 'error-rate':
      return `error rate${of}`;
    case 'slow-requests':
      return `the share of slow requests${of}`;
    case 'throughput':
      return `throughput${of}`;
  }
}

export function valueWithUnit(value: number, unit: string): string {
  if (unit === 'ms') return formatMs(value);
  if (unit === '%') return formatPercent(value);
  return formatRate(value);
}

/** `12:03:10-12:04:10 UTC`: CI logs and people in different time zones read the same times. */
export function timeRange(start: number, end: number): string {
  return `${clock(start)}-${clock(end)} UTC`;
}

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

export function noData(criterion: Criterion, reason: string): CriterionResult {
  return {
    text: criterion.text,
    status: 'no-data',
    observed: null,
    limit: criterion.limit,
    unit: unitOf(criterion),
    message: `${subjectOf(criterion)} could not be judged: ${reason}`,
  };
}

export function unitOf(criterion: Criterion): string {
  switch (criterion.kind) {
    case 'latency':
      return 'ms';
    case 'throughput':
      return 'req/s';
    default:
      return '%';
  }
}
