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
    const started = performance.now();
    try {
      const response = await fetch(options.url, { signal: AbortSignal.timeout(options.timeoutMs) });
      await response.arrayBuffer();
      const latencyMs = Math.round(performance.now() - started);
      if (response.ok) return { healthy: true, status: response.status, latencyMs };
      reason = `it answered HTTP ${response.status}`;
    } catch (error: unknown) {
      reason = describeFetchError(error, options.timeoutMs);
    }
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, options.retryDelayMs ?? 500));
  }
  return {
    healthy: false,
    reason: `the target is not healthy: GET ${options.url} ${reason} (${attempts} attempts); start the target or pass --target with the right URL`,
  };
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return `did not answer within ${timeoutMs} ms`;
    const cause = (error as Error & { cause?: { code?: string } }).cause;
    if (cause?.code === 'ECONNREFUSED') return 'refused the connection';
    if (cause?.code) return `failed (${cause.code})`;
    return `failed (${error.message})`;
  }
  return 'failed';
}
