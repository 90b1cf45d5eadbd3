/**
 * Endpoint names come from the request *template* (`/users/{{ id }}` is `GET /users/{id}`), not the
 * rendered URL, so per-user values do not make thousands of endpoints. Each request
 * step gets a `loadspecEndpoint` property at construction; Artillery copies step
 * properties onto the request params that hooks and trace events receive.
 * (The recorder plugin annotates the same key with the same names.)
 */
import type { ArtilleryScript } from './artillery.ts';
import { endpointName } from '../../src/core/endpoint-name.ts';

export const ENDPOINT_KEY = 'loadspecEndpoint';
const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** Sets `loadspecEndpoint` on every request step, at any depth. Returns how many. */
export function annotateEndpoints(script: ArtilleryScript): number {
  let count = 0;
  const visit = (flow: unknown): void => {
    if (!Array.isArray(flow)) return;
    for (const step of flow) {
      if (!isRecord(step)) continue;
      for (const method of HTTP_METHODS) {
        const params = step[method];
        if (!isRecord(params)) continue;
        const url = params['url'] ?? params['uri'];
        if (typeof url === 'string') {
          params[ENDPOINT_KEY] = endpointName(method, url);
          count += 1;
        }
      }
      visit(step['loop']);
      visit(step['parallel']);
    }
  };
  for (const scenario of script.scenarios ?? []) visit(scenario['flow']);
  return count;
}

/** The endpoint of a request, from its annotation or else its rendered URL. */
export function endpointOfRequest(params: unknown): string {
  if (!isRecord(params)) return 'UNKNOWN /';
  const annotated = params[ENDPOINT_KEY];
  if (typeof annotated === 'string') return annotated;
  const method = typeof params['method'] === 'string' ? params['method'] : 'GET';
  const url = params['url'];
  const href = typeof url === 'string' ? url : url instanceof URL ? url.href : '/';
  return endpointName(method, href);
}
