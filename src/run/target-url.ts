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

/** One sentence when `value` is not an http(s) URL, else null. */
export function describeBadTarget(value: string, source: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${source} "${value}" is not a URL; write it like http://127.0.0.1:8000`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `${source} "${value}" must start with http:// or https://`;
  }
  return null;
}
