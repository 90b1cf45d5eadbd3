/**
 * A target on 127.0.0.1 that records every request it receives (method, path with query,
 * headers, body) and answers deterministically: the n-th request of a recording gets the same
 * JSON body (ids and tokens for captures), a cookie, and on a few paths a redirect or a gzip
 * body, so two HTTP engines fed the same flow must send the same requests in the same order.
 *
 * - `/redirect/<n>`: a chain of n 302s (each with a cookie) ending in 200;
 * - `/gzip`: the JSON body gzip-encoded;
 * - anything else: 200 with the JSON body.
 * After `limit` requests in one recording it closes connections without answering (ends a
 * flow that would loop for ever, the same way on both engines).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { gzipSync } from 'node:zlib';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RecordingServer {
  url: string;
  /** Starts a new recording and returns the previous one. */
  take(): RecordedRequest[];
  close(): Promise<void>;
}

export async function startRecordingServer(options: { limit: number }): Promise<RecordingServer> {
  let recording: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (recording.length >= options.limit) {
        req.socket.destroy();
        return;
      }
      recording.push({ method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers }, body: Buffer.concat(chunks).toString('utf8') });
      const n = recording.length;
      const body = JSON.stringify({ id: `id-${n}`, token: `token-${n}`, access_token: `access-${n}`, name: 'pet', status: 'ok', items: [{ id: 1 }, { id: 2 }], data: { id: n } });
      res.setHeader('set-cookie', [`visit=${n}; Path=/`]);
      const redirect = /^\/redirect\/(\d+)/.exec(req.url ?? '');
      if (redirect !== null && Number(redirect[1]) > 0) {
        res.writeHead(302, { location: `/redirect/${Number(redirect[1]) - 1}` });
        res.end();
        return;
      }
      if ((req.url ?? '').startsWith('/gzip')) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(gzipSync(body));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    take() {
      const taken = recording;
      recording = [];
      return taken;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
