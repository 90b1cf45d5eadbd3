/**
 * A browser recording (HAR 1.2, as Chrome, Firefox and k6 Studio save it) read into the few
 * facts `loadspec init --from-har` uses: each request in order, when it started and ended,
 * what it sent and what came back.
 */
import { readFile } from 'node:fs/promises';

export interface HarEntry {
  /** Epoch ms when the request started, and how long it took (ms). */
  started: number;
  timeMs: number;
  method: string;
  url: URL;
  headers: [string, string][];
  body?: { mimeType: string; text: string; params?: [string, string][] };
  status: number;
  responseHeaders: [string, string][];
  responseMime: string;
  responseText: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

function pairs(list: unknown): [string, string][] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item): [string, string][] => (isRecord(item) && typeof item['name'] === 'string' ? [[item['name'], str(item['value'])]] : []));
}

function entryOf(raw: unknown): HarEntry | undefined {
  if (!isRecord(raw) || !isRecord(raw['request']) || !isRecord(raw['response'])) return undefined;
  const request = raw['request'];
  const response = raw['response'];
  let url: URL;
  try {
    url = new URL(str(request['url']));
  } catch {
    return undefined;
  }
  if (!/^https?:$/.test(url.protocol)) return undefined;
  const content = isRecord(response['content']) ? response['content'] : {};
  const encoded = str(content['text']);
  const entry: HarEntry = {
    started: Date.parse(str(raw['startedDateTime'])) || 0,
    timeMs: typeof raw['time'] === 'number' && raw['time'] > 0 ? raw['time'] : 0,
    method: str(request['method']).toUpperCase() || 'GET',
    url,
    headers: pairs(request['headers']),
    status: typeof response['status'] === 'number' ? response['status'] : 0,
    responseHeaders: pairs(response['headers']),
    responseMime: str(content['mimeType']),
    responseText: content['encoding'] === 'base64' ? Buffer.from(encoded, 'base64').toString('utf8') : encoded,
  };
  const post = request['postData'];
  if (isRecord(post)) {
    const params = pairs(post['params']);
    entry.body = { mimeType: str(post['mimeType']), text: str(post['text']), ...(params.length > 0 ? { params } : {}) };
  }
  return entry;
}

export async function readHar(file: string): Promise<{ ok: true; entries: HarEntry[] } | { ok: false; message: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error: unknown) {
    return { ok: false, message: `${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`}; give the .har file the browser saved (DevTools → Network → Save all as HAR)` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: `${file} is not JSON, so not a HAR recording; save it again from the browser (DevTools → Network → Save all as HAR)` };
  }
  const entries = isRecord(value) && isRecord(value['log']) && Array.isArray(value['log']['entries']) ? value['log']['entries'] : undefined;
  if (entries === undefined) return { ok: false, message: `${file} is not a HAR recording: it has no log.entries; save it from the browser (DevTools → Network → Save all as HAR)` };
  const read = entries.map(entryOf).filter((e): e is HarEntry => e !== undefined).sort((a, b) => a.started - b.started);
  if (read.length === 0) return { ok: false, message: `${file} holds no HTTP request; record again with the Network tab open while you use the site` };
  return { ok: true, entries: read };
}
