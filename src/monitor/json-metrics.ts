/** The DB and cache columns from a JSON metrics endpoint, found by dotted paths. */
import { describeError } from './describe-error.ts';
import { httpGet, joinUrl } from './http-get.ts';
import type { JsonMetricPaths, PartialSample } from './types.ts';

/** The demo target's `GET /api/v1/metrics` shape. */
export const DEFAULT_JSON_PATHS: JsonMetricPaths = {
  dbPoolSize: 'db.pool_size',
  dbPoolActive: 'db.active',
  dbPoolAvailable: 'db.available',
  dbPoolWaiting: 'db.waiting',
  cacheHitRate: 'cache.hit_rate_percent',
  cacheTotalReads: 'cache.total_reads',
};

/** What one metrics source produced: values (and the names it lacked), or why it gave nothing. */
export type MetricsReading =
  | { ok: true; values: PartialSample; missing: string[] }
  | { ok: false; reason: string };

/** `db.pool_size` in `{"db":{"pool_size":13}}`; numbers and numeric strings count, anything else is null. */
export function readPath(root: unknown, path: string): number | null {
  let node: unknown = root;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return null;
    node = (node as Record<string, unknown>)[key];
  }
  if (typeof node === 'number') return Number.isFinite(node) ? node : null;
  if (typeof node === 'string' && node.trim() !== '') {
    const n = Number(node);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

type JsonColumn = Exclude<keyof JsonMetricPaths, 'targetMemoryBytes'>;

export function extractJsonMetrics(body: unknown, paths: JsonMetricPaths): MetricsReading {
  const values: PartialSample = {};
  const missing: string[] = [];
  const pick = (path: string): number | null => {
    const value = readPath(body, path);
    if (value === null) missing.push(path);
    return value;
  };
  for (const column of Object.keys(DEFAULT_JSON_PATHS) as JsonColumn[]) values[column] = pick(paths[column]);
  if (paths.targetMemoryBytes !== undefined) {
    const bytes = pick(paths.targetMemoryBytes);
    values.targetMemoryMb = bytes === null ? null : bytesToMb(bytes);
  }
  const asked = Object.keys(DEFAULT_JSON_PATHS).length + (paths.targetMemoryBytes === undefined ? 0 : 1);
  if (missing.length === asked) return { ok: false, reason: `has none of ${missing.join(', ')}` };
  return { ok: true, values, missing };
}

export function bytesToMb(bytes: number): number {
  return Math.round((bytes / 1024 / 1024) * 10) / 10;
}

/** The body of a metrics endpoint that answered 200, or why there is none. */
export async function fetchMetricsText(
  baseUrl: string,
  path: string,
  timeoutMs: number,
): Promise<{ ok: true; text: string } | { ok: false; reason: string }> {
  let response;
  try {
    response = await httpGet(joinUrl(baseUrl, path), timeoutMs);
  } catch (error) {
    return { ok: false, reason: `got no answer (${describeError(error)})` };
  }
  if (response.status !== 200) return { ok: false, reason: `answered ${response.status}` };
  return { ok: true, text: response.body };
}

export async function fetchJsonMetrics(
  baseUrl: string,
  path: string,
  paths: JsonMetricPaths,
  timeoutMs: number,
): Promise<MetricsReading> {
  const response = await fetchMetricsText(baseUrl, path, timeoutMs);
  if (!response.ok) return response;
  let body: unknown;
  try {
    body = JSON.parse(response.text);
  } catch {
    return { ok: false, reason: 'did not answer JSON' };
  }
  return extractJsonMetrics(body, paths);
}
