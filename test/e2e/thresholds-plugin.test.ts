/**
 * The thresholds plugin inside a real Artillery, against a server on loopback: it judges the run at
 * the end, and it stops a clearly failing run early (writing why into events.jsonl).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { readRunDirectory } from '../../src/results/recorded-run.ts';
import { after, before, describe, it } from 'node:test';
import { startArtillery } from '../helpers/run-artillery.ts';

interface RecordedEvent {
  type: string;
  time: number;
  name?: string;
  criterion?: string;
  reason?: string;
}

function readEvents(runDir: string): RecordedEvent[] {
  return readFileSync(path.join(runDir, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as RecordedEvent);
}

/** A server answering every request with `status` after `delayMs`. */
async function startServer(status: number, delayMs: number): Promise<{ server: Server; url: string }> {
  const server = createServer((_req, res) => {
    setTimeout(() => res.writeHead(status, { 'content-type': 'text/plain' }).end('x'), delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function script(target: string, durationS: number, criteria: unknown[]): unknown {
  return {
    config: {
      target,
      phases: [{ duration: durationS, arrivalRate: 5 }],
      plugins: { recorder: {}, thresholds: { criteria } },
    },
    scenarios: [{ flow: [{ get: { url: '/api/v1/items?page=1' } }] }],
  };
}

// Each test has its own run against its own server, at 5 requests a second: two run side by side.
describe('artillery-plugin-thresholds in a real run', { timeout: 90_000, concurrency: 2 }, () => {
  let ok: { server: Server; url: string };
  let broken: { server: Server; url: string };
  let locked: { server: Server; url: string };
  before(async () => {
    ok = await startServer(200, 20);
    broken = await startServer(500, 0);
    locked = await startServer(401, 0);
  });
  after(() => {
    ok.server.close();
    broken.server.close();
    locked.server.close();
  });

  it('under a plain artillery run too, a run the target refused (every answer 401) is not a pass', async () => {
    const run = startArtillery({ script: script(locked.url, 2, ['error rate < 1%', 'p95 < 5s']), timeoutMs: 45_000 });
    const { exitCode, stdout, stderr } = await run.done;
    assert.match(stdout, /Thresholds: ERRORED - every response was 401 Unauthorized: the target refused the requests, so the run tested nothing; check the credentials or token the requests send/, stdout + stderr);
    assert.match(stdout, /FAIL +error rate < 1%/, 'the criteria are still shown');
    assert.equal(exitCode, 1);
  });

  it('prints PASS and FAIL lines at the end and suggests exit code 1 when a criterion fails', async () => {
    const run = startArtillery({
      script: script(ok.url, 3, ['error rate < 1%', 'p95 of GET /api/v1/items < 5s', 'p95 < 5ms']),
      timeoutMs: 45_000,
    });
    const { exitCode, stdout, stderr } = await run.done;
    assert.match(stdout, /PASS +error rate < 1%: error rate was 0% \(limit < 1%\) over the whole run: 0 of 1\d requests failed/, stdout + stderr);
    // The server answers after 20 ms; a busy machine adds some.
    assert.match(stdout, /PASS +p95 of GET \/api\/v1\/items < 5s: p95 response time of GET \/api\/v1\/items was \d+(\.\d)? ms \(limit < 5 s\) over the whole run/);
    assert.match(stdout, /FAIL +p95 < 5ms: p95 response time was [1-9]\d+(\.\d)? ms \(limit < 5 ms\)/);
    assert.match(stdout, /Thresholds: FAILED - 1 of 4 criteria failed: p95 < 5ms/);
    assert.equal(exitCode, 1);
    const loaded = readEvents(run.runDir).filter((event) => event.type === 'plugin-loaded').map((event) => event.name);
    assert.ok(loaded.includes('thresholds'), `plugin-loaded events: ${loaded.join(', ')}`);
  });

  it('on Ctrl-C judges what was recorded so far, without delaying the exit', async () => {
    const run = startArtillery({ script: script(ok.url, 30, ['error rate < 1%']), timeoutMs: 60_000 });
    // Wait for a whole 10-s window to be behind us, so one has been judged live.
    const recorded = await run.waitFor(() => existsSync(path.join(run.runDir, 'seconds-w1.jsonl')), 30_000);
    assert.ok(recorded, 'nothing was recorded');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const interruptedAt = Date.now();
    run.kill('SIGINT');
    const { exitCode, stdout } = await run.done;
    const exitS = (Date.now() - interruptedAt) / 1000;
    assert.equal(exitCode, 130);
    assert.match(stdout, /Thresholds \(on the data recorded before the stop\): PASSED/);
    assert.match(stdout, /PASS +error rate < 1%/);
    assert.ok(exitS < 5, `Artillery took ${exitS} s to exit after SIGINT`);
  });

  it('stops a run whose abort criterion keeps failing, long before its planned 30 s', async () => {
    const started = Date.now();
    const run = startArtillery({
      script: script(broken.url, 30, [{ expect: 'error rate < 1%', abort: true, grace: '5s' }, 'p95 < 5s']),
      timeoutMs: 60_000,
    });
    const { exitCode, stdout, stderr } = await run.done;
    const elapsedS = (Date.now() - started) / 1000;
    assert.ok(elapsedS < 27, `the run took ${elapsedS} s\n${stdout}\n${stderr}`);
    assert.equal(exitCode, 1, stdout + stderr);
    assert.match(stdout, /thresholds: stopping the run early: "error rate < 1%" has failed for \d+ s \(abort after 5 s\): error rate was 100%/);
    assert.match(stdout, /FAIL +error rate < 1%: .*\(stopped the run\)/);
    const aborted = readEvents(run.runDir).filter((event) => event.type === 'aborted');
    assert.equal(aborted.length, 1);
    assert.equal(aborted[0]?.criterion, 'error rate < 1%');
    assert.match(aborted[0]?.reason ?? '', /^error rate was 100% \(limit < 1%\)/);
    // The record up to the stop is on disk for the runner's verdict.
    const recorded = await readRunDirectory(run.runDir);
    assert.ok(recorded.windows.length >= 1);
  });
});
