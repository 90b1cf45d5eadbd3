import { logNormal, type Random } from './random.ts';

/** The /api endpoints that model work; /health and the metrics endpoints answer at once. */
export type ApiEndpoint = 'chat' | 'food' | 'reminders' | 'xp';

interface EndpointProfile {
  /** Time holding a DB connection, ms (median, log-normal spread). */
  dbMedianMs: number;
  dbSigma: number;
  /** Time outside the DB (LLM call, serialisation), ms. */
  workMedianMs: number;
  workSigma: number;
  /** Chance that the work part is slowed by a factor drawn from tailFactor, for a long tail. */
  tailChance: number;
  tailFactor: readonly [number, number];
}

// Chat stands in for an LLM call: ~120 ms median, p99 several times that. The rest are DB-bound and fast.
const PROFILES: Readonly<Record<ApiEndpoint, EndpointProfile>> = {
  chat: { dbMedianMs: 3, dbSigma: 0.35, workMedianMs: 120, workSigma: 0.45, tailChance: 0.03, tailFactor: [2.5, 6] },
  food: { dbMedianMs: 5, dbSigma: 0.4, workMedianMs: 1.5, workSigma: 0.3, tailChance: 0.01, tailFactor: [3, 10] },
  reminders: { dbMedianMs: 3, dbSigma: 0.35, workMedianMs: 1, workSigma: 0.3, tailChance: 0.01, tailFactor: [3, 10] },
  xp: { dbMedianMs: 2, dbSigma: 0.3, workMedianMs: 0.5, workSigma: 0.3, tailChance: 0.01, tailFactor: [3, 10] },
};

/** How long one request spends in the DB and outside it, ms. */
export interface LatencySample {
  dbMs: number;
  workMs: number;
}

export interface LatencyModel {
  sample(endpoint: ApiEndpoint, uptimeMs: number): LatencySample;
}

/**
 * Draws per-request latencies. `scale` multiplies the modelled times; degradation is an absolute
 * extra (ms per minute of uptime) added outside the DB so it grows the same whatever the cache does.
 */
export function createLatencyModel(random: Random, scale: number, degradationMsPerMin: number): LatencyModel {
  return {
    sample(endpoint, uptimeMs) {
      const profile = PROFILES[endpoint];
      if (scale === 0 && degradationMsPerMin === 0) return { dbMs: 0, workMs: 0 };
      let workMs = logNormal(random, profile.workMedianMs, profile.workSigma);
      if (random() < profile.tailChance) {
        const [low, high] = profile.tailFactor;
        workMs *= low + random() * (high - low);
      }
      const dbMs = logNormal(random, profile.dbMedianMs, profile.dbSigma) * scale;
      const degradationMs = (degradationMsPerMin * uptimeMs) / 60_000;
      return { dbMs, workMs: workMs * scale + degradationMs };
    },
  };
}
