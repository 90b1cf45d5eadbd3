import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiState } from './api.ts';
import { ReadCache } from './cache.ts';
import { errorReply, send } from './http-io.ts';
import { createLatencyModel } from './latency.ts';
import { RequestCounters, type DemoMetrics } from './metrics.ts';
import { resolveOptions, type DemoTargetOptions, type OptionProblem } from './options.ts';
import { DbPool } from './pool.ts';
import { renderPrometheus } from './prometheus.ts';
import { createRandom } from './random.ts';
import { createRouter } from './routes.ts';
import { UserStore } from './users.ts';

export type { DemoMetrics } from './metrics.ts';
export type { DemoTargetOptions } from './options.ts';

/** A running demo target. */
export interface DemoTarget {
  /** Base URL, e.g. http://127.0.0.1:8000 (no trailing slash). */
  url: string;
  port: number;
  /** Closes the listener and every connection; requests in flight are dropped. Safe to call twice. */
  stop(): Promise<void>;
  /** The numbers GET /api/v1/metrics serves. */
  metrics(): DemoMetrics;
  /** Settles once the target no longer answers: "stopped" by stop(), "crashed" by crashAfter. */
  closed: Promise<'stopped' | 'crashed'>;
}

/** Thrown by startDemoTarget when options are invalid. */
export class DemoTargetOptionsError extends Error {
  readonly problems: OptionProblem[];
  constructor(problems: OptionProblem[]) {
    super(`invalid demo target options: ${problems.map(({ field, problem }) => `${field} ${problem}`).join('; ')}`);
    this.name = 'DemoTargetOptionsError';
    this.problems = problems;
  }
}

/** Starts the demo API on loopback; resolves once it is listening. */
export async function startDemoTarget(options: Partial<DemoTargetOptions> = {}): Promise<DemoTarget> {
  const checked = resolveOptions(options);
  if (!checked.ok) throw new DemoTargetOptionsError(checked.problems);
  const config = checked.options;

  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number): Promise<void> => {
    if (!(ms > 0)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });
  };
  const random = createRandom(config.seed ?? undefined);
  const state: ApiState = {
    options: config,
    random,
    latency: createLatencyModel(random, config.latencyScale, config.degradationMsPerMin),
    pool: new DbPool(config.poolSize, config.poolTimeoutMs),
    cache: new ReadCache(config.cacheTtlS),
    users: new UserStore(),
    startedAt: Date.now(),
    sleep,
  };
  const counters = new RequestCounters();
  const metrics = (): DemoMetrics => counters.snapshot(state.pool.stats(), state.cache.stats(), Date.now() - state.startedAt);
  const lookup = createRouter({
    api: state,
    metricsJson: metrics,
    metricsText: () => renderPrometheus(metrics(), counters.byEndpointAndStatus(), process.memoryUsage.rss()),
    sawUser: (userId) => counters.sawUser(userId),
  });

  let answered = 0;
  let shutdown: 'stopped' | 'crashed' | null = null;
  let settleClosed: (how: 'stopped' | 'crashed') => void = () => {};
  const closed = new Promise<'stopped' | 'crashed'>((resolve) => (settleClosed = resolve));

  const server = createServer({ keepAlive: true }, (request: IncomingMessage, response: ServerResponse) => {
    if (shutdown !== null) {
      request.socket.destroy();
      return;
    }
    const url = request.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const route = lookup(request.method ?? 'GET', path);
    if (!route.observesMetrics && config.crashAfter !== null && ++answered > config.crashAfter) {
      void close('crashed');
      return;
    }
    const query = new URLSearchParams(queryAt === -1 ? '' : url.slice(queryAt + 1));
    route.handle(request, query).then(
      (reply) => {
        if (shutdown !== null) return;
        if (!route.observesMetrics) counters.record(route.endpoint, reply.status);
        send(response, reply);
      },
      (error: unknown) => {
        if (shutdown !== null) return;
        counters.record(route.endpoint, 500);
        send(response, errorReply(500, 'internal_error', error instanceof Error ? error.message : String(error)));
      },
    );
  });

  const close = (how: 'stopped' | 'crashed'): Promise<void> => {
    if (shutdown === null) {
      shutdown = how;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      state.pool.drop();
      server.close(() => settleClosed(how));
      server.closeAllConnections();
    }
    return closed.then(() => undefined);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostInUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostInUrl}:${address.port}`,
    port: address.port,
    stop: () => close('stopped'),
    metrics,
    closed,
  };
}
