/**
 * `loadspec monitor`: watch a target (and this machine) until a duration or Ctrl-C, with a
 * live table, an optional CSV written row by row, and a summary at the end.
 * Parsing is separate (parseMonitorArgs) so tests and the main CLI call it directly.
 */
import { parseArgs } from 'node:util';
import { openMonitorCsv } from '../monitor/csv.ts';
import type { MonitorCsvWriter } from '../monitor/csv.ts';
import { startMonitor } from '../monitor/monitor.ts';
import { renderMonitorSummary } from '../monitor/render-summary.ts';
import { renderTableHeader, renderTableRow } from '../monitor/render-table.ts';
import { summarizeMonitor } from '../monitor/summary.ts';
import type { MonitorOptions, TargetSources } from '../monitor/types.ts';
import { describeBadTarget, splitCredentials } from '../core/target-url.ts';
import { metricsMode } from '../monitor/metrics-mode.ts';
import type { MetricsMode } from '../monitor/metrics-mode.ts';
import { mask } from '../run/artillery-process.ts';

export const MONITOR_USAGE = `Usage: loadspec monitor [options]

Samples this machine and a target's health and metrics every few seconds.

Options:
  --host URL              target base URL (default http://127.0.0.1:8000)
  --interval SECONDS      seconds between samples (default 5)
  --duration SECONDS      stop after this long (default: until Ctrl-C)
  --output FILE           also write every sample to this CSV file as it is taken
  --health-path PATH      health URL path, or "none" (default /health)
  --metrics MODE          auto | json | prometheus | off: which metrics endpoints to ask
                          (default: those named below, else off; auto = JSON, then Prometheus)
  --metrics-path PATH     ask the JSON metrics at PATH (with --metrics json|auto: /api/v1/metrics)
  --prometheus-path PATH  ask the Prometheus metrics at PATH (with --metrics prometheus|auto: /metrics)
  --pid PID               also watch this process (e.g. Artillery): CPU and memory
  --run-dir DIR           with --pid: read the generator-health plugin's event-loop delay from DIR
  -h, --help              show this help`;

export interface MonitorCommandOptions {
  monitor: MonitorOptions & { intervalS: number; target: TargetSources };
  durationS: number | null;
  output: string | null;
}

export type ParsedMonitorArgs =
  | { kind: 'run'; options: MonitorCommandOptions }
  | { kind: 'help' }
  | { kind: 'invalid'; message: string };

const MODES: readonly MetricsMode[] = ['auto', 'json', 'prometheus', 'off'];
const isMode = (value: string): value is MetricsMode => (MODES as readonly string[]).includes(value);

function positiveSeconds(flag: string, value: string | undefined, fallback: number | null): number | null | string {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) return `${flag} must be a positive number of seconds (got "${value}")`;
  return n;
}

export function parseMonitorArgs(argv: string[]): ParsedMonitorArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        interval: { type: 'string' },
        duration: { type: 'string' },
        output: { type: 'string' },
        'health-path': { type: 'string' },
        metrics: { type: 'string' },
        'metrics-path': { type: 'string' },
        'prometheus-path': { type: 'string' },
        pid: { type: 'string' },
        'run-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    const code = (error as NodeJS.ErrnoException).code;
    const flag = /'([^']+)'/.exec(text)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return { kind: 'invalid', message: `unknown option ${flag} (see loadspec monitor --help)` };
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return { kind: 'invalid', message: `unexpected argument "${flag}": every value follows its option, e.g. --interval 5` };
    const option = /--[a-z-]+/.exec(flag)?.[0];
    return { kind: 'invalid', message: `${option ? `option ${option}` : 'an option'} needs a value (see loadspec monitor --help)` };
  }
  if (values.help) return { kind: 'help' };

  const host = values.host ?? 'http://127.0.0.1:8000';
  const badHost = describeBadTarget(host, '--host');
  if (badHost !== null) return { kind: 'invalid', message: badHost };
  const interval = positiveSeconds('--interval', values.interval, 5);
  if (typeof interval === 'string') return { kind: 'invalid', message: interval };
  const duration = positiveSeconds('--duration', values.duration, null);
  if (typeof duration === 'string') return { kind: 'invalid', message: duration };
  if (duration !== null && interval !== null && duration < interval) {
    return { kind: 'invalid', message: `--duration (${duration}s) is shorter than one --interval (${interval}s): no sample would be taken` };
  }
  const given = values.metrics;
  if (given !== undefined && !isMode(given)) return { kind: 'invalid', message: `--metrics must be one of ${MODES.join(', ')} (got "${given}")` };
  // Only the endpoints a flag names are asked (none by default): the health check is all a bare --host gets.
  const mode = metricsMode({ mode: given, json: values['metrics-path'] !== undefined, prometheus: values['prometheus-path'] !== undefined });

  const target: TargetSources = {
    url: host.replace(/\/+$/, ''),
    healthPath: values['health-path'] === 'none' ? null : (values['health-path'] ?? '/health'),
    metrics: mode,
  };
  if (values['metrics-path'] !== undefined) target.jsonMetricsPath = values['metrics-path'];
  if (values['prometheus-path'] !== undefined) target.prometheusPath = values['prometheus-path'];

  const monitor: MonitorCommandOptions['monitor'] = { intervalS: interval ?? 5, target };
  if (values.pid !== undefined) {
    const pid = Number(values.pid);
    if (!Number.isInteger(pid) || pid <= 0) return { kind: 'invalid', message: `--pid must be a process id (got "${values.pid}")` };
    monitor.generator = values['run-dir'] === undefined ? { pid } : { pid, runDir: values['run-dir'] };
  } else if (values['run-dir'] !== undefined) {
    return { kind: 'invalid', message: '--run-dir only makes sense with --pid (the Artillery process to watch)' };
  }
  return { kind: 'run', options: { monitor, durationS: duration, output: values.output ?? null } };
}

/** Where the command writes, and what stops it; defaults are the process's streams and Ctrl-C. */
export interface MonitorCommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Aborting it ends monitoring like Ctrl-C does. */
  signal?: AbortSignal;
}

export async function monitorCommand(argv: string[], io?: MonitorCommandIo): Promise<number> {
  const out = io ?? { stdout: process.stdout, stderr: process.stderr };
  const parsed = parseMonitorArgs(argv);
  if (parsed.kind === 'help') {
    out.stdout.write(`${MONITOR_USAGE}\n`);
    return 0;
  }
  if (parsed.kind === 'invalid') {
    out.stderr.write(`loadspec monitor: ${parsed.message}\n`);
    return 2;
  }
  const { monitor: monitorOptions, durationS, output } = parsed.options;

  let csv: MonitorCsvWriter | null = null;
  if (output !== null) {
    try {
      csv = openMonitorCsv(output);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      out.stderr.write(`loadspec monitor: cannot write --output ${output} (${code})\n`);
      return 2;
    }
  }

  const rule = '='.repeat(80);
  const tableOptions = { generator: monitorOptions.generator !== undefined };
  out.stdout.write(
    [
      rule,
      'PERFORMANCE MONITORING STARTED',
      rule,
      `API host: ${splitCredentials(monitorOptions.target.url).url}`,
      `Interval: ${monitorOptions.intervalS}s`,
      `Duration: ${durationS === null ? 'until Ctrl+C' : `${durationS}s`}`,
      ...(output ? [`CSV: ${output}`] : []),
      rule,
      '',
      renderTableHeader(tableOptions),
      '',
    ].join('\n'),
  );

  const monitor = startMonitor(monitorOptions);
  let end: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => {
    end = resolve;
  });
  // Samples start one interval in; stop once the last one due within the duration has arrived.
  const expected = durationS === null ? Infinity : Math.max(1, Math.floor(durationS / monitorOptions.intervalS));
  let taken = 0;
  monitor.on('sample', (sample) => {
    csv?.write(sample);
    out.stdout.write(`${renderTableRow(sample, tableOptions)}\n`);
    taken += 1;
    if (taken >= expected) end();
  });
  // Warnings name URLs of the target, which may hold its user:password.
  const secrets = splitCredentials(monitorOptions.target.url).secrets;
  monitor.on('warning', (message) => out.stderr.write(`warning: ${mask(message, secrets)}\n`));

  // Fallback if samples stall (a machine too busy to sample on time): never overrun by much.
  const cap = durationS === null ? null : setTimeout(end, (durationS + monitorOptions.intervalS) * 1000 + 2500);
  const onSignal = (): void => end();
  if (io?.signal) io.signal.addEventListener('abort', onSignal, { once: true });
  else {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }

  try {
    await ended;
  } finally {
    if (cap) clearTimeout(cap);
    io?.signal?.removeEventListener('abort', onSignal);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const data = await monitor.stop();
  csv?.close();
  out.stdout.write(`\n${renderMonitorSummary(summarizeMonitor(data))}\n`);
  return 0;
}
