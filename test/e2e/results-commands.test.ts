/**
 * The commands that work on saved runs, through the real CLI: regenerate reports,
 * compare with a baseline, refuse what they cannot read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, runCli } from '../helpers/run-cli.ts';
import { syntheticRunResult } from '../fixtures/synthetic-run.ts';
import type { RunResult } from '../../src/core/types.ts';
import { shownPath } from '../../src/cli/file-arguments.ts';

/** A path as the CLI (run from the project folder) shows it: relative unless that climbs far out. */
const shown = (file: string): string => shownPath(file, REPO_ROOT);

async function savedRun(root: string, name: string, result: RunResult): Promise<string> {
  const dir = path.join(root, name);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'summary.json'), JSON.stringify(result));
  return dir;
}

test('report rebuilds every report of a run from its summary.json', { timeout: 30_000 }, async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'loadspec-report-'));
  const dir = await savedRun(root, 'run', syntheticRunResult({ minutes: 2, endpoints: 3, failing: true }));
  const run = await runCli(['report', dir]);
  // The code `loadspec run` gave this run, on every call.
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.match(run.stdout, /Verdict: FAILED/);
  const files = await readdir(dir);
  for (const name of ['report.html', 'stats.csv', 'stats_history.csv', 'failures.csv', 'junit.xml', 'summary.md']) {
    assert.ok(files.includes(name), `${name} in ${files.join(', ')}`);
  }
  await rm(path.join(dir, 'report.html'));
  assert.equal((await runCli(['report', path.join(dir, 'summary.json')])).code, 1);
  assert.ok((await readdir(dir)).includes('report.html'), 'report.html written again');
});

test('report exits with the code run gave, every time: 0 for a pass, 130 for a Ctrl-C, 143 for a SIGTERM', { timeout: 30_000 }, async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'loadspec-report-codes-'));
  const passed = await savedRun(root, 'passed', syntheticRunResult({ minutes: 1, endpoints: 2 }));
  const interrupted = syntheticRunResult({ minutes: 2, endpoints: 2, partial: true });
  const byCtrlC = await savedRun(root, 'ctrl-c', interrupted);
  const bySigterm = await savedRun(root, 'sigterm', { ...interrupted, meta: { ...interrupted.meta, interruptedBy: 'SIGTERM' } });
  for (const [dir, code] of [[passed, 0], [byCtrlC, 130], [bySigterm, 143]] as const) {
    for (let call = 1; call <= 2; call += 1) {
      const report = await runCli(['report', dir]);
      assert.equal(report.code, code, `${path.basename(dir)}, call ${call}: ${report.stdout}${report.stderr}`);
    }
  }
});

test('compare marks a regression beyond the tolerance with exit 1, and accepts an equal run', { timeout: 30_000 }, async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'loadspec-compare-'));
  const baseline = await savedRun(root, 'baseline', syntheticRunResult({ minutes: 2, endpoints: 3 }));
  const worse = await savedRun(root, 'worse', syntheticRunResult({ minutes: 2, endpoints: 3, failing: true }));
  const regressed = await runCli(['compare', worse, '--baseline', baseline, '--tolerance', '10']);
  assert.equal(regressed.code, 1, regressed.stdout + regressed.stderr);
  assert.match(regressed.stdout, /p95/);
  assert.match(regressed.stdout, /regress/i);
  const same = await runCli(['compare', baseline, '--baseline', baseline]);
  assert.equal(same.code, 0, same.stdout + same.stderr);
  // The absolute floor has a flag: raised past the slowdown, nothing regresses.
  const wide = await runCli(['compare', worse, '--baseline', baseline, '--tolerance-ms', '100000', '--tolerance-errors', '100', '--tolerance-rps', '100000']);
  assert.equal(wide.code, 0, wide.stdout + wide.stderr);
  assert.match(wide.stdout, /a regression is worse by more than 20% and by more than 100\.00s \(latency\)/);
  const bad = await runCli(['compare', worse, '--baseline', baseline, '--tolerance-ms', 'five']);
  assert.equal(bad.code, 2, bad.stdout + bad.stderr);
  assert.match(bad.stdout, /--tolerance-ms must be a number of 0 or more, like --tolerance-ms 5 \(got "five"\)/);
});

test('a run that does not exist or is not a loadspec result is refused with one sentence and exit 2', { timeout: 30_000 }, async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'loadspec-refuse-'));
  const missing = await runCli(['report', path.join(root, 'nope')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stdout + missing.stderr, /does not exist; pass a run directory/);
  const bad = path.join(root, 'bad');
  await mkdir(bad);
  await writeFile(path.join(bad, 'summary.json'), '{"schemaVersion": 99}');
  const unknown = await runCli(['compare', bad, '--baseline', bad]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stdout + unknown.stderr, /schema/i);
});

test('runs lists past runs newest first, with what to open, and says so when there are none', { timeout: 30_000 }, async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'loadspec-runs-'));
  const empty = await runCli(['runs', '--results', root]);
  assert.equal(empty.code, 0);
  assert.equal(empty.stdout, `No runs in ${root} yet; run one with bin/pnpm test:load configs/smoke.yml\n`);

  const older = syntheticRunResult({ minutes: 2, endpoints: 1, failing: true });
  const newer = syntheticRunResult({ minutes: 1, endpoints: 1 });
  older.meta.scenario = 'spike';
  newer.meta.startedAt = older.meta.startedAt + 3_600_000;
  await savedRun(root, 'spike-1', older);
  await savedRun(root, 'steady-2', newer);
  await mkdir(path.join(root, 'not-a-run'));
  const runs = await runCli(['runs', '--results', root]);
  assert.equal(runs.code, 0, runs.stderr);
  const lines = runs.stdout.trim().split('\n');
  assert.match(lines[0] ?? '', /^Scenario +Started +Ran +Requests +Verdict +Report$/);
  assert.equal(lines.length, 4, runs.stdout);
  assert.match(lines[2] ?? '', new RegExp(`^${newer.meta.scenario} .* PASSED +${shown(path.join(root, 'steady-2', 'report.html'))}$`));
  assert.match(lines[3] ?? '', new RegExp(`^spike .* FAILED +${shown(path.join(root, 'spike-1', 'report.html'))}$`));

  const one = await runCli(['runs', '--results', root, '--limit', '1']);
  assert.match(one.stdout, /… and 1 older \(--limit 2 shows them all\)\n$/);
});

test('compare latest --baseline previous compares the newest run with the run of the same scenario before it', { timeout: 30_000 }, async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'loadspec-compare-'));
  const first = syntheticRunResult({ minutes: 2, endpoints: 3 });
  const other = syntheticRunResult({ minutes: 2, endpoints: 3 });
  const newest = syntheticRunResult({ minutes: 2, endpoints: 3, failing: true });
  other.meta.scenario = 'spike';
  other.meta.startedAt = first.meta.startedAt + 60_000;
  newest.meta.startedAt = first.meta.startedAt + 120_000;
  await savedRun(root, 'a-first', first);
  await savedRun(root, 'b-other', other);
  await savedRun(root, 'c-newest', newest);
  const run = await runCli(['compare', 'latest', '--baseline', 'previous', '--results', root]);
  assert.equal(run.code, 1, run.stdout + run.stderr);
  assert.match(run.stdout, new RegExp(`^Comparing ${shown(path.join(root, 'c-newest'))} with ${shown(path.join(root, 'a-first'))}\\n`));
  const none = await runCli(['compare', 'latest', '--baseline', 'previous', '--results', path.join(root, 'empty')]);
  assert.equal(none.code, 2);
  assert.match(none.stdout, /there is no run in .*empty yet, so no "latest"; run one first, or give a run directory/);
});
