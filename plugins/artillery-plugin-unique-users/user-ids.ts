/**
 * Unique test-user ids without per-user randomness: a tag drawn once per worker
 * (random, so repeated runs differ) plus the CI shard and the worker number (so
 * workers and shards of one run differ even if their random tags matched), then a
 * counter. Example: `loadtest_user_k7f3m2qx_s2w1_417`.
 */
import { randomBytes } from 'node:crypto';

/** `k` of LOADSPEC_SHARD="k/n", or null when absent or malformed. */
export function shardIndex(value: string | undefined): number | null {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value ?? '');
  return match === null ? null : Number(match[1]);
}

/** 8 base36 characters (40 random bits): a clash between two runs is a 1-in-10^12 event. */
export function randomTag(): string {
  return randomBytes(5).readUIntBE(0, 5).toString(36).padStart(8, '0');
}

export interface UserIdOptions {
  prefix: string;
  worker: number;
  shard: number | null;
  tag?: string;
}

/** Returns a function handing out the next id on each call. */
export function userIdSequence(options: UserIdOptions): () => string {
  const shard = options.shard === null ? '' : `s${options.shard}`;
  const stem = `${options.prefix}${options.tag ?? randomTag()}_${shard}w${options.worker}_`;
  let counter = 0;
  return () => {
    counter += 1;
    return stem + counter;
  };
}
