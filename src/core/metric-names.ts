/**
 * Names of the per-endpoint metrics the recorder's workers emit through Artillery's
 * own metric pipeline (so Artillery merges them across workers per 10 s period, like
 * its own). Form: `plugins.recorder.<kind> <METHOD> <path>`, e.g.
 * `plugins.recorder.code.200 GET /api/v1/items`. The kind never holds a plain space (an
 * error kind's spaces are written as no-break spaces), so the first space separates it
 * from the endpoint name. The `plugins.recorder.` prefix keeps them out of Artillery's
 * console when `suppressOutput` is set; the main side also removes them from the
 * payload once read.
 */
export const METRIC_PREFIX = 'plugins.recorder.';

/** Counter the slow-requests plugin emits per slow request: `loadspec.slow.<METHOD> <path>`. */
export const SLOW_COUNTER_PREFIX = 'loadspec.slow.';

/** The parts of a request's time a criterion can name besides the whole response (`ttfb p95 < 500ms`). */
export type TimingMeasure = 'ttfb' | 'connect' | 'download';
export const TIMING_MEASURES: readonly TimingMeasure[] = ['ttfb', 'connect', 'download'];

/**
 * Run-wide histograms the recorder's workers write (ms, sub-millisecond): `latency` is the whole
 * response (request start to its body's last byte, redirects included, a failed request at the
 * time it failed), the others its parts. They replace Artillery's `http.response_time`, which is
 * time to first byte in whole ms and leaves failed requests out.
 */
export const RUN_HISTOGRAM = {
  latency: 'loadspec.latency',
  ttfb: 'loadspec.ttfb',
  connect: 'loadspec.connect',
  download: 'loadspec.download',
} as const satisfies Record<'latency' | TimingMeasure, string>;

/**
 * Counter of failed requests that also ended their virtual user, by the name Artillery gives the
 * failure in its `errors.<name>` counter (`loadspec.ended.ETIMEDOUT`): what is left of `errors.*`
 * once these are taken away ended a session without a failed request (a processor error, ...).
 */
export const ENDED_BY_REQUEST_PREFIX = 'loadspec.ended.';

/** Counter of redirect hops followed: details of the requests they belong to (Artillery counts each hop as a request). */
export const REDIRECT_HOPS = 'loadspec.redirects';

export type EndpointMetric =
  | { kind: 'requests'; endpoint: string }
  | { kind: 'latency'; endpoint: string }
  | { kind: TimingMeasure; endpoint: string }
  | { kind: 'expected'; code: string; endpoint: string }
  | { kind: 'code'; code: string; endpoint: string }
  | { kind: 'error'; error: string; endpoint: string };

const MAX_KIND_LENGTH = 80;
/** Stands for a space inside an error kind (e.g. `expect.hasProperty response`): the first plain space ends the kind. */
const KIND_SPACE = '\u00a0';

/** Error kinds become part of a metric name: single spaces, bounded length. */
export function errorKind(value: string): string {
  const cleaned = value.trim().replace(/\s+/g, ' ');
  if (cleaned.length === 0) return 'unknown';
  return cleaned.length > MAX_KIND_LENGTH ? `${cleaned.slice(0, MAX_KIND_LENGTH - 1)}…` : cleaned;
}

export const metricName = {
  requests: (endpoint: string): string => `${METRIC_PREFIX}requests ${endpoint}`,
  latency: (endpoint: string): string => `${METRIC_PREFIX}latency ${endpoint}`,
  timing: (measure: TimingMeasure, endpoint: string): string => `${METRIC_PREFIX}${measure} ${endpoint}`,
  /** A response whose status the step said it expects (`expect: - statusCode: 404`): not a failure. */
  expected: (code: number | string, endpoint: string): string => `${METRIC_PREFIX}expected.${code} ${endpoint}`,
  code: (code: number | string, endpoint: string): string => `${METRIC_PREFIX}code.${code} ${endpoint}`,
  error: (error: string, endpoint: string): string => `${METRIC_PREFIX}error.${errorKind(error).replaceAll(' ', KIND_SPACE)} ${endpoint}`,
};

/** The metric a name stands for, or null when it is not one of ours. */
export function parseMetricName(name: string): EndpointMetric | null {
  if (!name.startsWith(METRIC_PREFIX)) return null;
  const rest = name.slice(METRIC_PREFIX.length);
  const space = rest.indexOf(' ');
  if (space <= 0) return null;
  const kind = rest.slice(0, space);
  const endpoint = rest.slice(space + 1);
  if (kind === 'requests' || kind === 'latency' || kind === 'ttfb' || kind === 'connect' || kind === 'download') return { kind, endpoint };
  if (kind.startsWith('expected.')) return { kind: 'expected', code: kind.slice('expected.'.length), endpoint };
  if (kind.startsWith('code.')) return { kind: 'code', code: kind.slice('code.'.length), endpoint };
  if (kind.startsWith('error.')) return { kind: 'error', error: kind.slice('error.'.length).replaceAll(KIND_SPACE, ' '), endpoint };
  return null;
}
