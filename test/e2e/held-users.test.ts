/**
 * Users held active, compiled, in a plain `artillery run` with our plugins: never more than
 * N users at once, and each finished session replaced by a new user with a new ID.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startArtillery } from '../helpers/run-artillery.ts';
import { resolveArtilleryScript } from '../../src/run/resolve-script.ts';

test('3 users held for 4 s: at most 3 at once, every session a new user ID, replaced as it ends', { timeout: 60_000 }, async () => {
  const seen = new Map<string, number[]>();
  const server = createServer((req, res) => {
    const user = new URL(req.url ?? '/', 'http://x').searchParams.get('u') ?? '';
    seen.set(user, [...(seen.get(user) ?? []), Date.now()]);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { script } = resolveArtilleryScript(
      {
        config: { phases: [{ users: 3, spawnRate: 3, duration: 4 }], plugins: { 'unique-users': {} } },
        scenarios: [{ flow: [{ get: { url: '/?u={{ userId }}' } }, { think: 1 }, { get: { url: '/?u={{ userId }}' } }] }],
      },
      { target },
    );
    const run = startArtillery({ script });
    const { exitCode, stdout, stderr } = await run.done;
    assert.equal(exitCode, 0, stdout + stderr);
    const sessions = [...seen.values()];
    assert.ok(sessions.every((times) => times.length === 2), 'each ID is one session of 2 requests');
    // Sessions of ~1 s, replaced within 0.1-0.33 s, for 4 s: 3 users x ~3 sessions.
    assert.ok(sessions.length >= 8 && sessions.length <= 12, `${sessions.length} sessions`);
    const overlapAt = (t: number): number => sessions.filter(([first, last]) => (first ?? 0) <= t && t <= (last ?? 0)).length;
    const most = Math.max(...sessions.map(([first]) => overlapAt(first ?? 0)));
    assert.equal(most, 3, 'never more than the 3 users held, and 3 reached');
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
