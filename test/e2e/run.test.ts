/**
 * The main job end to end: the real CLI, real Artillery, the real demo target on
 * loopback, runs of a few seconds. Each test checks what a person would notice:
 * the exit code, what was printed, and what was left on disk.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { runCli, startCli, REPO_ROOT } from '../helpers/run-cli.ts';
import { startDemoTarget } from '../../src/target/server.ts';
import { startCountingTarget } from '../helpers/counting-target.ts';
import { loopingScenario } from '../helpers/looping-scenario.ts';
import type { RunResult } from '../../src/core/types.ts';

const SMOKE = path.join(REPO_ROOT, 'configs/smoke.yml');

async function tempResults(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'loadspec-e2e-'));
}

async function onlyRun(resultsRoot: string): Promise<{ dir: string; summary: RunResult }> {
  const dirs = (await readdir(resultsRoot, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  assert.equal(dirs.length, 1, `expected one run directory, found ${dirs.join(', ')}`);
  const dir = path.join(resultsRoot, dirs[0] ?? '');
  const summary = JSON.parse(await readFile(path.join(dir, 'summary.json'), 'utf8')) as RunResult;
  return { dir, summary };
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('the smoke scenario against the bundled demo target passes with exit 0', { timeout: 90_000 }, async () => {
  const results = await tempResults();
  const run = await runCli(['run', SMOKE, '--results', results], { env: { LOADSPEC_API_KEY: undefined, TARGET_URL: undefined } });
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stderr, /started the bundled demo target at http:\/\/127\.0\.0\.1:\d+/);
  assert.match(run.stdout, /PASS/);
  const { dir, summary } = await onlyRun(results);
  assert.equal(summary.verdict.status, 'passed');
  assert.equal(summary.meta.completion, 'complete');
  assert.ok(summary.totals.requests >= 20, `only ${summary.totals.requests} requests`);
  assert.deepEqual(
    summary.endpoints.map((e) => e.name).sort(),
    ['GET /api/v1/gamification/xp', 'GET /api/v1/reminders', 'POST /api/v1/chat', 'POST /api/v1/food'].filter((n) =>
      summary.endpoints.some((e) => e.name === n),
    ),
  );
  assert.ok(summary.endpoints.some((e) => e.name === 'POST /api/v1/chat'), 'chat, the 50% task, was requested');
  const files = await readdir(dir);
  for (const expected of ['summary.json', 'script.json', 'run.json', 'seconds-w1.jsonl', 'artillery.log']) assert.ok(files.includes(expected), `${expected} in ${files.join(', ')}`);
});

test('a target answering 20% errors fails the error criterion with exit 1', { timeout: 90_000 }, async () => {
  const apiKey = 'e2e-key-for-error-test';
  const target = await startDemoTarget({ port: 0, apiKey, errorRate: 0.2 });
  try {
    const results = await tempResults();
    const run = await runCli(['run', SMOKE, '--target', target.url, '--results', results, '--no-monitor'], { env: { LOADSPEC_API_KEY: apiKey } });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /FAIL.*error rate/i);
    const { summary } = await onlyRun(results);
    assert.equal(summary.verdict.status, 'failed');
    assert.ok(summary.totals.errorRate > 0.05 && summary.totals.errorRate < 0.45, `error rate ${summary.totals.errorRate}`);
  } finally {
    await target.stop();
  }
});

test('a stopped target gives exit 3, one sentence, and no run at all', { timeout: 30_000 }, async () => {
  const results = await tempResults();
  const port = await closedPort();
  const run = await runCli(['run', SMOKE, '--target', `http://127.0.0.1:${port}`, '--results', results], { env: { LOADSPEC_API_KEY: 'k' } });
  assert.equal(run.code, 3, run.stdout + run.stderr);
  assert.match(run.stdout, /not healthy.*refused/);
  assert.deepEqual(await readdir(results), []);
});

test('a target that is no usable URL is exit 2 with what to write, and its password is never printed', { timeout: 60_000 }, async () => {
  const results = await tempResults();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-target-'));
  const scenario = (target: string | null): string =>
    [`config:`, ...(target === null ? [] : [`  target: "${target}"`]), '  phases: [{ duration: 1, arrivalRate: 1 }]', 'scenarios:', '  - flow:', '      - get: { url: /health }', ''].join('\n');
  const bare = path.join(dir, 'bare.yml');
  await writeFile(bare, scenario(null));
  const inFile = path.join(dir, 'in-file.yml');
  await writeFile(inFile, scenario('user:pa55word@127.0.0.1:8080'));
  const badPort = path.join(dir, 'bad-port.yml');
  await writeFile(badPort, scenario('http://user:pa55word@127.0.0.1:port'));
  const cases: { args: string[]; env?: Record<string, string>; says: RegExp }[] = [
    { args: [bare, '--target', 'user:pa55word@127.0.0.1:8080'], says: /--target "\*\*\*@127\.0\.0\.1:8080" has no http:\/\/ or https:\/\/ in front; write it like http:\/\/\*\*\*@127\.0\.0\.1:8080/ },
    { args: [bare], env: { TARGET_URL: 'user:pa55word@127.0.0.1:8080' }, says: /TARGET_URL "\*\*\*@127\.0\.0\.1:8080" has no http:\/\/ or https:\/\/ in front/ },
    { args: [bare, '--target', 'notaurl'], says: /--target "notaurl" is not a URL; write it like http:\/\/127\.0\.0\.1:8000/ },
    { args: [inFile], says: /config\.target must be an http:\/\/ or https:\/\/ URL.*\(got "\*\*\*@127\.0\.0\.1:8080"\)/ },
    { args: [badPort], says: /config\.target "http:\/\/\*\*\*@127\.0\.0\.1:port" is not a URL; write it like http:\/\/127\.0\.0\.1:8000/ },
  ];
  for (const { args, env, says } of cases) {
    const run = await runCli(['run', ...args, '--results', results, '--no-monitor'], { env: { TARGET_URL: undefined, ...env } });
    const shown = `${args.join(' ')}: ${run.stdout}${run.stderr}`;
    assert.equal(run.code, 2, shown);
    assert.match(run.stdout, says, shown);
    assert.doesNotMatch(run.stdout + run.stderr, /pa55word/, shown);
  }
  assert.deepEqual(await readdir(results), [], 'nothing was run');
});

test('a missing API key with an explicit target gives exit 3 naming the variable', { timeout: 30_000 }, async () => {
  const target = await startDemoTarget({ port: 0, apiKey: 'secret' });
  try {
    const results = await tempResults();
    const run = await runCli(['run', SMOKE, '--target', target.url, '--results', results], { env: { LOADSPEC_API_KEY: undefined } });
    assert.equal(run.code, 3, run.stdout + run.stderr);
    assert.match(run.stdout, /LOADSPEC_API_KEY is not set/);
    assert.equal(target.metrics().requests.total, 0, 'no request reached the target');
  } finally {
    await target.stop();
  }
});

test('an invalid scenario file gives exit 2 with file:line:col and starts nothing', { timeout: 30_000 }, async () => {
  const results = await tempResults();
  const bad = path.join(results, 'bad.yml');
  await writeFile(bad, 'config:\n  phases:\n    - duration: 5\n      arrivalRate: ten\nscenarios:\n  - flow:\n      - gett: { url: / }\n');
  const run = await runCli(['run', bad, '--results', results]);
  assert.equal(run.code, 2, run.stdout + run.stderr);
  assert.match(run.stdout, /bad\.yml:4:20 .*arrivalRate/);
  assert.match(run.stdout, /bad\.yml:7:\d+ .*gett.*did you mean "get"/);
  assert.deepEqual((await readdir(results)).filter((n) => n !== 'bad.yml'), [], 'no run directory was created');
});

test('Ctrl-C mid-run exits 130 and keeps a results directory marked partial', { timeout: 90_000 }, async () => {
  const results = await tempResults();
  const long = path.join(results, 'long.yml');
  const smoke = await readFile(SMOKE, 'utf8');
  // The smoke scenario, stretched so that it is surely still running when interrupted.
  await writeFile(
    long,
    smoke
      .replace('../schema/', path.join(REPO_ROOT, 'schema') + '/')
      .replace('- flows/api-user.yml', `- ${path.join(REPO_ROOT, 'configs/flows/api-user.yml')}`)
      .replace('duration: 20s', 'duration: 60s')
      .replace('duration: 4', 'duration: 40'),
  );
  const cli = startCli(['run', long, '--results', results, '--no-monitor']);
  // A progress line means a window has been recorded; interrupt right after it.
  await cli.waitFor(/\d+ requests \|/, 60_000);
  cli.child.kill('SIGINT');
  const run = await cli.done;
  assert.equal(run.code, 130, run.stdout + run.stderr);
  const { summary } = await onlyRun(results);
  assert.equal(summary.meta.completion, 'interrupted');
  assert.match(summary.meta.stopReason ?? '', /interrupted by Ctrl-C/);
  assert.ok(summary.windows.length >= 1, 'the completed window was kept');
  assert.ok(summary.totals.requests > 0);
});

test('an abort is printed live, as it happens, and the run stops at it', { timeout: 90_000 }, async () => {
  const target = await startCountingTarget({ status: 500 });
  try {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-abort-line-'));
    const file = path.join(dir, 'loop.yml');
    await writeFile(file, loopingScenario(target.url, { criteria: [{ expect: 'error rate < 1%', abort: true, grace: '5s' }] }));
    const started = Date.now();
    const run = await runCli(['run', file, '--results', path.join(dir, 'results'), '--no-monitor'], { env: { LOADSPEC_API_KEY: undefined, TARGET_URL: undefined } });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stderr, /stopping the run early: "error rate < 1%" has failed for \d+ s \(abort after 5 s\): error rate was [\d.]+% \(limit < 1%\)/);
    assert.ok(Date.now() - started < 45_000, 'stopped long before the 30-s phase and 60-s cap ended');
    assert.match(run.stdout, /stopped early .* because "error rate < 1%" kept failing/);
  } finally {
    await target.close();
  }
});
