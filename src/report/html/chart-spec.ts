/**
 * The shape of one chart in the HTML report, shared by the builders (run-charts.ts,
 * monitor-charts.ts) and the page script that draws it with uPlot. Times are epoch
 * seconds (uPlot's unit), fractional where a window's middle falls between seconds.
 */

export interface ChartSeries {
  label: string;
  values: Array<number | null>;
  color: string;
  /** Unit shown next to values in the legend. */
  unit: string;
  /** Scale key; `y` unless the chart has a second axis. */
  scale: string;
  /** Dashed lines are limits from the criteria: they do not stretch the axis (a limit far above the data is marked at the chart's edge). */
  dash?: number[];
}

export interface ChartAxis {
  scale: string;
  label: string;
  side: 'left' | 'right';
  /** Counts: ticks at whole numbers only. */
  integer?: boolean;
}

export interface ChartSpec {
  id: string;
  title: string;
  /** One sentence under the title: what the reader is looking at. */
  note: string;
  x: number[];
  /** The time span shown, so phases before the first point or after the last stay visible. */
  xMin: number;
  xMax: number;
  series: ChartSeries[];
  axes: ChartAxis[];
  /** Worst windows of failed windowed criteria, shaded so the reader sees where it went wrong. */
  highlights: Highlight[];
}

export interface Highlight {
  label: string;
  start: number;
  end: number;
}

export interface PhaseBand {
  name: string;
  start: number;
  end: number;
}

export interface ReportCharts {
  run: ChartSpec[];
  monitor: ChartSpec[];
  phases: PhaseBand[];
}

export const COLORS = {
  blue: '#2563eb',
  green: '#16a34a',
  orange: '#ea580c',
  red: '#dc2626',
  purple: '#7c3aed',
  teal: '#0d9488',
  gray: '#6b7280',
  limit: '#b91c1c',
};
export const PALETTE = [COLORS.red, COLORS.orange, COLORS.purple, COLORS.teal, COLORS.blue, COLORS.gray];
export const LIMIT_DASH = [8, 5];

/** Colours a chart takes from, in order, when the one a series asked for is already used in that chart. */
const SPARE_COLORS = ['#0891b2', '#db2777', '#65a30d', '#9333ea', '#ca8a04', '#4f46e5', '#be123c', '#0f766e', '#a16207', '#1e40af', '#86198f', '#15803d', '#475569', '#c2410c'];

/** The same chart with every series in its own colour, so no two lines of one chart can be confused. */
export function withDistinctColors(spec: ChartSpec): ChartSpec {
  const used = new Set<string>();
  const spare = SPARE_COLORS.filter((color) => !spec.series.some((series) => series.color === color));
  const series = spec.series.map((item) => {
    let color = item.color;
    if (used.has(color)) color = spare.shift() ?? `hsl(${(used.size * 47) % 360} 70% 40%)`;
    used.add(color);
    return color === item.color ? item : { ...item, color };
  });
  return { ...spec, series };
}
