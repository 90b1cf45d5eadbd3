/**
 * Artillery's flags on `run`, `validate` and `plan`, in-process: each is understood before anything is
 * read or sent, and a flag that cannot be understood is one sentence and exit 2.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildProgram } from '../../src/cli/program.ts';
import { ExitCode, type ExitCodeValue } from '../../src/core/exit-codes.ts';

async function cli(args: string[]): Promise<{ code: ExitCodeValue | undefined; text: string }> {
  let text = '';
  let code: ExitCodeValue | undefined;
  const out = { write: (s: string) => void (text += s), isTTY: false, color: false };
  await buildProgram(out, out, (c) => (code = c)).parseAsync(['node', 'loadspec', ...args]);
  return { code, text };
}

const split = 'test/fixtures/config/split';

test('validate takes --config, -e, -p, -v and --dotenv, and a split test is valid only with both halves', async () => {
  const alone = await cli(['validate', `${split}/scenario.yml`]);
  assert.equal(alone.code, ExitCode.usage);
  assert.match(alone.text, /scenario\.yml:2:1 the file has no "config:": if it is the scenario half of a split test, give its config with --config <file>/);
  process.env['TARGET_PORT'] = '18121';
  try {
    const both = await cli(['validate', `${split}/scenario.yml`, '-c', `${split}/config.yml`, '-e', 'quick', '-p', `${split}/ids.csv`, '-v', '{"page": "x"}', '--dotenv', `${split}/load.env`]);
    assert.deepEqual(both, { code: ExitCode.passed, text: `${split}/scenario.yml: valid\n` });
  } finally {
    delete process.env['TARGET_PORT'];
  }
});

test('flags that cannot be understood are one sentence each, exit 2, nothing run', async () => {
  const bad = await cli(['run', 'configs/smoke.yml', '-v', '{page: 1}', '--overrides', '[1]', '--config', 'nope.yml', '--dotenv', 'missing.env', '-o', 'report.json']);
  assert.equal(bad.code, ExitCode.usage);
  const lines = bad.text.trim().split('\n');
  assert.deepEqual(lines.slice(0, -1), [
    `loadspec: --config nope.yml: no such file; give the path of a YAML or JSON file with a "config:" section (relative to ${process.cwd()})`,
    `loadspec: --dotenv missing.env: no such file; give the path of a file of NAME=value lines (relative to ${process.cwd()})`,
    "loadspec: -v/--variables is not JSON (Expected property name or '}' in JSON at position 1 (line 1 column 2)); write a JSON object in single quotes, e.g. -v/--variables '{\"users\": 10}'",
    `loadspec: --overrides must be a JSON object (got [1]); write e.g. --overrides '{"config": {"phases": [{"duration": 10, "arrivalRate": 1}]}}'`,
    "loadspec: --output report.json: loadspec writes a run directory (Artillery's JSON report is artillery.json inside it); give a folder, e.g. --output results/",
  ]);
  assert.match(lines.at(-1) ?? '', /^Nothing was run/);
});

test('validate accepts values the run gives and names them in one line; run refuses them unset, at the line, before sending', async () => {
  const file = 'test/fixtures/config/run-time/from-the-run.yml';
  const checked = await cli(['validate', file]);
  assert.deepEqual(checked, {
    code: ExitCode.passed,
    text: `${file}: valid\n${file}: needs at run time: LOADSPEC_TEST_PORT, LOADSPEC_TEST_RATE (a number: config.phases[0].arrivalRate), wait (-v/--variables, a number: config.http.timeout)\n`,
  });
  const given = await cli(['validate', file, '-v', '{"wait": 5}']);
  assert.match(given.text, /needs at run time: LOADSPEC_TEST_PORT, LOADSPEC_TEST_RATE \(a number: config\.phases\[0\]\.arrivalRate\)\n$/);
  const ran = await cli(['run', file, '-v', '{"wait": 5}']);
  assert.equal(ran.code, ExitCode.usage);
  const lines = ran.text.trim().split('\n');
  assert.match(lines[0] ?? '', /from-the-run\.yml:3:11 config\.target is "http:\/\/127\.0\.0\.1:\{\{ \$env\.LOADSPEC_TEST_PORT \}\}", but \$env\.LOADSPEC_TEST_PORT is not set/);
  assert.match(lines[1] ?? '', /from-the-run\.yml:6:20 config\.phases\[0\]\.arrivalRate is "\{\{ \$env\.LOADSPEC_TEST_RATE \}\}", but \$env\.LOADSPEC_TEST_RATE is not set/);
  assert.match(lines.at(-1) ?? '', /^Nothing was run/);
});

test('one needs-at-run-time line names what config and the flows take from the run; plan prints it too, and refuses an unset phase value as run does', async () => {
  const file = 'test/fixtures/config/run-time/config-and-flows.yml';
  const needs = `${file}: needs at run time: LOADSPEC_TEST_PORT, LOADSPEC_TEST_REPORT\n`;
  assert.deepEqual(await cli(['validate', file]), { code: ExitCode.passed, text: `${file}: valid\n${needs}` });
  const plan = await cli(['plan', file]);
  assert.equal(plan.code, ExitCode.passed);
  assert.match(plan.text, /In all: 1 user/);
  assert.ok(plan.text.endsWith(needs), plan.text);
  const ran = await cli(['run', file]);
  assert.equal(ran.code, ExitCode.usage);
  assert.match(ran.text, /config-and-flows\.yml:3:11 config\.target is "http:\/\/127\.0\.0\.1:\{\{ \$env\.LOADSPEC_TEST_PORT \}\}", but \$env\.LOADSPEC_TEST_PORT is not set/);
  assert.match(ran.text, /config-and-flows\.yml:10:16 scenarios\[0\]\.flow\[0\]\.get\.url uses \{\{ \$env\.LOADSPEC_TEST_REPORT \}\}, but LOADSPEC_TEST_REPORT is not set/);
  const sized = 'test/fixtures/config/run-time/from-the-run.yml';
  const unsized = await cli(['plan', sized, '-v', '{"wait": 5}']);
  assert.equal(unsized.code, ExitCode.usage);
  assert.match(unsized.text, /from-the-run\.yml:6:20 config\.phases\[0\]\.arrivalRate is "\{\{ \$env\.LOADSPEC_TEST_RATE \}\}", but \$env\.LOADSPEC_TEST_RATE is not set/);
  assert.doesNotMatch(unsized.text, /In all/);
});

const functional = 'test/fixtures/config/functional/docs-pattern.yml';

test("Artillery's functional-environment pattern: a load test without -e or with -e staging (one line: checks off, -e functional turns them on), a functional test with -e functional", async () => {
  const checksOff = `${functional}:22:13 note: response checks are off in this run, a load test (2 requests have "expect:"); config.environments.functional turns the expect plugin on: run with -e functional for a functional test\n`;
  assert.deepEqual(await cli(['validate', functional]), { code: ExitCode.passed, text: `${functional}: valid\n${checksOff}` });
  assert.deepEqual(await cli(['validate', functional, '-e', 'staging']), { code: ExitCode.passed, text: `${functional}: valid\n${checksOff}` });
  const merged = `${functional}:13:11 note: with -e functional, Artillery merges this phase into config.phases[0] item by item; the merged phase has arrivalCount 1 and arrivalRate 2, and runs on arrivalCount 1, as Artillery runs it (arrivalRate 2 not used)\n`;
  assert.deepEqual(await cli(['validate', functional, '-e', 'functional']), { code: ExitCode.passed, text: `${functional}: valid\n${merged}` });
  const plan = await cli(['plan', functional, '-e', 'functional']);
  assert.equal(plan.code, ExitCode.passed);
  assert.match(plan.text, /In all: 1 user \(at most 1 at once\), ~2 requests over ~1s/);
  assert.ok(plan.text.endsWith(merged));
  const json = await cli(['plan', functional, '-e', 'functional', '--json']);
  assert.equal((JSON.parse(json.text) as { users: number }).users, 1);
});

test('an environment that writes fewer phases than config.phases is pointed out: the others run too', async () => {
  const file = 'test/fixtures/config/functional/kept-phases.yml';
  const checked = await cli(['validate', file, '-e', 'smoke']);
  assert.deepEqual(checked, {
    code: ExitCode.passed,
    text: `${file}: valid\n${file}:11:7 note: with -e smoke, config.phases[1], which the environment does not write, runs too (Artillery merges the environment's phases into config.phases item by item); to run only the environment's phases, give them with --overrides, which replaces the list\n`,
  });
  const plan = await cli(['plan', file, '-e', 'smoke']);
  assert.match(plan.text, /In all: 1,205 users/);
});
