/**
 * Shards end to end: two shards of one scenario run at the same time against one
 * demo target (as two CI machines would), then `loadspec merge` combines them. A
 * person relies on three things here: the merged numbers are the numbers of one
 * big run, no test user id is used twice across shards, and merging things that
 * do not belong together is refused rather than averaged into nonsense.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/run-cli.ts';
import { shardedScenario } from '../helpers/sharded-scenario.ts';
import { startDemoTarget } from '../../src/target/server.ts';
import type { DemoTarget } from '../../src/target/server.ts';
import { latencyStats, mergeSketches } from '../../src/core/sketch.ts';
import { mergeRunResults } from '../../src/results/merge-run-results.ts';
import type { RunResult } from '../../src/core/types.ts';
import { resolveArtilleryScript } from '../../src/run/resolve-script.ts';
import type { ScenarioScript } from '../../src/config/schema/script.ts';

const API_KEY = 'shards-e2e-key';

async function readSummary(dir: string): Promise<RunResult> {
  return JSON.parse(await readFile(path.join(dir, 'summary.json'), 'utf8')) as RunResult;
}

async function onlyRunDir(resultsRoot: string): Promise<string> {
  const dirs = (await readdir(resultsRoot, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  assert.equal(dirs.length, 1, `expected one run directory in ${resultsRoot}, found ${dirs.join(', ')}`);
  return path.join(resultsRoot, dirs[0] ?? '');
}

/**
 * Both shards get one --start-at, as the workflow's plan job gives its matrix: far enough
 * ahead for two loadspec start-ups on a busy 2-core machine (measured here under other tests'
 * load: up to ~19 s from the command to Artillery's workers being ready).
 */
const START_AT_LEAD_MS = 25_000;

describe('two shards with one --start-at run concurrently, then merged', { timeout: 150_000 }, () => {
  let target: DemoTarget;
  let work: string;
  let shardDirs: string[] = [];
  let shards: RunResult[] = [];
  let startAt = 0;

  before(async () => {
    target = await startDemoTarget({ port: 0, apiKey: API_KEY });
    work = await mkdtemp(path.join(os.tmpdir(), 'loadspec-shards-'));
    const file = path.join(work, 'sharded.yml');
    await writeFile(file, await shardedScenario());
    startAt = Math.ceil((Date.now() + START_AT_LEAD_MS) / 1000) * 1000;
    const runs = await Promise.all(
      ['1/2', '2/2'].map(async (shard, i) => {
        const results = path.join(work, `results-${i + 1}`);
        await mkdir(results);
        const run = await runCli(['run', file, '--shard', shard, '--start-at', new Date(startAt).toISOString(), '--target', target.url, '--results', results, '--no-monitor'], {
          env: { LOADSPEC_API_KEY: API_KEY },
          timeoutMs: 90_000,
        });
        return { run, results };
      }),
    );
    for (const { run } of runs) assert.equal(run.code, 0, run.stdout + run.stderr);
    shardDirs = await Promise.all(runs.map((r) => onlyRunDir(r.results)));
    shards = await Promise.all(shardDirs.map(readSummary));
  });

  after(async () => {
    await target.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('both shards began their load at the --start-at instant, within 1 s of each other', () => {
    const starts = shards.map((s) => s.phases.find((p) => p.index === 0)?.start ?? Number.NaN);
    for (const s of shards) assert.equal(s.meta.startAt, startAt, 'the record keeps the instant asked for');
    assert.ok(shards.every((s) => s.phases.every((p) => p.index >= 0)), 'the wait is not recorded as a phase');
    assert.ok(Math.abs((starts[0] ?? 0) - (starts[1] ?? 0)) < 1000, `load began at ${starts.map((t) => new Date(t).toISOString()).join(' and ')}`);
    // Not before the instant; after it only by the time Artillery's workers take to begin.
    for (const t of starts) assert.ok(t >= startAt - 50 && t - startAt < 1000, `began ${t - startAt} ms after --start-at`);
    const firstSeconds = shards.map((s) => s.windows[0]?.start ?? 0);
    for (const t of firstSeconds) assert.ok(t >= startAt - 50, `first request ${t - startAt} ms after --start-at`);
  });

  it('each shard ran half of the load and says which shard it was', async () => {
    assert.deepEqual(
      shards.map((s) => s.meta.shard),
      ['1/2', '2/2'],
    );
    for (const dir of shardDirs) {
      const script = JSON.parse(await readFile(path.join(dir, 'script.json'), 'utf8')) as { config: { phases: Array<{ arrivalRate: number }> } };
      assert.equal(script.config.phases[0]?.arrivalRate, 3, `${dir}: 6/s over 2 shards`);
    }
    // 3/s for 4 s: Artillery spreads arrivals evenly, so each shard creates about 12 users.
    for (const s of shards) assert.ok(s.totals.vusersCreated >= 9 && s.totals.vusersCreated <= 15, `${s.meta.shard}: ${s.totals.vusersCreated} users`);
  });

  it('no test user id was used by both shards (or twice within one)', () => {
    const users = target.metrics().users;
    const created = shards.reduce((sum, s) => sum + s.totals.vusersCreated, 0);
    const requests = shards.reduce((sum, s) => sum + s.totals.requests, 0);
    assert.equal(users.requests, requests, 'every request carried a user id');
    assert.equal(users.distinct, created, `${users.distinct} distinct ids for ${created} virtual users`);
  });

  it('merge sums the counts and merges the latency sketches exactly', async () => {
    const out = path.join(work, 'merged', 'sharded');
    const run = await runCli(['merge', ...shardDirs, '--out', out]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /Merged 2 runs into/);
    const merged = await readSummary(out);
    const files = await readdir(out);
    for (const report of ['summary.json', 'summary.md', 'junit.xml', 'report.html', 'stats.csv']) assert.ok(files.includes(report), `${report} in ${files.join(', ')}`);

    const sum = (pick: (r: RunResult) => number): number => shards.reduce((total, s) => total + pick(s), 0);
    assert.equal(merged.totals.requests, sum((s) => s.totals.requests));
    assert.equal(merged.totals.responses, sum((s) => s.totals.responses));
    assert.equal(merged.totals.failures, sum((s) => s.totals.failures));
    assert.equal(merged.totals.vusersCreated, sum((s) => s.totals.vusersCreated));
    assert.equal(merged.totals.vusersCompleted, sum((s) => s.totals.vusersCompleted));
    assert.equal(merged.meta.shard, undefined, 'the merged run is the whole scenario');
    assert.equal(merged.verdict.status, 'passed');

    // The expectation, computed independently: one sketch fed every window of every shard.
    const expected = latencyStats(mergeSketches(shards.flatMap((s) => s.windows.map((w) => w.latency))));
    assert.ok(expected !== null && expected.count === merged.totals.responses, 'every response is in the sketches');
    assert.deepEqual(merged.totals.latency, expected);
    for (const endpoint of merged.endpoints) {
      const parts = shards.flatMap((s) => s.windows.map((w) => w.endpoints[endpoint.name]?.latency ?? null));
      assert.deepEqual(endpoint.latency, latencyStats(mergeSketches(parts)), endpoint.name);
      assert.equal(endpoint.requests, sum((s) => s.endpoints.find((e) => e.name === endpoint.name)?.requests ?? 0), endpoint.name);
    }
  });

  it('refuses to merge runs of different scenarios with exit 2 and a sentence', async () => {
    // A run of another scenario, as far as merge can tell: same files, another name.
    const other = path.join(work, 'other-scenario');
    await cp(shardDirs[1] ?? '', other, { recursive: true });
    const summary = await readSummary(other);
    await writeFile(path.join(other, 'summary.json'), JSON.stringify({ ...summary, meta: { ...summary.meta, scenario: 'spike', shard: '2/2' } }));
    const out = path.join(work, 'refused');
    const run = await runCli(['merge', shardDirs[0] ?? '', other, '--out', out]);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stdout, /cannot merge runs of different scenarios \(sharded, spike\)/);
    await assert.rejects(readdir(out), 'nothing was written');
  });

  it('refuses shards that ran with other thresholds (e.g. from another commit)', async () => {
    const older = path.join(work, 'older-shard-2');
    await cp(shardDirs[1] ?? '', older, { recursive: true });
    const scriptFile = path.join(older, 'script.json');
    const script = JSON.parse(await readFile(scriptFile, 'utf8')) as { config: { plugins: { thresholds: { criteria: string[] } } } };
    script.config.plugins.thresholds.criteria = ['p95 < 5s'];
    await writeFile(scriptFile, JSON.stringify(script));
    const run = await runCli(['merge', shardDirs[0] ?? '', older, '--out', path.join(work, 'mixed')]);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stdout, /shard 2\/2 ran with other thresholds than shard 1\/2/);
  });

  it('refuses the same shard twice (it would count its load twice)', async () => {
    // A re-run CI job leaves a second results directory of the same shard.
    const rerun = path.join(work, 'rerun-of-shard-1');
    await cp(shardDirs[0] ?? '', rerun, { recursive: true });
    const run = await runCli(['merge', shardDirs[0] ?? '', rerun, shardDirs[1] ?? '', '--out', path.join(work, 'twice')]);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stdout, /shard 1\/2 of sharded was given twice/);
    const same = await runCli(['merge', shardDirs[0] ?? '', shardDirs[0] ?? '', '--out', path.join(work, 'twice')]);
    assert.equal(same.code, 2, same.stdout + same.stderr);
    assert.match(same.stdout, /was given twice; pass each run directory once/);
  });

  it('refuses shards of different splits, and shards mixed with a whole run', () => {
    const [one, two] = shards;
    assert.ok(one && two);
    const ofThree = { ...two, meta: { ...two.meta, shard: '2/3' } };
    assert.throws(() => mergeRunResults([one, ofThree]), /cannot merge shards of different splits of sharded \(1\/2, 2\/3\)/);
    const { shard: _shard, ...wholeMeta } = two.meta;
    assert.throws(() => mergeRunResults([one, { ...two, meta: wholeMeta }]), /cannot merge shards of sharded \(1\/2\) with a whole run of it/);
  });

  it('names a shard whose record was cut short or does not add up to its summary', async () => {
    const cut = path.join(work, 'cut-shard-2');
    await cp(shardDirs[1] ?? '', cut, { recursive: true });
    const record = (await readdir(cut)).find((name) => name.startsWith('seconds-'));
    assert.ok(record, 'the shard has a per-second record');
    const file = path.join(cut, record);
    const text = await readFile(file, 'utf8');
    await writeFile(file, `${text}{"w":"w1","t":1796`);
    const damaged = await runCli(['merge', shardDirs[0] ?? '', cut, '--out', path.join(work, 'cut-merged')]);
    assert.equal(damaged.code, 4, damaged.stdout + damaged.stderr);
    assert.match(damaged.stdout, new RegExp(`shard 2/2 has a damaged record \\(${record.replace('.', '\\.')}: 1 unreadable line\\)`));
    // A record that lost lines no longer adds up to what its summary says.
    await writeFile(file, text.split('\n').slice(1).join('\n'));
    const short = await runCli(['merge', shardDirs[0] ?? '', cut, '--out', path.join(work, 'short-merged')]);
    assert.equal(short.code, 4, short.stdout + short.stderr);
    assert.match(short.stdout, /shard 2\/2's summary\.json says \d+ requests but its record holds \d+/);
  });

  it('merges an incomplete set of shards for inspection, but does not pass it', async () => {
    const out = path.join(work, 'half');
    const run = await runCli(['merge', shardDirs[0] ?? '', '--out', out]);
    assert.equal(run.code, 4, run.stdout + run.stderr);
    const merged = await readSummary(out);
    assert.equal(merged.verdict.status, 'errored');
    assert.match(merged.verdict.reason ?? '', /shard 2\/2 is missing/);
  });

  it('never writes the merged run over one of its shards', async () => {
    const before = await readFile(path.join(shardDirs[0] ?? '', 'summary.json'), 'utf8');
    const run = await runCli(['merge', ...shardDirs, '--out', shardDirs[0] ?? '']);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stdout, /--out .* is one of the runs being merged/);
    assert.equal(await readFile(path.join(shardDirs[0] ?? '', 'summary.json'), 'utf8'), before);
  });
});

describe('dividing the load', () => {
  const phasesOf = (shard: { index: number; count: number }, phases: Array<Record<string, unknown>>) => {
    const script: ScenarioScript = { config: { phases }, scenarios: [{ flow: [{ get: { url: '/' } }] }] };
    return (resolveArtilleryScript(script, { target: 'http://127.0.0.1:1', shard }).script.config as { phases: Array<Record<string, unknown>> }).phases;
  };

  it('a rate below the number of shards becomes counts, so no shard sits idle and the total stays exact', () => {
    // The smoke scenario's 2/s for 4 s over 3 machines: 8 users as 3 + 3 + 2, not 1/s + 1/s + 0/s.
    const parts = [1, 2, 3].map((index) => phasesOf({ index, count: 3 }, [{ name: 'warm up', duration: 4, arrivalRate: 2 }])[0]);
    assert.deepEqual(parts, [
      { name: 'warm up', duration: 4, arrivalCount: 3 },
      { name: 'warm up', duration: 4, arrivalCount: 3 },
      { name: 'warm up', duration: 4, arrivalCount: 2 },
    ]);
    // Rates that divide stay rates (arrivals spread over worker threads); ramps stay ramps.
    assert.deepEqual(phasesOf({ index: 2, count: 2 }, [{ duration: 4, arrivalRate: 6 }, { duration: 10, arrivalRate: 1, rampTo: 9 }]), [
      { duration: 4, arrivalRate: 3 },
      { duration: 10, arrivalRate: 0, rampTo: 4 },
    ]);
  });

  it('a shard is not aborted on a throughput limit meant for the whole run', () => {
    const thresholds = {
      criteria: [
        { expect: 'throughput >= 50/s', abort: true },
        { expect: 'p95 < 3s', abort: true },
        'error rate < 1%',
      ],
    };
    const resolve = (shard: { index: number; count: number } | undefined) =>
      (resolveArtilleryScript({ config: { phases: [{ duration: 10, arrivalRate: 10 }], plugins: { thresholds } }, scenarios: [] }, { target: 'http://127.0.0.1:1', shard }).script
        .config as { plugins: { thresholds: unknown } }).plugins.thresholds;
    assert.deepEqual(resolve({ index: 1, count: 2 }), {
      criteria: [{ expect: 'throughput >= 50/s', abort: false }, { expect: 'p95 < 3s', abort: true }, 'error rate < 1%'],
    });
    assert.deepEqual(resolve(undefined), thresholds, 'a whole run keeps every abort');
  });
});

describe("Artillery's own distributed platforms", { timeout: 60_000 }, () => {
  it('--platform and --count reach Artillery as given, and nothing runs locally instead', async () => {
    const target = await startDemoTarget({ port: 0, apiKey: API_KEY });
    const work = await mkdtemp(path.join(os.tmpdir(), 'loadspec-platform-'));
    try {
      // Every Node process of the run appends its argv here: the CLI and the Artillery it starts.
      const argvLog = path.join(work, 'argv.jsonl');
      const recorder = path.join(work, 'record-argv.mjs');
      await writeFile(recorder, "import { appendFileSync } from 'node:fs';\nappendFileSync(process.env.ARGV_LOG, JSON.stringify(process.argv) + '\\n');\n");
      const file = path.join(work, 'cloud.yml');
      await writeFile(file, await shardedScenario());
      const results = path.join(work, 'results');
      await mkdir(results);
      // No Azure credentials: Artillery's Azure platform refuses before any network call.
      const noAzure = Object.fromEntries(Object.keys(process.env).filter((k) => k.startsWith('AZURE_') || k === 'ARTILLERY_CLOUD_API_KEY').map((k) => [k, undefined]));
      const run = await runCli(['run', file, '--target', target.url, '--results', results, '--no-monitor', '--platform', 'az:aci', '--count', '3'], {
        env: { ...noAzure, LOADSPEC_API_KEY: API_KEY, ARGV_LOG: argvLog, NODE_OPTIONS: `--import=${recorder}` },
        timeoutMs: 45_000,
      });

      const argvs = (await readFile(argvLog, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as string[]);
      const artillery = argvs.find((argv) => argv.some((a) => /artillery[\\/]bin[\\/]run$/.test(a)));
      assert.ok(artillery, `Artillery was started: ${JSON.stringify(argvs)}`);
      const at = artillery.indexOf('--platform');
      assert.deepEqual(artillery.slice(at, at + 4), ['--platform', 'az:aci', '--count', '3']);

      const log = await readFile(path.join(await onlyRunDir(results), 'artillery.log'), 'utf8');
      assert.match(log, /Azure credentials not found/, 'Artillery acted on --platform az:aci');
      assert.equal(run.code, 4, run.stdout + run.stderr);
      assert.equal(target.metrics().requests.total, 1, 'only the health check: no load was sent from this machine');
    } finally {
      await target.stop();
      await rm(work, { recursive: true, force: true });
    }
  });
});
