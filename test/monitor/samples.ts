/** Synthetic monitor samples for tests: every column null unless given. */
import { emptySample } from '../../src/monitor/monitor.ts';
import type { MonitorSample } from '../../src/monitor/types.ts';

export function sample(time: number, values: Partial<Omit<MonitorSample, 'time'>> = {}): MonitorSample {
  return { ...emptySample(time), ...values };
}
