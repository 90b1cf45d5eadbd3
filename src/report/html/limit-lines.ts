/**
 * Which criterion's limit is drawn on which chart, as one dashed line per criterion: latency
 * limits of all requests on the latency chart, those of one endpoint (`p99 of POST /api/v1/chat
 * < 2s`) on that endpoint's chart; error-rate limits on the errors chart, throughput limits on
 * the throughput chart. The endpoint comes from the criterion's own text, read by the one parser.
 */
import { parseCriterion } from '../../core/criteria/parse.ts';
import type { CriterionResult } from '../../core/types.ts';
import { COLORS, LIMIT_DASH } from './chart-spec.ts';
import type { ChartSeries, Highlight } from './chart-spec.ts';
import { formatInUnit } from '../format.ts';

/** `METHOD /path` the criterion is about, or null for all requests (or a text the parser does not read). */
export function criterionEndpoint(criterion: Pick<CriterionResult, 'text'>): string | null {
  const parsed = parseCriterion(criterion.text);
  return parsed.ok ? parsed.criterion.endpoint : null;
}

export type ChartKind = 'throughput' | 'latency' | 'errors';

function kindOf(criterion: CriterionResult): ChartKind | null {
  if (criterion.unit === 'req/s') return 'throughput';
  // Only the whole response is drawn; time to first byte, connect and download are not on that chart.
  if (criterion.unit === 'ms' && !/health|degradation|ttfb|first byte|connect|download/i.test(criterion.text)) return 'latency';
  if (criterion.unit === '%' && /error|fail/i.test(criterion.text)) return 'errors';
  return null;
}

/** The criteria that belong on one chart: its kind, and all requests (`endpoint: null`) or one endpoint. */
export function criteriaFor(criteria: readonly CriterionResult[], kind: ChartKind, endpoint: string | null): CriterionResult[] {
  return criteria.filter((criterion) => kindOf(criterion) === kind && criterionEndpoint(criterion) === endpoint);
}

/** One dashed line per criterion, labelled with the criterion and its limit (labels are never merged). */
export function limitSeries(criteria: readonly CriterionResult[], length: number, scale: string, unit: string): ChartSeries[] {
  return criteria.map((criterion) => ({
    label: `limit: ${criterion.text} (${formatInUnit(criterion.limit, criterion.unit)})`,
    values: new Array<number>(length).fill(criterion.limit),
    color: COLORS.limit,
    unit,
    scale,
    dash: LIMIT_DASH,
  }));
}

/** Worst windows of failed windowed criteria, shaded so the reader sees where it went wrong. */
export function highlights(criteria: readonly CriterionResult[]): Highlight[] {
  return criteria
    .filter((criterion) => criterion.status === 'failed' && criterion.window)
    .map((criterion) => ({
      label: `worst window: ${criterion.text}`,
      start: (criterion.window?.start ?? 0) / 1000,
      end: (criterion.window?.end ?? 0) / 1000,
    }));
}
