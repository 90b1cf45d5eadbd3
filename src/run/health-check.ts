import { GetTimeoutError, httpGet } from '../monitor/http-get.ts';

/** Outcome of checking that the target answers before any load is sent. */
export type HealthOutcome =
  | { healthy: true; status: number; latencyMs: number }
  | { healthy: false; reason: string };

export interface HealthCheckOptions {
  url: string;
  timeoutMs: number;
  retries: number;
  /** Pause between attempts. */
  retryDelayMs?: number;
}

/** GETs the health URL until it answers 2xx, at most `retries + 1` times. */
export async function checkHealth(options: HealthCheckOptions): Promise<HealthOutcome> {
  const attempts = options.retries + 1;
  let reason = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const { status, latencyMs } = await httpGet(options.url, options.timeoutMs);
      if (status >= 200 && status < 300) return { healthy: true, status, latencyMs: Math.round(latencyMs) };
      // The API is up but has no such path (many have no /health): asking again will not help.
      if (status === 404 || status === 405) {
        const path = new URL(options.url).pathname;
        return { healthy: false, reason: `the target answered GET ${path} with HTTP ${status}: it is up, but has no ${path}; set loadspec.health.path in the scenario file to a path of your API that answers 2xx when it is up (e.g. health: { path: /docs })` };
      }
      reason = `it answered HTTP ${status}`;
    } catch (error: unknown) {
      reason = describeRequestError(error, options.timeoutMs);
    }
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs ?? 500));
  }
  return {
    healthy: false,
    reason: `the target is not healthy: GET ${options.url} ${reason} (${attempts} attempt${attempts > 1 ? 's' : ''}); start the target or pass --target with the right URL`,
  };
}

function describeRequestError(error: unknown, timeoutMs: number): string {
  if (error instanceof GetTimeoutError) return `did not answer within ${timeoutMs} ms`;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return 'refused the connection';
  if (code === 'ENOTFOUND') return 'failed: the host name does not resolve';
  if (code) return `failed (${code})`;
  return `failed (${error instanceof Error ? error.message : String(error)})`;
}
