import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeNeeds, givenByEnvironment, runTimeSource, runTimeValue } from '../../src/config/run-time-values.ts';

test('the run gives $env, $processEnvironment, $environment and names nothing in the file defines; not payload columns or config.variables', () => {
  const perUser = new Set(['name', 'fixed']);
  assert.deepEqual(runTimeSource('$env.PORT', perUser), { kind: 'env', variable: 'PORT' });
  assert.deepEqual(runTimeSource('$processEnvironment.PORT', perUser), { kind: 'env', variable: 'PORT' });
  assert.deepEqual(runTimeSource('$environment', perUser), { kind: 'environment' });
  assert.deepEqual(runTimeSource('myVar', perUser), { kind: 'variables', variable: 'myVar' });
  assert.equal(runTimeSource('name', perUser), undefined);
  assert.equal(runTimeSource('$loopCount', perUser), undefined);
});

test('config and flows read an environment name alike: what the run environment gives, and the rest only in config', () => {
  // Artillery looks `$env.REPORT-ID` up as one name; a flow's {{ $env.REPORT-ID }} is the same need.
  assert.deepEqual(givenByEnvironment('$env.REPORT-ID'), { kind: 'env', variable: 'REPORT-ID' });
  assert.deepEqual(runTimeSource('$env.REPORT-ID', new Set()), { kind: 'env', variable: 'REPORT-ID' });
  assert.deepEqual(givenByEnvironment('$environment'), { kind: 'environment' });
  assert.equal(givenByEnvironment('myVar'), undefined);
  assert.equal(runTimeValue(false), 'refuse');
  assert.equal(runTimeValue(true), 'needed at run time');
});

test('one line, each name once, with the first use that must be a number', () => {
  assert.equal(describeNeeds([]), undefined);
  assert.equal(
    describeNeeds([
      { source: { kind: 'env', variable: 'PORT' }, path: ['config', 'target'] },
      { source: { kind: 'env', variable: 'RATE' }, path: ['config', 'phases', 0, 'arrivalRate'], kind: 'a number' },
      { source: { kind: 'env', variable: 'RATE' }, path: ['config', 'phases', 1, 'arrivalRate'], kind: 'a number' },
      { source: { kind: 'variables', variable: 'wait' }, path: ['config', 'http', 'timeout'], kind: 'a number' },
      { source: { kind: 'environment' }, path: ['config', 'payload', 'path'] },
    ]),
    'needs at run time: PORT, RATE (a number: config.phases[0].arrivalRate), wait (-v/--variables, a number: config.http.timeout), -e/--environment (for {{ $environment }})',
  );
});
