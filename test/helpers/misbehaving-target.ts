/**
 * Ground truth for the verdict tests: a tiny HTTP server on 127.0.0.1 that misbehaves on
 * purpose, path by path, and counts what it received (by `METHOD /path`) and answered (by
 * status). `GET /health` (the runner's preflight) is answered at once and not counted.
 *
 * - `/slow-body/<ms>`: headers at once, the body `<ms>` later (a streamed answer);
 * - `/slow-headers/<ms>`: headers and body together, `<ms>` after the request;
 * - `/delay/<ms>`: the same as slow-headers (a fixed server-side delay);
 * - `/hang`: never answers; `/hang-after-headers`: sends headers, never the body;
 * - `/reset-mid-body/<ms>`: headers (200) and half a body at once, then the connection is
 *   reset `<ms>` later (a server that crashed while streaming);
 * - `/status/<code>`: answers `<code>`; `/mostly/<code>/<percent>`: `<code>` for that share of
 *   requests (every n-th, deterministic), 200 otherwise;
 * - `/loop`: redirects to itself forever; `/redirect/<n>`: a chain of n redirects ending in 200;
 * - anything else: 200 at once.
 */
import { createServer } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';

export interface MisbehavingTarget {
  url: string;
  /** Requests received, by `METHOD /path`. */
  received: Map<string, number>;
  /** Responses sent, by status code. */
  answered: Map<number, number>;
  total(): number;
  close(): Promise<void>;
}

const BODY = JSON.stringify({ ok: true, items: Array.from({ length: 20 }, (_, i) => ({ id: i, name: `item ${i}` })) });

export async function startMisbehavingTarget(): Promise<MisbehavingTarget> {
  const received = new Map<string, number>();
  const answered = new Map<number, number>();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let mostlyCount = 0;
  const later = (ms: number, fn: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };
  const answer = (res: ServerResponse, status: number, headers: Record<string, string> = {}): void => {
    answered.set(status, (answered.get(status) ?? 0) + 1);
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(status < 300 ? BODY : JSON.stringify({ status }));
  };
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    req.resume();
    if (path === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    const key = `${req.method ?? 'GET'} ${path}`;
    received.set(key, (received.get(key) ?? 0) + 1);
    const [, first = '', second = '', third = ''] = path.split('/');
    const ms = Number(second);
    switch (first) {
      case 'slow-body':
        answered.set(200, (answered.get(200) ?? 0) + 1);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.flushHeaders();
        res.write('{"part":1,');
        later(ms, () => res.end(`"ok":true}`));
        return;
      case 'slow-headers':
      case 'delay':
        later(ms, () => answer(res, 200));
        return;
      case 'hang':
        return;
      case 'hang-after-headers':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.flushHeaders();
        res.write('{"part":1,');
        return;
      case 'reset-mid-body':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.flushHeaders();
        res.write('{"part":1,');
        later(ms, () => req.socket.resetAndDestroy());
        return;
      case 'status':
        answer(res, Number(second));
        return;
      case 'mostly': {
        mostlyCount += 1;
        const share = Number(third) / 100;
        // Deterministic: the n-th request is `code` when the running share is below the target.
        const code = Math.floor(mostlyCount * share) > Math.floor((mostlyCount - 1) * share) ? Number(second) : 200;
        answer(res, code);
        return;
      }
      case 'loop':
        answer(res, 302, { location: '/loop' });
        return;
      case 'redirect': {
        const n = Number(second);
        if (n > 0) answer(res, 302, { location: `/redirect/${n - 1}` });
        else answer(res, 200);
        return;
      }
      default:
        answer(res, 200);
    }
  });
  server.keepAliveTimeout = 1000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answered,
    total: () => [...received.values()].reduce((a, b) => a + b, 0),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
