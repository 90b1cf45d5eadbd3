/**
 * `loadspec.monitor`: what the runner samples alongside a run (the machine, Artillery, the
 * target's health and metrics). Real APIs name their metrics differently, so every path and
 * name is configurable; the defaults fit the bundled demo target. The metrics endpoints are
 * asked only when named here or read by a criterion (src/monitor/metrics-mode.ts).
 */
import { Type, type Static } from '@sinclair/typebox';
import { Choice, Duration, Section } from './common.ts';
import { DEFAULT_JSON_PATHS } from '../../monitor/json-metrics.ts';
import { DEFAULT_PROMETHEUS_NAMES } from '../../monitor/prometheus-metrics.ts';

export const MONITOR_DEFAULTS = {
  enabled: true,
  interval: '5s',
  jsonPath: '/api/v1/metrics',
  prometheusPath: '/metrics',
  // One source for the defaults: the monitor's own (they fit the bundled demo target).
  json: DEFAULT_JSON_PATHS,
  prometheus: DEFAULT_PROMETHEUS_NAMES,
} as const;

const PATH_EXPECT = 'a path starting with "/", e.g. "/api/v1/metrics"';

function JsonPath(what: string, fallback: string | undefined) {
  return Type.String({
    pattern: '^[^.\\s]+(\\.[^.\\s]+)*$',
    description: `Dotted path to ${what} in the JSON metrics. Default: ${fallback === undefined ? 'none (not read)' : `"${fallback}"`}.`,
    'x-expect': 'a dotted path into the JSON body, e.g. "db.pool_size"',
  });
}

function MetricName(what: string, fallback: string) {
  return Type.String({
    pattern: '^[a-zA-Z_:][a-zA-Z0-9_:]*$',
    description: `Prometheus metric with ${what} (summed over its labels). Default: "${fallback}".`,
    'x-expect': 'a Prometheus metric name such as "app_db_pool_active"',
  });
}

const j = MONITOR_DEFAULTS.json;
const p = MONITOR_DEFAULTS.prometheus;

export const Monitor = Section(
  {
    enabled: Type.Optional(Type.Boolean({ description: 'Sample the machine, Artillery and the target during the run (`--no-monitor` turns it off too). Default: true.' })),
    interval: Type.Optional(Duration(`Time between samples ("5s", "1s", or seconds). Default: "${MONITOR_DEFAULTS.interval}".`)),
    healthPath: Type.Optional(Type.String({ pattern: '^/', description: 'Path probed for the API latency and status columns. Default: loadspec.health.path, else "/health".', 'x-expect': 'a path starting with "/", e.g. "/health"' })),
    metrics: Type.Optional(Choice(['auto', 'json', 'prometheus', 'off'], 'Where the DB pool, cache and target memory columns come from: "json", "prometheus", both ("auto": JSON first, Prometheus for what JSON lacks) or "off". Default: the endpoints this section names (jsonPath or json, prometheusPath or prometheus), "auto" when a criterion reads them, else "off": the target is asked nothing it was not told to.')),
    jsonPath: Type.Optional(Type.String({ pattern: '^/', description: `Path of the target's JSON metrics. Default: "${MONITOR_DEFAULTS.jsonPath}".`, 'x-expect': PATH_EXPECT })),
    prometheusPath: Type.Optional(Type.String({ pattern: '^/', description: `Path of the target's Prometheus metrics. Default: "${MONITOR_DEFAULTS.prometheusPath}".`, 'x-expect': 'a path starting with "/", e.g. "/metrics"' })),
    json: Type.Optional(Section(
      {
        dbPoolSize: Type.Optional(JsonPath('the DB pool size', j.dbPoolSize)),
        dbPoolActive: Type.Optional(JsonPath('the DB connections in use', j.dbPoolActive)),
        dbPoolAvailable: Type.Optional(JsonPath('the idle DB connections', j.dbPoolAvailable)),
        dbPoolWaiting: Type.Optional(JsonPath('the requests waiting for a DB connection', j.dbPoolWaiting)),
        cacheHitRate: Type.Optional(JsonPath('the cache hit rate in percent', j.cacheHitRate)),
        cacheTotalReads: Type.Optional(JsonPath('the number of cache reads so far', j.cacheTotalReads)),
        targetMemoryBytes: Type.Optional(JsonPath("the target's resident memory in bytes", undefined)),
      },
      'Where each value sits in the JSON metrics body.',
    )),
    prometheus: Type.Optional(Section(
      {
        dbPoolSize: Type.Optional(MetricName('the DB pool size', p.dbPoolSize)),
        dbPoolActive: Type.Optional(MetricName('the DB connections in use', p.dbPoolActive)),
        dbPoolAvailable: Type.Optional(MetricName('the idle DB connections', p.dbPoolAvailable)),
        dbPoolWaiting: Type.Optional(MetricName('the requests waiting for a DB connection', p.dbPoolWaiting)),
        cacheHits: Type.Optional(MetricName('the cache hits so far', p.cacheHits)),
        cacheMisses: Type.Optional(MetricName('the cache misses so far', p.cacheMisses)),
        targetMemoryBytes: Type.Optional(MetricName("the target's resident memory in bytes", p.targetMemoryBytes)),
      },
      'Which Prometheus metric holds each value.',
    )),
  },
  'The monitor sampled alongside the run: machine, load generator, target health and metrics.',
);

export type MonitorConfig = Static<typeof Monitor>;
