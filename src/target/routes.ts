import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import * as api from './api.ts';
import type { ApiState } from './api.ts';
import { errorReply, readBody, type Reply } from './http-io.ts';
import { parseChat, parseFood, parseJsonObject, parseUserId, type Parsed } from './inputs.ts';

/** What the router needs besides the /api state: the metrics views and user counting. */
export interface RouteContext {
  api: ApiState;
  metricsJson: () => unknown;
  metricsText: () => string;
  sawUser: (userId: string) => void;
}

/** A routed request: the counter key ("METHOD /path", or "other") and how to answer it. */
export interface Route {
  endpoint: string;
  /** Metrics reads are not counted, so watching the target does not change what is watched. */
  observesMetrics: boolean;
  handle: (request: IncomingMessage, query: URLSearchParams) => Promise<Reply>;
}

/** Builds the route table once; the returned lookup is on the hot path of every request. */
export function createRouter(context: RouteContext): (method: string, path: string) => Route {
  const routes = new Map<string, Route>();
  const add = (entry: Route): void => void routes.set(entry.endpoint, entry);

  add(plain('GET /health', async () => ({
    status: 200,
    body: {
      status: 'ok',
      service: 'loadspec-demo-target',
      uptime_s: Math.round((Date.now() - context.api.startedAt) / 1000),
      db: { pool_size: context.api.pool.size, available: context.api.pool.stats().available },
    },
  })));
  add({ endpoint: 'GET /api/v1/metrics', observesMetrics: true, handle: async () => ({ status: 200, body: context.metricsJson() }) });
  add({ endpoint: 'GET /metrics', observesMetrics: true, handle: async () => ({ status: 200, body: context.metricsText(), text: true }) });
  add(guarded('POST /api/v1/chat', context, async (request) => {
    const input = await jsonBody(request, parseChat, context);
    if (!input.ok) return input.reply;
    return api.chat(context.api, input.value);
  }));
  add(guarded('POST /api/v1/food', context, async (request) => {
    const input = await jsonBody(request, parseFood, context);
    if (!input.ok) return input.reply;
    return api.logFood(context.api, input.value);
  }));
  add(guarded('GET /api/v1/reminders', context, async (_request, query) => {
    const userId = parseUserId(query.get('user_id') ?? undefined);
    if (!userId.ok) return userId.reply;
    context.sawUser(userId.value);
    return api.reminders(context.api, userId.value);
  }));
  add(guarded('GET /api/v1/gamification/xp', context, async (_request, query) => {
    const userId = parseUserId(query.get('user_id') ?? undefined);
    if (!userId.ok) return userId.reply;
    context.sawUser(userId.value);
    return api.xp(context.api, userId.value);
  }));

  return (method, path) =>
    routes.get(`${method} ${path}`) ??
    plain('other', async (request) => {
      request.resume();
      return errorReply(404, 'not_found', `no route for ${method} ${path}`);
    });
}

function plain(endpoint: string, handle: Route['handle']): Route {
  return { endpoint, observesMetrics: false, handle };
}

/** /api routes check X-API-Key first, when a key is configured. */
function guarded(endpoint: string, context: RouteContext, handle: Route['handle']): Route {
  const expected = context.api.options.apiKey;
  if (expected === null) return plain(endpoint, handle);
  const expectedBytes = Buffer.from(expected);
  return plain(endpoint, async (request, query) => {
    const given = request.headers['x-api-key'];
    const givenBytes = Buffer.from(typeof given === 'string' ? given : '');
    // Constant-time compare: the demo should model what a real API does with secrets.
    const valid = givenBytes.length === expectedBytes.length && timingSafeEqual(givenBytes, expectedBytes);
    if (!valid) {
      request.resume();
      const message = given === undefined ? 'missing X-API-Key header' : 'invalid X-API-Key header';
      return errorReply(401, 'unauthorized', message);
    }
    return handle(request, query);
  });
}

/** Parses a POST body; its user_id counts as seen even when another field is wrong. */
async function jsonBody<T>(
  request: IncomingMessage,
  parse: (body: Record<string, unknown>) => Parsed<T>,
  context: RouteContext,
): Promise<Parsed<T>> {
  const raw = await readBody(request);
  if (raw === null) return { ok: false, reply: errorReply(413, 'payload_too_large', 'the request body must be at most 64 KiB') };
  const object = parseJsonObject(raw);
  if (!object.ok) return object;
  const userId = parseUserId(object.value['user_id']);
  if (userId.ok) context.sawUser(userId.value);
  return parse(object.value);
}
