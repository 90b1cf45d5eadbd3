/**
 * One bounded GET, shared by the runner's health check and the monitor: they only
 * ever read, and never wait longer than their timeout. node:http rather than fetch,
 * which refuses some ports outright (e.g. 6000, 6665-6669).
 */
import http from 'node:http';
import https from 'node:https';

export interface GetResult {
  status: number;
  body: string;
  /** Round trip including the body, ms. */
  latencyMs: number;
}

/** Thrown when the target did not answer in time. */
export class GetTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}

/** Bodies past this are not metrics we can use; stop reading rather than buffer them. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export function httpGet(url: string, timeoutMs: number): Promise<GetResult> {
  const started = performance.now();
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(url, { agent: false, headers: { accept: 'application/json, text/plain;q=0.9, */*;q=0.1' } }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          request.destroy(new Error(`body of more than ${MAX_BODY_BYTES} bytes is too large`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), latencyMs: performance.now() - started });
      });
      response.on('error', reject);
    });
    // One deadline for connecting, waiting and reading the body.
    const timer = setTimeout(() => request.destroy(new GetTimeoutError(timeoutMs)), timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** `http://h:1/` + `/health` without doubled or missing slashes; keeps a base path (`/app`). */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
