/**
 * The connections a virtual user sends on, as Artillery's http engine opens them: by default
 * each user has its own keep-alive connection per origin (agentkeepalive with maxSockets 1),
 * closed when its session ends; with `config.http.pool: N` every user shares N connections
 * per origin. The connect phase (DNS, TCP, TLS) of each new connection is timed for the
 * request that opened it.
 */
import { Agent, buildConnector } from 'undici';
import type { Dispatcher } from 'undici';

export interface ConnectionSettings {
  /** `config.http.pool`: connections shared by all users; undefined for one per user. */
  pool: number | undefined;
  /** `config.tls.rejectUnauthorized` (true unless set to false). */
  rejectUnauthorized: boolean;
}

/** What a user sends through, and how long the last connection it opened took to connect. */
export interface UserConnections {
  dispatcher: Dispatcher;
  /** ms from the connect call to a usable socket; set when a request opened a connection. */
  lastConnectMs: number | undefined;
  /** Ends the user's own connections (a shared pool stays open). */
  close(): void;
}

/** Idle connections close after this (agentkeepalive's free-socket timeout, 4 s). */
const KEEP_ALIVE_MS = 4_000;

function timedConnector(settings: ConnectionSettings, onConnected: (ms: number) => void): buildConnector.connector {
  const connect = buildConnector({ rejectUnauthorized: settings.rejectUnauthorized });
  return (options, callback) => {
    const started = performance.now();
    connect(options, (...args) => {
      if (args[0] === null) onConnected(performance.now() - started);
      callback(...args);
    });
  };
}

export function sharedPool(settings: ConnectionSettings): Agent | undefined {
  if (settings.pool === undefined) return undefined;
  return new Agent({ connections: settings.pool, keepAliveTimeout: KEEP_ALIVE_MS, connect: { rejectUnauthorized: settings.rejectUnauthorized } });
}

export function userConnections(settings: ConnectionSettings, shared: Agent | undefined): UserConnections {
  if (shared !== undefined) return { dispatcher: shared, lastConnectMs: undefined, close: () => {} };
  const agent = new Agent({
    connections: 1,
    pipelining: 1,
    keepAliveTimeout: KEEP_ALIVE_MS,
    connect: timedConnector(settings, (ms) => {
      user.lastConnectMs = ms;
    }),
  });
  const user: UserConnections = {
    dispatcher: agent,
    lastConnectMs: undefined,
    // Requests still running (a failed parallel branch) are cut: the session is over.
    close: () => void agent.destroy().catch(() => {}),
  };
  return user;
}
