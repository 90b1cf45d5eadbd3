/**
 * Inputs that would make Artillery send the text "undefined" or fail at start-up are refused
 * by the real CLI before anything is sent (issue 21, points 7 and 8): a flow variable nothing
 * sets, an unset {{ $env.X }}, a CSV whose rows lack a column the flow uses, a CSV Artillery
 * cannot parse, a processor with a syntax error, and a function or hook name the processor
 * does not export. `validate` says where (exit 2); `run` refuses with exit 2 and the counting
 * target receives nothing. A file whose every {{ }} has a source runs, and sends no "undefined".
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startCountingTarget, type CountingTarget } from '../helpers/counting-target.ts';
import { runCli } from '../helpers/run-cli.ts';

const dir = 'test/fixtures/config/inputs';
let target: CountingTarget;
let results: string;
before(async () => {
  target = await startCountingTarget();
  results = await mkdtemp(path.join(os.tmpdir(), 'loadspec-inputs-'));
});
after(async () => {
  await target.close();
  await rm(results, { recursive: true, force: true });
});

const env = { INPUTS_MODE: 'x', INPUTS_REPORT_ID: undefined };

/** Each class: the file, and the place and sentence `validate` and `run` must print. */
const refused: { name: string; file: string; says: RegExp }[] = [
  { name: 'a flow variable nothing sets', file: 'unset-name.yml', says: /unset-name\.yml:11:16 scenarios\[0\]\.flow\[0\]\.get\.url uses \{\{ itemID \}\}, which nothing sets, so Artillery would send the text "undefined"; did you mean "itemId"\?/ },
  { name: 'a CSV whose rows lack a column the flow uses', file: 'missing-column.yml', says: /names-only\.csv:1:1 this row of names-only\.csv has 1 column, but config\.payload\.fields names 2 and the flows use password \(column 2\)/ },
  { name: 'a CSV with a quote that is never closed', file: 'malformed-csv.yml', says: /unclosed-quote\.csv:2:1 a quote opens on this line and is never closed/ },
  { name: 'a processor with a syntax error', file: 'broken-processor.yml', says: /syntax-error\.js:4:\d+ the processor .*syntax-error\.js does not load: SyntaxError: Unexpected token ';'/ },
  { name: 'a function step and a hook the processor does not export', file: 'misspelt-function.yml', says: /misspelt-function\.yml:8:20 scenarios\[0\]\.afterResponse names the function "markRequst", which .*session\.js does not export \(it exports markRequest, startSession\), so Artillery would skip it; did you mean "markRequest"\?\n.*misspelt-function\.yml:10:19 scenarios\[0\]\.flow\[0\]\.function names the function "startSesion".*did you mean "startSession"\?/ },
];

for (const c of refused) {
  test(`${c.name}: validate and run exit 2 at its line, and nothing reaches the target`, async () => {
    const file = path.join(dir, c.file);
    const checked = await runCli(['validate', file], { env });
    assert.equal(checked.code, 2, checked.stdout + checked.stderr);
    assert.match(checked.stdout, c.says);
    const ran = await runCli(['run', file, '--target', target.url, '--no-monitor', '-q', '--results', results], { env });
    assert.equal(ran.code, 2, ran.stdout + ran.stderr);
    assert.match(ran.stdout, c.says);
    assert.match(ran.stdout, /Nothing was run/);
    assert.equal(target.total(), 0);
  });
}

test('an unset {{ $env.X }} in a flow: validate names it as needed at run time, run refuses it at its line and sends nothing', async () => {
  const file = path.join(dir, 'unset-env.yml');
  const checked = await runCli(['validate', file], { env });
  assert.equal(checked.code, 0, checked.stdout + checked.stderr);
  assert.match(checked.stdout, /unset-env\.yml: needs at run time: INPUTS_REPORT_ID/);
  const ran = await runCli(['run', file, '--target', target.url, '--no-monitor', '-q', '--results', results], { env });
  assert.equal(ran.code, 2, ran.stdout + ran.stderr);
  assert.match(ran.stdout, /unset-env\.yml:9:16 scenarios\[0\]\.flow\[0\]\.get\.url uses \{\{ \$env\.INPUTS_REPORT_ID \}\}, but INPUTS_REPORT_ID is not set, so Artillery would send the text "undefined"; set INPUTS_REPORT_ID in the environment/);
  assert.equal(target.total(), 0);
  const set = await runCli(['validate', file], { env: { ...env, INPUTS_REPORT_ID: 'r1' } });
  assert.equal(set.code, 0);
  assert.doesNotMatch(set.stdout, /needs at run time/);
});

test('a file whose every {{ }} has a source (payload, variables, capture, processor, unique-users, loop, built-ins, $env) runs and sends no "undefined"', async () => {
  const ran = await runCli(['run', path.join(dir, 'valid.yml'), '--target', target.url, '--no-monitor', '-q', '--results', results], { env });
  assert.equal(ran.code, 0, ran.stdout + ran.stderr);
  const paths = [...target.received.keys()];
  assert.deepEqual(paths.filter((p) => p.includes('undefined')), []);
  assert.equal(target.received.get('POST /login/alice'), 1);
  assert.equal(target.received.get('POST /login/bob'), 1);
  assert.equal(target.received.get('GET /items/true/1'), 2);
  assert.equal(paths.filter((p) => /^GET \/colour\/(red|green)\/corner\/loadtest_user_\w+\/x$/.test(p)).length, 4);
  assert.equal(target.total(), 8);
});
