/**
 * Criterion and verdict wording shared by the console, Markdown and JUnit reports,
 * so a criterion reads the same wherever CI shows it.
 */
import { formatInUnit } from './format.ts';
import type { CriterionResult, Verdict } from '../core/types.ts';

export function criterionLabel(status: CriterionResult['status']): 'PASS' | 'FAIL' | 'NO DATA' {
  return status === 'passed' ? 'PASS' : status === 'failed' ? 'FAIL' : 'NO DATA';
}

export function criterionIcon(status: CriterionResult['status']): string {
  return status === 'passed' ? '✅' : status === 'failed' ? '❌' : '⚠️';
}

/** `observed 2.34s vs limit 3.00s`. */
export function observedVsLimit(criterion: CriterionResult): string {
  return `observed ${formatInUnit(criterion.observed, criterion.unit)} vs limit ${formatInUnit(criterion.limit, criterion.unit)}`;
}

/** `FAILED — 1 of 3 criteria failed`, or the reason for an errored / inconclusive verdict. */
export function verdictSentence(verdict: Verdict): string {
  const total = verdict.criteria.length;
  const failed = verdict.criteria.filter((item) => item.status === 'failed').length;
  const noData = verdict.criteria.filter((item) => item.status === 'no-data').length;
  const status = verdict.status.toUpperCase();
  const counts =
    verdict.status === 'interrupted'
      ? total === 0
        ? 'no criteria were set'
        : `so far ${total - failed - noData} of ${total} criteria held${failed > 0 ? `, ${failed} failed` : ''}`
      : total === 0
      ? 'no criteria were set'
      : failed > 0
        ? `${failed} of ${total} criteria failed`
        : noData > 0
          ? `${total - noData} of ${total} criteria passed, ${noData} had no data`
          : `all ${total} criteria passed`;
  // A reason that already counts the criteria ("1 of 3 criteria failed: ...") is not followed by the same count again.
  const reasonCounts = verdict.reason !== undefined && /\b\d+ of \d+ criteria\b|no criteria were set/.test(verdict.reason);
  if (!verdict.reason) return `${status} — ${counts}`;
  return reasonCounts ? `${status} — ${verdict.reason}` : `${status} — ${verdict.reason} (${counts})`;
}
