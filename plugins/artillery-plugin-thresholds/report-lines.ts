/** The lines the plugin prints: one per criterion and the verdict, readable in a CI log. */
import type { CriterionResult, Verdict } from '../../src/core/types.ts';

const LABEL: Record<CriterionResult['status'], string> = { passed: 'PASS', failed: 'FAIL', 'no-data': 'NO DATA' };

export function criterionLine(result: CriterionResult): string {
  const aborted = result.aborted ? ' (stopped the run)' : '';
  return `  ${LABEL[result.status].padEnd(7)} ${result.text}: ${result.message}${aborted}`;
}

export function verdictLines(verdict: Verdict, partial: boolean): string[] {
  const scope = partial ? ' (on the data recorded before the stop)' : '';
  const head = `Thresholds${scope}: ${verdict.status.toUpperCase()}${verdict.reason ? ` - ${verdict.reason}` : ''}`;
  return [head, ...verdict.criteria.map(criterionLine)];
}
