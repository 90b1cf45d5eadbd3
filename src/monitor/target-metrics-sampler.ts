/**
 * The DB pool and cache columns, from the target's JSON or Prometheus metrics.
 * In `auto` mode whichever endpoint answered last is asked first, so a target with only
 * one of them costs one request per sample once it is known.
 */
import { joinUrl } from './http-get.ts';
import { DEFAULT_JSON_PATHS, fetchJsonMetrics } from './json-metrics.ts';
import type { MetricsReading } from './json-metrics.ts';
import { DEFAULT_PROMETHEUS_NAMES, fetchPrometheusMetrics } from './prometheus-metrics.ts';
import type { Sampler, SamplerResult, TargetSources } from './types.ts';

type Kind = 'json' | 'prometheus';

export function createTargetMetricsSampler(target: TargetSources, timeoutMs: number): Sampler | null {
  const mode = target.metrics ?? 'auto';
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
  let order: Kind[] = mode === 'auto' ? ['json', 'prometheus'] : [mode];

  return {
    async sample(): Promise<SamplerResult> {
      const failures: string[] = [];
      for (const kind of order) {
        const reading = await read[kind]();
        if (!reading.ok) {
          failures.push(`${label[kind]} ${reading.reason}`);
          continue;
        }
        if (order[0] !== kind) order = [kind, ...order.filter((k) => k !== kind)];
        if (reading.missing.length === 0) return { values: reading.values };
        return {
          values: reading.values,
          warning: { source: 'metrics', message: `${label[kind]} lacks ${reading.missing.join(', ')}: those columns are empty` },
        };
      }
      return {
        values: {},
        warning: { source: 'metrics', message: `${failures.join('; ')}: DB pool and cache columns are empty` },
      };
    },
  };
}
