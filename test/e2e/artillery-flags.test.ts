/**
 * Artillery's run habits through the real CLI, real Artillery and a counting target:
 * a split test (--config), an environment (-e) sized from a dotenv file (--dotenv), a
 * payload file (-p) and flow variables (-v) mean what `artillery run` makes of them, and
 * a wrong value or name is refused before anything is sent.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startCountingTarget, type CountingTarget } from '../helpers/counting-target.ts';
import { startCli } from '../helpers/run-cli.ts';
import type { RunResult } from '../../src/core/types.ts';

const split = 'test/fixtures/config/split';
let target: CountingTarget;
let results: string;
before(async () => {
  target = await startCountingTarget();
  results = await mkdtemp(path.join(os.tmpdir(), 'loadspec-flags-'));
});
after(async () => {
  await target.close();
  await rm(results, { recursive: true, force: true });
});

const port = () => new URL(target.url).port;
const flags = ['--config', `${split}/config.yml`, '-e', 'quick', '-p', `${split}/ids.csv`, '-v', '{"page": "hello"}', '--no-monitor', '-q'];

test('--config, -e, --dotenv, -p and -v resolve as Artillery resolves them, and the target counts what they say', async () => {
  const run = startCli(['run', `${split}/scenario.yml`, ...flags, '--dotenv', `${split}/load.env`, '--output', results], { env: { TARGET_PORT: port(), USERS: undefined } });
  const { code, stdout, stderr } = await run.done;
  assert.equal(code, 0, stdout + stderr);
  // The environment's 4 users (USERS from the dotenv file), not the config's 100.
  assert.equal(target.received.get('GET /v/hello'), 4);
  const fromPayload = [...target.received].filter(([key]) => /^GET \/p\/(a1|b2|c3)$/.test(key)).reduce((sum, [, n]) => sum + n, 0);
  assert.equal(fromPayload, 4);
  assert.equal(target.total(), 8);
  assert.doesNotMatch(stderr, /req\/s/, '-q shows no live status line');
});

test('a templated number that is not one, an unset variable and an unknown environment are refused before anything is sent', async () => {
  const before = target.total();
  const bad = await startCli(['validate', `${split}/scenario.yml`, ...flags.slice(0, 8)], { env: { TARGET_PORT: port(), USERS: 'ten' } }).done;
  assert.equal(bad.code, 2);
  assert.match(bad.stdout, /config\.yml:13:25 config\.phases\[0\]\.arrivalCount must be .*\(got "ten"\); it is written "\{\{ \$env\.USERS \}\}", and \$env\.USERS is "ten"/);
  const unset = await startCli(['run', `${split}/scenario.yml`, ...flags], { env: { TARGET_PORT: port(), USERS: undefined } }).done;
  assert.equal(unset.code, 2);
  assert.match(unset.stdout, /config\.yml:13:25 config\.phases\[0\]\.arrivalCount is "\{\{ \$env\.USERS \}\}", but \$env\.USERS is not set/);
  const typo = await startCli(['run', `${split}/scenario.yml`, ...flags.map((f) => (f === 'quick' ? 'quik' : f))], { env: { TARGET_PORT: port(), USERS: '1' } }).done;
  assert.equal(typo.code, 2);
  assert.match(typo.stdout, /-e\/--environment "quik" is not in config\.environments; did you mean "quick"\?/);
  assert.equal(target.total(), before);
});

test("a script from Artillery's own tests (parallel requests, a processor) runs unchanged: 2 users x 3 requests", async () => {
  target.received.clear();
  const script = 'test/fixtures/artillery-corpus/artillery/packages/artillery/test/scripts/scenario-with-parallel/scenario.yml';
  const { code, stdout, stderr } = await startCli(['run', script, '--target', target.url, '--no-monitor', '-q', '--results', results]).done;
  assert.equal(code, 0, stdout + stderr);
  assert.deepEqual(Object.fromEntries(target.received), { 'GET /dino': 2, 'GET /pony': 2, 'GET /armadillo': 2 });
});

test("one file runs both ways, as Artillery's docs write it: a load test without -e (checks off, one line says so), a functional test of one user with -e functional", { timeout: 90_000 }, async () => {
  const file = 'test/fixtures/config/functional/docs-pattern.yml';
  const summaryOf = async (dir: string): Promise<RunResult> => {
    const [run] = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory());
    return JSON.parse(await readFile(path.join(dir, run?.name ?? '', 'summary.json'), 'utf8')) as RunResult;
  };
  target.received.clear();
  const loadDir = await mkdtemp(path.join(results, 'load-'));
  const load = await startCli(['run', file, '--target', target.url, '--no-monitor', '-q', '--results', loadDir]).done;
  assert.equal(load.code, 0, load.stdout + load.stderr);
  assert.match(load.stdout, /docs-pattern\.yml:22:13 note: response checks are off in this run, a load test \(2 requests have "expect:"\); config\.environments\.functional turns the expect plugin on: run with -e functional/);
  // 2 new users a second for 2 s, each sending 2 requests, none checked.
  assert.deepEqual(Object.fromEntries(target.received), { 'GET /ping': 4, 'GET /api/items': 4 });
  assert.deepEqual((await summaryOf(loadDir)).totals.errors, {});

  target.received.clear();
  const functionalDir = await mkdtemp(path.join(results, 'functional-'));
  const functional = await startCli(['run', file, '-e', 'functional', '--target', target.url, '--no-monitor', '-q', '--results', functionalDir]).done;
  assert.match(functional.stdout, /note: with -e functional, Artillery merges this phase into config\.phases\[0\] item by item; the merged phase has arrivalCount 1 and arrivalRate 2, and runs on arrivalCount 1/);
  assert.match(functional.stdout, /Plan: 1 user/);
  // One user, whose answers are checked: the target's body has no "items".
  assert.deepEqual(Object.fromEntries(target.received), { 'GET /ping': 1, 'GET /api/items': 1 });
  assert.deepEqual((await summaryOf(functionalDir)).totals.errors, { 'expect.hasProperty items': 1 });
});
