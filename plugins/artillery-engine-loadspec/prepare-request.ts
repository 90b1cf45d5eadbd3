/**
 * A request step's parameters, after its beforeRequest hooks, turned into what goes on the
 * wire, with the same templating and the same header, body and query rules as Artillery's
 * http engine (core/engine_http.js) and got 14 under it, so the target sees the same request.
 */
import querystring from 'node:querystring';
import type { CookieJar } from 'tough-cookie';
import type { EngineConfig, EngineUtil, UserContext } from './artillery-types.ts';
import { isRecord } from './artillery-types.ts';

/** Sent when the script sets no default headers (engine_http.js). */
const ARTILLERY_USER_AGENT = 'Artillery (https://artillery.io)';
/** got's own, when the default headers a script sets have no user-agent. */
const GOT_USER_AGENT = 'got (https://github.com/sindresorhus/got)';
/** got asks for every encoding this Node can decode. */
const ACCEPT_ENCODING = ['gzip', 'deflate', ...(process.versions.brotli ? ['br'] : []), ...(process.versions['zstd'] ? ['zstd'] : [])].join(', ');

export interface PreparedRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | Buffer | undefined;
  followRedirect: boolean;
  maxRedirects: number;
  /** Decode gzip/deflate/br/zstd bodies (Artillery's `gzip`, true unless set to false). */
  decompress: boolean;
  /** Send and keep cookies (the user's jar is in use, as got's `cookieJar`). */
  jar: CookieJar | undefined;
}

const lowerKeys = (headers: unknown): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  if (isRecord(headers)) for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
};

/** Artillery prefixes a URL that starts with "/" with the target. */
export function withBase(url: unknown, config: EngineConfig): string {
  const text = typeof url === 'string' ? url : String(url);
  return text.startsWith('/') ? `${config.target ?? ''}${text}` : text;
}

/** A header value as got sends it (numbers as text); undefined drops the header. */
const headerText = (value: unknown): string | undefined => (value === undefined || value === null ? undefined : String(value));

/**
 * Templates `request` in place (Artillery's order: json, body, name, url, qs, form, headers,
 * cookies, auth) and returns the request to send, or the error Artillery fails the step with.
 */
export function prepareRequest(
  request: Record<string, unknown>,
  params: Record<string, unknown>,
  context: UserContext,
  config: EngineConfig,
  util: EngineUtil,
): PreparedRequest | Error {
  const template = (value: unknown): unknown => util.template(value, context);
  // Precedence: json set in a hook, json in the script, then body (engine_http.js).
  if (request['json'] !== undefined && request['json'] !== null && request['json'] !== false) {
    request['json'] = template(request['json']);
    delete request['body'];
  } else if (request['body']) {
    request['body'] = template(request['body']);
  }
  if (context.vars['$loopElement']) context.vars['$loopElement'] = template(context.vars['$loopElement']);
  if (request['name']) request['name'] = template(request['name']);
  if (request['followRedirect'] === undefined) request['followRedirect'] = true;

  const defaults = config.http?.defaults ?? {};
  const legacyDefaults = config.defaults ?? {};
  const headerDefaults = lowerKeys(defaults['headers'] ?? legacyDefaults['headers'] ?? { 'user-agent': ARTILLERY_USER_AGENT });
  const combined = { ...headerDefaults, ...lowerKeys(params['headers']), ...lowerKeys(request['headers']) };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(combined)) {
    const text = headerText(template(value));
    if (text !== undefined) headers[name] = text;
  }
  request['headers'] = headers;

  const urlText = withBase(template(request['uri'] ?? request['url']), config);
  delete request['uri'];
  request['url'] = urlText;
  if (!urlText.startsWith('http')) return new Error(`Invalid URL - ${urlText}`);
  let url: URL;
  try {
    url = new URL(urlText);
  } catch (error) {
    return error instanceof Error ? error : new Error(`Invalid URL - ${urlText}`);
  }
  // got replaces the URL's query with the step's `qs` (Artillery stringifies it first).
  if (params['qs'] !== undefined) {
    url.search = new URLSearchParams(querystring.stringify(template(params['qs']) as querystring.ParsedUrlQueryInput)).toString();
  }

  let jar: CookieJar | undefined = context['_enableCookieJar'] === true ? (context['_jar'] as CookieJar) : undefined;
  const defaultCookie = context['_defaultCookie'];
  if (isRecord(request['cookie']) || isRecord(defaultCookie)) {
    jar = context['_jar'] as CookieJar;
    const cookies = { ...(isRecord(defaultCookie) ? defaultCookie : {}), ...(isRecord(request['cookie']) ? request['cookie'] : {}) };
    for (const [name, value] of Object.entries(cookies)) jar.setCookieSync(`${name}=${String(template(value))}`, urlText);
  }

  let body: string | Buffer | undefined;
  const json = request['json'];
  if (json !== undefined && json !== null && json !== false) {
    body = JSON.stringify(json);
    headers['content-type'] ??= 'application/json';
  } else if (isRecord(params['form'])) {
    const form: Record<string, string> = {};
    const source = isRecord(request['form']) ? request['form'] : params['form'];
    for (const [k, v] of Object.entries(source)) form[k] = String(template(v));
    request['form'] = form;
    body = new URLSearchParams(form).toString();
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  } else if (typeof request['body'] === 'string' || Buffer.isBuffer(request['body'])) {
    body = request['body'];
  } else if (request['body'] !== undefined && request['body'] !== null && request['body'] !== '') {
    body = String(request['body']);
  }

  const auth = request['auth'];
  if (isRecord(auth)) {
    const user = String(template(auth['user']) ?? '');
    const pass = String(template(auth['pass']) ?? '');
    delete request['auth'];
    if (user !== '' || pass !== '') headers['authorization'] = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;
  }

  const decompress = typeof params['gzip'] === 'boolean' ? params['gzip'] : true;
  if (decompress && headers['accept-encoding'] === undefined) headers['accept-encoding'] = ACCEPT_ENCODING;
  headers['user-agent'] ??= GOT_USER_AGENT;
  const maxRedirects = typeof request['maxRedirects'] === 'number' ? request['maxRedirects'] : 10;
  return {
    url,
    method: String(request['method']),
    headers,
    body,
    followRedirect: request['followRedirect'] !== false,
    maxRedirects,
    decompress,
    jar,
  };
}
