/**
 * Reading an OpenAPI spec for `loadspec init --from-openapi`: a file (JSON or YAML), or a
 * URL on this machine only (FastAPI's /openapi.json). A spec elsewhere is refused: init
 * sends nothing off the machine; the user saves it first.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

export type ReadSpec =
  | { ok: true; spec: Record<string, unknown>; fetchedFrom?: URL }
  | { ok: false; message: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Loopback names: the only hosts init fetches from. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function parseSpec(text: string, where: string): ReadSpec {
  let value: unknown;
  try {
    value = parse(text);
  } catch (error: unknown) {
    return { ok: false, message: `${where} is neither JSON nor YAML (${(error as Error).message.split('\n')[0]}); give the OpenAPI document itself, e.g. FastAPI's /openapi.json` };
  }
  if (!isRecord(value) || !isRecord(value['paths'])) {
    return { ok: false, message: `${where} is not an OpenAPI document: it has no "paths"; give the spec of the API, e.g. http://127.0.0.1:8000/openapi.json` };
  }
  if (typeof value['openapi'] !== 'string' && typeof value['swagger'] === 'string') {
    return { ok: false, message: `${where} is a Swagger 2 document; convert it to OpenAPI 3 (e.g. with swagger2openapi) and give the result` };
  }
  return { ok: true, spec: value };
}

export async function readSpec(source: string): Promise<ReadSpec> {
  if (/^https?:\/\//i.test(source)) {
    let url: URL;
    try {
      url = new URL(source);
    } catch {
      return { ok: false, message: `--from-openapi "${source}" is not a URL; write it like http://127.0.0.1:8000/openapi.json` };
    }
    if (!isLoopback(url.hostname)) {
      return { ok: false, message: `--from-openapi fetches only from this machine (127.0.0.1, localhost), not ${url.host}; save the spec first (curl -o openapi.json ${url.origin}${url.pathname}) and give the file` };
    }
    if (url.username !== '' || url.password !== '') return { ok: false, message: '--from-openapi URL carries credentials; give it without user:password' };
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: 'error' });
      if (!response.ok) return { ok: false, message: `GET ${url.href} answered HTTP ${response.status}; give the URL of the spec, e.g. ${url.origin}/openapi.json` };
      const read = parseSpec(await response.text(), url.href);
      return read.ok ? { ...read, fetchedFrom: url } : read;
    } catch (error: unknown) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      return { ok: false, message: `could not fetch ${url.href} (${cause}); start the API, or save its spec to a file and give the file` };
    }
  }
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error: unknown) {
    return { ok: false, message: `${source}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`}; give the spec's file or its URL on this machine, e.g. http://127.0.0.1:8000/openapi.json` };
  }
  return parseSpec(text, source);
}
