/** The API latency and status columns: a GET of the target's health URL. */
import { describeError } from './describe-error.ts';
import { httpGet, joinUrl } from './http-get.ts';
import type { Sampler, SamplerResult } from './types.ts';

export function createHealthSampler(baseUrl: string, path: string, timeoutMs: number): Sampler {
  // A full URL probes elsewhere, e.g. a health port apart from the API's.
  const url = /^https?:\/\//i.test(path) ? path : joinUrl(baseUrl, path);
  return {
    async sample(): Promise<SamplerResult> {
      try {
        const { status, latencyMs } = await httpGet(url, timeoutMs);
        return { values: { apiStatus: status, apiLatencyMs: Math.round(latencyMs * 10) / 10 } };
      } catch (error) {
        // An unanswered probe is data (status empty, counted as an API error), and worth one warning.
        return {
          values: { apiStatus: null, apiLatencyMs: null },
          warning: { source: 'health', message: `GET ${url} got no answer (${describeError(error)})` },
        };
      }
    },
  };
}
