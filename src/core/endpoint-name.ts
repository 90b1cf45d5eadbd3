/**
 * How loadspec names an endpoint everywhere (slow-request records, counters,
 * RunWindow.endpoints): `METHOD /path`, query string removed so that secrets and
 * per-user values in it never reach a file, e.g. `GET /api/v1/reminders`.
 *
 * A `{{ variable }}` in the path is written `{variable}`, as an API's own documentation
 * (OpenAPI) writes a path parameter: `/products/{{ id }}` is `GET /products/{id}`, which
 * a criterion can name (`p95 of GET /products/{id} < 1s`) without spaces inside braces.
 */
export function endpointName(method: string, pathOrUrl: string): string {
  let path = pathOrUrl;
  const scheme = path.indexOf('://');
  if (scheme !== -1) {
    const slash = path.indexOf('/', scheme + 3);
    path = slash === -1 ? '/' : path.slice(slash);
  }
  const query = path.search(/[?#]/);
  if (query !== -1) path = path.slice(0, query);
  path = path.replace(/\{\{\s*([^{}]*?)\s*\}\}/g, '{$1}');
  return `${method.toUpperCase()} ${path === '' ? '/' : path}`;
}
