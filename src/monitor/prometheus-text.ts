/**
 * A small reader for the Prometheus text exposition format (version 0.0.4): enough to
 * pick gauges and counters by name. Series of one name with different labels are summed.
 */

export interface PrometheusSeries {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)(\s+-?\d+)?\s*$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"/g;

function parseValue(text: string): number | null {
  switch (text) {
    case '+Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
    case 'NaN':
      return Number.NaN;
    default: {
      const n = Number(text);
      return Number.isNaN(n) ? null : n;
    }
  }
}

function unescapeLabel(value: string): string {
  return value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/** Every well-formed sample line; comments, blank and malformed lines are skipped. */
export function parsePrometheusText(text: string): PrometheusSeries[] {
  const series: PrometheusSeries[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match?.[1] || match[4] === undefined) continue;
    const value = parseValue(match[4]);
    if (value === null) continue;
    const labels: Record<string, string> = {};
    for (const label of (match[3] ?? '').matchAll(LABEL)) {
      if (label[1] !== undefined && label[2] !== undefined) labels[label[1]] = unescapeLabel(label[2]);
    }
    series.push({ name: match[1], labels, value });
  }
  return series;
}

/** The value of a metric (summed over its label sets), or null when it is absent or not finite. */
export function metricValue(series: PrometheusSeries[], name: string): number | null {
  let found = false;
  let sum = 0;
  for (const s of series) {
    if (s.name !== name) continue;
    found = true;
    sum += s.value;
  }
  return found && Number.isFinite(sum) ? sum : null;
}
