import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shownErrorsOfText } from '../helpers/config-errors.ts';

test('a draw step must name a list under config.variables, and is told at its line what to write', async () => {
  const errors = await shownErrorsOfText([
    'config:',
    '  phases: [{ duration: 1, arrivalRate: 1 }]',
    '  variables:',
    '    chatMessage: [Hi, Hello]',
    '    greeting: Hi',
    'scenarios:',
    '  - flow:',
    '      - function: draw chatMesage',
    '      - function: draw greeting',
    '      - function: draw two things',
    '      - function: draw chatMessage',
    '      - get: { url: "/?m={{ chatMessage }}" }',
    '',
  ].join('\n'));
  assert.deepEqual(errors, [
    '8:19 scenarios[0].flow[0].function draws "chatMesage", which config.variables does not declare; did you mean "chatMessage"?',
    '9:19 scenarios[0].flow[1].function draws "greeting", but config.variables.greeting is a single value; make it a list with one "- " line per value',
    '10:19 scenarios[0].flow[2].function: "draw two things" draws one variable; write "draw <name>" with the name of a list under config.variables, e.g. "draw chatMessage"',
  ]);
});
