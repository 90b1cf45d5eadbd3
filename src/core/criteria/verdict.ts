/** The verdict of a run from its criteria: passed, failed, or why it could not be judged. */
import type { CriterionResult, Verdict } from '../types.ts';

export interface VerdictContext {
  /** The run's totals (a RunResult fits as a whole). */
  totals: { requests: number };
  /** Set when a criterion stopped the run early. */
  aborted?: { criterion: string; time: number } | null;
}

export function decideVerdict(results: readonly CriterionResult[], context: VerdictContext): Verdict {
  const abortedText = context.aborted?.criterion;
  const criteria = results.map((result) => (result.text === abortedText ? { ...result, aborted: true } : result));
  if (context.totals.requests === 0) {
    return { status: 'errored', criteria, reason: 'no requests were sent, so the run cannot be judged; check the target and the phases' };
  }
  const failed = criteria.filter((result) => result.status === 'failed');
  if (context.aborted) {
    return { status: 'failed', criteria, reason: `the run was stopped early because "${context.aborted.criterion}" kept failing` };
  }
  if (failed.length > 0) {
    const names = failed.map((result) => result.text).join('; ');
    return { status: 'failed', criteria, reason: `${failed.length} of ${criteria.length} criteria failed: ${names}` };
  }
  const unjudged = criteria.filter((result) => result.status === 'no-data');
  if (unjudged.length > 0) {
    const names = unjudged.map((result) => result.text).join('; ');
    return { status: 'inconclusive', criteria, reason: `no data to judge ${unjudged.length} of ${criteria.length} criteria: ${names}` };
  }
  if (criteria.length === 0) return { status: 'passed', criteria, reason: 'no criteria were set; the run completed' };
  return { status: 'passed', criteria };
}
