import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const MAIN = fileURLToPath(new URL('../../src/target/main.ts', import.meta.url));

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [MAIN, ...args], { env: { PATH: process.env['PATH'], ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  void exited.then(() => clearTimeout(killer));
  const ready = async (): Promise<string> => {
    for (let i = 0; i < 200 && !stdout.includes('\n'); i++) await new Promise((resolve) => setTimeout(resolve, 25));
    return stdout;
  };
  return { child, exited, ready, output: () => ({ stdout, stderr }) };
}

describe('demo target CLI', () => {
  it('prints one ready line, answers with the key from the environment and stops cleanly on SIGTERM', async () => {
    const cli = run(['--port', '0', '--latency-scale', '0'], { DEMO_API_KEY: 'cli-key' });
    const line = await cli.ready();
    const match = /^demo target listening on (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(line);
    assert.ok(match, `ready line: ${JSON.stringify(line)}`);
    const url = match[1] ?? '';
    const denied = await fetch(`${url}/api/v1/gamification/xp?user_id=a`);
    assert.equal(denied.status, 401);
    const allowed = await fetch(`${url}/api/v1/gamification/xp?user_id=a`, { headers: { 'x-api-key': 'cli-key' } });
    assert.equal(allowed.status, 200);
    cli.child.kill('SIGTERM');
    assert.equal(await cli.exited, 0);
  });

  it('exits 2 with one sentence on a bad flag', async () => {
    const cli = run(['--pool-size', 'many']);
    assert.equal(await cli.exited, 2);
    assert.equal(cli.output().stderr, 'demo target: --pool-size must be a number (got "many")\n');
    assert.equal(cli.output().stdout, '');
  });

  it('exits 1 after crashing on purpose', async () => {
    const cli = run(['--port', '0', '--crash-after', '1']);
    const url = /(http:\S+)/.exec(await cli.ready())?.[1] ?? '';
    assert.equal((await fetch(`${url}/health`)).status, 200);
    await assert.rejects(fetch(`${url}/health`, { signal: AbortSignal.timeout(3000) }));
    assert.equal(await cli.exited, 1);
    assert.match(cli.output().stderr, /crashed on purpose after 1 request /);
  });
});
