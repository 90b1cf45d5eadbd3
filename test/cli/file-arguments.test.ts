/**
 * File arguments are read from the folder the command was typed in (also under
 * `pnpm test:load`, which moves to the project folder), and a name that is not there
 * gets a "did you mean", told apart from a mistyped command and from a word that is neither.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { runCli, REPO_ROOT } from '../helpers/run-cli.ts';
import { missingFileMessage, startedIn } from '../../src/cli/file-arguments.ts';

const COMMANDS = ['run', 'validate', 'plan', 'init', 'runs'];
const CONFIGS = path.join(REPO_ROOT, 'configs');
/** What pnpm sets when `bin/pnpm test:load` is typed in configs/. */
const FROM_CONFIGS = { npm_lifecycle_event: 'test:load', INIT_CWD: CONFIGS };

test('a mistyped file name gets a did you mean, a mistyped command another, a word that is neither a third', () => {
  assert.equal(missingFileMessage('configs/spkie.yml', COMMANDS, REPO_ROOT), 'configs/spkie.yml: no such scenario file in the project folder; did you mean configs/spike.yml?');
  assert.equal(missingFileMessage('steady', COMMANDS, REPO_ROOT), 'steady: no such scenario file in the project folder; did you mean configs/steady.yml?');
  assert.equal(missingFileMessage('valdate', COMMANDS, REPO_ROOT), 'loadspec: unknown command "valdate"; did you mean "validate"? Commands: run, validate, plan, init, runs');
  assert.equal(
    missingFileMessage('list', COMMANDS, REPO_ROOT),
    'loadspec: "list" is neither a command nor a scenario file; commands: run, validate, plan, init, runs; scenario files: configs/endurance.yml, configs/smoke.yml, configs/spike.yml, configs/steady.yml',
  );
  assert.equal(missingFileMessage('spkie.yml', COMMANDS, CONFIGS), `spkie.yml: no such scenario file in ${CONFIGS}; did you mean spike.yml?`);
});

test('pnpm started in configs/ means paths are read from configs/; elsewhere the folder itself', () => {
  assert.equal(startedIn(FROM_CONFIGS, REPO_ROOT), CONFIGS);
  assert.equal(startedIn({}, REPO_ROOT), REPO_ROOT);
  assert.equal(startedIn(FROM_CONFIGS, '/tmp'), '/tmp', 'a CLI started directly in a folder stays there');
});

test('typed in configs/, a file name is read from configs/ and told relative to it', { timeout: 30_000 }, async () => {
  const valid = await runCli(['validate', 'smoke.yml'], { env: FROM_CONFIGS });
  assert.equal(valid.stdout, 'smoke.yml: valid\n', valid.stderr);
  const typo = await runCli(['run', 'spkie.yml'], { env: FROM_CONFIGS });
  assert.equal(typo.code, 2);
  assert.match(typo.stdout, new RegExp(`^spkie\\.yml: no such scenario file in ${CONFIGS}; did you mean spike\\.yml\\?\\nNothing was run`));
  const word = await runCli(['list']);
  assert.equal(word.code, 2);
  assert.match(word.stdout, /^loadspec: "list" is neither a command nor a scenario file; commands: run, validate, plan, init, runs, /);
});

test('test:load with no file says it runs the smoke test, and how to run another', { timeout: 30_000 }, async () => {
  // An unreachable target: the message comes first, then the run is refused (exit 3), nothing sent.
  const run = await runCli(['run', '--target', 'http://127.0.0.1:9'], { env: FROM_CONFIGS });
  assert.match(run.stdout, /^No scenario file given: running smoke\.yml, the smoke test \(give one to run it, e\.g\. test:load steady\.yml, or "all"\)\.\n/);
});
