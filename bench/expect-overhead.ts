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
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { disableMetricsByEndpoint } from '../src/core/metrics-by-endpoint-off.ts';
import { loadScenarioFile } from '../src/config/load.ts';
import { startDemoTarget } from '../src/target/server.ts';
import { benchArgs, clockTicksPerSecond, ratioTable, sampleArtilleryRun } from './artillery-sampler.ts';
import type { SteadyFigures } from './artillery-sampler.ts';

const SMOKE = fileURLToPath(new URL('../configs/smoke.yml', import.meta.url));
const ENDPOINTS = ['/api/v1/chat', '/api/v1/food', '/api/v1/reminders', '/api/v1/gamification/xp'];

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

interface Figures extends SteadyFigures {
  failed: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: benchArgs(),
    options: { rounds: { type: 'string', default: '3' }, duration: { type: 'string', default: '8' }, users: { type: 'string', default: '8' } },
  });
  const rounds = Number(values.rounds);
  const trafficMs = Number(values.duration) * 1000;
  const users = Number(values.users);
  if (!(rounds >= 1 && rounds <= 10 && trafficMs >= 3000 && trafficMs <= 60_000 && users >= 1 && users <= 50)) {
    throw new Error('use --rounds 1..10, --duration 3..60 (seconds of traffic per run), --users 1..50');
  }
  const ticksPerSecond = clockTicksPerSecond();
  const steps = await flowRequests();
  const apiKey = randomBytes(8).toString('hex');
  const target = await startDemoTarget({ port: 0, latencyScale: 0, apiKey });
  const results: Record<Variant, Figures[]> = { without: [], 'status only': [], with: [] };
  try {
    console.log(`expect overhead: ${users} looping users, ${trafficMs / 1000} s of traffic per run, ${rounds} round(s), target ${target.url}`);
    for (let round = 1; round <= rounds; round++) {
      for (const variant of VARIANTS) {
        const run = await sampleArtilleryRun(target, {
          label: `expect-${variant.replaceAll(' ', '-')}`,
          script: script(target.url, steps, variant, users),
          trafficMs,
          ticksPerSecond,
          apiKey,
          report: true,
          // 21: the expect plugin saw a failed check, which the figures report.
          okExitCodes: [0, 21],
        });
        const figures: Figures = { ...run, failed: run.counters['plugins.expect.failed'] ?? 0 };
        results[variant].push(figures);
        console.log(`  round ${round} ${variant.padEnd(12)} ${figures.rps.toFixed(0).padStart(6)} req/s  ${figures.cpuMsPerRequest.toFixed(3)} CPU-ms/req  ${figures.failed} failed checks`);
      }
    }
  } finally {
    await target.stop();
  }
  const table = ratioTable(VARIANTS.map((variant) => ({ name: variant, runs: results[variant] })));
  console.log(`\nmedian (best)  req/s         CPU-ms/req       ratio to "without": req/s, CPU-ms/req`);
  for (const v of table) {
    console.log(
      `${v.name.padEnd(13)}  ${`${v.medianRps.toFixed(0)} (${v.bestRps.toFixed(0)})`.padEnd(12)}  ${`${v.medianCpu.toFixed(3)} (${v.bestCpu.toFixed(3)})`.padEnd(15)}  ` +
        `${v.ratio.medianRps.toFixed(3)} (${v.ratio.bestRps.toFixed(3)}), ${v.ratio.medianCpu.toFixed(3)} (${v.ratio.bestCpu.toFixed(3)})`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
