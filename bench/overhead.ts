/**
 * What loadspec's plugins cost Artillery: the same saturating scenario (a few looping
 * virtual users, no think time) against the demo target (latency 0), run with bare
 * Artillery and with every loadspec plugin, interleaved A/B/A/B so machine noise
 * hits all variants alike. For each run it prints sustained requests/s and CPU
 * milliseconds per request of the Artillery process, measured over its steady part
 * (the first 1.5 s and the last 0.5 s of traffic are left out, as is start-up). Requests
 * are counted by the target. The `*undici` variants run the flow on loadspec's undici
 * engine (plugins/artillery-engine-loadspec) instead of Artillery's got-based one; `locust`
 * runs the same flow on Locust FastHttpUser (one process; skipped when `locust` is not on PATH).
 *
 *   pnpm bench:overhead [-- --rounds 2 --duration 8 --users 8 --variants bare,loadspec]
 *   pnpm bench:engine [-- --rounds 3]     (bare, undici, loadspec, loadspec-undici, locust)
 *
 * Linux only (reads /proc/<pid>/stat). Traffic goes to 127.0.0.1 only.
 */
import { parseArgs } from 'node:util';
import { disableMetricsByEndpoint } from '../src/core/metrics-by-endpoint-off.ts';
import { startDemoTarget } from '../src/target/server.ts';
import { ENGINE_NAME } from '../src/run/engine-choice.ts';
import { benchArgs, clockTicksPerSecond, ratioTable, sampleArtilleryRun } from './artillery-sampler.ts';
import type { SteadyFigures } from './artillery-sampler.ts';
import { locustOnPath, sampleLocustRun } from './locust-run.ts';

interface Variant {
  name: string;
  description: string;
  plugins: () => Record<string, unknown>;
  /** Extra scenario hooks (names of functions in the bench processor). */
  afterResponse?: string[];
  /** Run the flow on loadspec's undici engine. */
  undici?: boolean;
  /** Run the flow on Locust FastHttpUser instead of Artillery (bench/locust-run.ts). */
  locust?: boolean;
}

const LOADSPEC_PLUGINS = (): Record<string, unknown> => ({
  recorder: {},
  thresholds: { criteria: ['p95 < 3s', 'error rate < 1%'] },
  'unique-users': {},
  'api-key': {},
  'slow-requests': {},
  'generator-health': {},
});

/** As `loadspec run` runs them: the recorder measures per endpoint, so metrics-by-endpoint is off. */
const LOADSPEC_PLUGINS_NO_MBE = (): Record<string, unknown> => {
  const plugins = LOADSPEC_PLUGINS();
  disableMetricsByEndpoint(plugins);
  return plugins;
};

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
    plugins: LOADSPEC_PLUGINS_NO_MBE,
  },
  { name: 'undici', description: 'Artillery as installed, the flow on loadspec\'s undici engine', plugins: () => ({}), undici: true },
  {
    name: 'loadspec-undici',
    description: 'as `loadspec run` runs it with `loadspec.engine: undici`: all loadspec plugins, metrics-by-endpoint off, the undici engine',
    plugins: LOADSPEC_PLUGINS_NO_MBE,
    undici: true,
  },
  {
    name: 'locust',
    description: 'Locust FastHttpUser, one process, headless, the same flow with no wait time',
    plugins: () => ({}),
    locust: true,
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

interface RunFigures extends SteadyFigures {
  variant: string;
  round: number;
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
      ...(variant.undici === true ? { engines: { [ENGINE_NAME]: {} } } : {}),
    },
    scenarios: [
      {
        name: 'loop',
        flow: [loop],
        ...(variant.afterResponse ? { afterResponse: variant.afterResponse } : {}),
        ...(variant.undici === true ? { engine: ENGINE_NAME } : {}),
      },
    ],
  };
}

function formatRow(cells: string[], widths: number[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: benchArgs(),
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
  const named = values.variants.split(',').map((name) => {
    const variant = VARIANTS.find((v) => v.name === name.trim());
    if (variant === undefined) throw new Error(`unknown variant "${name}"; variants are ${VARIANTS.map((v) => v.name).join(', ')}`);
    return variant;
  });
  const locust = locustOnPath();
  if (locust === null && named.some((v) => v.locust === true)) console.log('locust is not on PATH, so the locust variant is skipped (Debian: apt-get install python3-locust).');
  const chosen = named.filter((v) => v.locust !== true || locust !== null);
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
        const run =
          variant.locust === true && locust !== null
            ? await sampleLocustRun(target, { locust, users, trafficMs, ticksPerSecond })
            : await sampleArtilleryRun(target, { label: variant.name, script: script(target.url, variant, users), trafficMs, ticksPerSecond });
        const result: RunFigures = { ...run, variant: variant.name, round };
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

  const summary = ratioTable(chosen.map((variant) => ({ name: variant.name, runs: figures.filter((f) => f.variant === variant.name) })));
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
          row.ratio.medianRps.toFixed(3),
          row.ratio.bestRps.toFixed(3),
          row.ratio.medianCpu.toFixed(3),
          row.ratio.bestCpu.toFixed(3),
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
