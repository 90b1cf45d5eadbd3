/**
 * The connections a virtual user sends on, as Artillery's http engine opens them: by default
 * each user has its own keep-alive connection per origin (agentkeepalive with maxSockets 1),
 * closed when its session ends; with `config.http.pool: N` every user shares N connections
 * per origin. The connect phase (DNS, TCP, TLS) of each new connection is timed for the
 * request that opened it.
 *
 * Why a Client per origin rather than an Agent per user: a user opens its first connection
 * with its first request, and tens of thousands of users a minute each allocate only what
 * they use (an Agent would add a Pool per origin in between).
 */
import { Agent, Client, buildConnector } from 'undici';
import type { Dispatcher } from 'undici';

export interface ConnectionSettings {
  /** `config.http.pool`: connections shared by all users; undefined for one per user. */
  pool: number | undefined;
  /** `config.tls.rejectUnauthorized` (true unless set to false). */
  rejectUnauthorized: boolean;
}

/** What a user sends through, and how long the last connection it opened took to connect. */
export interface UserConnections {
  /** The dispatcher for requests to `origin` ("http://host:port"). */
  to(origin: string): Dispatcher;
  /** ms from the connect call to a usable socket; set when a request opened a connection. */
  lastConnectMs: number | undefined;
  /** Ends the user's own connections (a shared pool stays open). */
  close(): void;
}

/** Idle connections close after this (agentkeepalive's free-socket timeout, 4 s). */
const KEEP_ALIVE_MS = 4_000;

/** One connector per setting: it holds the TLS session cache, shared by every user. */
const connectors = new Map<boolean, buildConnector.connector>();

function connectorFor(rejectUnauthorized: boolean): buildConnector.connector {
  let connect = connectors.get(rejectUnauthorized);
  if (connect === undefined) {
    connect = buildConnector({ rejectUnauthorized });
    connectors.set(rejectUnauthorized, connect);
  }
  return connect;
}

export function sharedPool(settings: ConnectionSettings): Agent | undefined {
  if (settings.pool === undefined) return undefined;
  return new Agent({ connections: settings.pool, keepAliveTimeout: KEEP_ALIVE_MS, connect: { rejectUnauthorized: settings.rejectUnauthorized } });
}

export function userConnections(settings: ConnectionSettings, shared: Agent | undefined): UserConnections {
  if (shared !== undefined) return { to: () => shared, lastConnectMs: undefined, close: () => {} };
  const connect = connectorFor(settings.rejectUnauthorized);
  // Most users talk to one origin: a Map only from the second.
  let first: { origin: string; client: Client } | undefined;
  let others: Map<string, Client> | undefined;
  const open = (origin: string): Client =>
    new Client(origin, {
      pipelining: 1,
      keepAliveTimeout: KEEP_ALIVE_MS,
      connect: (options, callback) => {
        const started = performance.now();
        connect(options, (...args) => {
          if (args[0] === null) user.lastConnectMs = performance.now() - started;
          callback(...args);
        });
      },
    });
  const user: UserConnections = {
    lastConnectMs: undefined,
    to(origin) {
      if (first === undefined) {
        first = { origin, client: open(origin) };
        return first.client;
      }
      if (first.origin === origin) return first.client;
      others ??= new Map();
      let client = others.get(origin);
      if (client === undefined) {
        client = open(origin);
        others.set(origin, client);
      }
      return client;
    },
    // Requests still running (a failed parallel branch) are cut: the session is over.
    close() {
      if (first !== undefined) void first.client.destroy().catch(() => {});
      for (const client of others?.values() ?? []) void client.destroy().catch(() => {});
    },
  };
  return user;
}
