/** Function and hook names the YAML writes must be processor exports (src/config/processor/function-names.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkFunctionNames, namedFunctions } from '../../../src/config/processor/function-names.ts';

const script = {
  before: { flow: [{ function: 'setUp' }] },
  scenarios: [
    {
      beforeScenario: 'start',
      afterScenario: ['finish'],
      onError: 'logError',
      flow: [
        { function: 'draw chatMessage' },
        { get: { url: '/a', beforeRequest: ['sign', '{{ dynamicHook }}'], afterResponse: 'check' } },
        { loop: [{ function: 'stepInLoop' }], whileTrue: 'more' },
      ],
    },
  ],
};

test('every place a name is written is found; draw steps and templated names are not processor names', () => {
  assert.deepEqual(namedFunctions(script).map((f) => f.name), ['setUp', 'start', 'finish', 'logError', 'sign', 'check', 'stepInLoop', 'more']);
});

test('a name the processor does not export is refused with a did-you-mean over its exports', () => {
  const issues = checkFunctionNames(script, ['setUp', 'start', 'finish', 'logError', 'sign', 'check', 'stepInLoop', 'hasMore'], 'proc.js');
  assert.deepEqual(issues.map((i) => i.message), ['scenarios[0].flow[2].whileTrue names the function "more", which proc.js does not export (it exports setUp, start, finish, logError, sign, check, stepInLoop, hasMore), so Artillery would skip it; export it from the processor or fix the name']);
  const typo = checkFunctionNames({ scenarios: [{ flow: [{ function: 'lgoin' }] }] }, ['login'], 'proc.js');
  assert.match(typo[0]?.message ?? '', /did you mean "login"\?$/);
});

test('without a processor, every named function is refused', () => {
  const issues = checkFunctionNames({ scenarios: [{ flow: [{ function: 'login' }, { function: 'draw food' }] }] }, undefined, undefined);
  assert.deepEqual(issues.map((i) => i.message), ['scenarios[0].flow[0].function names the function "login", but there is no config.processor, so Artillery would skip it; set config.processor to the file that exports it']);
});
