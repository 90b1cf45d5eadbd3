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
