/**
 * Values a recorded response produced (JSON fields, token headers, cookies), so that a later
 * request that reuses one gets it from a capture instead of replaying a dead literal.
 *
 * A value is traced only when it could not be there by chance: long or with digits (a token, a
 * uuid, "ord-1042"), or an id (a field named id / ...Id / ..._id) reused as an id: in a path, or
 * under a field or parameter whose name says id. `quantity: 1` never becomes a capture.
 */
import type { Capture } from '../scenario-model.ts';

export interface Producer {
  /** Index of the request whose response gave the value. */
  request: number;
  capture: Omit<Capture, 'as'>;
  /** The field or header it came from, e.g. "id", "access_token". */
  key: string;
  /** The resource it came from, e.g. "products" for GET /products, to name the variable. */
  resource: string;
}

const TOKEN_HEADERS = /^(x-)?(csrf|xsrf)[-_]token$|^x-auth-token$|^x-session-token$|^authorization$/i;
const ID_KEY = /(^id$|Id$|_id$|^uuid$|^key$)/;

export const isIdName = (name: string): boolean => ID_KEY.test(name);

/** A value that is hardly there by chance. */
export function distinctive(value: string): boolean {
  if (/^(true|false|null)$/i.test(value)) return false;
  return value.length >= 12 || (value.length >= 4 && /\d/.test(value) && /\D/.test(value)) || /^\d{4,}$/.test(value);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** JSONPath of a key under `path`, quoted when it is not a plain name. */
const child = (path: string, key: string): string => (/^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`);

export class ProducedValues {
  readonly #byValue = new Map<string, Producer>();
  /** Cookies a recorded response set: the replay's cookie jar sets them again. */
  readonly cookies = new Set<string>();

  /** The first response that gave a value produced it; later ones only echo it (GET /products/7 → { id: 7 }). */
  #remember(value: string, producer: Producer): void {
    if (!this.#byValue.has(value)) this.#byValue.set(value, producer);
  }

  /** Records what the response of request `index` gave. */
  add(index: number, resource: string, response: { mime: string; text: string; headers: [string, string][] }): void {
    for (const [name, value] of response.headers) {
      if (/^set-cookie$/i.test(name)) {
        const cookie = /^\s*([^=;\s]+)=/.exec(value)?.[1];
        if (cookie !== undefined) this.cookies.add(cookie);
      } else if (TOKEN_HEADERS.test(name) && value.length >= 8) {
        this.#remember(value.replace(/^Bearer\s+/i, ''), { request: index, capture: { header: name.toLowerCase() }, key: name, resource });
      }
    }
    if (!/json/i.test(response.mime) && !/^\s*[[{]/.test(response.text)) return;
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      return;
    }
    const seen = new Set<string>();
    const walk = (value: unknown, path: string, key: string, depth: number): void => {
      if (depth > 8) return;
      if (Array.isArray(value)) {
        value.slice(0, 50).forEach((item, i) => walk(item, `${path}[${i}]`, key, depth + 1));
      } else if (isRecord(value)) {
        for (const [k, v] of Object.entries(value)) walk(v, child(path, k), k, depth + 1);
      } else if ((typeof value === 'string' && value !== '') || typeof value === 'number') {
        const text = String(value);
        // The first place a value appears in a response is where it is captured from.
        if (seen.has(text) || !(distinctive(text) || isIdName(key))) return;
        seen.add(text);
        this.#remember(text, { request: index, capture: { json: path }, key, resource });
      }
    };
    walk(body, '$', '', 0);
  }

  /**
   * The producer of a value reused where `usedAs` says (a field name, a parameter, "path"), or
   * undefined when it did not come from a response or may be there by chance.
   */
  find(value: string, usedAs: string): Producer | undefined {
    const producer = this.#byValue.get(value);
    if (producer === undefined) return undefined;
    if (distinctive(value)) return producer;
    // A short value (7, "a1") only as an id where an id goes.
    return isIdName(producer.key) && (usedAs === 'path' || isIdName(usedAs)) ? producer : undefined;
  }
}
