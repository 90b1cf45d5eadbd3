import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closest, didYouMean, editDistance } from '../../src/core/suggest.ts';

describe('suggestions', () => {
  it('counts edits, a swap of neighbours as one', () => {
    assert.equal(editDistance('gett', 'get'), 1);
    assert.equal(editDistance('arrivalrate', 'arrivalRate'), 0);
    assert.equal(editDistance('thnik', 'think'), 1);
    assert.equal(editDistance('abc', 'xyz'), 3);
  });

  it('suggests only close matches', () => {
    const steps = ['get', 'post', 'think', 'loop', 'pick'];
    assert.equal(closest('gett', steps), 'get');
    assert.equal(closest('thnk', steps), 'think');
    assert.equal(closest('sleep', steps), undefined);
    assert.equal(didYouMean('scenario', ['config', 'scenarios']), '; did you mean "scenarios"?');
    assert.equal(didYouMean('zzz', ['config', 'scenarios']), '');
  });
});
