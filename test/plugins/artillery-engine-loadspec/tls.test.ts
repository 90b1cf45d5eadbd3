/**
 * `config.tls.rejectUnauthorized` means the same on both engines: against an HTTPS target with a
 * certificate no one trusts, the request fails with the same error by default, and goes through
 * with `rejectUnauthorized: false`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { EngineScript } from '../../../plugins/artillery-engine-loadspec/artillery-types.ts';
import { runOneUser } from '../../helpers/engine-harness.ts';

const TLS_DIR = path.resolve(import.meta.dirname, '../../fixtures/tls');

test('an untrusted certificate fails the request with the same error on both engines; rejectUnauthorized: false lets it through', { timeout: 30_000 }, async () => {
  let received = 0;
  const server = createServer({ key: readFileSync(path.join(TLS_DIR, 'self-signed.key')), cert: readFileSync(path.join(TLS_DIR, 'self-signed.crt')) }, (_req, res) => {
    received++;
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const target = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const script = (tls?: Record<string, unknown>): EngineScript => ({ config: { target, ...(tls === undefined ? {} : { tls }) }, scenarios: [{ flow: [{ get: { url: '/' } }] }] });
  try {
    const refused = { artillery: await runOneUser('artillery', script(), 0, 10_000), undici: await runOneUser('undici', script(), 0, 10_000) };
    assert.equal(received, 0);
    assert.ok(refused.artillery.error !== null);
    assert.equal(refused.undici.error, refused.artillery.error);
    const allowed = { artillery: await runOneUser('artillery', script({ rejectUnauthorized: false }), 0, 10_000), undici: await runOneUser('undici', script({ rejectUnauthorized: false }), 0, 10_000) };
    assert.deepEqual([allowed.artillery.error, allowed.undici.error], [null, null]);
    assert.equal(received, 2);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
