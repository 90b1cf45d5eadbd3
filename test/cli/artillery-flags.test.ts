/**
 * Artillery's flags on `run` and `validate`, in-process: each is understood before anything is
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
