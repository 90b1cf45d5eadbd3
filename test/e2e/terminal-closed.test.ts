/**
 * A terminal that closes mid-run (its window shut, an ssh connection dropped) sends SIGHUP to
 * every process of the job: pnpm, loadspec and Artillery. The run goes on to its end as it would
 * have, and every report is written. `script` (util-linux, always on Debian) gives the run a real
 * terminal; killing it closes that terminal. Its shell is /bin/sh, which dies of the hangup as a
 * terminal's login shell does, and so does the `sh -c` pnpm runs the script in: the runner's
 * parent goes away, and that is not a SIGTERM.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/run-cli.ts';
import { startCountingTarget } from '../helpers/counting-target.ts';
import type { RunResult } from '../../src/core/types.ts';

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

const quote = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`;

test('a terminal that closes mid-run does not stop it: it runs to its end and writes every report', { timeout: 90_000 }, async () => {
  const target = await startCountingTarget();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-hangup-'));
  const results = path.join(dir, 'results');
  const file = path.join(dir, 'scenario.yml');
  await writeFile(file, `config:\n  target: ${target.url}\n  phases:\n    - duration: 6\n      arrivalRate: 2\nscenarios:\n  - flow:\n      - get: { url: /items }\n`);
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', SHELL: '/bin/sh' };
  delete env.LOADSPEC_API_KEY;
  delete env.TARGET_URL;
  const command = [path.join(REPO_ROOT, 'bin/pnpm'), '-s', 'test:load', file, '--no-monitor', '--results', results].map(quote).join(' ');
  const terminal = spawn('script', ['-qfc', command, '/dev/null'], { cwd: REPO_ROOT, env, stdio: ['pipe', 'ignore', 'ignore'] });
  try {
    assert.ok(await until(() => target.total() >= 3, 40_000), 'load arrived');
    // The terminal goes away: its master side closes and the job gets SIGHUP.
    terminal.kill('SIGKILL');
    const summary = async (): Promise<string | null> => {
      if (!existsSync(results)) return null;
      const [run] = await readdir(results);
      const file = run === undefined ? '' : path.join(results, run, 'summary.json');
      return run !== undefined && existsSync(file) ? file : null;
    };
    // summary.json is written first, then the reports: wait for the last of them.
    const reports = ['report.html', 'junit.xml', 'summary.md', 'stats.csv'];
    const allWritten = async (): Promise<boolean> => {
      const file = await summary();
      return file !== null && reports.every((name) => existsSync(path.join(path.dirname(file), name)));
    };
    assert.ok(await until(allWritten, 60_000), 'the run wrote summary.json and every report after its terminal closed');
    const result = JSON.parse(await readFile((await summary()) ?? '', 'utf8')) as RunResult;
    assert.equal(result.meta.completion, 'complete', result.meta.stopReason);
    assert.equal(result.verdict.status, 'passed', result.verdict.reason);
    assert.equal(result.totals.requests, 12, 'every planned user ran: 6 s at 2 a second');
    assert.equal(target.total(), 12);
  } finally {
    if (terminal.exitCode === null) terminal.kill('SIGKILL');
    await target.close();
  }
});
