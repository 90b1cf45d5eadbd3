/**
 * An OpenAPI spec → the ScenarioModel of `loadspec init --from-openapi`: one weighted flow
 * over the spec's operations, values from its examples, enums and ranges, bodies from its
 * required fields, a login once per user when it has one, and its health path.
 */
import { HTTP_METHODS } from '../../config/schema/steps.ts';
import { endpointName } from '../../core/endpoint-name.ts';
import { successStatuses, variableName } from '../endpoint-flags.ts';
import type { Method, RequestModel, ScenarioModel, ValueList } from '../scenario-model.ts';
import { bodyOf, deliveryOf, documentedSuccess, env, findLogin, secretFill, type Delivery } from './login.ts';
import { exampleOf, resolveRef, valuesOf, type Json } from './schema-values.ts';

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const HEALTH_PATH = /^\/(?:api\/)?(?:v\d+\/)?(?:health|healthz|healthcheck|ready|readyz|livez|ping|status)\/?$/i;

export interface Operation {
  method: Method;
  path: string;
  operation: Json;
  parameters: Json[];
}

/** Every operation of the spec, in its order, with path-level parameters merged in. */
export function operationsOf(spec: Json): Operation[] {
  const found: Operation[] = [];
  const paths = isRecord(spec['paths']) ? spec['paths'] : {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = resolveRef(spec, rawItem);
    const shared = Array.isArray(item['parameters']) ? item['parameters'].map((p) => resolveRef(spec, p)) : [];
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!isRecord(operation)) continue;
      const own = Array.isArray(operation['parameters']) ? operation['parameters'].map((p) => resolveRef(spec, p)) : [];
      const parameters = [...own, ...shared.filter((s) => !own.some((o) => o['name'] === s['name'] && o['in'] === s['in']))];
      found.push({ method, path, operation, parameters });
    }
  }
  return found;
}

/** The target and path prefix from the spec's first server, or from where the spec was fetched. */
export function baseOf(spec: Json, fetchedFrom: URL | undefined): { target?: string; prefix: string } {
  const servers = Array.isArray(spec['servers']) ? spec['servers'] : [];
  const first = isRecord(servers[0]) && typeof servers[0]['url'] === 'string' ? servers[0]['url'] : '';
  if (/^https?:\/\//i.test(first)) {
    const url = new URL(first);
    return { target: url.origin, prefix: url.pathname.replace(/\/$/, '') };
  }
  const prefix = first.startsWith('/') ? first.replace(/\/$/, '') : '';
  return fetchedFrom === undefined ? { prefix } : { target: fetchedFrom.origin, prefix };
}

/** Gives each list a variable name; the same name with other values gets its path segment in front. */
class Lists {
  readonly lists: ValueList[] = [];

  name(wanted: string, values: unknown[], path: string, comment: string): string {
    const same = (list: ValueList): boolean => JSON.stringify(list.values) === JSON.stringify(values);
    let name = variableName(wanted);
    const taken = this.lists.find((l) => l.name === name);
    if (taken !== undefined && same(taken)) return name;
    if (taken !== undefined) {
      const segment = path.slice(0, path.indexOf(`{${wanted}}`)).split('/').filter((s) => s !== '' && !s.startsWith('{')).pop() ?? 'other';
      name = variableName(`${segment}_${wanted}`);
      const again = this.lists.find((l) => l.name === name);
      if (again !== undefined) return name;
    }
    this.lists.push({ name, values, comment });
    return name;
  }
}

function describeValues(from: string, where: string): string {
  return from === 'placeholder'
    ? `the spec gives no example for ${where}; write values that exist in your API (these are placeholders)`
    : `from ${from} in the spec, for ${where}; each request sends one of them`;
}

/** Sends the credential where the scheme wants it: the login's token, or else one from the environment. */
function authorize(request: RequestModel, delivery: Delivery, token: string | undefined, model: ScenarioModel): void {
  if (delivery.kind === 'bearer') {
    const value = token ?? env('LOADSPEC_TOKEN');
    if (token === undefined && !model.env.some((e) => e.name === 'LOADSPEC_TOKEN')) model.env.push({ name: 'LOADSPEC_TOKEN', what: 'the bearer token the API asks for' });
    request.headers = { ...request.headers, Authorization: `Bearer ${value}` };
    return;
  }
  if (delivery.kind === 'basic') return;
  if (token === undefined && delivery.in === 'header') {
    model.apiKey = { header: delivery.name, env: 'LOADSPEC_API_KEY' };
    if (!model.env.some((e) => e.name === 'LOADSPEC_API_KEY')) model.env.push({ name: 'LOADSPEC_API_KEY', what: `the key the API asks for in ${delivery.name}` });
    return;
  }
  const value = token ?? env('LOADSPEC_API_KEY');
  if (token === undefined && !model.env.some((e) => e.name === 'LOADSPEC_API_KEY')) model.env.push({ name: 'LOADSPEC_API_KEY', what: `the key the API asks for in ${delivery.name}` });
  if (delivery.in === 'header') request.headers = { ...request.headers, [delivery.name]: value };
  else if (delivery.in === 'query') request.qs = { ...request.qs, [delivery.name]: value };
  else request.headers = { ...request.headers, Cookie: `${delivery.name}=${value}` };
}

function requestOf(spec: Json, op: Operation, prefix: string, lists: Lists, secrets: string[]): RequestModel {
  const draws: string[] = [];
  const endpoint = endpointName(op.method, `${prefix}${op.path}`);
  let url = `${prefix}${op.path}`;
  const request: RequestModel = { method: op.method, url, endpoint, draws, expectStatus: [] };
  for (const parameter of op.parameters) {
    const name = typeof parameter['name'] === 'string' ? parameter['name'] : '';
    const where = parameter['in'];
    if (name === '') continue;
    if (where === 'path') {
      const { values, from } = valuesOf(spec, parameter);
      const variable = lists.name(name, values, op.path, describeValues(from, `{${name}} in ${endpoint}`));
      url = url.replace(`{${name}}`, `{{ ${variable} }}`);
      if (!draws.includes(variable)) draws.push(variable);
    } else if ((where === 'query' || where === 'header') && parameter['required'] === true) {
      if (where === 'header' && /^authorization$/i.test(name)) continue;
      const { values, from } = valuesOf(spec, parameter);
      let value: unknown = values[0];
      if (values.length > 1 && where === 'query') {
        const variable = lists.name(name, values, op.path, describeValues(from, `?${name}= of ${endpoint}`));
        if (!draws.includes(variable)) draws.push(variable);
        value = `{{ ${variable} }}`;
      }
      if (where === 'query') request.qs = { ...request.qs, [name]: value };
      else request.headers = { ...request.headers, [name]: String(value) };
    }
  }
  request.url = url;
  const body = bodyOf(spec, op.operation);
  if (body?.kind === 'json') request.json = exampleOf(spec, body.schema, secretFill(secrets));
  else if (body?.kind === 'form') {
    const form = exampleOf(spec, body.schema, secretFill(secrets));
    request.form = isRecord(form) ? form : {};
  } else if (body?.kind === 'other') request.bodyHint = `the spec sends ${body.mediaType} here, which init does not write; add the body (formData: or body:) yourself`;
  const success = documentedSuccess(op.operation);
  request.expectStatus = success.length > 0 ? success : successStatuses(op.method);
  return request;
}

const ENV_WHAT: Record<string, string> = {
  LOADSPEC_USERNAME: 'the user the test logs in as',
  LOADSPEC_PASSWORD: "that user's password",
};

export function modelOfSpec(spec: Json, options: { target: string; source: string; prefix: string }): ScenarioModel {
  const operations = operationsOf(spec);
  const model: ScenarioModel = { target: options.target, source: options.source, variables: [], requests: [], flow: 'pick', leftOut: [], env: [] };
  const lists = new Lists();
  const login = findLogin(spec, operations);
  const secrets: string[] = [...(login?.env ?? [])];
  const health = operations.find((op) => op.method === 'get' && HEALTH_PATH.test(op.path) && !op.path.includes('{'));
  if (health !== undefined) model.health = { path: `${options.prefix}${health.path}`, comment: 'the health path of the spec: checked before the run, must answer 2xx' };
  if (login !== undefined) {
    const request: RequestModel = {
      method: 'post',
      url: `${options.prefix}${login.path}`,
      endpoint: endpointName('post', `${options.prefix}${login.path}`),
      draws: [],
      expectStatus: login.success,
      captures: [{ json: `$.${login.tokenField}`, as: 'token' }],
    };
    if (login.kind === 'json') request.json = login.body;
    else request.form = login.body;
    model.login = { request, env: login.env };
  }
  for (const op of operations) {
    const endpoint = endpointName(op.method, `${options.prefix}${op.path}`);
    if (op === health) {
      model.leftOut.push(`${endpoint}: the health check, called before the run`);
      continue;
    }
    if (login !== undefined && op.method === login.method && op.path === login.path) continue;
    if (op.method === 'delete') {
      model.leftOut.push(`${endpoint}: it deletes data; add it if the test may`);
      continue;
    }
    const request = requestOf(spec, op, options.prefix, lists, secrets);
    const delivery = deliveryOf(spec, op.operation);
    if (delivery?.kind === 'basic') request.comment = 'the spec asks for HTTP basic auth here: add auth: { user: "{{ $env.LOADSPEC_USER }}", pass: "{{ $env.LOADSPEC_PASSWORD }}" }';
    if (delivery !== undefined) authorize(request, delivery, login === undefined ? undefined : '{{ token }}', model);
    request.weight = op.method === 'get' ? 3 : 1;
    const summary = op.operation['summary'];
    if (typeof summary === 'string' && request.comment === undefined) request.comment = summary.replace(/\s+/g, ' ').slice(0, 80);
    model.requests.push(request);
  }
  model.variables = lists.lists;
  for (const name of secrets) {
    if (!model.env.some((e) => e.name === name)) model.env.push({ name, what: ENV_WHAT[name] ?? 'a secret the API asks for' });
  }
  return model;
}
