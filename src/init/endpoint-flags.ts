/**
 * `--endpoint "GET /products/{id}"` flags → the requests of a ScenarioModel. A `{name}` in
 * the path or query becomes `{{ name }}`, drawn per request from a value list the user fills
 * in (`{userId}` is each user's own loadtest_user_* ID); nothing is added that was not asked for.
 */
import { HTTP_METHODS } from '../config/schema/steps.ts';
import { endpointName } from '../core/endpoint-name.ts';
import type { Method, RequestModel, ScenarioModel, ValueList } from './scenario-model.ts';

export interface Endpoint {
  method: Method;
  /** As written, e.g. "/products/{id}?sort=price". */
  path: string;
}

/** `"GET /path"` → an endpoint, or a sentence saying what to write. */
export function parseEndpoint(text: string): { ok: true; endpoint: Endpoint } | { ok: false; message: string } {
  const match = /^\s*([A-Za-z]+)\s+(\/\S*)\s*$/.exec(text);
  const method = match?.[1]?.toLowerCase();
  const found = HTTP_METHODS.find((m) => m === method);
  if (match === null || found === undefined) {
    return { ok: false, message: `--endpoint "${text}" is not an endpoint; write the method and the path, e.g. --endpoint "GET /api/items" or "GET /api/items/{id}" (methods: ${HTTP_METHODS.map((m) => m.toUpperCase()).join(', ')})` };
  }
  return { ok: true, endpoint: { method: found, path: match[2] ?? '/' } };
}

/** The unique-users plugin's variable: a `{userId}` is the user's own ID, not a list. */
const OWN_ID = 'userId';

/** A `{name}` as a variable name flows can use (`{product-id}` → product_id). */
export const variableName = (name: string): string => {
  const cleaned = name.replace(/[^\w]/g, '_');
  return /^\d/.test(cleaned) ? `_${cleaned}` : cleaned;
};

/** Rewrites every `{name}` as `{{ name }}` and returns the names met. */
function templated(text: string, names: Set<string>): string {
  return text.replace(/\{([^{}]+)\}/g, (_all, raw: string) => {
    const name = variableName(raw.trim());
    names.add(name);
    return `{{ ${name} }}`;
  });
}

/** The statuses a request of this method answers when it works. */
export function successStatuses(method: Method): number[] {
  if (method === 'post') return [200, 201];
  if (method === 'put' || method === 'patch' || method === 'delete') return [200, 204];
  return [200];
}

const SENDS_BODY: readonly Method[] = ['post', 'put', 'patch'];

function requestOf(endpoint: Endpoint, lists: Set<string>): RequestModel {
  const [pathPart = '/', query] = endpoint.path.split('?', 2);
  const names = new Set<string>();
  const url = templated(pathPart, names);
  const request: RequestModel = { method: endpoint.method, url, endpoint: endpointName(endpoint.method, url), draws: [], expectStatus: successStatuses(endpoint.method) };
  if (query !== undefined && query !== '') {
    request.qs = Object.fromEntries([...new URLSearchParams(query).entries()].map(([key, value]) => [key, templated(value, names)]));
  }
  if (SENDS_BODY.includes(endpoint.method)) request.bodyHint = 'no body is sent: if your API expects one, write it here, e.g. json: { name: "apple" }';
  for (const name of names) {
    if (name === OWN_ID) continue;
    request.draws.push(name);
    lists.add(name);
  }
  return request;
}

/** The model of a file that calls these endpoints in order, or GET / when none is given. */
export function modelOfEndpoints(options: { target: string; endpoints: readonly Endpoint[]; apiKeyHeader?: string | undefined; health?: string | undefined }): ScenarioModel {
  const endpoints = options.endpoints.length > 0 ? options.endpoints : [{ method: 'get' as const, path: '/' }];
  const lists = new Set<string>();
  const requests = endpoints.map((endpoint) => requestOf(endpoint, lists));
  const variables: ValueList[] = [...lists].map((name) => ({
    name,
    values: [1, 2, 3],
    comment: `each request sends one of these values; write ones that exist in your API (1, 2, 3 are placeholders)`,
  }));
  const model: ScenarioModel = { target: options.target, source: '', variables, requests, flow: 'sequence', leftOut: [], env: [] };
  if (options.health !== undefined) model.health = { path: options.health, comment: 'checked before the run; must answer 2xx' };
  if (options.apiKeyHeader !== undefined) {
    model.apiKey = { header: options.apiKeyHeader, env: 'LOADSPEC_API_KEY' };
    model.env.push({ name: 'LOADSPEC_API_KEY', what: `the key sent as ${options.apiKeyHeader}` });
  }
  return model;
}
