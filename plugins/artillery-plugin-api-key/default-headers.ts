/**
 * Puts a header into the defaults Artillery's HTTP engine copies into every request.
 * Costs nothing per request beyond what Artillery already does for default headers
 * (a beforeRequest hook would add a hook call per request), and exists only in the
 * worker's memory: never in the script on disk, argv or logs.
 */
import type { HeaderDefaults, ScriptConfig } from '../shared/artillery.ts';

// Artillery sends this when a script sets no default headers; keep it when we add ours.
const ARTILLERY_USER_AGENT = 'Artillery (https://artillery.io)';

/** RFC 9110 token characters: what a header name may contain. */
export function isValidHeaderName(name: string): boolean {
  return /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name);
}

/**
 * Artillery reads `config.http.defaults.headers` if present, otherwise
 * `config.defaults.headers`, otherwise sends only its user agent: add the header
 * where it will be read. A header of the same name set on a request still wins.
 */
export function addDefaultHeader(config: ScriptConfig, name: string, value: string): void {
  const httpDefaults = config.http?.defaults;
  let target: HeaderDefaults;
  if (httpDefaults?.headers !== undefined) {
    target = httpDefaults;
  } else {
    config.defaults ??= {};
    target = config.defaults;
    target.headers ??= { 'user-agent': ARTILLERY_USER_AGENT };
  }
  const headers: Record<string, string> = { ...target.headers };
  // Header names are case-insensitive: replace any spelling of ours.
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name.toLowerCase()) delete headers[key];
  headers[name.toLowerCase()] = value;
  target.headers = headers;
}
