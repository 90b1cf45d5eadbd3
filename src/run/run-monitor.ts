/**
 * The monitor as the runner uses it: machine, Artillery process and target sampled
 * alongside the run, every 5 s, collected into the RunResult.
 */
import { startMonitor } from '../monitor/monitor.ts';
import type { MonitorData } from '../monitor/types.ts';

export const RUN_MONITOR_INTERVAL_S = 5;

export function startRunMonitor(options: { target: string; healthUrl: string; generatorPid: number | undefined; runDir: string }): {
  stop(): Promise<MonitorData>;
} {
  return startMonitor({
    target: { url: options.target, healthPath: options.healthUrl },
    intervalS: RUN_MONITOR_INTERVAL_S,
    ...(options.generatorPid !== undefined ? { generator: { pid: options.generatorPid, runDir: options.runDir } } : {}),
  });
}
