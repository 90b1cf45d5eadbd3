/**
 * One request step on the wire: each hop of its redirect chain sent through the user's
 * connections, with the events and metric names of Artillery's http engine
 * (`trace:http:request|response|error`, `http.requests`, `http.codes.<n>`, `http.responses`,
 * `http.response_time`, `http.downloaded_bytes`), cookies kept as got keeps them, and got's
 * redirect rules (303 becomes GET, credentials dropped for another origin, at most
 * `maxRedirects` hops).
 */
import type { Dispatcher } from 'undici';
import type { CookieJar } from 'tough-cookie';
import type { Events, UserContext } from './artillery-types.ts';
import type { UserConnections } from './connections.ts';
import { artilleryError, tooManyRedirects } from './errors.ts';
import type { RequestFailure } from './errors.ts';
import type { PreparedRequest } from './prepare-request.ts';
import { EngineResponse, bodyText, nodeHeaders } from './response.ts';
import type { Phases } from './response.ts';

/** got follows these when they carry a location. */
const REDIRECT_CODES = new Set([300, 301, 302, 303, 304, 307, 308]);

export interface Timeouts {
  /** No response headers within this many ms fails the request with `headersError`. */
  headersMs: number;
  headersError: () => RequestFailure;
  /** No body bytes for this many ms fails it with `bodyError`. */
  bodyMs: number;
  bodyError: () => RequestFailure;
}

export interface Exchange {
  prepared: PreparedRequest;
  /** What trace listeners and hooks see as the request (`requestParams` in engine_http.js). */
  params: Record<string, unknown>;
  uuid: string;
  events: Events;
  user: UserConnections;
  context: UserContext;
  timeouts: Timeouts;
  /** Read the body into `response.body` (captures, matches, afterResponse hooks need it). */
  keepBody: boolean;
}

type Finished = (error: Error | null, response?: EngineResponse) => void;

function storeCookies(exchange: Exchange, jar: CookieJar | undefined, url: string, setCookie: string | string[] | undefined): void {
  if (setCookie === undefined) return;
  const { context, events } = exchange;
  const list = Array.isArray(setCookie) ? setCookie : [setCookie];
  // Artillery turns the user's jar on at the first cookie it receives; got keeps the rest.
  const firstTime = context['_enableCookieJar'] !== true;
  if (!firstTime && jar === undefined) return;
  context['_enableCookieJar'] = true;
  const target = jar ?? (context['_jar'] as CookieJar);
  for (const cookie of list) {
    try {
      target.setCookieSync(cookie, url);
    } catch {
      if (firstTime) events.emit('error', 'cookie_parse_error_invalid_cookie');
    }
  }
}

function countResponse(events: Events, status: number, ttfb: number): void {
  events.emit('counter', `http.codes.${status}`, 1);
  events.emit('counter', 'http.responses', 1);
  events.emit('histogram', 'http.response_time', ttfb);
  const family = Math.floor(status / 100);
  if (family >= 2 && family <= 5) events.emit('histogram', `http.response_time.${family}xx`, ttfb);
}

export function exchange(exchange: Exchange, finished: Finished): void {
  const { prepared, params, uuid, events, user, timeouts } = exchange;
  let url = prepared.url;
  let method = prepared.method;
  let body = prepared.body;
  const headers = { ...prepared.headers };
  let hops = 0;
  let over = false;
  const fail = (error: unknown): void => {
    if (over) return;
    over = true;
    events.emit('trace:http:error', error, uuid);
    finished(artilleryError(error, { headers: timeouts.headersError, body: timeouts.bodyError }));
  };

  const send = (): void => {
    const jar = prepared.jar;
    const href = url.href;
    if (jar !== undefined) {
      const cookie = jar.getCookieStringSync(href);
      if (cookie !== '') headers['cookie'] = cookie;
    }
    events.emit('trace:http:request', params, uuid);
    events.emit('counter', 'http.requests', 1);
    events.emit('rate', 'http.request_rate');
    user.lastConnectMs = undefined;
    const sent = performance.now();
    const options: Dispatcher.RequestOptions = {
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: method as Dispatcher.HttpMethod,
      headers,
      body: body ?? null,
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyMs,
    };
    user.to(url.origin).request(options).then((answer) => {
      if (over) {
        answer.body.destroy();
        return;
      }
      const ttfb = performance.now() - sent;
      const responseHeaders = nodeHeaders(answer.headers);
      const phases: Phases = { firstByte: ttfb, total: undefined };
      if (user.lastConnectMs !== undefined) Object.assign(phases, { dns: 0, tcp: user.lastConnectMs, tls: 0 });
      const sentAs = { method, path: `${url.pathname}${url.search}`, host: url.host, agent: user };
      const response = new EngineResponse(answer.statusCode, responseHeaders, href, sentAs, phases);
      events.emit('trace:http:response', response, uuid);
      storeCookies(exchange, jar, href, responseHeaders['set-cookie']);
      countResponse(events, answer.statusCode, ttfb);
      const location = responseHeaders['location'];
      const redirect = prepared.followRedirect && REDIRECT_CODES.has(answer.statusCode) && typeof location === 'string';
      const chunks: Buffer[] = [];
      let bytes = 0;
      const keep = exchange.keepBody && !redirect;
      answer.body.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (keep) chunks.push(chunk);
      });
      answer.body.on('error', fail);
      answer.body.on('end', () => {
        if (over) return;
        phases.total = performance.now() - sent;
        events.emit('counter', 'http.downloaded_bytes', bytes);
        exchange.context._successCount = (exchange.context._successCount ?? 0) + 1;
        if (keep) response.body = bodyText(chunks, responseHeaders['content-encoding'], prepared.decompress);
        response.emit('end');
        if (!redirect) {
          over = true;
          finished(null, response);
          return;
        }
        if (hops >= prepared.maxRedirects) return fail(tooManyRedirects(prepared.maxRedirects));
        hops += 1;
        follow(answer.statusCode, location);
      });
    }, fail);
  };

  const follow = (status: number, location: string): void => {
    if (status === 303 && method !== 'GET' && method !== 'HEAD') {
      method = 'GET';
      body = undefined;
      delete headers['content-length'];
    }
    let next: URL;
    try {
      next = new URL(Buffer.from(location, 'binary').toString(), url);
    } catch (error) {
      return fail(error);
    }
    if (next.hostname !== url.hostname || next.port !== url.port) {
      delete headers['host'];
      delete headers['cookie'];
      delete headers['authorization'];
    }
    url = next;
    send();
  };

  send();
}
