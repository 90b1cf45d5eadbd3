/**
 * One monitor sample: the machine, the load generator and the target at one instant.
 * Columns follow the reference monitor's CSV; a value is null when its source was
 * unavailable (e.g. a target without a metrics endpoint).
 */
export interface MonitorSample {
  /** Epoch ms. */
  time: number;
  cpuPercent: number | null;
  memoryMb: number | null;
  memoryPercent: number | null;
  /** Cumulative since the monitor started. */
  diskReadMb: number | null;
  diskWriteMb: number | null;
  networkSentMb: number | null;
  networkRecvMb: number | null;
  /** Health endpoint round trip and status; null status when it did not answer. */
  apiLatencyMs: number | null;
  apiStatus: number | null;
  dbPoolSize: number | null;
  dbPoolAvailable: number | null;
  dbPoolActive: number | null;
  dbPoolWaiting: number | null;
  /** 0..100. */
  cacheHitRate: number | null;
  cacheTotalReads: number | null;
  /**
   * The target's resident memory (Prometheus `process_resident_memory_bytes` by default), MB.
   * Optional: samples recorded before this column existed lack it.
   */
  targetMemoryMb?: number | null;
  /** The Artillery process (load generator): CPU of one core 0..100 per core used, RSS, event-loop delay p99. */
  generatorCpuPercent: number | null;
  generatorMemoryMb: number | null;
  generatorEventLoopDelayMs: number | null;
}

/** The monitor's part of a RunResult. */
export interface MonitorData {
  intervalS: number;
  samples: MonitorSample[];
  /** Warnings shown once, e.g. "the target has no /api/v1/metrics endpoint: DB and cache columns are empty". */
  warnings: string[];
  /** Which sources were sampled (so an always-empty column reads as "down", not "not asked"). */
  sources?: MonitorSourceName[];
}

export type MonitorSourceName = 'system' | 'health' | 'metrics' | 'generator';
