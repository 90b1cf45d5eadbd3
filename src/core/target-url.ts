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

/**
 * `text` with everything before its (last) `@` shown as `***`, scheme kept: a target's
 * `user:password@` hidden however it is written, `http://u:p@host` or `u:p@host`. Up to the
 * last `@`, because a password may hold an unencoded `@`; hiding too much beats showing it.
 */
export function hideUserinfo(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^]*@/i, (_match, scheme: string | undefined) => `${scheme ?? ''}***@`);
}

/** A word that reads as a host (`127.0.0.1:8000`, `api.example.com`, `localhost`) rather than something else. */
const HOST_LIKE = /^(?:.*@)?(?:localhost|\[[0-9a-f:.]+\]|[^\s/?#:@]*\.[^\s/?#:@]*)(?::\d+)?(?:[/?#]\S*)?$/i;

/**
 * One sentence when `value` is not a usable http(s) URL (exit 2: the run cannot start),
 * else null. A `user:password@` in it is shown as `***@`, with or without a scheme.
 */
export function describeBadTarget(value: string, source: string): string | null {
  const shown = hideUserinfo(value);
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    // `user:pw@host:8080` parses as a URL of scheme "user:"; say what is missing instead.
    return HOST_LIKE.test(value.trim())
      ? `${source} "${shown}" has no http:// or https:// in front; write it like http://${shown}`
      : `${source} "${shown}" is not a URL; write it like http://127.0.0.1:8000`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${source} "${shown}" is not a URL; write it like http://127.0.0.1:8000`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `${source} "${shown}" must start with http:// or https://`;
  }
  if (url.hostname === '') return `${source} "${shown}" names no host; write it like http://127.0.0.1:8000`;
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
