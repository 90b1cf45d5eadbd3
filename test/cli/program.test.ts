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
