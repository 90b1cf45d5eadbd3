/**
 * What the HTML report's charts show, as plain data: the page script only draws
 * these specs with uPlot, so every number comes from the RunResult here, typed.
 */
import type { RunResult } from '../../core/types.ts';
import type { PhaseBand, ReportCharts } from './chart-spec.ts';
import { monitorCharts } from './monitor-charts.ts';
import { runCharts } from './run-charts.ts';

export type { ChartAxis, ChartSeries, ChartSpec, Highlight, PhaseBand, ReportCharts } from './chart-spec.ts';

function phaseBands(result: RunResult): PhaseBand[] {
  return result.phases.map((phase) => ({
    name: phase.name,
    start: phase.start / 1000,
    end: (phase.end ?? result.meta.endedAt) / 1000,
  }));
}

export function reportCharts(result: RunResult): ReportCharts {
  return {
    run: result.windows.length > 0 ? runCharts(result) : [],
    monitor: result.monitor && result.monitor.samples.length > 0 ? monitorCharts(result.monitor.samples, result) : [],
    phases: phaseBands(result),
  };
}
