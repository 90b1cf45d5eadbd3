/** One bounded GET: the monitor only ever reads, and never waits longer than its timeout. */
export interface GetResult {
  status: number;
  body: string;
  /** Round trip including the body, ms. */
  latencyMs: number;
}

/** Bodies past this are not metrics we can use; stop reading rather than buffer them. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export async function httpGet(url: string, timeoutMs: number): Promise<GetResult> {
  const started = performance.now();
  const response = await fetch(url, {
    signal: AbortSignal.timeout(timeoutMs),
    headers: { accept: 'application/json, text/plain;q=0.9, */*;q=0.1' },
    redirect: 'follow',
  });
  const length = Number(response.headers.get('content-length') ?? 0);
  if (length > MAX_BODY_BYTES) {
    await response.body?.cancel();
    throw new Error(`body of ${length} bytes is too large`);
  }
  const body = await response.text();
  return { status: response.status, body, latencyMs: performance.now() - started };
}

/** `http://h:1/` + `/health` without doubled or missing slashes; keeps a base path (`/app`). */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
