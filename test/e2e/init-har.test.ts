/**
 * `loadspec init --from-har` turns a browser recording of the shop into a scenario that
 * replays it against a fresh instance: other hosts and static files dropped and listed,
 * pauses kept, values responses gave captured (a token issued per login, a product id from
 * the list), secrets read from the environment and never written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/run-cli.ts';
import { PRODUCTS, SHOP_USER, startShopApi } from '../helpers/shop-api.ts';

const RECORDED_TOKEN = 'shop-recorded-token-0f1e2d3c';
const SECRETS = [SHOP_USER.password, RECORDED_TOKEN, 'tracking-cookie-value', 'key-1234'];

interface Recorded {
  at: number;
  method: string;
  url: string;
  headers?: Record<string, string>;
  json?: unknown;
  status: number;
  mime: string;
  response?: unknown;
  responseHeaders?: Record<string, string>;
}

/** A HAR 1.2 file as Chrome saves it, from the requests of one visit. */
function har(requests: Recorded[]): string {
  const t0 = Date.parse('2026-12-07T10:00:00.000Z');
  const pairs = (map: Record<string, string> = {}) => Object.entries(map).map(([name, value]) => ({ name, value }));
  return JSON.stringify({
    log: {
      version: '1.2',
      creator: { name: 'WebInspector', version: '537.36' },
      entries: requests.map((r) => ({
        startedDateTime: new Date(t0 + r.at * 1000).toISOString(),
        time: 50,
        request: {
          method: r.method,
          url: r.url,
          httpVersion: 'HTTP/1.1',
          headers: pairs({ 'User-Agent': 'Mozilla/5.0', 'Accept-Encoding': 'gzip', ...r.headers }),
          queryString: [],
          ...(r.json === undefined ? {} : { postData: { mimeType: 'application/json', text: JSON.stringify(r.json) } }),
        },
        response: {
          status: r.status,
          headers: pairs(r.responseHeaders),
          content: { mimeType: r.mime, text: r.response === undefined ? '' : JSON.stringify(r.response) },
        },
        timings: { send: 1, wait: 48, receive: 1 },
      })),
    },
  });
}

test('init --from-har replays the API part of a recording with captures for what responses gave, secrets from the environment', { timeout: 90_000 }, async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-har-'));
  const shop = await startShopApi();
  try {
    const bearer = { Authorization: `Bearer ${RECORDED_TOKEN}`, Accept: 'application/json' };
    const recording = path.join(dir, 'shop.har');
    await writeFile(recording, har([
      { at: 0, method: 'GET', url: 'https://cdn.example.com/lib.js', status: 200, mime: 'application/javascript' },
      { at: 0.1, method: 'GET', url: `${shop.url}/static/logo.png`, status: 200, mime: 'image/png' },
      { at: 0.2, method: 'POST', url: `${shop.url}/login`, json: SHOP_USER, status: 200, mime: 'application/json', response: { access_token: RECORDED_TOKEN, token_type: 'bearer' }, responseHeaders: { 'Set-Cookie': 'sid=abc123; Path=/' } },
      { at: 2.25, method: 'GET', url: `${shop.url}/products`, headers: { Cookie: 'sid=abc123; tracking=tracking-cookie-value' }, status: 200, mime: 'application/json', response: PRODUCTS },
      { at: 3.8, method: 'GET', url: `${shop.url}/products/4`, status: 200, mime: 'application/json', response: PRODUCTS[3] },
      { at: 5.35, method: 'POST', url: `${shop.url}/cart`, headers: { ...bearer, 'X-Api-Key': 'key-1234' }, json: { product_id: 4, quantity: 1 }, status: 201, mime: 'application/json', response: { added: true } },
      { at: 5.6, method: 'GET', url: `${shop.url}/cart`, headers: bearer, status: 200, mime: 'application/json', response: { items: [] } },
      { at: 7.2, method: 'POST', url: `${shop.url}/checkout`, headers: bearer, json: { payment: 'card' }, status: 200, mime: 'application/json', response: { ordered: true } },
    ]));
    const file = path.join(dir, 'replay.yml');
    const init = await runCli(['init', '--from-har', recording, '--out', file]);
    assert.equal(init.code, 0, init.stdout + init.stderr);
    assert.match(init.stdout, /^Wrote .*replay\.yml \(6 requests against http:\/\/127\.0\.0\.1:\d+\)\.\nDropped, other hosts: cdn\.example\.com \(1\)\.\nDropped, static files \(scripts, styles, pictures, fonts\): 1; --keep-static keeps them\.\n/);
    assert.match(init.stdout, /Set first: LOADSPEC_PASSWORD \(the password the recording sent\), LOADSPEC_COOKIE_TRACKING \(the tracking cookie the browser sent\), LOADSPEC_X_API_KEY \(the X-Api-Key header the recording sent\)\./);

    const text = await readFile(file, 'utf8');
    for (const secret of SECRETS) assert.ok(!text.includes(secret), `${secret} is not in the file`);
    // The token and the product id come from the responses that gave them, not from the recording.
    assert.match(text, /- post:\n\s+url: "\/login"\n\s+json: \{ username: "ada", password: "\{\{ \$env\.LOADSPEC_PASSWORD \}\}" \}\n[\s\S]*?capture:.*\n\s+- \{ json: "\$\.access_token", as: access_token \}/);
    assert.match(text, /url: "\/products"\n[\s\S]*?- \{ json: "\$\[3\]\.id", as: productId \}/);
    assert.match(text, /url: "\/products\/\{\{ productId \}\}" +# reported as GET \/products\/\{productId\}/);
    assert.match(text, /json: \{ product_id: "\{\{ productId \}\}", quantity: 1 \}/);
    assert.match(text, /headers: \{ Authorization: "Bearer \{\{ access_token \}\}", Accept: "application\/json", X-Api-Key: "\{\{ \$env\.LOADSPEC_X_API_KEY \}\}" \}/);
    assert.match(text, /cookie: \{ tracking: "\{\{ \$env\.LOADSPEC_COOKIE_TRACKING \}\}" \}/);
    // The pauses of the recording, from the end of one request to the start of the next: none under half a second.
    assert.deepEqual([...text.matchAll(/- think: (\S+) +# the pause in the recording/g)].map((m) => m[1]), ['2', '1.5s', '1.5s', '1.6s']);

    const run = await runCli(['run', file, '--results', dir, '--no-monitor'], {
      env: { LOADSPEC_PASSWORD: SHOP_USER.password, LOADSPEC_COOKIE_TRACKING: 't', LOADSPEC_X_API_KEY: 'k' },
    });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /Verdict: PASSED/);
    // Every replayed request reached the fresh instance and succeeded: each user's own token and the listed product.
    assert.deepEqual([...shop.answered.keys()].filter((k) => !/ 20\d$/.test(k)), []);
    assert.equal(shop.answered.get('POST /login 200'), 10);
    assert.equal(shop.answered.get('POST /cart 201'), 10);
    assert.equal(shop.answered.get('GET /products/{id} 200'), 10);
  } finally {
    await shop.close();
  }
});

test('init --from-har says what is wrong with a file that is not a recording', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-har-'));
  const notHar = path.join(dir, 'x.har');
  await writeFile(notHar, '{"hello": 1}');
  const run = await runCli(['init', '--from-har', notHar, '--out', path.join(dir, 'a.yml')]);
  assert.equal(run.code, 2);
  assert.equal(run.stdout, `loadspec init: ${notHar} is not a HAR recording: it has no log.entries; save it from the browser (DevTools → Network → Save all as HAR)\n`);
});
