import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a route answers; the server writes it and counts the status. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Sent as text/plain instead of JSON (the Prometheus endpoint). */
  text?: true;
}

const MAX_BODY_BYTES = 64 * 1024;

/** The request body, or null when it is larger than any client of this API would send. */
export function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export function send(response: ServerResponse, reply: Reply): void {
  if (response.destroyed || response.writableEnded) return;
  const payload = reply.text === true ? String(reply.body) : JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    'content-type': reply.text === true ? 'text/plain; version=0.0.4; charset=utf-8' : 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    ...reply.headers,
  });
  response.end(payload);
}

/** A JSON error body every client can rely on: a machine code, a sentence, and the field when one is at fault. */
export function errorReply(status: number, error: string, message: string, field?: string): Reply {
  return { status, body: field === undefined ? { error, message } : { error, message, field } };
}
