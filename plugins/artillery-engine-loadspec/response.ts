/**
 * The response object hooks, plugins and trace listeners receive: the fields Artillery's
 * http engine hands them from got (statusCode, headers, body, timings, url), and an 'end'
 * event when the whole body has been read, which the recorder times the response by.
 */
import { EventEmitter } from 'node:events';
import zlib from 'node:zlib';

/** got's timings.phases, in ms (fractional here): only the phases this engine measures. */
export interface Phases {
  /** From the request's first byte sent to the response headers. */
  firstByte: number;
  /** From the request's first byte sent to the body's last byte (redirects not included). */
  total: number | undefined;
  /** Connect phase of a connection this request opened (DNS+TCP+TLS, all counted here); absent on a reused one. */
  tcp?: number;
  dns?: number;
  tls?: number;
}

export class EngineResponse extends EventEmitter {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[]>;
  readonly url: string;
  /** What got's response carries as its ClientRequest: method, path, host, and the user's agent (the slow-requests plugin finds the user by it). */
  readonly req: { method: string; path: string; host: string; agent: object };
  readonly timings: { phases: Phases };
  /** The decoded body text, once read (when something needs it: captures, hooks). */
  body: string | undefined = undefined;

  constructor(statusCode: number, headers: Record<string, string | string[]>, url: string, req: EngineResponse['req'], phases: Phases) {
    super();
    this.statusCode = statusCode;
    this.headers = headers;
    this.url = url;
    this.req = req;
    this.timings = { phases };
  }
}

/** undici's headers as Node's http client gives them: set-cookie always a list. */
export function nodeHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    out[name] = name === 'set-cookie' && !Array.isArray(value) ? [value] : value;
  }
  return out;
}

const DECODERS: Record<string, ((data: Buffer) => Buffer) | undefined> = {
  gzip: zlib.gunzipSync,
  'x-gzip': zlib.gunzipSync,
  deflate: zlib.inflateSync,
  br: zlib.brotliDecompressSync,
  zstd: typeof Reflect.get(zlib, 'zstdDecompressSync') === 'function' ? (data) => Reflect.apply(Reflect.get(zlib, 'zstdDecompressSync') as (b: Buffer) => Buffer, zlib, [data]) : undefined,
};

/** The body as text, decoded as Artillery's decompress-response does (undecodable bodies as they came). */
export function bodyText(chunks: Buffer[], encoding: string | string[] | undefined, decompress: boolean): string {
  const data = chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks);
  const decode = decompress && typeof encoding === 'string' ? DECODERS[encoding.trim().toLowerCase()] : undefined;
  if (decode === undefined || data.length === 0) return data.toString('utf8');
  try {
    return decode(data).toString('utf8');
  } catch {
    return data.toString('utf8');
  }
}
