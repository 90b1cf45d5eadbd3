/**
 * A browser recording → the ScenarioModel of `loadspec init --from-har`: the API's requests
 * in order with the recorded pauses, every value a response produced and a later request
 * reused turned into a capture, and every secret (Authorization, cookies, keys, passwords)
 * turned into an environment reference.
 */
import { HTTP_METHODS } from '../../config/schema/steps.ts';
import { endpointName } from '../../core/endpoint-name.ts';
import { formatDuration } from '../../core/durations.ts';
import type { Capture, Method, RequestModel, ScenarioModel } from '../scenario-model.ts';
import { env, envNameOf, secretVariable } from '../secret-names.ts';
import type { HarEntry } from './read-har.ts';
import { ProducedValues } from './produced-values.ts';
import type { Producer } from './produced-values.ts';

const STATIC_PATH = /\.(js|mjs|css|map|png|jpe?g|gif|svg|webp|avif|ico|woff2?|ttf|otf|eot|mp4|webm|mp3|wasm)$/i;
const STATIC_MIME = /^(image|font|audio|video)\/|css|javascript|wasm/i;
/** Headers the HTTP client sets itself, the browser adds, or that tie a request to one browser's cache. */
const DROPPED_HEADER = /^(:.*|host|connection|content-length|content-type|accept-encoding|user-agent|origin|referer|sec-.*|pragma|cache-control|accept-language|upgrade-insecure-requests|if-none-match|if-modified-since|priority|dnt|te|cookie)$/i;

export const isStatic = (entry: HarEntry): boolean => STATIC_PATH.test(entry.url.pathname) || STATIC_MIME.test(entry.responseMime);

/** The host the recording is a test of: the target's, or the one most requests that are not static went to. */
export function apiOrigin(entries: readonly HarEntry[], target: URL | undefined): string | undefined {
  if (target !== undefined && entries.some((e) => e.url.host === target.host)) return target.origin;
  const counts = new Map<string, number>();
  for (const e of entries) if (!isStatic(e)) counts.set(e.url.origin, (counts.get(e.url.origin) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** Names each captured value once: "token", "productId", "productId2". */
class Names {
  readonly #taken = new Set<string>();
  readonly #byProducer = new Map<Producer, string>();

  of(producer: Producer): { name: string; fresh: boolean } {
    const known = this.#byProducer.get(producer);
    if (known !== undefined) return { name: known, fresh: false };
    const key = producer.key.replace(/[^A-Za-z0-9_]/g, '_');
    const singular = producer.resource.replace(/[^A-Za-z0-9]/g, '').replace(/s$/, '');
    const base = /^(id|uuid|key)$/i.test(key) && singular !== '' ? `${singular}${key[0]?.toUpperCase() ?? ''}${key.slice(1)}` : key.replace(/^x_/i, '').toLowerCase() === 'authorization' ? 'token' : key;
    let name = /^\d/.test(base) ? `_${base}` : base;
    for (let n = 2; this.#taken.has(name); n++) name = `${base}${n}`;
    this.#taken.add(name);
    this.#byProducer.set(producer, name);
    return { name, fresh: true };
  }
}

interface Context {
  produced: ProducedValues;
  names: Names;
  /** Captures to add, by request index. */
  captures: Map<number, Capture[]>;
  env: Map<string, string>;
}

/** `{{ name }}` for a value a response produced, registering the capture; else undefined. */
function traced(value: string, usedAs: string, ctx: Context): string | undefined {
  const producer = ctx.produced.find(value, usedAs);
  if (producer === undefined) return undefined;
  const { name, fresh } = ctx.names.of(producer);
  if (fresh) ctx.captures.set(producer.request, [...(ctx.captures.get(producer.request) ?? []), { ...producer.capture, as: name }]);
  return `{{ ${name} }}`;
}

function secret(name: string, what: string, ctx: Context): string {
  if (!ctx.env.has(name)) ctx.env.set(name, what);
  return env(name);
}

/** A JSON body with traced values and secrets replaced, field by field. */
function rewriteJson(value: unknown, key: string, ctx: Context): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteJson(item, key, ctx));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewriteJson(v, k, ctx)]));
  }
  if (typeof value !== 'string' && typeof value !== 'number') return value;
  const variable = secretVariable(key);
  if (variable !== undefined && typeof value === 'string') return secret(variable, `the ${key} the recording sent`, ctx);
  return traced(String(value), key, ctx) ?? value;
}

function requestOf(entry: HarEntry, origin: string, ctx: Context): RequestModel {
  const method = (HTTP_METHODS.find((m) => m === entry.method.toLowerCase()) ?? 'get') as Method;
  // Path segments an earlier response produced become its capture.
  const path = entry.url.pathname.split('/').map((segment) => {
    const decoded = decodeURIComponent(segment);
    return decoded === '' ? '' : traced(decoded, 'path', ctx) ?? segment;
  }).join('/');
  const request: RequestModel = { method, url: path, endpoint: endpointName(method, path), draws: [], expectStatus: [] };
  if (entry.url.origin !== origin) request.url = `${entry.url.origin}${path}`;
  const qs: Record<string, unknown> = {};
  for (const [name, value] of entry.url.searchParams) {
    const variable = secretVariable(name);
    qs[name] = variable !== undefined ? secret(variable, `the ${name} parameter the recording sent`, ctx) : traced(value, name, ctx) ?? value;
  }
  if (Object.keys(qs).length > 0) request.qs = qs;

  const headers: Record<string, string> = {};
  const cookie: Record<string, string> = {};
  for (const [name, value] of entry.headers) {
    if (/^cookie$/i.test(name)) {
      for (const part of value.split(';')) {
        const [cookieName = '', ...rest] = part.trim().split('=');
        // A cookie a recorded response set comes back from the replay's cookie jar; any other is a secret of the browser.
        if (cookieName === '' || ctx.produced.cookies.has(cookieName) || rest.length === 0) continue;
        cookie[cookieName] = secret(envNameOf(`cookie_${cookieName}`), `the ${cookieName} cookie the browser sent`, ctx);
      }
      continue;
    }
    if (DROPPED_HEADER.test(name)) continue;
    if (/^authorization$/i.test(name)) {
      const [scheme = '', credential = ''] = /^(\w+)\s+(.+)$/.exec(value)?.slice(1) ?? ['', value];
      const prefix = scheme === '' ? '' : `${scheme} `;
      headers[name] = prefix + (traced(credential, 'authorization', ctx) ?? secret('LOADSPEC_TOKEN', 'the token the recording sent in Authorization', ctx));
      continue;
    }
    const variable = secretVariable(name);
    headers[name] = variable !== undefined ? traced(value, name, ctx) ?? secret(variable, `the ${name} header the recording sent`, ctx) : traced(value, name, ctx) ?? value;
  }
  if (Object.keys(headers).length > 0) request.headers = headers;
  if (Object.keys(cookie).length > 0) request.cookie = cookie;

  const body = entry.body;
  if (body !== undefined && (body.text !== '' || body.params !== undefined)) {
    if (/json/i.test(body.mimeType)) {
      try {
        request.json = rewriteJson(JSON.parse(body.text), '', ctx);
      } catch {
        request.body = body.text;
      }
    } else if (/x-www-form-urlencoded/i.test(body.mimeType)) {
      const params = body.params ?? [...new URLSearchParams(body.text)];
      request.form = Object.fromEntries(params.map(([k, v]) => [k, rewriteJson(v, k, ctx)]));
    } else {
      request.bodyHint = `the recording sent ${body.mimeType || 'a body'} here, which init does not replay; add it (body: or formData:) yourself`;
    }
  }
  // The recorded status is what the replay expects; a redirect is followed as the browser did.
  request.expectStatus = entry.status === 304 ? [200, 304] : entry.status >= 300 && entry.status < 400 ? [200] : [entry.status || 200];
  return request;
}

/** Seconds as a think step: whole seconds, or "1.5s". */
const thinkOf = (seconds: number): string => (Number.isInteger(seconds) ? String(seconds) : `${seconds}s`);

export function modelOfHar(entries: readonly HarEntry[], options: { target: string; origin: string; source: string; keepStatic: boolean }): ScenarioModel {
  const dropped = new Map<string, number>();
  let staticCount = 0;
  const kept: HarEntry[] = [];
  for (const entry of entries) {
    if (entry.url.origin !== options.origin) dropped.set(entry.url.host, (dropped.get(entry.url.host) ?? 0) + 1);
    else if (!options.keepStatic && isStatic(entry)) staticCount++;
    else kept.push(entry);
  }
  const ctx: Context = { produced: new ProducedValues(), names: new Names(), captures: new Map(), env: new Map() };
  const requests: RequestModel[] = [];
  let sessionS = 0;
  kept.forEach((entry, index) => {
    const request = requestOf(entry, options.origin, ctx);
    const previous = kept[index - 1];
    if (previous !== undefined) {
      // The gap between the end of one request and the start of the next: what the person did in between.
      const gap = Math.min(60, Math.round((entry.started - (previous.started + previous.timeMs)) / 100) / 10);
      if (gap >= 0.5) {
        request.thinkBefore = thinkOf(gap);
        sessionS += gap;
      }
    }
    requests.push(request);
    const resource = entry.url.pathname.split('/').filter((s) => s !== '' && !/^\d+$/.test(s)).pop() ?? '';
    ctx.produced.add(index, resource, { mime: entry.responseMime, text: entry.responseText, headers: entry.responseHeaders });
  });
  for (const [index, captures] of ctx.captures) {
    const request = requests[index];
    if (request !== undefined) request.captures = captures;
  }
  const notes = [`The recording replayed once per user: ${requests.length} request${requests.length === 1 ? '' : 's'} to ${options.origin}, with its pauses.`];
  if (dropped.size > 0) notes.push(`Dropped, other hosts: ${[...dropped].map(([host, n]) => `${host} (${n})`).join(', ')}.`);
  if (staticCount > 0) notes.push(`Dropped, static files (scripts, styles, pictures, fonts): ${staticCount}; --keep-static keeps them.`);
  return {
    target: options.target,
    source: options.source,
    variables: [],
    requests,
    flow: 'replay',
    leftOut: [],
    env: [...ctx.env].map(([name, what]) => ({ name, what })),
    notes,
    // 10 s of arrivals, one session, and room to finish it.
    duration: formatDuration(Math.max(60, Math.ceil(10 + sessionS + 30))),
  };
}
