/**
 * What the response checks cost: the shared flows' four requests (chat, food, reminders,
 * XP) looped by a few virtual users with no think time against the demo target
 * (latency 0), with loadspec's plugins as the runner loads them, once without checks and
 * once with the expect plugin and the exact `expect:` lists of configs/flows/api-user.yml,
 * and once with the plugin checking the status code only (what the hook costs whatever
 * the checks). Runs alternate (A/B/C/A/B/C) so machine noise hits all alike. Prints sustained requests/s
 * and CPU milliseconds per request of the Artillery process over the steady part of each
 * run (the first 1.5 s and the last 0.5 s of traffic are left out).
 *
 *   node bench/expect-overhead.ts [--rounds 3 --duration 8 --users 8]
 *
 * Measured on the shared 2-core box (4 rounds, medians; noisy): without checks 2742 req/s
 * and 0.336 CPU-ms/req, status only 2102 / 0.418, the flows' four checks 2430 / 0.405.
 * The plugin's afterResponse hook costs ~0.07 CPU-ms per request (+20-25%) whatever the
 * checks; the checks themselves take microseconds (jmespath ~4 us, the others under 1 us).
 *
 * Linux only (reads /proc/<pid>/stat). Traffic goes to 127.0.0.1 only.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { disableMetricsByEndpoint } from '../plugins/artillery-plugin-recorder/metrics-by-endpoint-off.ts';
import { loadScenarioFile } from '../src/config/load.ts';
import { artilleryBinary, PLUGINS_DIR } from '../src/run/artillery-process.ts';
import { startDemoTarget, type DemoTarget } from '../src/target/server.ts';

const SMOKE = fileURLToPath(new URL('../configs/smoke.yml', import.meta.url));
const ENDPOINTS = ['/api/v1/chat', '/api/v1/food', '/api/v1/reminders', '/api/v1/gamification/xp'];

const PROCESSOR = `
export function benchUntilDeadline(context, next) {
  context.vars.benchDeadline ??= Date.now() + Number(process.env.BENCH_TRAFFIC_MS);
  return next(Date.now() < context.vars.benchDeadline);
}
`;

type Step = Record<string, Record<string, unknown>>;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The first request step of each endpoint in the shared flows, as configs/smoke.yml resolves them. */
async function flowRequests(): Promise<Step[]> {
  const loaded = await loadScenarioFile(SMOKE);
  if (!loaded.ok) throw new Error(`configs/smoke.yml does not load: ${loaded.errors[0]?.message ?? ''}`);
  const found = new Map<string, Step>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    if (!isRecord(node)) return;
    for (const method of ['get', 'post']) {
      const request = node[method];
      if (isRecord(request) && typeof request['url'] === 'string' && !found.has(request['url'])) found.set(request['url'], { [method]: request });
    }
    Object.values(node).forEach(visit);
  };
  visit(loaded.script.scenarios);
  return ENDPOINTS.map((url) => {
    const step = found.get(url);
    if (step === undefined) throw new Error(`no ${url} request in the shared flows`);
    return step;
  });
}

type Variant = 'without' | 'status only' | 'with';
const VARIANTS: readonly Variant[] = ['without', 'status only', 'with'];

function checksFor(step: Step, variant: Variant): Step {
  return Object.fromEntries(
    Object.entries(step).map(([method, { expect: checks, ...request }]) => {
      if (variant === 'with') return [method, { ...request, expect: checks }];
      if (variant === 'without') return [method, request];
      const status = Array.isArray(checks) ? checks.find((c) => isRecord(c) && 'statusCode' in c) : undefined;
      return [method, { ...request, expect: [status] }];
    }),
  );
}

function script(target: string, steps: Step[], variant: Variant, users: number): unknown {
  const plugins: Record<string, unknown> = {
    recorder: {},
    'unique-users': {},
    'api-key': {},
    'slow-requests': {},
    thresholds: { criteria: ['p95 < 3s', 'error rate < 1%'] },
    ...(variant === 'without' ? {} : { expect: { outputFormat: 'silent', reportFailuresAsErrors: false } }),
  };
  disableMetricsByEndpoint(plugins);
  return {
    config: { target, processor: './processor.mjs', phases: [{ duration: 1, arrivalRate: users }], plugins },
    scenarios: [{ name: 'loop', flow: [{ loop: steps.map((step) => checksFor(step, variant)), whileTrue: 'benchUntilDeadline' }] }],
  };
}

function cpuTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

interface Figures {
  rps: number;
  cpuMsPerRequest: number;
  failed: number;
}

async function runOnce(target: DemoTarget, apiKey: string, body: unknown, trafficMs: number, ticksPerSecond: number): Promise<Figures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'loadspec-bench-expect-'));
  try {
    writeFileSync(path.join(dir, 'processor.mjs'), PROCESSOR);
    writeFileSync(path.join(dir, 'script.json'), JSON.stringify(body));
    const child = spawn(process.execPath, [artilleryBinary(), 'run', '-o', path.join(dir, 'out.json'), path.join(dir, 'script.json')], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        ARTILLERY_DISABLE_TELEMETRY: '1',
        ARTILLERY_PLUGIN_PATH: PLUGINS_DIR,
        PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
        LOADSPEC_RUN_DIR: path.join(dir, 'run'),
        LOADSPEC_API_KEY: apiKey,
        BENCH_TRAFFIC_MS: String(trafficMs),
      },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const killer = setTimeout(() => child.kill('SIGKILL'), trafficMs + 90_000);
    const samples: { t: number; requests: number; ticks: number }[] = [];
    const base = target.metrics().requests.total;
    const started = performance.now();
    let running = true;
    void exited.then(() => (running = false));
    while (running && child.pid !== undefined) {
      const ticks = cpuTicks(child.pid);
      if (ticks !== null) samples.push({ t: performance.now() - started, requests: target.metrics().requests.total - base, ticks });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const code = await exited;
    clearTimeout(killer);
    // 21: the expect plugin saw a failed check, which the figures below report.
    if (code !== 0 && code !== 21) throw new Error(`Artillery exited with ${String(code)}: ${stderr.slice(-500)}`);
    const counters = (JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8')) as { aggregate: { counters: Record<string, number> } }).aggregate.counters;
    const first = samples.find((s) => s.requests > 0);
    const total = samples.at(-1)?.requests ?? 0;
    const last = samples.find((s) => s.requests === total);
    const from = first && samples.find((s) => s.t >= first.t + 1500);
    const to = last && [...samples].reverse().find((s) => s.t <= last.t - 500);
    if (from === undefined || to === undefined || to.t - from.t < 1000) throw new Error('the traffic was too short to measure; raise --duration');
    const requests = to.requests - from.requests;
    const cpuMs = ((to.ticks - from.ticks) / ticksPerSecond) * 1000;
    return { rps: requests / ((to.t - from.t) / 1000), cpuMsPerRequest: cpuMs / requests, failed: counters['plugins.expect.failed'] ?? 0 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const { values } = parseArgs({
    args: argv[0] === '--' ? argv.slice(1) : argv,
    options: { rounds: { type: 'string', default: '3' }, duration: { type: 'string', default: '8' }, users: { type: 'string', default: '8' } },
  });
  const rounds = Number(values.rounds);
  const trafficMs = Number(values.duration) * 1000;
  const users = Number(values.users);
  if (!(rounds >= 1 && rounds <= 10 && trafficMs >= 3000 && trafficMs <= 60_000 && users >= 1 && users <= 50)) {
    throw new Error('use --rounds 1..10, --duration 3..60 (seconds of traffic per run), --users 1..50');
  }
  let ticksPerSecond = 100;
  try {
    ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    // keep Linux's usual 100
  }
  const steps = await flowRequests();
  const apiKey = randomBytes(8).toString('hex');
  const target = await startDemoTarget({ port: 0, latencyScale: 0, apiKey });
  const results: Record<Variant, Figures[]> = { without: [], 'status only': [], with: [] };
  try {
    console.log(`expect overhead: ${users} looping users, ${trafficMs / 1000} s of traffic per run, ${rounds} round(s), target ${target.url}`);
    for (let round = 1; round <= rounds; round++) {
      for (const variant of VARIANTS) {
        const figures = await runOnce(target, apiKey, script(target.url, steps, variant, users), trafficMs, ticksPerSecond);
        results[variant].push(figures);
        console.log(`  round ${round} ${variant.padEnd(12)} ${figures.rps.toFixed(0).padStart(6)} req/s  ${figures.cpuMsPerRequest.toFixed(3)} CPU-ms/req  ${figures.failed} failed checks`);
      }
    }
  } finally {
    await target.stop();
  }
  const summary = (runs: Figures[]) => ({ rps: median(runs.map((r) => r.rps)), bestRps: Math.max(...runs.map((r) => r.rps)), cpu: median(runs.map((r) => r.cpuMsPerRequest)), bestCpu: Math.min(...runs.map((r) => r.cpuMsPerRequest)) });
  const base = summary(results.without);
  console.log(`\nmedian (best)  req/s         CPU-ms/req       ratio to "without": req/s, CPU-ms/req`);
  for (const variant of VARIANTS) {
    const v = summary(results[variant]);
    console.log(
      `${variant.padEnd(13)}  ${`${v.rps.toFixed(0)} (${v.bestRps.toFixed(0)})`.padEnd(12)}  ${`${v.cpu.toFixed(3)} (${v.bestCpu.toFixed(3)})`.padEnd(15)}  ` +
        `${(v.rps / base.rps).toFixed(3)} (${(v.bestRps / base.bestRps).toFixed(3)}), ${(v.cpu / base.cpu).toFixed(3)} (${(v.bestCpu / base.bestCpu).toFixed(3)})`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
