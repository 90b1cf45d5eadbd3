import { test } from 'node:test';
import assert from 'node:assert/strict';
import { combineExitCodes, parseShard } from '../../src/cli/program.ts';
import { ExitCode } from '../../src/core/exit-codes.ts';

test('--shard accepts k/n and refuses anything else with a sentence', () => {
  assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
  for (const bad of ['0/4', '5/4', '2', 'a/b', '1/0']) assert.throws(() => parseShard(bad), /write k\/n/);
});

test('several scenarios exit with the most serious outcome', () => {
  assert.equal(combineExitCodes([ExitCode.passed, ExitCode.failed, ExitCode.passed]), ExitCode.failed);
  assert.equal(combineExitCodes([ExitCode.failed, ExitCode.notRun]), ExitCode.notRun);
  assert.equal(combineExitCodes([ExitCode.usage, ExitCode.incomplete]), ExitCode.usage);
  assert.equal(combineExitCodes([ExitCode.failed, ExitCode.interrupted]), ExitCode.interrupted);
  assert.equal(combineExitCodes([]), ExitCode.passed);
});

test('a --start-at each machine would read differently is refused before anything runs (exit 2)', async () => {
  const { runCli } = await import('../helpers/run-cli.ts');
  const run = await runCli(['run', 'configs/smoke.yml', '--start-at', '2026-12-01T14:05:00', '--target', 'http://127.0.0.1:9']);
  assert.equal(run.code, ExitCode.usage);
  assert.match(run.stdout + run.stderr, /--start-at "2026-12-01T14:05:00" is not a time loadspec can read \(it has no zone.*\n.*Nothing was run/);
});
