import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failedCheckKind } from '../../plugins/artillery-plugin-recorder/failed-check.ts';

// Results as artillery-plugin-expect reports them: one per check, in the order written.
const ok = (type: string) => ({ ok: true, type });
const failed = (type: string, ok: unknown = false) => ({ ok, type });

describe('failedCheckKind (how reports name a failed check)', () => {
  it('names the first failed check by its name and argument as written', () => {
    const req = { expect: [{ statusCode: 200 }, { contentType: 'json' }, { hasProperty: 'response' }, { jmespath: "type(response) == 'string'" }] };
    const results = [ok('statusCode'), ok('contentType'), failed('hasProperty'), failed('jmespath')];
    assert.equal(failedCheckKind(results, req), 'expect.hasProperty response');
  });

  it('tells apart two checks of one kind, and reads the section form', () => {
    const list = { expect: [{ hasProperty: 'logged' }, { hasProperty: 'logged.calories' }] };
    assert.equal(failedCheckKind([ok('hasProperty'), failed('hasProperty')], list), 'expect.hasProperty logged.calories');
    const section = { expect: { statusCode: [200, 201], contentType: 'json' } };
    assert.equal(failedCheckKind([failed('statusCode'), ok('contentType')], section), 'expect.statusCode 200, 201');
  });

  it('keeps {{ templates }} unrendered, so per-user values do not multiply the kinds', () => {
    const req = { expect: [{ equals: ['{{ food }}', 'apple'] }] };
    assert.equal(failedCheckKind([failed('equals')], req), 'expect.equals {{ food }}, apple');
  });

  it('counts a falsy JMESPath result as failed, as the plugin does', () => {
    const req = { expect: [{ jmespath: 'logged.grams' }] };
    assert.equal(failedCheckKind([failed('jmespath', null)], req), 'expect.jmespath logged.grams');
    assert.equal(failedCheckKind([failed('jmespath', 0)], req), 'expect.jmespath logged.grams');
  });

  it('names headerEquals by its check name, and falls back to the type alone', () => {
    const req = { expect: [{ headerEquals: ['cache-control', 'no-store'] }] };
    assert.equal(failedCheckKind([failed('header cache-control values equals')], req), 'expect.headerEquals cache-control, no-store');
    // expectDefault200: the plugin checks a request that has no expect: of its own.
    assert.equal(failedCheckKind([failed('statusCode')], { url: '/x' }), 'expect.statusCode');
  });

  it('is null when every check passed', () => {
    assert.equal(failedCheckKind([ok('statusCode'), ok('hasProperty')], { expect: [{ statusCode: 200 }, { hasProperty: 'id' }] }), null);
    assert.equal(failedCheckKind([], {}), null);
  });
});
