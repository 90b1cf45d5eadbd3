/**
 * `-e <name>` merges `config.environments.<name>.phases` into `config.phases` item by item
 * (lodash merge, Artillery 2.0.34's prepare-test-execution-plan): the environment's first
 * phase is laid over the file's first phase, and the file's later phases stay. Artillery's
 * docs show this pattern (`functional: { phases: [{ duration: 1, arrivalCount: 1 }] }` over
 * a load phase of `arrivalRate`), so a merged phase can hold the keys of two kinds of phase.
 * Artillery's phaser (lib/core/phases.ts) then picks one, in this order: `pause`, then
 * `arrivalCount`, then `arrivalRate` (with `rampTo`). The merged phase is written as the one
 * Artillery runs, and each such merge, and phases of the file the environment did not write,
 * is a one-line note.
 */
import type { Issue } from './explain.ts';
import type { PathSegment } from './path.ts';

type Phase = Record<string, unknown>;

const isPhase = (value: unknown): value is Phase => typeof value === 'object' && value !== null && !Array.isArray(value);
const has = (phase: Phase, key: string): boolean => phase[key] !== undefined;

/** Keys the phaser does not read once it picked `pause` / `arrivalCount`. */
const UNREAD_BY: Record<'pause' | 'arrivalCount', string[]> = {
  pause: ['duration', 'arrivalRate', 'arrivalCount', 'rampTo', 'maxVusers'],
  arrivalCount: ['arrivalRate', 'rampTo'],
};

const shown = (phase: Phase, keys: readonly string[]): string => keys.filter((k) => has(phase, k)).map((k) => `${k} ${JSON.stringify(phase[k])}`).join(', ');

/**
 * After the environment `name` was merged: `merged` is config.phases as merged (changed in
 * place to what Artillery runs), `before` the file's phases and `written` the environment's.
 * Returns the notes, at the environment's phases.
 */
export function settleMergedPhases(name: string, before: unknown, written: unknown, merged: unknown): Issue[] {
  if (!Array.isArray(before) || !Array.isArray(written) || !Array.isArray(merged) || written.length === 0) return [];
  const base: PathSegment[] = ['config', 'environments', name, 'phases'];
  const notes: Issue[] = [];
  written.forEach((item: unknown, index) => {
    const own = before[index];
    const phase = merged[index];
    if (!isPhase(item) || !isPhase(own) || !isPhase(phase)) return;
    const wins = has(phase, 'pause') ? 'pause' : has(phase, 'arrivalCount') ? 'arrivalCount' : undefined;
    if (wins === undefined) return;
    const unread = UNREAD_BY[wins].filter((k) => has(phase, k));
    const mix = [wins, ...unread];
    // A mix the merge made: the environment wrote part of it and the file's phase the rest
    // (a mix written in one place is that place's mistake, refused by checkPhases).
    const fromEnvironment = mix.some((k) => has(item, k));
    const fromFile = mix.some((k) => has(own, k) && !has(item, k));
    if (unread.length === 0 || !fromEnvironment || !fromFile) return;
    const dropped = shown(phase, unread);
    const kept = shown(phase, [wins]);
    for (const key of unread) delete phase[key];
    notes.push({
      path: [...base, index],
      at: 'key',
      message: `note: with -e ${name}, Artillery merges this phase into config.phases[${index}] item by item; the merged phase has ${kept} and ${dropped}, and runs on ${kept}, as Artillery runs it (${dropped} not used)`,
    });
  });
  if (before.length > written.length) {
    const kept = before.length - written.length;
    const which = kept === 1 ? `config.phases[${written.length}]` : `config.phases[${written.length}] to [${before.length - 1}]`;
    notes.push({
      path: base,
      at: 'key',
      message: `note: with -e ${name}, ${which}, which the environment does not write, run${kept === 1 ? 's' : ''} too (Artillery merges the environment's phases into config.phases item by item); to run only the environment's phases, give them with --overrides, which replaces the list`,
    });
  }
  return notes;
}
