/**
 * The connections the target sees from the undici engine, as from Artillery's: by default each
 * virtual user has its own keep-alive connection (all its requests on it), closed when its
 * session ends; with `config.http.pool: N` the users share N connections.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { EngineScript } from '../../../plugins/artillery-engine-loadspec/artillery-types.ts';
import { runUsers } from '../../helpers/engine-harness.ts';

interface Connection {
  requests: number;
  closedAt: number | null;
}

async function connectionTarget(): Promise<{ url: string; connections: Connection[]; close(): Promise<void> }> {
  const connections: Connection[] = [];
  const bySocket = new WeakMap<Socket, Connection>();
  const server = createServer((req, res) => {
    const connection = bySocket.get(req.socket);
    if (connection !== undefined) connection.requests++;
    // A little latency, so the users' requests overlap.
    setTimeout(() => res.end('{}'), 20);
  });
  server.on('connection', (socket: Socket) => {
    const connection: Connection = { requests: 0, closedAt: null };
    connections.push(connection);
    bySocket.set(socket, connection);
    socket.on('close', () => (connection.closedAt = performance.now()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const script = (target: string, pool?: number): EngineScript => ({
  config: { target, ...(pool === undefined ? {} : { http: { pool } }) },
  scenarios: [{ flow: [{ get: { url: '/a' } }, { get: { url: '/b' } }, { get: { url: '/c' } }] }],
});

test('each user of the undici engine has its own keep-alive connection, closed when its session ends', { timeout: 30_000 }, async () => {
  const target = await connectionTarget();
  try {
    const runs = await runUsers('undici', script(target.url), 0, 4, 10_000);
    const ended = performance.now();
    assert.ok(runs.every((r) => r.finished && r.error === null));
    assert.deepEqual(target.connections.map((c) => c.requests), [3, 3, 3, 3], 'one connection per user, all its requests on it');
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Artillery's agents close an idle connection after 4 s; the session's end closes it at once here.
    assert.ok(target.connections.every((c) => c.closedAt !== null && c.closedAt - ended < 200), 'closed when the session ended');
  } finally {
    await target.close();
  }
});

test('with config.http.pool the users share that many connections, as on Artillery\'s engine', { timeout: 30_000 }, async () => {
  for (const kind of ['artillery', 'undici'] as const) {
    const target = await connectionTarget();
    try {
      const runs = await runUsers(kind, script(target.url, 2), 0, 6, 10_000);
      assert.ok(runs.every((r) => r.finished && r.error === null), kind);
      assert.equal(target.connections.length, 2, `${kind}: connections`);
      assert.equal(target.connections.reduce((sum, c) => sum + c.requests, 0), 18, kind);
    } finally {
      await target.close();
    }
  }
});
