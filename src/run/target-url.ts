/** The target with any `user:password@` removed, for results and reports. */
export function stripCredentials(target: string): string {
  try {
    const url = new URL(target);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return target;
  }
}

/** One sentence when `value` is not an http(s) URL, else null. A `user:password@` in it is shown as `***@`. */
export function describeBadTarget(value: string, source: string): string | null {
  const shown = value.replace(/^([^/]*\/\/)[^/@]*@/, '$1***@');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${source} "${shown}" is not a URL; write it like http://127.0.0.1:8000`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `${source} "${shown}" must start with http:// or https://`;
  }
  return null;
}

/** The child's environment variable that carries a target's `user:password@` as an Authorization header value. */
export const TARGET_AUTHORIZATION_ENV = 'LOADSPEC_TARGET_AUTHORIZATION';

export interface TargetCredentials {
  /** The target without `user:password@`: what script.json, reports and the console show. */
  url: string;
  /** `Basic <base64>` for the credentials the URL held, or null when it held none. */
  authorization: string | null;
  /** What must never be shown: `user:password` and the password as written, decoded, and the Basic token. */
  secrets: string[];
}

/**
 * Takes the credentials out of a target URL. Artillery (got) would send them as
 * Basic authentication; the runner sends the same header from the child's
 * environment instead, so the script file on disk holds no secret.
 */
export function splitCredentials(target: string): TargetCredentials {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return { url: target, authorization: null, secrets: [] };
  }
  if (url.username === '' && url.password === '') return { url: target, authorization: null, secrets: [] };
  const decode = (text: string): string => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  const user = decode(url.username);
  const password = decode(url.password);
  const token = Buffer.from(`${user}:${password}`).toString('base64');
  // user:password as written first, so `http://user:pw@host` shows as `http://***@host`.
  const userinfo = url.password === '' ? url.username : `${url.username}:${url.password}`;
  const secrets = [...new Set([userinfo, url.password, password, token].filter((s) => s !== ''))];
  return { url: stripCredentials(target), authorization: `Basic ${token}`, secrets };
}
