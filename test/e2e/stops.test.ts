/**
 * Nothing lost, whatever way a run stops. Each test runs the real CLI and real
 * Artillery against a counting target on 127.0.0.1 and compares summary.json, per
 * endpoint and per status code, with what the target really received; it also checks
 * how loadspec says the run ended, its verdict and its exit code.
 *
 * Allowed difference: requests still in flight when the run stopped (sent and
 * counted by the target, with no response yet, or counted as sent by Artillery as it
 * exited), at most one per active user. kill -9 of Artillery itself (nothing can
 * write after it) loses at most the last half second: here at most two requests a user.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI, REPO_ROOT, runCli, startCli } from '../helpers/run-cli.ts';
import { startCountingTarget } from '../helpers/counting-target.ts';
import type { CountingTarget } from '../helpers/counting-target.ts';
import { loopingScenario as scenario } from '../helpers/looping-scenario.ts';
import type { RunResult } from '../../src/core/types.ts';
import { exitCodeOf } from '../../src/core/judge.ts';

const ENV = { LOADSPEC_API_KEY: undefined, TARGET_URL: undefined, npm_lifecycle_event: undefined };

async function setUp(target: CountingTarget, options: Parameters<typeof scenario>[1] = {}): Promise<{ file: string; results: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-stops-'));
  const file = path.join(dir, 'loop.yml');
  await writeFile(file, scenario(target.url, options));
  return { file, results: path.join(dir, 'results') };
}

async function onlyRunDir(results: string): Promise<string> {
  const dirs = (await readdir(results, { withFileTypes: true })).filter((d) => d.isDirectory());
  assert.equal(dirs.length, 1, `one run directory in ${results}`);
  return path.join(results, dirs[0]?.name ?? '');
}

async function summaryOf(dir: string): Promise<RunResult> {
  return JSON.parse(await readFile(path.join(dir, 'summary.json'), 'utf8')) as RunResult;
}

/** Every endpoint and status the target saw is in the summary, short by at most the requests in flight. */
function assertAccountedFor(target: CountingTarget, summary: RunResult, label: string, perUser = 1): void {
  const inFlight = perUser * Math.max(0, summary.totals.vusersCreated - summary.totals.vusersCompleted - summary.totals.vusersFailed);
  assert.ok(target.total() > 20, `${label}: the target received only ${target.total()} requests`);
  for (const [endpoint, received] of target.received) {
    const recorded = summary.endpoints.find((e) => e.name === endpoint)?.requests ?? 0;
    assert.ok(
      Math.abs(received - recorded) <= inFlight,
      `${label}: ${endpoint}: target received ${received}, summary.json has ${recorded} (at most ${inFlight} in flight)`,
    );
  }
  assert.equal(summary.totals.requests, summary.endpoints.reduce((sum, e) => sum + e.requests, 0));
  for (const [status, answered] of target.answered) {
    const recorded = summary.totals.codes[String(status)] ?? 0;
    assert.ok(
      recorded <= answered && answered - recorded <= inFlight,
      `${label}: status ${status}: target answered ${answered}, summary.json has ${recorded} (at most ${inFlight} in flight)`,
    );
  }
}

/** The Artillery process the runner started (its child running artillery's bin/run). */
function artilleryPidOf(runnerPid: number): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === runnerPid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('artillery')) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  return null;
}

const alive = (pid: number): boolean => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

/** The CLI running the looping scenario, once the target has seen 30 requests, and its Artillery process. */
async function runUnderLoad(target: CountingTarget): Promise<{ run: ReturnType<typeof startCli>; results: string; artillery: number }> {
  const { file, results } = await setUp(target);
  const run = startCli(['run', file, '--results', results, '--no-monitor'], { env: ENV });
  assert.ok(await until(() => target.total() >= 30, 30_000), 'load arrived');
  const artillery = artilleryPidOf(run.child.pid ?? 0);
  assert.ok(artillery !== null, 'found the Artillery process');
  return { run, results, artillery };
}

test('a run that ends by itself keeps every request, and says complete', { timeout: 90_000 }, async () => {
  const target = await startCountingTarget();
  try {
    const { file, results } = await setUp(target, { phaseS: 3 });
    await writeFile(file, scenario(target.url, { phaseS: 3 }).replace('count: 1000', 'count: 3'));
    const run = await runCli(['run', file, '--results', results, '--no-monitor'], { env: ENV });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const summary = await summaryOf(await onlyRunDir(results));
    assert.equal(summary.meta.completion, 'complete');
    assert.equal(summary.totals.requests, target.total(), 'every request, exactly');
    assertAccountedFor(target, summary, 'natural end');
    assert.match(run.stdout, /Verdict: PASSED/);
  } finally {
    await target.close();
  }
});

test('the duration cap keeps the last seconds and says how much of the load ran', { timeout: 90_000 }, async () => {
  const target = await startCountingTarget();
  try {
    const { file, results } = await setUp(target, { phaseS: 30, cap: '7s' });
    const run = await runCli(['run', file, '--results', results, '--no-monitor'], { env: ENV });
    assert.equal(run.code, 0, `a capped run is judged on its data: ${run.stdout}${run.stderr}`);
    const summary = await summaryOf(await onlyRunDir(results));
    assert.equal(summary.meta.completion, 'capped');
    assert.match(summary.meta.stopReason ?? '', /stopped at its 7s cap: \d+ of 60 planned users started \(\d+%\)/);
    assertAccountedFor(target, summary, 'cap');
    assert.match(run.stdout, /CAPPED/);
    assert.match(run.stdout, /Capped: stopped at its 7s cap/);
    // The cap is 7 s of load, counted from the first phase, not from Artillery's start-up.
    const loadS = (target.lastRequestAt() - target.firstRequestAt()) / 1000;
    assert.ok(loadS >= 6 && loadS <= 8.5, `the target saw ${loadS.toFixed(1)} s of load under a 7 s cap`);
  } finally {
    await target.close();
  }
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} to the process group keeps every request and is never PASSED`, { timeout: 90_000 }, async () => {
    const target = await startCountingTarget();
    try {
      const { file, results } = await setUp(target);
      const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
      delete env.LOADSPEC_API_KEY;
      delete env.TARGET_URL;
      delete env.npm_lifecycle_event;
      // Its own process group, as a terminal gives a command: Ctrl-C reaches the runner and Artillery alike.
      const child = spawn(process.execPath, [CLI, 'run', file, '--results', results, '--no-monitor'], { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      assert.ok(await until(() => target.total() >= 30, 30_000), 'load arrived');
      process.kill(-(child.pid ?? 0), signal);
      const code = await exited;
      assert.equal(code, signal === 'SIGINT' ? 130 : 143, output);
      const dir = await onlyRunDir(results);
      const summary = await summaryOf(dir);
      assert.equal(summary.meta.completion, 'interrupted');
      assert.equal(summary.verdict.status, 'interrupted');
      assert.ok(summary.verdict.criteria.length > 0, 'the criteria were still judged');
      assertAccountedFor(target, summary, signal);
      const shown = [...output.matchAll(/\| (\d+) requests \|/g)].map((m) => Number(m[1]));
      assert.ok(shown.length > 0, 'the status line was printed');
      assert.ok(Math.max(...shown) <= summary.totals.requests, `the final ${summary.totals.requests} requests are never below the ${Math.max(...shown)} the status line showed`);
      assert.match(output, /Verdict: INTERRUPTED/);
      assert.doesNotMatch(output, /Verdict: PASSED/);
      const markdown = await readFile(path.join(dir, 'summary.md'), 'utf8');
      assert.doesNotMatch(markdown.split('\n')[0] ?? '', /✅/, 'no green check in the job summary');
      assert.match(await readFile(path.join(dir, 'junit.xml'), 'utf8'), /type="interrupted"/);
      assert.match(await readFile(path.join(dir, 'report.html'), 'utf8'), /data-verdict="interrupted"/);
    } finally {
      await target.close();
    }
  });
}

test('an Artillery that is killed keeps everything up to its last half second, and is exit 4', { timeout: 90_000 }, async () => {
  const target = await startCountingTarget();
  try {
    const { run, results, artillery: pid } = await runUnderLoad(target);
    process.kill(pid, 'SIGKILL');
    const done = await run.done;
    assert.equal(done.code, 4, done.stdout + done.stderr);
    const summary = await summaryOf(await onlyRunDir(results));
    assert.equal(summary.meta.completion, 'crashed');
    assert.match(summary.meta.stopReason ?? '', /Artillery was killed \(SIGKILL\)/);
    assert.equal(summary.verdict.status, 'errored');
    assertAccountedFor(target, summary, 'Artillery killed', 2);
  } finally {
    await target.close();
  }
});

test('a killed runner leaves no orphan: Artillery stops within 2 s and loadspec report rebuilds the run', { timeout: 90_000 }, async () => {
  const target = await startCountingTarget();
  try {
    const { run, results, artillery } = await runUnderLoad(target);
    run.child.kill('SIGKILL');
    const killedAt = Date.now();
    assert.ok(await until(() => !alive(artillery), 10_000), 'Artillery exited');
    const quiet = target.lastRequestAt();
    assert.ok(quiet - killedAt <= 2000, `the target still got requests ${quiet - killedAt} ms after the runner died`);
    const dir = await onlyRunDir(results);
    assert.equal(existsSync(path.join(dir, 'summary.json')), false);
    const report = await runCli(['report', dir], { env: ENV });
    assert.equal(report.code, 4, report.stdout + report.stderr);
    assert.match(report.stdout, /rebuilt summary\.json and every report/);
    const summary = await summaryOf(dir);
    assert.equal(summary.meta.completion, 'crashed');
    assert.equal(summary.meta.rebuilt, true);
    assertAccountedFor(target, summary, 'runner killed');
  } finally {
    await target.close();
  }
});

test('SIGTERM to `pnpm test:load` stops the whole run, not only pnpm', { timeout: 90_000 }, async () => {
  const target = await startCountingTarget();
  try {
    const { file, results } = await setUp(target);
    const pnpm = path.join(REPO_ROOT, '.tools/bin/pnpm');
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', PATH: `${path.join(REPO_ROOT, '.tools/bin')}:${process.env.PATH ?? ''}` };
    delete env.LOADSPEC_API_KEY;
    delete env.TARGET_URL;
    const child = spawn(pnpm, ['test:load', file, '--results', results, '--no-monitor'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.resume();
    child.stderr.resume();
    assert.ok(await until(() => target.total() >= 30, 30_000), 'load arrived');
    child.kill('SIGTERM');
    // pnpm is gone at once; the runner notices within half a second and stops Artillery, which writes everything.
    assert.ok(await until(() => existsSync(results) && readdirSync(results).some((d) => existsSync(path.join(results, d, 'summary.json'))), 30_000), 'summary.json written');
    const stoppedAt = target.lastRequestAt();
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(target.lastRequestAt(), stoppedAt, 'no request after the run ended');
    const summary = await summaryOf(await onlyRunDir(results));
    assert.equal(summary.meta.completion, 'interrupted');
    assert.equal(summary.meta.interruptedBy, 'SIGTERM');
    assertAccountedFor(target, summary, 'pnpm SIGTERM');
  } finally {
    await target.close();
  }
});

test('an abort criterion keeps every request up to the stop', { timeout: 90_000 }, async () => {
  const target = await startCountingTarget({ status: 500 });
  try {
    const { file, results } = await setUp(target, { criteria: [{ expect: 'error rate < 1%', abort: true, grace: '2s' }] });
    const run = await runCli(['run', file, '--results', results, '--no-monitor'], { env: ENV });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    const summary = await summaryOf(await onlyRunDir(results));
    assert.equal(summary.meta.completion, 'aborted');
    assert.equal(summary.verdict.status, 'failed');
    assertAccountedFor(target, summary, 'abort');
  } finally {
    await target.close();
  }
});

test('--results under /proc is exit 2 in well under 10 s, before any health check or load', { timeout: 30_000 }, async () => {
  const target = await startCountingTarget();
  try {
    const { file } = await setUp(target);
    const started = Date.now();
    const run = await runCli(['run', file, '--results', '/proc/x'], { env: ENV, timeoutMs: 20_000 });
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.ok(Date.now() - started < 10_000);
    assert.match(run.stdout, /--results \/proc\/x is on the kernel's proc file system/);
    assert.equal(target.total(), 0, 'nothing was sent');
  } finally {
    await target.close();
  }
});

test('a disk that fills up mid-run is one sentence and exit 4, and the record written before it is kept', { timeout: 90_000 }, async (t) => {
  const target = await startCountingTarget();
  const mountPoint = await mkdtemp(path.join(os.tmpdir(), 'loadspec-full-'));
  // A 48 KiB file system (root only: the test suite runs as root here and in CI).
  const mount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=48k', 'tmpfs', mountPoint]);
  assert.equal(mount.status, 0, `mount a tiny tmpfs: ${mount.stderr.toString()}`);
  t.after(() => {
    spawnSync('umount', ['-l', mountPoint]);
  });
  try {
    const { file } = await setUp(target, { phaseS: 30, cap: '12s' });
    const run = await runCli(['run', file, '--results', mountPoint, '--no-monitor'], { env: ENV });
    assert.equal(run.code, 4, run.stdout + run.stderr);
    assert.match(run.stdout + run.stderr, /the disk is full \(ENOSPC\)|cannot write .*ENOSPC/);
    assert.doesNotMatch(run.stdout + run.stderr, /^\s+at /m, 'no stack trace');
    const dir = await onlyRunDir(mountPoint);
    const record = readFileSync(path.join(dir, 'seconds-w1.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '');
    assert.ok(record.length > 3, `the record written before the disk filled is kept (${record.length} lines)`);
    // Nothing cut short: summary.json is whole or absent, and no temporary file is left.
    const summaryFile = path.join(dir, 'summary.json');
    const written = existsSync(summaryFile);
    if (written) JSON.parse(readFileSync(summaryFile, 'utf8'));
    assert.deepEqual(readdirSync(dir).filter((name) => name.endsWith('.tmp')), []);

    // Room again: `loadspec report DIR` finishes the job (rebuilding summary.json when the disk
    // filled before it), and says the same on every call: the code of the run's verdict.
    assert.equal(spawnSync('mount', ['-o', 'remount,size=16m', mountPoint]).status, 0, 'make room');
    const first = await runCli(['report', dir], { env: ENV });
    if (!written) assert.match(first.stdout, /rebuilt summary\.json and every report/, first.stdout + first.stderr);
    assert.equal(first.code, exitCodeOf(await summaryOf(dir)), first.stdout + first.stderr);
    assertEveryReport(dir, 'report after a full disk');
    assert.equal((await runCli(['report', dir], { env: ENV })).code, first.code, 'the second report says the same');
    // A summary.json an older loadspec left empty on a full disk is rebuilt from the record, not refused.
    writeFileSync(summaryFile, '');
    const empty = await runCli(['report', dir], { env: ENV });
    const rebuilt = await summaryOf(dir);
    assert.equal(rebuilt.meta.rebuilt, true);
    assert.equal(rebuilt.meta.stopReason, 'the runner did not write the results (it stopped, or the disk was full); rebuilt from the record by loadspec report');
    assert.equal(empty.code, exitCodeOf(rebuilt), empty.stdout + empty.stderr);
    assert.equal((await runCli(['report', dir], { env: ENV })).code, empty.code, 'and then says the same');
    assert.match(empty.stdout, /summary\.json was empty or cut short .*: rebuilt summary\.json/);
  } finally {
    await target.close();
  }
});

/** Every file a finished run leaves for people and CI. */
function assertEveryReport(dir: string, label: string): void {
  const files = readdirSync(dir);
  for (const name of ['summary.json', 'report.html', 'junit.xml', 'stats.csv', 'stats_history.csv', 'failures.csv', 'summary.md']) {
    assert.ok(files.includes(name), `${label}: ${name} missing from ${files.join(', ')}`);
  }
}

/** `bin/pnpm test:load FILE ...` with its stdout and stderr both going into `reader`'s stdin, as `2>&1 | reader` does. */
function pnpmInto(reader: ReturnType<typeof spawn>, args: string[], options: { group?: boolean } = {}): ReturnType<typeof spawn> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const key of Object.keys(ENV)) delete env[key];
  assert.ok(reader.stdin !== null);
  return spawn(path.join(REPO_ROOT, 'bin/pnpm'), ['test:load', ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', reader.stdin, reader.stdin], detached: options.group === true });
}

const exitOf = (child: ReturnType<typeof spawn>): Promise<{ code: number | null; signal: NodeJS.Signals | null }> =>
  new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

test('`| head -1` neither stops the run nor loses its end: every report is written and bin/pnpm exits with the verdict (1)', { timeout: 90_000 }, async () => {
  const target = await startCountingTarget();
  try {
    const { file, results } = await setUp(target, { phaseS: 3, criteria: ['p99 < 0.001ms'] });
    await writeFile(file, scenario(target.url, { phaseS: 3, criteria: ['p99 < 0.001ms'] }).replace('count: 1000', 'count: 3'));
    const head = spawn('head', ['-1'], { stdio: ['pipe', 'pipe', 'ignore'] });
    let firstLine = '';
    head.stdout?.setEncoding('utf8').on('data', (text: string) => (firstLine += text));
    const run = pnpmInto(head, [file, '--results', results, '--no-monitor']);
    const [ended] = await Promise.all([exitOf(run), exitOf(head)]);
    assert.notEqual(firstLine, '', 'head printed its line and quit');
    // A failed criterion: 1, never the 0 pnpm gives when it cannot print its error.
    assert.deepEqual(ended, { code: 1, signal: null });
    const dir = await onlyRunDir(results);
    assertEveryReport(dir, 'head -1');
    const summary = await summaryOf(dir);
    assert.equal(summary.meta.completion, 'complete');
    assert.equal(summary.verdict.status, 'failed');
    assert.equal(summary.totals.requests, target.total(), 'every request, exactly');
  } finally {
    await target.close();
  }
});

test('Ctrl-C that also stops `tee`: the run ends as interrupted, writes every report, and bin/pnpm exits 130', { timeout: 90_000 }, async () => {
  const target = await startCountingTarget();
  try {
    const { file, results } = await setUp(target);
    const log = path.join(path.dirname(file), 'run.log');
    const tee = spawn('tee', [log], { stdio: ['pipe', 'ignore', 'ignore'] });
    // Its own process group, as a terminal's foreground job: Ctrl-C reaches pnpm, its script, loadspec and Artillery.
    const run = pnpmInto(tee, [file, '--results', results, '--no-monitor'], { group: true });
    const ended = exitOf(run);
    assert.ok(await until(() => target.total() >= 30, 30_000), 'load arrived');
    tee.kill('SIGINT');
    process.kill(-(run.pid ?? 0), 'SIGINT');
    assert.deepEqual(await ended, { code: 130, signal: null });
    const dir = await onlyRunDir(results);
    assertEveryReport(dir, 'Ctrl-C with tee');
    const summary = await summaryOf(dir);
    assert.equal(summary.meta.completion, 'interrupted');
    assert.equal(summary.verdict.status, 'interrupted');
    assertAccountedFor(target, summary, 'Ctrl-C with tee');
  } finally {
    await target.close();
  }
});
