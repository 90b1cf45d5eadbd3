/**
 * undici's failures under the names Artillery's http engine (got + agentkeepalive) gives the
 * same situation, so `errors.<name>` counters, onError hooks and the recorder read the same.
 */

/** An error as Artillery's onError hooks and `errors.<code>` counters see it. */
export class RequestFailure extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown; name?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = options?.name ?? 'RequestError';
  }
}

/** got's `timeout.response` (Artillery's `http.timeout`, 10 s by default): no response headers in time. */
export function responseTimeout(ms: number): RequestFailure {
  return new RequestFailure('ETIMEDOUT', `Timeout awaiting 'response' for ${ms}ms`, { name: 'TimeoutError' });
}

/** agentkeepalive's inactivity limit on an active socket (at least 8 s in Artillery). */
export function socketTimeout(ms: number): RequestFailure {
  return new RequestFailure('ERR_SOCKET_TIMEOUT', `Socket timeout after ${ms}ms`);
}

/** got's MaxRedirectsError. */
export function tooManyRedirects(limit: number): RequestFailure {
  return new RequestFailure('ERR_TOO_MANY_REDIRECTS', `Redirected ${limit} times. Aborting.`, { name: 'MaxRedirectsError' });
}

const UNDICI_TO_NODE: Record<string, string> = {
  // The peer closed the connection mid-exchange: Node's http client calls that a reset.
  UND_ERR_SOCKET: 'ECONNRESET',
  UND_ERR_CLOSED: 'ECONNRESET',
  UND_ERR_CONNECT_TIMEOUT: 'ETIMEDOUT',
};

const codeOf = (error: unknown): string | undefined => {
  const code: unknown = typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : undefined;
  return typeof code === 'string' ? code : undefined;
};

/**
 * The Artillery-named form of an undici error. `timeouts` say which limit each undici timeout
 * stands for (the smaller of got's response timeout and the socket's inactivity limit wins).
 */
export function artilleryError(error: unknown, timeouts: { headers: () => RequestFailure; body: () => RequestFailure }): Error {
  const code = codeOf(error);
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return timeouts.headers();
  if (code === 'UND_ERR_BODY_TIMEOUT') return timeouts.body();
  if (code !== undefined && UNDICI_TO_NODE[code] !== undefined) {
    const cause = error instanceof Error ? error : undefined;
    return new RequestFailure(UNDICI_TO_NODE[code], cause?.message ?? code, { cause });
  }
  // Connection errors (ECONNREFUSED, ENOTFOUND, ...) already carry Node's own codes.
  if (error instanceof Error) return error;
  return new RequestFailure('unknown', String(error));
}
