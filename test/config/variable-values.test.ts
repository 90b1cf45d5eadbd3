import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { shownErrors } from '../helpers/config-errors.ts';
import { checkVariableValues, thinkVariablesInSeconds } from '../../src/config/variable-values.ts';

const fixtures = fileURLToPath(new URL('../fixtures/config/think/', import.meta.url));
const shown = (name: string) => path.relative(process.cwd(), path.join(fixtures, name));

describe('think times and loop counts from config.variables', () => {
  it('checks the value at the variable, naming the think step of the included flow', async () => {
    const file = shown('bad-values.yml');
    assert.deepEqual(await shownErrors(path.join(fixtures, 'bad-values.yml')), [
      `${file}:8:19 config.variables.thinkSeconds is "soon", but the think step at shared-flow.yml:6:16 waits for it; write seconds above zero (e.g. 10 or 1.5) or a duration like "500ms"`,
      `${file}:11:9 config.variables.pickSeconds[1] is 0, but the think step at shared-flow.yml:11:24 waits for it; write seconds above zero (e.g. 10 or 1.5) or a duration like "500ms"`,
    ]);
  });

  it('accepts fractional seconds, as numbers and as numeric strings in a list', async () => {
    assert.deepEqual(await shownErrors(path.join(fixtures, 'fractional.yml')), []);
  });

  it('compiles a think of bare seconds to a template with its unit, and leaves durations as written', () => {
    const scenarios = [
      {
        flow: [
          { think: '{{ a }}', jitter: '50%' },
          { loop: [{ pick: [{ weight: 1, flow: [{ think: '{{b}}' }] }] }], count: 2 },
          { think: '{{ c }}' },
          { think: '{{ unknown }}' },
        ],
      },
    ];
    const count = thinkVariablesInSeconds(scenarios, { a: 1.5, b: ['0.5', 2], c: '500ms' });
    assert.equal(count, 2);
    assert.deepEqual(scenarios[0]?.flow.map((s) => ('think' in s ? s.think : 'loop')), ['{{ a }}s', 'loop', '{{ c }}', '{{ unknown }}']);
    assert.deepEqual(scenarios[0]?.flow[1], { loop: [{ pick: [{ weight: 1, flow: [{ think: '{{ b }}s' }] }] }], count: 2 });
  });

  it('runs a list of whole seconds and durations as written (Artillery reads "1" as 1 s), and refuses only a bare fraction among durations', () => {
    const scenarios = [{ flow: [{ think: '{{ pause }}' }] }];
    assert.deepEqual(checkVariableValues(scenarios, { pause: ['1', '500ms', 2] }), []);
    assert.equal(thinkVariablesInSeconds(scenarios, { pause: ['1', '500ms', 2] }), 0);
    assert.deepEqual(scenarios[0]?.flow[0], { think: '{{ pause }}' });
    assert.deepEqual(checkVariableValues(scenarios, { pause: ['1', '500ms', '1.5'] }).map((i) => i.message), [
      'config.variables.pause[2] is "1.5", which Artillery reads as 1.5 milliseconds, and the think step at scenarios[0].flow[0].think waits for it; next to durations it cannot be read as seconds: write "1.5s"',
    ]);
  });

  it('leaves a variable whose value is itself a template alone: it is only known when the run starts', () => {
    const scenarios = [{ flow: [{ think: '{{ d }}' }] }];
    const variables = { d: '{{ $randomNumber(1, 3) }}' };
    assert.deepEqual(checkVariableValues(scenarios, variables), []);
    assert.equal(thinkVariablesInSeconds(scenarios, variables), 0);
    assert.deepEqual(scenarios[0]?.flow[0], { think: '{{ d }}' });
  });

  it('checks a loop count from a variable at the variable: Artillery would run the loop 0 times', async () => {
    assert.deepEqual(await shownErrors(path.join(fixtures, 'bad-count.yml')), [
      `${shown('bad-count.yml')}:6:22 config.variables.sessionRequests is "six", but the loop at bad-count.yml:13:16 repeats that many times; write a whole number of 1 or more`,
    ]);
  });
});
