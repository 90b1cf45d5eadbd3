/** The live table, one line per sample (the reference monitor's layout). Returns text; the caller writes it. */
import type { MonitorSample } from './types.ts';

export interface TableOptions {
  /** Add the load generator's CPU and event-loop delay columns. */
  generator?: boolean;
  /** Clock for the Time column. Default local time, as a person at the terminal reads it. */
  timeZone?: string;
}

interface Column {
  title: string;
  width: number;
  cell(s: MonitorSample): string;
}

const dash = '-';
const fixed = (v: number | null, digits: number, suffix = ''): string => (v === null ? dash : `${v.toFixed(digits)}${suffix}`);

function status(s: MonitorSample): string {
  if (s.apiStatus === null) return s.apiLatencyMs === null ? 'DOWN' : dash;
  return s.apiStatus < 400 ? `OK ${s.apiStatus}` : `ERR ${s.apiStatus}`;
}

function columns(options: TableOptions): Column[] {
  const clock = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  });
  const list: Column[] = [
    { title: 'Time', width: 8, cell: (s) => clock.format(s.time) },
    { title: 'CPU%', width: 6, cell: (s) => fixed(s.cpuPercent, 1, '%') },
    { title: 'Mem%', width: 6, cell: (s) => fixed(s.memoryPercent, 1, '%') },
    { title: 'Mem(MB)', width: 8, cell: (s) => fixed(s.memoryMb, 0) },
    { title: 'API(ms)', width: 7, cell: (s) => fixed(s.apiLatencyMs, 0) },
    {
      title: 'DB Pool',
      width: 8,
      cell: (s) => (s.dbPoolActive === null && s.dbPoolSize === null ? dash : `${s.dbPoolActive ?? '?'}/${s.dbPoolSize ?? '?'}`),
    },
    { title: 'Cache Hit%', width: 10, cell: (s) => fixed(s.cacheHitRate, 1, '%') },
  ];
  if (options.generator) {
    list.push(
      { title: 'Gen CPU%', width: 8, cell: (s) => fixed(s.generatorCpuPercent, 0, '%') },
      { title: 'Loop(ms)', width: 8, cell: (s) => fixed(s.generatorEventLoopDelayMs, 1) },
    );
  }
  list.push({ title: 'Status', width: 7, cell: status });
  return list;
}

const pad = (text: string, width: number, left: boolean): string => (left ? text.padEnd(width) : text.padStart(width));

export function renderTableHeader(options: TableOptions = {}): string {
  const cols = columns(options);
  const header = cols.map((c, i) => pad(c.title, c.width, i === 0 || i === cols.length - 1)).join(' | ').trimEnd();
  return `${header}\n${'-'.repeat(header.length)}`;
}

export function renderTableRow(sample: MonitorSample, options: TableOptions = {}): string {
  const cols = columns(options);
  return cols
    .map((c, i) => pad(c.cell(sample), c.width, i === 0 || i === cols.length - 1))
    .join(' | ')
    .trimEnd();
}
