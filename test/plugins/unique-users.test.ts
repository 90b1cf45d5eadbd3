import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { randomTag, shardIndex, userIdSequence } from '../../plugins/artillery-plugin-unique-users/user-ids.ts';
import { startArtillery } from '../helpers/run-artillery.ts';

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
function startRecordingServer(): Promise<{ url: string; pathIds: string[]; bodyIds: string[]; close(): Promise<void> }> {
  const pathIds: string[] = [];
  const bodyIds: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const match = /^\/users\/([^/?]+)/.exec(req.url ?? '');
      if (match?.[1] !== undefined) pathIds.push(decodeURIComponent(match[1]));
      if (req.method === 'POST') bodyIds.push(String((JSON.parse(body) as { user_id?: unknown }).user_id));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        pathIds,
        bodyIds,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

/** Artillery runs cpus - 1 workers; report 3 CPUs so this 2-core machine runs 2 workers. */
function threeCpusPreload(dir: string): string {
  const file = path.join(dir, 'three-cpus.mjs');
  writeFileSync(
    file,
    "import os from 'node:os';\nconst cpus = os.cpus.bind(os);\nos.cpus = () => { const c = cpus(); while (c.length < 3) c.push(c[0]); return c.slice(0, 3); };\n",
  );
  return file;
}

function userScript(target: string, arrivalRate: number, duration: number): unknown {
  return {
    config: {
      target,
      phases: [{ duration, arrivalRate, name: 'users' }],
      plugins: { 'unique-users': {} },
    },
    scenarios: [
      {
        name: 'profile',
        flow: [
          { get: { url: '/users/{{ userId }}/profile' } },
          { post: { url: '/users/{{ userId }}/food', json: { user_id: '{{ userId }}', food_name: 'apple' } } },
        ],
      },
    ],
  };
}

describe('unique-users plugin with Artillery', { timeout: 120_000 }, () => {
  let server: Awaited<ReturnType<typeof startRecordingServer>>;
  before(async () => {
    server = await startRecordingServer();
  });
  after(async () => {
    await server.close();
  });

  it('gives 2,000 virtual users on 2 workers 2,000 different ids, in urls and JSON bodies, and new ids on the next run', async () => {
    const runDir = mkdtempSync(path.join(tmpdir(), 'loadspec-unique-users-'));
    const run = startArtillery({
      script: userScript(server.url, 500, 4),
      runDir,
      output: false,
      timeoutMs: 90_000,
      env: { NODE_OPTIONS: `--import=${threeCpusPreload(runDir)}`, LOADSPEC_SHARD: '2/3' },
    });
    const result = await run.done;
    assert.equal(result.exitCode, 0, result.stderr);

    const ids = [...server.pathIds];
    assert.equal(ids.length, 4000, 'two requests per virtual user');
    const users = new Set(ids);
    assert.equal(users.size, 2000, 'every virtual user has its own id');
    assert.deepEqual(new Set(server.bodyIds), users, 'the same ids arrive in JSON bodies');
    for (const id of users) assert.match(id, /^loadtest_user_[0-9a-z]{8}_s2w[12]_\d+$/);
    const workers = new Set([...users].map((id) => /_s2(w\d)_/.exec(id)?.[1]));
    assert.deepEqual(workers, new Set(['w1', 'w2']), 'both worker threads handed out ids');

    server.pathIds.length = 0;
    const second = await startArtillery({ script: userScript(server.url, 20, 1), output: false, timeoutMs: 60_000 }).done;
    assert.equal(second.exitCode, 0, second.stderr);
    assert.ok(server.pathIds.length > 0);
    for (const id of server.pathIds) assert.ok(!users.has(id), `id ${id} was reused by a later run`);
  });
});
