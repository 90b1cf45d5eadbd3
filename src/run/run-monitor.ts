/**
 * The monitor as the runner uses it: the machine, Artillery's process and the target sampled
 * alongside the run, as `loadspec.monitor` says (defaults: every 5 s, the health check, and
 * the target's metrics endpoints only when the section or a criterion names them), collected
 * into the RunResult.
 */
import { parseDuration } from '../core/durations.ts';
import { MONITOR_DEFAULTS } from '../config/schema/monitor.ts';
import type { MonitorConfig } from '../config/schema/monitor.ts';
import { startMonitor } from '../monitor/monitor.ts';
import { metricsMode } from '../monitor/metrics-mode.ts';
import { mask } from './artillery-process.ts';
import { splitCredentials } from '../core/target-url.ts';
import type { MonitorData, MonitorOptions, MonitorSample, TargetSources } from '../monitor/types.ts';

export const RUN_MONITOR_INTERVAL_S = 5;

export interface RunMonitorInput {
  target: string;
  /** The health URL the preflight checked; the monitor probes it unless `monitor.healthPath` says otherwise. */
  healthUrl: string;
  generatorPid: number | undefined;
  runDir: string;
  /** The scenario's `loadspec` section (validated); its `monitor` part configures the monitor. */
  loadspec?: unknown;
  /** A criterion reads the target's metrics (cache, DB pool, memory): ask its endpoints even if the section names none. */
  criteriaReadMetrics?: boolean;
  /** Each monitor warning, once, as it happens (the run's renderers show it). */
  onWarning?: (message: string) => void;
  /** Each sample as it is taken (the dashboard draws them live). */
  onSample?: (sample: MonitorSample) => void;
}

/** `loadspec.monitor` of a validated scenario, or an empty section. */
export function monitorSettings(loadspec: unknown): MonitorConfig {
  if (typeof loadspec !== 'object' || loadspec === null) return {};
  const section: unknown = Reflect.get(loadspec, 'monitor');
  return typeof section === 'object' && section !== null ? (section as MonitorConfig) : {};
}

/** The options startMonitor needs, from the scenario's settings; null when the scenario turns the monitor off. */
export function runMonitorOptions(input: RunMonitorInput): MonitorOptions | null {
  const settings = monitorSettings(input.loadspec);
  if (settings.enabled === false) return null;
  const intervalS = parseDuration(settings.interval ?? MONITOR_DEFAULTS.interval) ?? RUN_MONITOR_INTERVAL_S;
  const target: TargetSources = {
    url: input.target,
    healthPath: settings.healthPath ?? input.healthUrl,
    metrics: metricsMode({
      mode: settings.metrics,
      json: settings.jsonPath !== undefined || settings.json !== undefined,
      prometheus: settings.prometheusPath !== undefined || settings.prometheus !== undefined,
      criteria: input.criteriaReadMetrics === true,
    }),
    jsonMetricsPath: settings.jsonPath ?? MONITOR_DEFAULTS.jsonPath,
    prometheusPath: settings.prometheusPath ?? MONITOR_DEFAULTS.prometheusPath,
    jsonPaths: { ...MONITOR_DEFAULTS.json, ...settings.json },
    prometheusNames: { ...MONITOR_DEFAULTS.prometheus, ...settings.prometheus },
  };
  return {
    target,
    intervalS,
    ...(input.generatorPid !== undefined ? { generator: { pid: input.generatorPid, runDir: input.runDir } } : {}),
  };
}

export function startRunMonitor(input: RunMonitorInput): { stop(): Promise<MonitorData> } | null {
  const options = runMonitorOptions(input);
  if (options === null) return null;
  const monitor = startMonitor(options);
  // Warnings name URLs of the target, which may hold its user:password.
  const secrets = splitCredentials(input.target).secrets;
  const onWarning = input.onWarning;
  if (onWarning) monitor.on('warning', (message) => onWarning(mask(message, secrets)));
  const onSample = input.onSample;
  if (onSample) monitor.on('sample', (sample: MonitorSample) => onSample(sample));
  return {
    async stop() {
      const data = await monitor.stop();
      return { ...data, warnings: data.warnings.map((w) => mask(w, secrets)) };
    },
  };
}
