/**
 * The unique-users plugin inside a real Artillery run on two workers: every virtual user gets
 * its own id, in urls and JSON bodies, and the next run new ones.
 * (The id sequence without Artillery: test/plugins/unique-users.test.ts.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startArtillery } from '../helpers/run-artillery.ts';

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
