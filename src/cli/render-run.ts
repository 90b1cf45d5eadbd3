/**
 * What a person (or a CI log) sees while scenarios run: one live status line in a
 * terminal, a plain line per recorded window (~10 s) elsewhere.
 */
import type { EventEmitter } from 'node:events';
import type { RunEvents } from '../run/run-scenario.ts';
import type { Progress } from '../run/progress.ts';
import { formatDuration } from '../core/durations.ts';
import { formatMs } from '../report/format.ts';

export interface Output {
  write(text: string): void;
  isTTY: boolean;
  color: boolean;
  /** The terminal's width now (it can change while a run goes); unknown for pipes. */
  columns?: () => number | undefined;
}

/** Colour only for terminals that want it (NO_COLOR respected, FORCE_COLOR honoured). */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

/** `1 user`, `2 users`. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Cut to the terminal's width so it never wraps: a wrapped line cannot be redrawn in place. */
export function fitToWidth(line: string, columns: number | undefined): string {
  if (columns === undefined || columns <= 0) return line;
  // One column stays free: a line exactly as wide as the terminal wraps on some terminals.
  const room = columns - 1;
  const chars = [...line];
  return chars.length <= room ? line : `${chars.slice(0, Math.max(0, room - 1)).join('')}…`;
}

export function statusLine(p: Progress): string {
  const clock = `${formatDuration(p.elapsedS)} / ${formatDuration(p.plannedS)}`;
  const phase = p.phase ?? 'all users started';
  if (p.windows === 0 && p.requests === 0) return [clock, phase, 'waiting for the first requests'].join(' | ');
  const parts = [
    clock,
    phase,
    plural(p.activeUsers, 'user'),
    plural(p.requests, 'request'),
    `${p.rps.toFixed(1)} req/s`,
    `p95 ${p.p95 === null ? '-' : formatMs(p.p95)} (last 10s)`,
    plural(p.failures, 'error'),
  ];
  return parts.join(' | ');
}

/** `quiet` (-q/--quiet): no live status line or per-window lines; everything else is still said. */
export function renderRunEvents(events: EventEmitter<RunEvents>, out: Output, options: { quiet?: boolean } = {}): { clear(): void } {
  let live = false;
  let last: Progress | null = null;
  const clear = (): void => {
    if (live) out.write('\r\x1b[2K');
    live = false;
  };
  const drawStatus = (): void => {
    if (last === null) return;
    clear();
    out.write(fitToWidth(statusLine(last), out.columns?.()));
    live = true;
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
    last = p;
    if (out.isTTY) {
      drawStatus();
    } else if (p.newWindow) {
      out.write(`${statusLine(p)}\n`);
    }
  });
  // A plugin's line goes above the status line, which is then drawn again below it.
  events.on('plugin-line', (line) => {
    const wasLive = live;
    clear();
    out.write(`${line.trim()}\n`);
    if (wasLive) drawStatus();
  });
  events.on('stopping', ({ reason }) => {
    clear();
    out.write(`${reason}\n`);
  });
  return {
    clear(): void {
      clear();
      last = null;
    },
  };
}
