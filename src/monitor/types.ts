import type { MonitorData, MonitorSample } from '../core/monitor-data.ts';

/** The monitor's part of a RunResult is the ground floor's (src/core/monitor-data.ts). */
export type { MonitorData, MonitorSample, MonitorSourceName } from '../core/monitor-data.ts';

/** Where to find the target's numbers. Every source is optional and fails on its own. */
export interface TargetSources {
  /** Base URL, e.g. `http://127.0.0.1:8000`. */
  url: string;
  /** GET this path (or this full URL) for the API latency/status columns. Default `/health`; null = do not probe. */
  healthPath?: string | null;
  /**
   * Which metrics endpoint fills the DB, cache and target memory columns. `auto`: both, the
   * JSON endpoint first and Prometheus for the columns JSON lacks (an endpoint that keeps
   * failing while the other answers is no longer asked). Default `off`: none is asked unless
   * named (src/monitor/metrics-mode.ts).
   */
  metrics?: 'auto' | 'json' | 'prometheus' | 'off';
  /** Default `/api/v1/metrics`. */
  jsonMetricsPath?: string;
  /** Default `/metrics`. */
  prometheusPath?: string;
  /** Dotted paths into the JSON metrics body; defaults follow the demo target (`db.pool_size`, ...). */
  jsonPaths?: Partial<JsonMetricPaths>;
  /** Metric names in the Prometheus exposition; defaults follow the demo target (`demo_db_pool_size`, ...). */
  prometheusNames?: Partial<PrometheusMetricNames>;
  /** Per-request timeout in ms. Default 2000 (and never more than the sampling interval). */
  timeoutMs?: number;
}

/** Dotted paths (`db.pool_size`) to each value in the target's JSON metrics. */
export interface JsonMetricPaths {
  dbPoolSize: string;
  dbPoolActive: string;
  dbPoolAvailable: string;
  dbPoolWaiting: string;
  /** 0..100. */
  cacheHitRate: string;
  cacheTotalReads: string;
  /** The target's resident memory in bytes; not read unless given. */
  targetMemoryBytes?: string;
}

/** Prometheus metric names; cache hit rate is computed from hits and misses. */
export interface PrometheusMetricNames {
  dbPoolSize: string;
  dbPoolActive: string;
  dbPoolAvailable: string;
  dbPoolWaiting: string;
  cacheHits: string;
  cacheMisses: string;
  /** The target's resident memory in bytes. */
  targetMemoryBytes: string;
}

/** The load generator (Artillery's process) to watch. */
export interface GeneratorSource {
  /** Artillery's pid; its worker threads are counted with it. */
  pid: number;
  /** The run directory, where the generator-health plugin writes `generator-health.jsonl`. */
  runDir?: string;
}

export interface MonitorOptions {
  /** Seconds between samples. Default 5. */
  intervalS?: number;
  /** Sample this machine's CPU, memory, disk and network. Default true. */
  system?: boolean;
  target?: TargetSources;
  generator?: GeneratorSource;
}

/** A running monitor. Samples arrive as events; renderers subscribe. */
export interface Monitor {
  on(event: 'sample', listener: (sample: MonitorSample) => void): Monitor;
  on(event: 'warning', listener: (message: string) => void): Monitor;
  /** Start (or switch) watching a load generator, e.g. once Artillery has been spawned. */
  watchGenerator(generator: GeneratorSource): void;
  /** Stops sampling (waits for a sample in flight) and returns everything sampled. */
  stop(): Promise<MonitorData>;
}

/** Part of a sample filled by one sampler; samplers never throw, they report a warning instead. */
export type PartialSample = Partial<Omit<MonitorSample, 'time'>>;

/** One source of columns. `sample` resolves with the columns it could fill and at most one warning. */
export interface Sampler {
  sample(): Promise<SamplerResult>;
}

export interface SamplerResult {
  values: PartialSample;
  /** A sentence for the user; the monitor shows each distinct source's first warning once. */
  warning?: { source: string; message: string };
}
