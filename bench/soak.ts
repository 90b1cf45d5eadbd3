/**
 * Does the load generator leak? The same looping flow (configs/flows/api-user.yml: weighted
 * picks, response checks) is run twice against the demo target, one after the other:
 *
 *   loadspec  `loadspec run` as a user runs it: every plugin, the recorder, the monitor;
 *   bare      Artillery alone on the script loadspec compiled (same phases, flow and checks),
 *             with only Artillery's own expect plugin and a 20-line processor for what our
 *             plugins did (the weighted-pick draw, the user ID variable).
 *
 * Every few seconds it samples each Artillery process's RSS (/proc) and the V8 heap of each of
 * its threads (bench/heap-probe.ts, preloaded into every thread), and for loadspec the
 * runner's own process too. After the warm-up it fits a line to each series and prints the
 * growth in MB per minute, and loadspec's minus bare's.
 *
 *   pnpm bench:soak [-- --minutes 10 --rate 45 --users 50 --warmup 3 --json]
 *
 * Linux only (reads /proc). Traffic goes to 127.0.0.1 only.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { artilleryBinary } from '../src/run/artillery-process.ts';
import { startDemoTarget } from '../src/target/server.ts';
import { benchArgs } from './artillery-sampler.ts';
import { bareScript } from './soak-bare-script.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const PROBE = path.join(ROOT, 'bench', 'heap-probe.ts');
const SAMPLE_MS = 5000;

const { values } = parseArgs({
  args: benchArgs(),
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '45' },
    users: { type: 'string', default: '50' },
    warmup: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const minutes = Number(values.minutes);
const rate = Number(values.rate);
const users = Number(values.users);
const warmupMin = values.warmup === undefined ? Math.min(3, minutes * 0.3) : Number(values.warmup);
for (const [name, value] of [['--minutes', minutes], ['--rate', rate], ['--users', users], ['--warmup', warmupMin]] as const) {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a number above 0`);
}
if (warmupMin >= minutes) throw new Error('--warmup must be shorter than --minutes');
// Each user waits thinkSeconds +-50% between requests: users / think = requests per second.
const thinkSeconds = Math.max(0.1, Math.round((users / rate) * 10) / 10);

/** One point of a memory series: minutes since the load started, MB. */
type Point = [minute: number, mb: number];

interface Series {
  generatorRss: Point[];
  generatorHeap: Point[];
  /** The heap of Artillery's main thread alone: where it aggregates every worker's stats (no GC sawtooth of the workers' requests). */
  generatorMainHeap: Point[];
  runnerRss: Point[];
}

/** Resident memory of a process in MB; null once it is gone. */
function rssMb(pid: number): number | null {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Child pids of a process (all its threads' children). */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/** Artillery's process under `pid` (itself, or the child running Artillery's binary). */
function artilleryPid(pid: number): number | null {
  const isArtillery = (p: number): boolean => {
    try {
      return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('artillery');
    } catch {
      return false;
    }
  };
  if (isArtillery(pid) && !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('cli.ts')) return pid;
  return childrenOf(pid).find(isArtillery) ?? null;
}

/** The latest heap of each thread of `pid` in the probe file, summed, in MB. */
function heapMb(file: string, pid: number, mainOnly = false): number | null {
  if (!existsSync(file)) return null;
  const latest = new Map<number, number>();
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    if (text === '') continue;
    try {
      const line = JSON.parse(text) as { pid: number; thread: number; main: boolean; heapUsedMb: number; time: number };
      if (line.pid === pid && (!mainOnly || line.main) && Date.now() - line.time < SAMPLE_MS * 2) latest.set(line.thread, line.heapUsedMb);
    } catch {
      // A line being written.
    }
  }
  if (latest.size === 0) return null;
  let sum = 0;
  for (const mb of latest.values()) sum += mb;
  return sum;
}

/** Samples until `child` exits; `stopAfterMs` ends it like Ctrl-C once the load has run that long. */
async function sample(child: ChildProcess, heapFile: string, stopAfterMs: number, target: { requests: () => number }): Promise<Series & { requests: number }> {
  const series: Series = { generatorRss: [], generatorHeap: [], generatorMainHeap: [], runnerRss: [] };
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  let running = true;
  void exited.then(() => (running = false));
  const base = target.requests();
  let loadStarted: number | null = null;
  let stopped = false;
  while (running && child.pid !== undefined) {
    await Promise.race([new Promise((resolve) => setTimeout(resolve, SAMPLE_MS)), exited]);
    if (!running) break;
    const now = Date.now();
    if (loadStarted === null && target.requests() > base) loadStarted = now;
    if (loadStarted === null) continue;
    if (!stopped && now - loadStarted >= stopAfterMs) {
      stopped = true;
      child.kill('SIGINT');
      continue;
    }
    const minute = (now - loadStarted) / 60_000;
    const generator = artilleryPid(child.pid);
    if (generator === null) continue;
    const rss = rssMb(generator);
    const heap = heapMb(heapFile, generator);
    const mainHeap = heapMb(heapFile, generator, true);
    if (rss !== null) series.generatorRss.push([minute, rss]);
    if (heap !== null) series.generatorHeap.push([minute, heap]);
    if (mainHeap !== null) series.generatorMainHeap.push([minute, mainHeap]);
    if (generator !== child.pid) {
      const runner = rssMb(child.pid);
      if (runner !== null) series.runnerRss.push([minute, runner]);
    }
  }
  await exited;
  return { ...series, requests: target.requests() - base };
}

/** Least-squares slope of the points after the warm-up, MB per minute; null with too few points. */
function slopeAfter(points: readonly Point[], warmup: number): number | null {
  const kept = points.filter(([minute]) => minute >= warmup);
  if (kept.length < 3) return null;
  const n = kept.length;
  const mx = kept.reduce((s, [x]) => s + x, 0) / n;
  const my = kept.reduce((s, [, y]) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of kept) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? null : num / den;
}

function scenarioYaml(): string {
  return `loadspec:
  description: soak benchmark, ${users} users looping for ${minutes} minutes
  duration: ${minutes}m
include:
  - flows/api-user.yml
config:
  phases:
    - name: start ${users} users
      duration: 10
      arrivalCount: ${users}
  variables:
    sessionRequests: 1000000
    thinkSeconds: ${thinkSeconds}
  plugins:
    unique-users: {}
    api-key: {}
    expect:
      outputFormat: silent
      reportFailuresAsErrors: false
    slow-requests:
      threshold: 3s
    thresholds:
      criteria:
        - p95 < 3s
        - error rate < 1%
        - p95 degradation < 20%
`;
}

interface SideResult {
  slopeMbPerMin: number | null;
  heapSlopeMbPerMin: number | null;
  mainHeapSlopeMbPerMin: number | null;
  rssMb: { afterWarmup: number | null; end: number | null };
  requests: number;
  runnerSlopeMbPerMin?: number | null;
}

function summarize(series: Series & { requests: number }, withRunner: boolean): SideResult {
  const after = series.generatorRss.find(([m]) => m >= warmupMin);
  return {
    slopeMbPerMin: slopeAfter(series.generatorRss, warmupMin),
    heapSlopeMbPerMin: slopeAfter(series.generatorHeap, warmupMin),
    mainHeapSlopeMbPerMin: slopeAfter(series.generatorMainHeap, warmupMin),
    rssMb: { afterWarmup: after?.[1] ?? null, end: series.generatorRss.at(-1)?.[1] ?? null },
    requests: series.requests,
    ...(withRunner ? { runnerSlopeMbPerMin: slopeAfter(series.runnerRss, warmupMin) } : {}),
  };
}

const fmt = (n: number | null | undefined, digits = 2): string => (n === null || n === undefined ? '-' : n.toFixed(digits));

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'loadspec-soak-'));
  const target = await startDemoTarget({});
  const requests = (): number => target.metrics().requests.total;
  const stopAfterMs = minutes * 60_000;
  try {
    cpSync(path.join(ROOT, 'configs', 'flows'), path.join(dir, 'flows'), { recursive: true });
    writeFileSync(path.join(dir, 'soak.yml'), scenarioYaml());
    const env = { ...process.env, LOADSPEC_API_KEY: randomBytes(12).toString('hex'), NODE_OPTIONS: `--import ${PROBE}`, SOAK_HEAP_INTERVAL_MS: String(SAMPLE_MS) };
    console.log(`soak benchmark: ${users} users, think ${thinkSeconds} s (~${rate} req/s), ${minutes} min each, warm-up ${warmupMin} min, target ${target.url}`);

    console.log('loadspec: running `loadspec run` ...');
    const loadspecHeap = path.join(dir, 'heap-loadspec.jsonl');
    const runner = spawn(process.execPath, [path.join(ROOT, 'src', 'cli.ts'), 'run', path.join(dir, 'soak.yml'), '--target', target.url, '--results', path.join(dir, 'results')], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...env, SOAK_HEAP_FILE: loadspecHeap },
    });
    // The runner ends the run at its duration cap; the SIGINT is only a backstop a minute later.
    const loadspec = await sample(runner, loadspecHeap, stopAfterMs + 60_000, { requests });
    const runDir = readdirSync(path.join(dir, 'results')).map((name) => path.join(dir, 'results', name)).find((d) => existsSync(path.join(d, 'script.json')));
    if (runDir === undefined) throw new Error('loadspec run left no script.json: see the output above');

    console.log('bare: running Artillery alone on the same compiled script ...');
    const bareDir = path.join(dir, 'bare');
    const { script, processor } = bareScript(JSON.parse(readFileSync(path.join(runDir, 'script.json'), 'utf8')) as Record<string, unknown>, target.url);
    cpSync(path.join(dir, 'flows'), path.join(bareDir, 'flows'), { recursive: true });
    writeFileSync(path.join(bareDir, 'processor.cjs'), processor);
    writeFileSync(path.join(bareDir, 'script.json'), JSON.stringify(script));
    const bareHeap = path.join(dir, 'heap-bare.jsonl');
    const bareChild = spawn(process.execPath, [artilleryBinary(), 'run', path.join(bareDir, 'script.json')], {
      cwd: bareDir,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...env, SOAK_HEAP_FILE: bareHeap, ARTILLERY_DISABLE_TELEMETRY: 'true', PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
    });
    const bare = await sample(bareChild, bareHeap, stopAfterMs, { requests });

    const result = { loadspec: summarize(loadspec, true), bare: summarize(bare, false), minutes, warmupMinutes: warmupMin, users, thinkSeconds };
    const difference = result.loadspec.slopeMbPerMin !== null && result.bare.slopeMbPerMin !== null ? result.loadspec.slopeMbPerMin - result.bare.slopeMbPerMin : null;
    console.log('');
    console.log('                 requests   RSS after warm-up   RSS at end   RSS growth     heap growth   main-thread heap growth');
    for (const [name, side] of [['loadspec', result.loadspec], ['bare', result.bare]] as const) {
      console.log(
        `${name.padEnd(16)} ${String(side.requests).padStart(8)}   ${fmt(side.rssMb.afterWarmup, 0).padStart(14)} MB   ${fmt(side.rssMb.end, 0).padStart(7)} MB   ${fmt(side.slopeMbPerMin).padStart(6)} MB/min   ${fmt(side.heapSlopeMbPerMin).padStart(6)} MB/min   ${fmt(side.mainHeapSlopeMbPerMin, 3).padStart(7)} MB/min`,
      );
    }
    console.log(`loadspec - bare: ${fmt(difference)} MB/min of generator RSS growth; the runner's own process: ${fmt(result.loadspec.runnerSlopeMbPerMin)} MB/min`);
    if (values.json) console.log(JSON.stringify({ ...result, differenceMbPerMin: difference }));
  } finally {
    await target.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
