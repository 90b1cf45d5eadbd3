/**
 * What a person (or a CI log) sees while scenarios run: one live status line in a
 * terminal, a plain line per recorded window (~10 s) elsewhere.
 */
import type { EventEmitter } from 'node:events';
import type { RunEvents } from '../run/run-scenario.ts';
import type { Progress } from '../run/progress.ts';
import { formatDuration } from '../core/durations.ts';

export interface Output {
  write(text: string): void;
  isTTY: boolean;
  color: boolean;
}

/** Colour only for terminals that want it (NO_COLOR respected, FORCE_COLOR honoured). */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

function statusLine(p: Progress): string {
  const clock = `${formatDuration(p.elapsedS)} / ${formatDuration(p.plannedS)}`;
  const phase = p.phase ?? 'all users started';
  if (p.windows === 0 && p.requests === 0) return [clock, phase, 'waiting for the first requests'].join(' | ');
  const parts = [
    clock,
    phase,
    `${p.activeUsers} users`,
    `${p.requests} requests`,
    `${p.rps.toFixed(1)} req/s`,
    `p95 ${p.p95 === null ? '-' : `${Math.round(p.p95)} ms`} (last 10 s)`,
    `${p.failures} errors`,
  ];
  return parts.join(' | ');
}

/** `quiet` (-q/--quiet): no live status line or per-window lines; everything else is still said. */
export function renderRunEvents(events: EventEmitter<RunEvents>, out: Output, options: { quiet?: boolean } = {}): { clear(): void } {
  let live = false;
  const clear = (): void => {
    if (live) out.write('\r\x1b[2K');
    live = false;
  };
  events.on('demo-target', ({ url }) => {
    out.write(`No target given (--target, TARGET_URL or config.target): started the bundled demo target at ${url}\n`);
  });
  events.on('started', (s) => {
    out.write(`Running ${s.configFile} against ${s.target} for at most ${formatDuration(s.plannedDurationS)}\n`);
    out.write(`Results: ${s.runDir}\n`);
  });
  events.on('progress', (p) => {
    if (options.quiet === true) return;
    if (out.isTTY) {
      clear();
      out.write(statusLine(p));
      live = true;
    } else if (p.newWindow) {
      out.write(`${statusLine(p)}\n`);
    }
  });
  events.on('plugin-line', (line) => {
    clear();
    out.write(`${line.trim()}\n`);
  });
  events.on('stopping', ({ reason }) => {
    clear();
    out.write(`${reason}\n`);
  });
  return { clear };
}
