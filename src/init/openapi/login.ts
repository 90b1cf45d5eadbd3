/**
 * How a user of an OpenAPI-described API proves who it is: a login operation that answers
 * a token (`POST /login` → `{ access_token }`, FastAPI's OAuth2 form included), and where
 * the security scheme wants that token or key. Secrets are environment references, never values.
 */
import { exampleOf, resolveRef, schemaOf, type Json } from './schema-values.ts';
import { env, isPasswordField, secretVariable } from '../secret-names.ts';

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const TOKEN_FIELD = /^(access_?token|accessToken|token|jwt|id_?token|auth_?token|authToken)$/i;

export { env };

/** The request body's schema and how it is sent (json or form), if any. */
export function bodyOf(spec: Json, operation: Json): { kind: 'json' | 'form' | 'other'; schema: Json; mediaType: string } | undefined {
  const body = resolveRef(spec, operation['requestBody']);
  const content = isRecord(body['content']) ? body['content'] : {};
  for (const [mediaType, media] of Object.entries(content)) {
    const schema = isRecord(media) ? (media['schema'] ?? {}) : {};
    const withExample = isRecord(media) && media['example'] !== undefined ? { ...resolveRef(spec, schema), example: media['example'] } : schema;
    if (/json/i.test(mediaType)) return { kind: 'json', schema: withExample as Json, mediaType };
    if (/x-www-form-urlencoded/i.test(mediaType)) return { kind: 'form', schema: withExample as Json, mediaType };
  }
  const first = Object.keys(content)[0];
  return first === undefined ? undefined : { kind: 'other', schema: {}, mediaType: first };
}

/** Success statuses an operation documents (`200`, `201`, `2XX` → 200). */
export function documentedSuccess(operation: Json): number[] {
  const responses = isRecord(operation['responses']) ? Object.keys(operation['responses']) : [];
  return [...new Set(responses.flatMap((code) => (/^2\d\d$/.test(code) ? [Number(code)] : /^2XX$/i.test(code) ? [200] : [])))];
}

/** The field of a 2xx JSON response that holds a token. */
function tokenField(spec: Json, operation: Json): string | undefined {
  const responses = isRecord(operation['responses']) ? operation['responses'] : {};
  for (const [code, raw] of Object.entries(responses)) {
    if (!/^2/.test(code)) continue;
    const response = resolveRef(spec, raw);
    const content = isRecord(response['content']) ? response['content'] : {};
    for (const [mediaType, media] of Object.entries(content)) {
      if (!/json/i.test(mediaType) || !isRecord(media)) continue;
      const schema = schemaOf(spec, media['schema']);
      const properties = isRecord(schema['properties']) ? Object.keys(schema['properties']) : [];
      const found = properties.find((p) => TOKEN_FIELD.test(p));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

export interface Login {
  method: string;
  path: string;
  kind: 'json' | 'form';
  body: Json;
  tokenField: string;
  env: string[];
  success: number[];
}

/** Replaces what must not be written (passwords, user names, secrets) with environment references. */
export function secretFill(used: string[]): (name: string, schema: Json) => unknown {
  return (name, schema) => {
    const variable = secretVariable(name, { format: schema['format'], withUser: true });
    if (variable === undefined) return undefined;
    if (!used.includes(variable)) used.push(variable);
    return env(variable);
  };
}

/** The first operation whose body takes a password and whose answer holds a token. */
export function findLogin(spec: Json, operations: readonly { method: string; path: string; operation: Json }[]): Login | undefined {
  for (const { method, path, operation } of operations) {
    if (method !== 'post') continue;
    const body = bodyOf(spec, operation);
    if (body === undefined || body.kind === 'other') continue;
    const properties = schemaOf(spec, body.schema)['properties'];
    if (!isRecord(properties) || !Object.entries(properties).some(([name, p]) => isPasswordField(name, schemaOf(spec, p)['format']))) continue;
    const token = tokenField(spec, operation);
    if (token === undefined) continue;
    const used: string[] = [];
    const { example: _ignored, ...withoutExample } = schemaOf(spec, body.schema);
    const built = exampleOf(spec, withoutExample, secretFill(used));
    const success = documentedSuccess(operation);
    return { method, path, kind: body.kind, body: isRecord(built) ? built : {}, tokenField: token, env: used, success: success.length > 0 ? success : [200] };
  }
  return undefined;
}

/** Where a security scheme wants its credential. */
export type Delivery =
  | { kind: 'bearer' }
  | { kind: 'apiKey'; in: 'header' | 'query' | 'cookie'; name: string }
  | { kind: 'basic' };

/** The scheme an operation needs (its own `security`, else the spec's), or undefined when none. */
export function deliveryOf(spec: Json, operation: Json): Delivery | undefined {
  const requirements = Array.isArray(operation['security']) ? operation['security'] : Array.isArray(spec['security']) ? spec['security'] : [];
  // An empty requirement ({}) means the operation may also be called without credentials.
  if (requirements.some((r) => isRecord(r) && Object.keys(r).length === 0)) return undefined;
  const components = isRecord(spec['components']) ? spec['components'] : {};
  const schemes = isRecord(components['securitySchemes']) ? components['securitySchemes'] : {};
  for (const requirement of requirements) {
    if (!isRecord(requirement)) continue;
    for (const name of Object.keys(requirement)) {
      const scheme = resolveRef(spec, schemes[name]);
      const type = scheme['type'];
      if (type === 'oauth2' || type === 'openIdConnect' || (type === 'http' && String(scheme['scheme']).toLowerCase() === 'bearer')) return { kind: 'bearer' };
      if (type === 'http' && String(scheme['scheme']).toLowerCase() === 'basic') return { kind: 'basic' };
      if (type === 'apiKey' && typeof scheme['name'] === 'string' && (scheme['in'] === 'header' || scheme['in'] === 'query' || scheme['in'] === 'cookie')) {
        return { kind: 'apiKey', in: scheme['in'], name: scheme['name'] };
      }
    }
  }
  return undefined;
}
