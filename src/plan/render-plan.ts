/**
 * The plan in words: the table of `loadspec plan FILE`, and the short lines every
 * `loadspec run` prints before it sends anything.
 */
import { formatDuration } from '../core/durations.ts';
import { formatCount } from '../report/format.ts';
import { renderTextTable } from '../report/text-table.ts';
import type { PhasePlan, ScenarioPlan } from './plan.ts';

const about = (n: number | null): string => (n === null ? 'unknown' : `~${formatCount(n)}`);
const plural = (n: number, word: string): string => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

function load(phase: PhasePlan): string {
  if (phase.kind === 'pause') return 'pause';
  if (phase.kind === 'held users') return `${phase.heldUsers ?? 0} users held, started ${phase.arrivalRate ?? 0}/s`;
  const rate = phase.arrivalRate ?? 0;
  return `${rate} new user${rate === 1 ? '' : 's'}/s`;
}

function sessionLine(plan: ScenarioPlan): string {
  const { requests, seconds } = plan.session;
  if (requests === null || seconds === null) return 'a session loops until the run ends';
  return `a session is ~${formatCount(requests)} request${requests === 1 ? '' : 's'} over ~${formatDuration(seconds)}`;
}

function capLine(plan: ScenarioPlan): string {
  const cap = formatDuration(plan.seconds);
  return plan.sessionsCutByCap === 0 ? `every session ends before the ${cap} cap` : `the ${cap} cap cuts ${plural(plan.sessionsCutByCap, 'session')} short`;
}

/** One line of totals, used by both forms. */
function totals(plan: ScenarioPlan): string {
  const requests = plan.requests === 1 ? '~1 request' : `${about(plan.requests)} requests`;
  return `${plural(plan.users, 'user')} (at most ${formatCount(plan.peakConcurrentUsers)} at once), ${requests} over ~${formatDuration(plan.loadSeconds)}`;
}

/** What `loadspec run` prints first: one line of totals, one about sessions and the cap. */
export function renderShortPlan(plan: ScenarioPlan): string {
  return [`Plan: ${totals(plan)}`, `      ${sessionLine(plan)}; ${capLine(plan)}`].join('\n');
}

/** The whole plan, per phase, for `loadspec plan FILE`. */
export function renderPlan(file: string, plan: ScenarioPlan): string {
  const rows = plan.phases.map((p) => [
    `${p.index + 1} ${p.name}`,
    load(p),
    formatDuration(p.startS),
    formatDuration(p.seconds),
    formatCount(p.users),
    formatCount(p.peakConcurrentUsers),
    about(p.requests),
    formatCount(p.sessionsCutByCap),
  ]);
  const table = renderTextTable(
    [
      { header: 'phase' },
      { header: 'load' },
      { header: 'from', align: 'right' },
      { header: 'for', align: 'right' },
      { header: 'users', align: 'right' },
      { header: 'at once', align: 'right' },
      { header: 'requests', align: 'right' },
      { header: 'cut by cap', align: 'right' },
    ],
    rows,
  );
  return [
    `${file}: what it will send (nothing is sent by this command)`,
    '',
    table,
    '',
    `  In all: ${totals(plan)} (phases create users for ${formatDuration(plan.phaseSeconds)})`,
    `  ${sessionLine(plan)}; ${capLine(plan)}`,
    ...plan.engines.map((line) => `  Engine: ${line}`),
    ...plan.notes.map((note) => `  Note: ${note}`),
    '',
  ].join('\n');
}
