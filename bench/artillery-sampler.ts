/**
 * What the benchmarks share: run one Artillery script as a child process against the demo
 * target while sampling the child's CPU time from /proc and the target's request count,
 * and reduce the samples to steady requests/s and CPU milliseconds per request.
 *
 * Linux only (reads /proc/<pid>/stat). Traffic goes to 127.0.0.1 only.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { artilleryBinary, PLUGINS_DIR } from '../src/run/artillery-process.ts';
import type { DemoTarget } from '../src/target/server.ts';

/**
 * Scenario functions for `config.processor: './processor.mjs'`. Each virtual user loops
 * (`whileTrue: benchUntilDeadline`) until its own deadline, so every run has the same length
 * of traffic however long Artillery takes to start; `benchNoop` is an afterResponse hook
 * that does nothing, to measure what a hook alone costs.
 */
export const BENCH_PROCESSOR = `
export function benchUntilDeadline(context, next) {
  context.vars.benchDeadline ??= Date.now() + Number(process.env.BENCH_TRAFFIC_MS);
  return next(Date.now() < context.vars.benchDeadline);
}
export function benchNoop(req, res, context, events, next) {
  return next();
}
`;

/** Rates of the Artillery process over the steady part of one run. */
export interface SteadyFigures {
  rps: number;
  cpuMsPerRequest: number;
  /** CPU time over wall time; above 100 when several threads are busy. */
  cpuPercent: number;
  requests: number;
  windowS: number;
}

export interface SampledRun extends SteadyFigures {
  /** `aggregate.counters` of Artillery's report; empty unless `report` was asked for. */
  counters: Record<string, number>;
}

export interface SampleOptions {
  /** Names the temporary directory and prefixes errors. */
  label: string;
  /** The Artillery script (written as JSON); its processor is BENCH_PROCESSOR. */
  script: unknown;
  /** How long each virtual user keeps looping, in ms. */
  trafficMs: number;
  ticksPerSecond: number;
  /** LOADSPEC_API_KEY for the api-key plugin; a random one by default. */
  apiKey?: string;
  /** Also write Artillery's -o report and return its counters. */
  report?: boolean;
  /** Exit codes that still count as a finished run (default 0 only). */
  okExitCodes?: readonly number[];
}

/** Arguments after the script name, without the `--` that `pnpm <script> -- ...` passes through. */
export function benchArgs(): string[] {
  const argv = process.argv.slice(2);
  // After a package script's own flags (`bench:engine`), the `--` comes later.
  const dashes = argv.indexOf('--');
  return dashes === -1 ? argv : [...argv.slice(0, dashes), ...argv.slice(dashes + 1)];
}

/** The kernel's clock ticks per second (/proc CPU times are in ticks); Linux's usual 100 if unknown. */
export function clockTicksPerSecond(): number {
  try {
    const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(value) && value > 0 ? value : 100;
  } catch {
    return 100;
  }
}

/** utime + stime of a process (all its threads), in clock ticks; null once it is gone. */
function cpuTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

export interface Sample {
  /** ms since the run started. */
  t: number;
  requests: number;
  cpuTicks: number;
}

/** What sampling one load generator's process gave: its samples, exit code and stderr. */
export interface ChildSamples {
  samples: Sample[];
  code: number | null;
  stderr: string;
}

/**
 * Every 250 ms until the child exits, its CPU time and the target's request count since the
 * start; the child is killed after `killAfterMs` so a stuck generator cannot hold the bench.
 */
export async function sampleChild(target: DemoTarget, child: ChildProcessByStdio<null, null, Readable>, killAfterMs: number): Promise<ChildSamples> {
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const killTimer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  const samples: Sample[] = [];
  const started = performance.now();
  const base = target.metrics().requests.total;
  let running = true;
  void exited.then(() => (running = false));
  while (running && child.pid !== undefined) {
    const ticks = cpuTicks(child.pid);
    if (ticks !== null) samples.push({ t: performance.now() - started, requests: target.metrics().requests.total - base, cpuTicks: ticks });
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const code = await exited;
  clearTimeout(killTimer);
  return { samples, code, stderr };
}

/** Runs the script with Artillery against `target` and measures it; throws if Artillery fails. */
export async function sampleArtilleryRun(target: DemoTarget, options: SampleOptions): Promise<SampledRun> {
  const dir = mkdtempSync(path.join(tmpdir(), `loadspec-bench-${options.label}-`));
  try {
    writeFileSync(path.join(dir, 'processor.mjs'), BENCH_PROCESSOR);
    const scriptPath = path.join(dir, 'script.json');
    writeFileSync(scriptPath, JSON.stringify(options.script, null, 2));
    const reportPath = path.join(dir, 'out.json');
    const args = [artilleryBinary(), 'run', ...(options.report === true ? ['-o', reportPath] : []), scriptPath];
    const child = spawn(process.execPath, args, {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        ARTILLERY_DISABLE_TELEMETRY: '1',
        ARTILLERY_PLUGIN_PATH: PLUGINS_DIR,
        // Engines (artillery-engine-loadspec) resolve through Node's own paths.
        NODE_PATH: PLUGINS_DIR,
        PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
        LOADSPEC_RUN_DIR: path.join(dir, 'run'),
        LOADSPEC_API_KEY: options.apiKey ?? randomBytes(8).toString('hex'),
        BENCH_TRAFFIC_MS: String(options.trafficMs),
      },
    });
    const { samples, code, stderr } = await sampleChild(target, child, options.trafficMs + 90_000);
    if (code === null || !(options.okExitCodes ?? [0]).includes(code)) {
      throw new Error(`${options.label}: Artillery exited with ${String(code)}: ${stderr.slice(-500)}`);
    }
    const counters =
      options.report === true
        ? (JSON.parse(readFileSync(reportPath, 'utf8')) as { aggregate: { counters: Record<string, number> } }).aggregate.counters
        : {};
    return { ...steadyFigures(samples, options.ticksPerSecond), counters };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Rates over the steady part of the traffic: from 1.5 s after the first request to 0.5 s before the last. */
export function steadyFigures(samples: Sample[], ticksPerSecond: number): SteadyFigures {
  const first = samples.find((s) => s.requests > 0);
  const total = samples.at(-1)?.requests ?? 0;
  const last = samples.find((s) => s.requests === total);
  if (first === undefined || last === undefined) throw new Error('no requests reached the target');
  const from = samples.find((s) => s.t >= first.t + 1500);
  const to = [...samples].reverse().find((s) => s.t <= last.t - 500);
  if (from === undefined || to === undefined || to.t - from.t < 1000) throw new Error('the traffic was too short to measure; raise --duration');
  const requests = to.requests - from.requests;
  const windowS = (to.t - from.t) / 1000;
  const cpuMs = ((to.cpuTicks - from.cpuTicks) / ticksPerSecond) * 1000;
  return { rps: requests / windowS, cpuMsPerRequest: cpuMs / requests, cpuPercent: cpuMs / 10 / windowS, requests, windowS };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** Median and best of one variant's runs. */
export interface VariantSummary {
  name: string;
  medianRps: number;
  bestRps: number;
  medianCpu: number;
  bestCpu: number;
}

/** A variant's summary and each figure's ratio to the same figure of the first variant. */
export interface RatioRow extends VariantSummary {
  ratio: Omit<VariantSummary, 'name'>;
}

/**
 * Median and best (highest req/s, lowest CPU-ms/req) of each variant's runs, with ratios to the
 * first variant. Contention from other processes only ever slows a run down, so besides the
 * median the best run is the steadier estimate.
 */
export function ratioTable(variants: readonly { name: string; runs: readonly SteadyFigures[] }[]): RatioRow[] {
  const summaries: VariantSummary[] = variants.map(({ name, runs }) => {
    const rps = runs.map((r) => r.rps);
    const cpu = runs.map((r) => r.cpuMsPerRequest);
    return { name, medianRps: median(rps), bestRps: Math.max(...rps), medianCpu: median(cpu), bestCpu: Math.min(...cpu) };
  });
  const base = summaries[0];
  if (base === undefined) return [];
  return summaries.map((row) => ({
    ...row,
    ratio: {
      medianRps: row.medianRps / base.medianRps,
      bestRps: row.bestRps / base.bestRps,
      medianCpu: row.medianCpu / base.medianCpu,
      bestCpu: row.bestCpu / base.bestCpu,
    },
  }));
}
