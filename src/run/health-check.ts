import http from 'node:http';
import https from 'node:https';

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

/**
 * GETs the health URL until it answers 2xx, at most `retries + 1` times. Uses
 * node:http rather than fetch, which refuses some ports outright (e.g. 6000).
 */
export async function checkHealth(options: HealthCheckOptions): Promise<HealthOutcome> {
  const attempts = options.retries + 1;
  let reason = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const started = performance.now();
    try {
      const status = await getStatus(options.url, options.timeoutMs);
      const latencyMs = Math.round(performance.now() - started);
      if (status >= 200 && status < 300) return { healthy: true, status, latencyMs };
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

class HealthTimeout extends Error {}

function getStatus(url: string, timeoutMs: number): Promise<number> {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(url, { timeout: timeoutMs, agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new HealthTimeout()));
    request.on('error', reject);
  });
}

function describeRequestError(error: unknown, timeoutMs: number): string {
  if (error instanceof HealthTimeout) return `did not answer within ${timeoutMs} ms`;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return 'refused the connection';
  if (code === 'ENOTFOUND') return 'failed: the host name does not resolve';
  if (code) return `failed (${code})`;
  return `failed (${error instanceof Error ? error.message : String(error)})`;
}
