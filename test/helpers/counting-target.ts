/**
 * Ground truth for end-to-end tests: a tiny HTTP server on 127.0.0.1 that counts
 * every request it receives, by `METHOD /path` and by the status it answered, so a
 * test can compare what loadspec reports with what really arrived.
 * `GET /health` (the runner's preflight) is answered but not counted.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountingTarget {
  url: string;
  /** Requests received, by `METHOD /path`. */
  received: Map<string, number>;
  /** Responses sent, by status code. */
  answered: Map<number, number>;
  /** For each header named in `countHeaders`: requests by the value received (`''` when absent). */
  headers: Map<string, Map<string, number>>;
  total(): number;
  /** Epoch ms of the first and the last counted request (0 before any). */
  firstRequestAt(): number;
  lastRequestAt(): number;
  /** Changes the status every later API request is answered with. */
  answerWith(status: number): void;
  close(): Promise<void>;
}

export interface CountingTargetOptions {
  status?: number;
  /** Delay before every answer (ms, default 5). */
  delayMs?: number;
  /** Delay by path, overriding `delayMs` (e.g. `{ '/slow': 400 }`). */
  delayByPath?: Record<string, number>;
  /** Header names (lower case) whose values are counted. */
  countHeaders?: string[];
}

export async function startCountingTarget(options: CountingTargetOptions = {}): Promise<CountingTarget> {
  const received = new Map<string, number>();
  const headers = new Map<string, Map<string, number>>((options.countHeaders ?? []).map((h) => [h, new Map()]));
  const answered = new Map<number, number>();
  let status = options.status ?? 200;
  let first = 0;
  let last = 0;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    const key = `${req.method ?? 'GET'} ${path}`;
    received.set(key, (received.get(key) ?? 0) + 1);
    for (const [name, values] of headers) {
      const value = String(req.headers[name] ?? '');
      values.set(value, (values.get(value) ?? 0) + 1);
    }
    last = Date.now();
    if (first === 0) first = last;
    const code = status;
    req.resume();
    req.on('end', () => {
      setTimeout(() => {
        answered.set(code, (answered.get(code) ?? 0) + 1);
        res.writeHead(code, { 'content-type': 'application/json' }).end('{"ok":true}');
      }, options.delayByPath?.[path] ?? options.delayMs ?? 5);
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answered,
    headers,
    total: () => [...received.values()].reduce((a, b) => a + b, 0),
    firstRequestAt: () => first,
    lastRequestAt: () => last,
    answerWith: (code) => {
      status = code;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
