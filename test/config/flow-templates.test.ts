/**
 * Every {{ }} of a flow traced to a source, in the order a virtual user meets them
 * (src/config/flow-templates.ts, sources from src/config/flow-sources.ts).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { flowSources } from '../../src/config/flow-sources.ts';
import { traceFlowTemplates } from '../../src/config/flow-templates.ts';
import { runTimeValue, sourceName } from '../../src/config/run-time-values.ts';

type Script = Record<string, unknown>;

const run = { env: {}, deferRunTimeValues: false };

function problems(script: Script, options: { env?: Record<string, string | undefined>; environment?: string; deferRunTimeValues?: boolean } = {}, processor?: { names: string[]; dynamic?: boolean }): string[] {
  const written = processor === undefined ? undefined : { names: new Set(processor.names), dynamic: processor.dynamic === true };
  const sources = flowSources(script, written, JSON.stringify(script).includes('"function"'));
  return traceFlowTemplates(script, sources, { ...run, ...options }).issues.map((i) => i.message);
}

const flow = (...steps: unknown[]): Script => ({ config: {}, scenarios: [{ flow: steps }] });

describe('a flow variable needs a source', () => {
  test('a name nothing sets is refused with a did-you-mean over what is set', () => {
    const script = { config: { variables: { productId: 3 } }, scenarios: [{ flow: [{ get: { url: '/p/{{ productID }}' } }] }] };
    assert.deepEqual(problems(script), ['scenarios[0].flow[0].get.url uses {{ productID }}, which nothing sets, so Artillery would send the text "undefined"; did you mean "productId"?']);
  });

  test('without a near name, the sentence says where to set it', () => {
    assert.match(problems(flow({ get: { url: '/p', json: { a: ['{{ basket }}'] } } }))[0] ?? '', /flow\[0\]\.get\.json\.a\[0\] uses \{\{ basket \}\}.*set it under config\.variables, name it in a payload's fields, or capture it \(as: basket\) in an earlier step/);
  });

  test('a capture counts from the next step on; one made later is named', () => {
    const script = flow({ get: { url: '/a/{{ token }}' } }, { post: { url: '/login', capture: { json: '$.t', as: 'token' } } }, { get: { url: '/b/{{ token }}' } });
    assert.deepEqual(problems(script), ['scenarios[0].flow[0].get.url uses {{ token }}, which nothing sets, so Artillery would send the text "undefined"; it is captured only later, at scenarios[0].flow[1]; move that capture before this step']);
  });

  test("a request's own capture is there for its expectations, not for its url", () => {
    const script = flow({ get: { url: '/x/{{ id }}', capture: { json: '$.id', as: 'id' }, expect: [{ equals: ['{{ id }}', 1] }] } });
    assert.equal(problems(script).length, 1);
    assert.match(problems(script)[0] ?? '', /get\.url uses \{\{ id \}\}/);
  });

  test('payload fields, loadAll names, config.variables, the before flow, unique-users and built-ins are sources', () => {
    const script: Script = {
      config: { payload: [{ path: 'a.csv', fields: ['email'] }, { path: 'b.csv', loadAll: true, name: 'rows' }], variables: { shop: 'x' }, plugins: { 'unique-users': { variable: 'uid' } } },
      before: { flow: [{ post: { url: '/t', capture: { json: '$.t', as: 'shared' } } }] },
      scenarios: [{ flow: [{ get: { url: '/{{ email }}/{{ rows }}/{{ shop }}/{{ uid }}/{{ shared }}/{{ $uuid }}/{{ target }}/{{ $testId }}/{{ $randomString(5) }}/{{ food.name }}' } }] }],
    };
    assert.deepEqual(problems(script), ['scenarios[0].flow[0].get.url uses {{ food.name }}, which nothing sets, so Artillery would send the text "undefined"; set it under config.variables, name it in a payload\'s fields, or capture it (as: food) in an earlier step']);
  });

  test('the unique-users id without its plugin is not set', () => {
    assert.equal(problems(flow({ get: { url: '/{{ userId }}' } })).length, 1);
    assert.deepEqual(problems({ config: { plugins: { 'unique-users': {} } }, scenarios: [{ flow: [{ get: { url: '/{{ userId }}' } }] }] }), []);
  });

  test('a loop over a config.variables list, or over "{{ name }}", would never run (Artillery sends nothing): refused with what to write', () => {
    const loopOver = (over: unknown, variables: Record<string, unknown> = { ids: ['1', '2'] }): Script => ({ config: { variables }, scenarios: [{ flow: [{ loop: [{ get: { url: '/p/{{ $loopElement }}' } }], over }] }] });
    assert.deepEqual(problems(loopOver('ids')), ['scenarios[0].flow[0].over names ids, a list under config.variables, but Artillery gives each virtual user one item of such a list, not the list, so the loop would never run; write the list here (over: [a, b, c]) or go over a list a step captures']);
    assert.deepEqual(problems(loopOver('{{ ids }}')), ['scenarios[0].flow[0].over is "{{ ids }}", but Artillery reads `over` as a variable\'s name without filling in {{ }}, and gives each virtual user one item of the config.variables list ids, never the list, so the loop would never run; write the list here (over: [a, b, c])']);
    assert.match(problems({ config: {}, scenarios: [{ flow: [{ get: { url: '/l', capture: { json: '$.ids', as: 'found' } } }, { loop: [{ get: { url: '/p' } }], over: '{{ found }}' }] }] })[0] ?? '', /write `over: found`$/);
    // What runs: a list written in place, a list of lists (each user gets one list), a captured list, a list the processor sets.
    assert.deepEqual(problems(loopOver(['1', '2'])), []);
    assert.deepEqual(problems(loopOver('baskets', { baskets: [['1', '2'], ['3']] })), []);
    assert.deepEqual(problems({ config: {}, scenarios: [{ flow: [{ get: { url: '/l', capture: { json: '$.ids', as: 'ids' } } }, { loop: [{ get: { url: '/p' } }], over: 'ids' }] }] }), []);
    assert.deepEqual(problems({ ...loopOver('ids'), scenarios: [{ flow: [{ function: 'setIds' }, { loop: [{ get: { url: '/p' } }], over: 'ids' }] }] }, {}, { names: ['ids'] }), []);
  });

  test("inside a loop, later rounds see the loop's captures; its own variables and `over: name` are checked", () => {
    const script = flow(
      { loop: [{ get: { url: '/page/{{ cursor }}/{{ $loopCount }}/{{ item }}/{{ n }}' } }, { get: { url: '/next', capture: { json: '$.c', as: 'cursor' } } }], count: 3, loopElement: 'item', loopValue: 'n' },
      { loop: [{ get: { url: '/x' } }], over: 'colors' },
    );
    assert.deepEqual(problems(script), ['scenarios[0].flow[1].over uses {{ colors }}, which nothing sets, so Artillery would send the text "undefined"; set it under config.variables, name it in a payload\'s fields, or capture it (as: colors) in an earlier step']);
  });

  test('a request sent only when its ifTrue variable is set is not checked while nothing sets it', () => {
    const script = flow({ post: { url: '/{{ endpoint2 }}', form: { n: '{{ input2 }}' }, ifTrue: 'endpoint2' } });
    assert.deepEqual(problems(script), []);
  });

  test('a pick branch and a parallel step see what came before; what they capture is set after them', () => {
    const script = flow(
      { pick: [{ weight: 1, flow: [{ get: { url: '/a', capture: { json: '$.a', as: 'a' } } }] }, { weight: 1, flow: [{ get: { url: '/b/{{ a }}' } }] }] },
      { parallel: [{ get: { url: '/c', capture: { json: '$.c', as: 'c' } } }, { get: { url: '/d' } }] },
      { get: { url: '/e/{{ a }}/{{ c }}' } },
    );
    assert.deepEqual(problems(script), ['scenarios[0].flow[0].pick[1].flow[0].get.url uses {{ a }}, which nothing sets, so Artillery would send the text "undefined"; it is captured in another branch of scenarios[0].flow[0], which this one does not see; capture it before scenarios[0].flow[0] or in this branch']);
  });

  test('a templated key is checked like a value', () => {
    assert.match(problems(flow({ get: { url: '/a', headers: { '{{ headerName }}': 'x' } } }))[0] ?? '', /get\.headers\["\{\{ headerName \}\}"\] uses \{\{ headerName \}\}, which nothing sets/);
  });

  test('a template function Artillery does not have makes the value undefined', () => {
    assert.deepEqual(problems(flow({ get: { url: '/{{ $randomNumbr(1, 5) }}' } })), ['scenarios[0].flow[0].get.url calls $randomNumbr(), which Artillery does not have, so the whole value would be undefined; did you mean "$randomNumber"?']);
  });
});

describe('the processor as a source', () => {
  test('a name its text sets is a source; another is not', () => {
    const script = flow({ function: 'login' }, { get: { url: '/{{ authToken }}/{{ authTokn }}' } });
    assert.deepEqual(problems(script, {}, { names: ['authToken'] }).map((m) => /uses (\{\{ \w+ \}\})/.exec(m)?.[1]), ['{{ authTokn }}']);
  });

  test('names set by computed keys, or by functions whose text sets none, make every name possible', () => {
    const script = flow({ function: 'login' }, { get: { url: '/{{ anything }}' } });
    assert.deepEqual(problems(script, {}, { names: [], dynamic: true }), []);
    assert.deepEqual(problems(script, {}, { names: [] }), []);
  });

  test('a plugin loadspec does not know may set any name', () => {
    assert.deepEqual(problems({ config: { plugins: { 'fake-data': {} } }, scenarios: [{ flow: [{ get: { url: '/{{ $randFirstName }}' } }] }] }), []);
  });
});

describe('values the run gives', () => {
  const script = flow({ get: { url: '/{{ $env.REPORT_ID }}/{{ $processEnvironment.REPORT_ID }}/{{ $environment }}' } });

  test('run refuses an unset $env / $processEnvironment variable and $environment without -e', () => {
    const found = problems(script);
    assert.equal(found.length, 3);
    assert.match(found[0] ?? '', /uses \{\{ \$env\.REPORT_ID \}\}, but REPORT_ID is not set, so Artillery would send the text "undefined"; set REPORT_ID in the environment/);
    assert.match(found[2] ?? '', /uses \{\{ \$environment \}\}, which is the -e name, but no -e was given/);
    assert.deepEqual(problems(script, { env: { REPORT_ID: 'r' }, environment: 'staging' }), []);
  });

  test('validate and plan name them as needed at run time instead (one decision: runTimeValue)', () => {
    const traced = traceFlowTemplates(script, flowSources(script, undefined, false), { env: {}, deferRunTimeValues: true });
    assert.deepEqual(traced.issues, []);
    assert.deepEqual(traced.needs.map((need) => sourceName(need.source)), ['REPORT_ID', '-e/--environment']);
    assert.deepEqual(traced.needs[0]?.path, ['scenarios', 0, 'flow', 0, 'get', 'url']);
    assert.equal(runTimeValue(false), 'refuse');
    assert.equal(runTimeValue(true), 'needed at run time');
  });
});
