/**
 * What loadspec's plugins cost Artillery: the same saturating scenario (a few looping
 * virtual users, no think time) against the demo target (latency 0), run with bare
 * Artillery and with every loadspec plugin, interleaved A/B/A/B so machine noise
 * hits all variants alike. For each run it prints sustained requests/s and CPU
 * milliseconds per request of the Artillery process, measured over its steady part
 * (the first 1.5 s and the last 0.5 s of traffic are left out, as is start-up).
 *
 *   pnpm bench:overhead [-- --rounds 2 --duration 8 --users 8 --variants bare,loadspec]
 *
 * Linux only (reads /proc/<pid>/stat). Traffic goes to 127.0.0.1 only.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { disableMetricsByEndpoint } from '../plugins/artillery-plugin-recorder/metrics-by-endpoint-off.ts';
import { artilleryBinary, PLUGINS_DIR } from '../src/run/artillery-process.ts';
import { startDemoTarget } from '../src/target/server.ts';
import type { DemoTarget } from '../src/target/server.ts';

interface Variant {
  name: string;
  description: string;
  plugins: () => Record<string, unknown>;
  /** Extra scenario hooks (names of functions in the bench processor). */
  afterResponse?: string[];
}

const LOADSPEC_PLUGINS = (): Record<string, unknown> => ({
  recorder: {},
  thresholds: { criteria: ['p95 < 3s', 'error rate < 1%'] },
  'unique-users': {},
  'api-key': {},
  'slow-requests': {},
  'generator-health': {},
});

const VARIANTS: readonly Variant[] = [
  { name: 'bare', description: 'Artillery as installed (metrics-by-endpoint on, its default)', plugins: () => ({}) },
  {
    name: 'loadspec+mbe',
    description: 'all loadspec plugins, with metrics-by-endpoint left on',
    plugins: LOADSPEC_PLUGINS,
  },
  {
    name: 'bare-no-mbe',
    description: 'Artillery with metrics-by-endpoint switched off',
    plugins: () => {
      const plugins: Record<string, unknown> = {};
      disableMetricsByEndpoint(plugins);
      return plugins;
    },
  },
  {
    name: 'loadspec',
    description: 'as `loadspec run` runs it: all loadspec plugins, metrics-by-endpoint switched off (the recorder measures per endpoint)',
    plugins: () => {
      const plugins = LOADSPEC_PLUGINS();
      disableMetricsByEndpoint(plugins);
      return plugins;
    },
  },
  {
    name: 'no-mbe+afterResponse',
    description: 'metrics-by-endpoint off plus one no-op afterResponse hook (what such a hook alone costs)',
    plugins: () => {
      const plugins: Record<string, unknown> = {};
      disableMetricsByEndpoint(plugins);
      return plugins;
    },
    afterResponse: ['benchNoop'],
  },
  {
    name: 'no-mbe+slow-requests',
    description: 'metrics-by-endpoint off plus the slow-requests plugin alone',
    plugins: () => {
      const plugins: Record<string, unknown> = { 'slow-requests': {} };
      disableMetricsByEndpoint(plugins);
      return plugins;
    },
  },
];

const DEFAULT_VARIANTS = ['bare', 'loadspec', 'loadspec+mbe', 'bare-no-mbe'];

// Each virtual user loops until its own deadline, so every run has the same length
// of traffic however long Artillery takes to start.
const PROCESSOR = `
export function benchUntilDeadline(context, next) {
  context.vars.benchDeadline ??= Date.now() + Number(process.env.BENCH_TRAFFIC_MS);
  return next(Date.now() < context.vars.benchDeadline);
}
export function benchNoop(req, res, context, events, next) {
  return next();
}
`;

interface Sample {
  /** ms since the run started. */
  t: number;
  requests: number;
  cpuTicks: number;
}

interface RunFigures {
  variant: string;
  round: number;
  rps: number;
  cpuMsPerRequest: number;
  cpuPercent: number;
  requests: number;
  windowS: number;
}

function clockTicksPerSecond(): number {
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

function script(target: string, variant: Variant, users: number): unknown {
  const loop: Record<string, unknown> = {
    loop: [
      { get: { url: '/api/v1/gamification/xp?user_id=bench_user_1' } },
      { get: { url: '/api/v1/reminders?user_id=bench_user_1' } },
    ],
    whileTrue: 'benchUntilDeadline',
  };
  return {
    config: {
      target,
      processor: './processor.mjs',
      phases: [{ duration: 1, arrivalRate: users, name: 'saturate' }],
      plugins: variant.plugins(),
    },
    scenarios: [{ name: 'loop', flow: [loop], ...(variant.afterResponse ? { afterResponse: variant.afterResponse } : {}) }],
  };
}

async function runOnce(
  target: DemoTarget,
  variant: Variant,
  options: { users: number; trafficMs: number; ticksPerSecond: number },
): Promise<Omit<RunFigures, 'round'>> {
  const dir = mkdtempSync(path.join(tmpdir(), `loadspec-bench-${variant.name}-`));
  try {
    writeFileSync(path.join(dir, 'processor.mjs'), PROCESSOR);
    const scriptPath = path.join(dir, 'script.yml');
    writeFileSync(scriptPath, JSON.stringify(script(target.url, variant, options.users), null, 2));
    const child = spawn(process.execPath, [artilleryBinary(), 'run', scriptPath], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        ARTILLERY_DISABLE_TELEMETRY: '1',
        ARTILLERY_PLUGIN_PATH: PLUGINS_DIR,
        PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
        LOADSPEC_RUN_DIR: path.join(dir, 'run'),
        LOADSPEC_API_KEY: randomBytes(8).toString('hex'),
        BENCH_TRAFFIC_MS: String(options.trafficMs),
      },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const killTimer = setTimeout(() => child.kill('SIGKILL'), options.trafficMs + 90_000);

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
    if (code !== 0) throw new Error(`${variant.name}: Artillery exited with ${String(code)}: ${stderr.slice(-500)}`);
    return { variant: variant.name, ...steadyFigures(samples, options.ticksPerSecond) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Rates over the steady part of the traffic: from 1.5 s after the first request to 0.5 s before the last. */
function steadyFigures(samples: Sample[], ticksPerSecond: number): Omit<RunFigures, 'variant' | 'round'> {
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

function formatRow(cells: string[], widths: number[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
}

async function main(): Promise<void> {
  // `pnpm bench:overhead -- --rounds 3` passes the `--` through.
  const argv = process.argv.slice(2);
  const { values } = parseArgs({
    args: argv[0] === '--' ? argv.slice(1) : argv,
    options: {
      rounds: { type: 'string', default: '2' },
      duration: { type: 'string', default: '8' },
      users: { type: 'string', default: '8' },
      variants: { type: 'string', default: DEFAULT_VARIANTS.join(',') },
    },
  });
  const rounds = Number(values.rounds);
  const trafficMs = Number(values.duration) * 1000;
  const users = Number(values.users);
  const chosen = values.variants.split(',').map((name) => {
    const variant = VARIANTS.find((v) => v.name === name.trim());
    if (variant === undefined) throw new Error(`unknown variant "${name}"; variants are ${VARIANTS.map((v) => v.name).join(', ')}`);
    return variant;
  });
  if (!(rounds >= 1 && rounds <= 10 && trafficMs >= 3000 && trafficMs <= 120_000 && users >= 1 && users <= 100)) {
    throw new Error('use --rounds 1..10, --duration 3..120 (seconds of traffic per run), --users 1..100');
  }

  const ticksPerSecond = clockTicksPerSecond();
  const target = await startDemoTarget({ latencyScale: 0 });
  const figures: RunFigures[] = [];
  try {
    console.log(`overhead benchmark: ${users} looping users, ${trafficMs / 1000} s of traffic per run, ${rounds} round(s), target ${target.url}`);
    for (const variant of chosen) console.log(`  ${variant.name}: ${variant.description}`);
    for (let round = 1; round <= rounds; round++) {
      for (const variant of chosen) {
        const result = { ...(await runOnce(target, variant, { users, trafficMs, ticksPerSecond })), round };
        figures.push(result);
        console.log(
          `  round ${round} ${variant.name.padEnd(22)} ${result.rps.toFixed(0).padStart(6)} req/s  ` +
            `${result.cpuMsPerRequest.toFixed(3)} CPU-ms/req  CPU ${result.cpuPercent.toFixed(0)}%  ` +
            `(${result.requests} requests over ${result.windowS.toFixed(1)} s)`,
        );
      }
    }
  } finally {
    await target.stop();
  }

  // Contention from other processes only ever slows a run down, so besides the median the
  // best run of each variant (highest req/s, lowest CPU-ms/req) is the steadier estimate.
  const summary = chosen.map((variant) => {
    const runs = figures.filter((f) => f.variant === variant.name);
    const rps = runs.map((f) => f.rps);
    const cpu = runs.map((f) => f.cpuMsPerRequest);
    return { name: variant.name, medianRps: median(rps), medianCpu: median(cpu), bestRps: Math.max(...rps), bestCpu: Math.min(...cpu) };
  });
  const base = summary[0];
  if (base === undefined) return;
  const widths = [22, 11, 11, 11, 11, 9, 9, 9, 9];
  console.log(`\n${rounds} round(s); ratios against "${base.name}" (median / best)`);
  console.log(formatRow(['variant', 'req/s med', 'req/s best', 'CPU-ms med', 'CPU-ms best', 'rps med', 'rps best', 'CPU med', 'CPU best'], widths));
  for (const row of summary) {
    console.log(
      formatRow(
        [
          row.name,
          row.medianRps.toFixed(0),
          row.bestRps.toFixed(0),
          row.medianCpu.toFixed(3),
          row.bestCpu.toFixed(3),
          (row.medianRps / base.medianRps).toFixed(3),
          (row.bestRps / base.bestRps).toFixed(3),
          (row.medianCpu / base.medianCpu).toFixed(3),
          (row.bestCpu / base.bestCpu).toFixed(3),
        ],
        widths,
      ),
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
