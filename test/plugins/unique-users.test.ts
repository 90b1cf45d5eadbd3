import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomTag, shardIndex, userIdSequence } from '../../plugins/artillery-plugin-unique-users/user-ids.ts';

describe('user id sequence', () => {
  it('hands out ids with the prefix, shard and worker, never twice', () => {
    const next = userIdSequence({ prefix: 'loadtest_user_', worker: 2, shard: 3, tag: 'abcd1234' });
    const ids = Array.from({ length: 10_000 }, () => next());
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(ids[0], 'loadtest_user_abcd1234_s3w2_1');
    assert.equal(ids.at(-1), 'loadtest_user_abcd1234_s3w2_10000');
  });

  it('differs between workers, shards and runs even when everything else is equal', () => {
    const first = (options: { worker: number; shard: number | null; tag?: string }): string =>
      userIdSequence({ prefix: 'p_', ...options })();
    const ids = [
      first({ worker: 1, shard: null, tag: 't' }),
      first({ worker: 2, shard: null, tag: 't' }),
      first({ worker: 1, shard: 1, tag: 't' }),
      first({ worker: 1, shard: 2, tag: 't' }),
      first({ worker: 1, shard: null }),
      first({ worker: 1, shard: null }),
    ];
    assert.equal(new Set(ids).size, ids.length);
  });

  it('draws 8-character base36 run tags', () => {
    const tags = Array.from({ length: 1000 }, randomTag);
    for (const tag of tags) assert.match(tag, /^[0-9a-z]{8}$/);
    assert.equal(new Set(tags).size, tags.length);
  });

  it('reads the shard index from LOADSPEC_SHARD="k/n"', () => {
    assert.equal(shardIndex('2/4'), 2);
    assert.equal(shardIndex(' 10 / 12 '), 10);
    assert.equal(shardIndex(undefined), null);
    assert.equal(shardIndex('two of four'), null);
  });
});

/** A target that records the user id each request carries in its path and its JSON body. */
