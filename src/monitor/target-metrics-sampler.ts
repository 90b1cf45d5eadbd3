/**
 * The DB pool, cache and target memory columns, from the target's JSON and/or Prometheus metrics.
 * In `auto` mode both are asked: APIs often serve their pool and cache as JSON while their
 * Prometheus endpoint holds the process memory. JSON wins where both have a value. An endpoint
 * that fails twice in a row while the other answers is dropped, so a target with only one of
 * them soon costs one request per sample.
 */
import { joinUrl } from './http-get.ts';
import { DEFAULT_JSON_PATHS, fetchJsonMetrics } from './json-metrics.ts';
import type { MetricsReading } from './json-metrics.ts';
import { DEFAULT_PROMETHEUS_NAMES, fetchPrometheusMetrics } from './prometheus-metrics.ts';
import type { MonitorSample, PartialSample, Sampler, SamplerResult, TargetSources } from './types.ts';

type Kind = 'json' | 'prometheus';

/** The columns a metrics endpoint can fill, with the words a warning uses for them. */
const COLUMNS = {
  dbPoolSize: 'DB pool size',
  dbPoolActive: 'DB pool active',
  dbPoolAvailable: 'DB pool available',
  dbPoolWaiting: 'DB pool waiting',
  cacheHitRate: 'cache hit rate',
  cacheTotalReads: 'cache reads',
  targetMemoryMb: 'target memory',
} as const satisfies Partial<Record<keyof MonitorSample, string>>;

type Column = keyof typeof COLUMNS;

/** Failures in a row after which an endpoint is no longer asked (while another one answers). */
const DROP_AFTER_FAILURES = 2;

export function createTargetMetricsSampler(target: TargetSources, timeoutMs: number): Sampler | null {
  // Nothing unless told (src/monitor/metrics-mode.ts): the target gets no request nobody wrote.
  const mode = target.metrics ?? 'off';
  if (mode === 'off') return null;
  const jsonPath = target.jsonMetricsPath ?? '/api/v1/metrics';
  const promPath = target.prometheusPath ?? '/metrics';
  const jsonPaths = { ...DEFAULT_JSON_PATHS, ...target.jsonPaths };
  const promNames = { ...DEFAULT_PROMETHEUS_NAMES, ...target.prometheusNames };
  const label: Record<Kind, string> = {
    json: `GET ${joinUrl(target.url, jsonPath)}`,
    prometheus: `GET ${joinUrl(target.url, promPath)}`,
  };
  const read: Record<Kind, () => Promise<MetricsReading>> = {
    json: () => fetchJsonMetrics(target.url, jsonPath, jsonPaths, timeoutMs),
    prometheus: () => fetchPrometheusMetrics(target.url, promPath, promNames, timeoutMs),
  };
  const expected = Object.keys(COLUMNS) as Column[];
  const memoryNames = new Set([promNames.targetMemoryBytes, jsonPaths.targetMemoryBytes]);
  let asked: Kind[] = mode === 'auto' ? ['json', 'prometheus'] : [mode];
  const failuresInARow: Record<Kind, number> = { json: 0, prometheus: 0 };

  return {
    async sample(): Promise<SamplerResult> {
      const readings = await Promise.all(asked.map(async (kind) => ({ kind, reading: await read[kind]() })));
      const values: PartialSample = {};
      const answered = readings.filter((r) => r.reading.ok);
      for (const { kind, reading } of readings) {
        failuresInARow[kind] = reading.ok ? 0 : failuresInARow[kind] + 1;
        if (!reading.ok) continue;
        for (const column of expected) {
          const value = reading.values[column];
          if (values[column] === undefined || values[column] === null) values[column] = value ?? null;
        }
      }
      if (answered.length > 0 && asked.length > 1) {
        asked = asked.filter((kind) => failuresInARow[kind] < DROP_AFTER_FAILURES);
      }

      // Memory is an extra many APIs do not serve: a memory criterion says so when it has no data.
      const empty = expected.filter((column) => column !== 'targetMemoryMb' && (values[column] === undefined || values[column] === null));
      if (empty.length === 0) return { values };
      const reasons = readings.map(({ kind, reading }) => {
        if (!reading.ok) return `${label[kind]} ${reading.reason}`;
        const lacks = reading.missing.filter((name) => !memoryNames.has(name));
        return lacks.length > 0 ? `${label[kind]} lacks ${lacks.join(', ')}` : null;
      });
      const names = columnNames(empty);
      const columns = names.length === 1 ? `the ${names[0]} column${empty.length > 1 ? 's are' : ' is'}` : `the ${names.slice(0, -1).join(', ')} and ${names.at(-1)} columns are`;
      return {
        values,
        warning: { source: 'metrics', message: `${reasons.filter((r) => r !== null).join('; ')}: ${columns} empty` },
      };
    },
  };
}

const GROUPS: Array<{ name: string; columns: Column[] }> = [
  { name: 'DB pool', columns: ['dbPoolSize', 'dbPoolActive', 'dbPoolAvailable', 'dbPoolWaiting'] },
  { name: 'cache', columns: ['cacheHitRate', 'cacheTotalReads'] },
];

/** `DB pool` for all four pool columns, else each column by name. */
function columnNames(empty: Column[]): string[] {
  const names: string[] = [];
  const covered = new Set<Column>();
  for (const group of GROUPS) {
    if (group.columns.every((column) => empty.includes(column))) {
      names.push(group.name);
      for (const column of group.columns) covered.add(column);
    }
  }
  return [...names, ...empty.filter((column) => !covered.has(column)).map((column) => COLUMNS[column])];
}
