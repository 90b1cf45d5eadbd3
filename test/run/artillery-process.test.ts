/**
 * The kill policy: after SIGTERM (CI stopping the job) or SIGINT, Artillery gets the runner's
 * grace to flush and exit, and only then SIGKILL — no library kills it earlier behind our back.
 */
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startArtillery } from '../../src/run/artillery-process.ts';

/** An "Artillery" that ignores SIGINT and SIGTERM, as one busy flushing its workers would. */
const STUBBORN = `
process.on('SIGINT', () => console.log('got SIGINT'));
process.on('SIGTERM', () => console.log('got SIGTERM'));
console.log('ready');
setInterval(() => {}, 1000);
`;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('after SIGTERM Artillery is killed when the runner\'s grace is over, not before (execa\'s 5 s do not apply)', { timeout: 30_000 }, async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-kill-'));
  const binary = path.join(dir, 'stubborn.mjs');
  await writeFile(binary, STUBBORN);
  let ready!: () => void;
  const started = new Promise<void>((resolve) => (ready = resolve));
  const lines: string[] = [];
  const run = startArtillery({
    scriptPath: path.join(dir, 'script.json'),
    runDir: dir,
    env: {},
    secrets: [],
    capMs: 60_000,
    killGraceMs: 7_000,
    binary,
    onLine: (line) => {
      lines.push(line);
      if (line === 'ready') ready();
    },
  });
  await started;
  const pid = run.pid;
  assert.ok(pid !== undefined);
  const stoppedAt = Date.now();
  run.stop('SIGTERM');
  await sleep(6_000);
  assert.ok(alive(pid), 'still running 6 s after SIGTERM: within the grace');
  const exit = await run.done;
  const tookMs = Date.now() - stoppedAt;
  assert.deepEqual(exit, { kind: 'killed', signal: 'SIGKILL', capped: false });
  assert.ok(tookMs >= 7_000 && tookMs < 12_000, `killed ${tookMs} ms after SIGTERM`);
  assert.ok(lines.includes('got SIGTERM'), 'it was asked first');
});
