/**
 * `loadspec init` writes a file that validates and runs as written: from --endpoint flags
 * against the demo target and a shop API, and from the shop API's OpenAPI spec.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../helpers/run-cli.ts';
import { startDemoTarget } from '../../src/target/server.ts';
import { SHOP_SPEC, SHOP_USER, startShopApi } from '../helpers/shop-api.ts';

const reportsOf = (stdout: string): string => /^Reports: (.+)$/m.exec(stdout)?.[1] ?? '';

async function endpointNames(stdout: string): Promise<string[]> {
  const summary = JSON.parse(await readFile(path.join(reportsOf(stdout), 'summary.json'), 'utf8')) as { endpoints: { name: string }[] };
  return summary.endpoints.map((e) => e.name).sort();
}

test('init writes a commented scenario for the endpoints given, which runs as written to a verdict', { timeout: 90_000 }, async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-init-'));
  const file = path.join(dir, 'my-api.yml');
  const target = await startDemoTarget({ port: 0, apiKey: 'init-key', latencyScale: 0 });
  try {
    const init = await runCli(['init', '--target', target.url, '--out', file, '--api-key', '--endpoint', 'GET /api/v1/reminders?user_id={userId}', '--endpoint', 'GET /api/v1/gamification/xp?user_id={userId}']);
    assert.equal(init.code, 0, init.stdout + init.stderr);
    assert.match(init.stdout, /Set first: LOADSPEC_API_KEY \(the key sent as X-API-Key\)/);
    const text = await readFile(file, 'utf8');
    assert.match(text, /^# yaml-language-server: \$schema=.*schema\/loadspec\.schema\.json\n/);
    assert.match(text, /- p95 < 3s\n\s+- error rate < 1%/);
    assert.match(text, new RegExp(`target: "${target.url}"`));
    assert.match(text, /qs: \{ user_id: "\{\{ userId \}\}" \}/);
    const run = await runCli(['run', file, '--results', dir, '--no-monitor'], { env: { LOADSPEC_API_KEY: 'init-key' } });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    // 5 users held for 10 s, sessions of 6 requests over 6 s: two sessions each, as planned.
    assert.match(run.stdout, /^Plan: 10 users \(at most 5 at once\), ~60 requests over ~13s\n/);
    assert.match(run.stdout, /Verdict: PASSED/);
    assert.equal(target.metrics().users.requests, 60);
    assert.equal(target.metrics().users.distinct, 10);
  } finally {
    await target.stop();
  }
});

test('init from scratch fits the API: {id} draws from a value list, reported as written, no key, no invented body', { timeout: 90_000 }, async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-init-'));
  const file = path.join(dir, 'shop.yml');
  const shop = await startShopApi();
  try {
    const init = await runCli(['init', '--target', shop.url, '--out', file, '--endpoint', 'GET /products/{id}', '--endpoint', 'POST /checkout']);
    assert.equal(init.code, 0, init.stdout + init.stderr);
    assert.match(init.stdout, /Values for \{id\} are under config.variables: check them\./);
    const text = await readFile(file, 'utf8');
    const written = parse(text) as { config: { variables: Record<string, unknown>; plugins: Record<string, unknown> }; scenarios: unknown };
    assert.deepEqual(written.config.variables, { id: [1, 2, 3] });
    assert.equal(written.config.plugins['api-key'], undefined, 'no key was asked for');
    assert.match(text, /# api-key: \{\}/, 'how to switch it on is said in a comment');
    assert.match(text, /- function: draw id +# a new \{id\} for this request/);
    assert.match(text, /url: "\/products\/\{\{ id \}\}" +# reported as GET \/products\/\{id\}/);
    assert.doesNotMatch(JSON.stringify(written.scenarios), /user_id|"json"|"qs"/, 'no field is invented');

    const run = await runCli(['run', file, '--results', dir, '--no-monitor']);
    // The checkout has no body yet: the API refuses it, and the product calls all succeed.
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.deepEqual(await endpointNames(run.stdout), ['GET /products/{id}', 'POST /checkout']);
    assert.equal(shop.answered.get('GET /products/{id} 404'), undefined);
    assert.equal(shop.answered.get('GET /products/{id} 200'), 30);
    assert.equal(shop.answered.get('POST /checkout 401'), 30);
  } finally {
    await shop.close();
  }
});

test('init --from-openapi writes a test of the spec that logs in once per user and runs as written', { timeout: 90_000 }, async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-init-'));
  const file = path.join(dir, 'shop.yml');
  const shop = await startShopApi();
  try {
    const init = await runCli(['init', '--from-openapi', `${shop.url}/openapi.json`, '--out', file]);
    assert.equal(init.code, 0, init.stdout + init.stderr);
    assert.match(init.stdout, /Set first: LOADSPEC_USERNAME \(the user the test logs in as\), LOADSPEC_PASSWORD \(that user's password\)\./);
    const text = await readFile(file, 'utf8');
    assert.ok(!text.includes(SHOP_USER.password) && !text.includes('ada'), 'no credential is written');
    const written = parse(text) as { loadspec: { health: { path: string } }; config: { target: string; variables: Record<string, unknown> } };
    assert.equal(written.config.target, shop.url);
    assert.equal(written.loadspec.health.path, '/health');
    assert.deepEqual(written.config.variables, { id: [1, 2, 3, 4, 5] }, 'the range of {id} in the spec');
    assert.match(text, /json: \{ product_id: 2, quantity: 1 \}/, 'required fields, from the example and the range');
    assert.match(text, /#   DELETE \/cart\/\{item\}: it deletes data/);

    const run = await runCli(['run', file, '--results', dir, '--no-monitor'], { env: { LOADSPEC_USERNAME: SHOP_USER.username, LOADSPEC_PASSWORD: SHOP_USER.password } });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /Verdict: PASSED/);
    assert.deepEqual(await endpointNames(run.stdout), ['GET /cart', 'GET /products', 'GET /products/{id}', 'POST /cart', 'POST /checkout', 'POST /login']);
    // One login per user, then only successes: every call reached the API as it is written.
    assert.equal(shop.answered.get('POST /login 200'), 10);
    assert.deepEqual([...shop.answered.keys()].filter((k) => !/ 20\d$/.test(k)), []);
    const reports = await readFile(path.join(reportsOf(run.stdout), 'summary.json'), 'utf8');
    assert.ok(!reports.includes(SHOP_USER.password), 'the password reaches no report');
  } finally {
    await shop.close();
  }
});

test('init --from-openapi reads a file, fetches only from this machine, and says what is wrong', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-init-'));
  const spec = path.join(dir, 'openapi.json');
  await writeFile(spec, JSON.stringify({ ...SHOP_SPEC, servers: [{ url: 'http://127.0.0.1:9/api' }] }));
  const fromFile = await runCli(['init', '--from-openapi', spec, '--out', path.join(dir, 'a.yml')]);
  assert.equal(fromFile.code, 0, fromFile.stdout);
  const text = await readFile(path.join(dir, 'a.yml'), 'utf8');
  assert.match(text, /target: "http:\/\/127\.0\.0\.1:9"/);
  assert.match(text, /url: "\/api\/products\/\{\{ id \}\}"/, "the server's path prefixes every path");

  const remote = await runCli(['init', '--from-openapi', 'http://api.example.com/openapi.json', '--out', path.join(dir, 'b.yml')]);
  assert.equal(remote.code, 2);
  assert.equal(remote.stdout, 'loadspec init: --from-openapi fetches only from this machine (127.0.0.1, localhost), not api.example.com; save the spec first (curl -o openapi.json http://api.example.com/openapi.json) and give the file\n');
  const missing = await runCli(['init', '--from-openapi', path.join(dir, 'nope.json'), '--out', path.join(dir, 'c.yml')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stdout, /nope\.json: no such file; give the spec's file or its URL on this machine/);
  const notSpec = path.join(dir, 'not-spec.json');
  await writeFile(notSpec, '{"hello": 1}');
  const wrong = await runCli(['init', '--from-openapi', notSpec, '--out', path.join(dir, 'd.yml')]);
  assert.match(wrong.stdout, /is not an OpenAPI document: it has no "paths"/);
});

test('init refuses a bad endpoint, a bad target and an existing file, writing nothing', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-init-'));
  const existing = path.join(dir, 'taken.yml');
  await writeFile(existing, 'keep me\n');
  const run = await runCli(['init', '--target', 'ftp://x', '--out', existing, '--endpoint', 'FETCH /x']);
  assert.equal(run.code, 2);
  assert.deepEqual(run.stdout.trim().split('\n'), [
    'loadspec init: --target "ftp://x" must start with http:// or https://',
    'loadspec init: --endpoint "FETCH /x" is not an endpoint; write the method and the path, e.g. --endpoint "GET /api/items" or "GET /api/items/{id}" (methods: GET, POST, PUT, PATCH, DELETE, HEAD)',
    `loadspec init: ${existing} already exists; give another file with --out, or move it away (init never overwrites)`,
  ]);
  assert.equal(await readFile(existing, 'utf8'), 'keep me\n');
});

test('init refuses a target without http:// (exit 2) and never prints its password, also with --from-har', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-init-'));
  const plain = await runCli(['init', '--target', 'admin:pa55word@127.0.0.1:8080', '--out', path.join(dir, 'a.yml')]);
  assert.equal(plain.code, 2);
  assert.deepEqual(plain.stdout.trim().split('\n'), ['loadspec init: --target "***@127.0.0.1:8080" has no http:// or https:// in front; write it like http://***@127.0.0.1:8080']);
  const har = path.join(dir, 'empty.har');
  await writeFile(har, JSON.stringify({ log: { version: '1.2', entries: [] } }));
  const recorded = await runCli(['init', '--from-har', har, '--target', 'admin:pa55word@127.0.0.1:8080', '--out', path.join(dir, 'b.yml')]);
  assert.equal(recorded.code, 2);
  assert.match(recorded.stdout, /--target "\*\*\*@127\.0\.0\.1:8080" has no http:\/\//);
  for (const output of [plain.stdout, plain.stderr, recorded.stdout, recorded.stderr]) assert.doesNotMatch(output, /pa55word/);
  assert.equal(existsSync(path.join(dir, 'a.yml')) || existsSync(path.join(dir, 'b.yml')), false);
});
