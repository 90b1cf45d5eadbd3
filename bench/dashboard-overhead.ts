/**
 * What the live dashboard costs a run: `loadspec run` itself (the CLI, its plugins, the
 * runner) against the demo target (latency 0) with a saturating scenario, without and with
 * `--dashboard 0` and a page open on it, interleaved so machine noise hits both alike. The
 * page is Debian's Chromium through playwright-core when installed (it draws every second,
 * on the same machine, like a person watching), else an SSE client reading /events (the
 * server's whole work, no drawing). Throughput is the record's own: requests of the 10-s
 * windows that lie wholly inside the run (ramp-up and stop left out), from summary.json.
 *
 *   bin/pnpm bench:dashboard [-- --rounds 3 --duration 45 --users 8]
 *
 * Traffic goes to 127.0.0.1 only. Goal: the dashboard variant >= 0.97x the plain one.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { startDemoTarget } from '../src/target/server.ts';
import type { RunResult } from '../src/core/types.ts';
import { benchArgs } from './artillery-sampler.ts';

const CLI = path.resolve(import.meta.dirname, '../src/cli.ts');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

function scenario(target: string, users: number, durationS: number): string {
  return [
    'loadspec:',
    `  duration: ${durationS}s`,
    'config:',
    `  target: ${target}`,
    '  phases:',
    '    - name: saturate',
    '      duration: 1',
    `      arrivalRate: ${users}`,
    '  plugins:',
    '    api-key: {}',
    '    thresholds:',
    '      criteria:',
    '        - p95 < 3s',
    '        - error rate < 1%',
    'scenarios:',
    '  - name: loop',
    '    flow:',
    '      - loop:',
    '          - get:',
    '              url: /api/v1/gamification/xp?user_id=bench_user_1',
    '          - get:',
    '              url: /api/v1/reminders?user_id=bench_user_1',
    '        count: 10000000',
    '',
  ].join('\n');
}

/** Requests per second over the 10-s windows wholly inside the run. */
function steadyRps(result: RunResult): { rps: number; windows: number } {
  const inner = result.windows.slice(1, -1).filter((w) => w.end - w.start === 10_000);
  const requests = inner.reduce((sum, w) => sum + w.requests, 0);
  return { rps: inner.length === 0 ? 0 : requests / (inner.length * 10), windows: inner.length };
}

/** Keeps an SSE stream open and read until stopped. */
function followEvents(url: string): { stop(): void } {
  const req = get(new URL('events', url), (res) => res.resume());
  req.on('error', () => {});
  return { stop: () => req.destroy() };
}

async function runOnce(target: string, dir: string, withDashboard: boolean, browser: Browser | null, users: number, durationS: number): Promise<number> {
  const file = path.join(dir, 'saturate.yml');
  await writeFile(file, scenario(target, users, durationS));
  const results = path.join(dir, withDashboard ? 'with' : 'without');
  const args = [CLI, 'run', file, '--results', results, '--no-monitor', ...(withDashboard ? ['--dashboard', '0'] : [])];
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', LOADSPEC_API_KEY: randomBytes(12).toString('hex') };
  delete env['LOADSPEC_DASHBOARD'];
  delete env['npm_lifecycle_event'];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const watch: { current: { stop(): void | Promise<void> } | null } = { current: null };
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    const url = /Dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr)?.[1];
    if (url && watch.current === null) {
      if (browser) {
        const page = browser.newPage();
        watch.current = { stop: async () => (await page).close() };
        void page.then((p) => p.goto(url)).catch(() => {});
      } else watch.current = followEvents(url);
    }
  });
  await new Promise<void>((resolve) => child.on('close', () => resolve()));
  await watch.current?.stop();
  const [runDir] = (await readdir(results)).filter((name) => name.startsWith('saturate-'));
  const result = JSON.parse(await readFile(path.join(results, runDir ?? '', 'summary.json'), 'utf8')) as RunResult;
  await rm(results, { recursive: true, force: true });
  const steady = steadyRps(result);
  if (steady.windows === 0) throw new Error(`no whole 10-s window inside the run; make it longer (--duration)\n${stderr}`);
  return steady.rps;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

async function main(): Promise<void> {
  const { values } = parseArgs({ args: benchArgs(), options: { rounds: { type: 'string', default: '3' }, duration: { type: 'string', default: '45' }, users: { type: 'string', default: '8' } } });
  const rounds = Number(values.rounds);
  const durationS = Number(values.duration);
  const users = Number(values.users);
  if (!(rounds >= 1 && rounds <= 10 && durationS >= 35 && durationS <= 300 && users >= 1 && users <= 100)) {
    throw new Error('use --rounds 1..10, --duration 35..300 (seconds per run, Artillery’s start included: whole 10-s windows must lie inside), --users 1..100');
  }
  const target = await startDemoTarget({ latencyScale: 0 });
  const browser = existsSync(CHROMIUM) ? await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] }) : null;
  const dir = await mkdtemp(path.join(tmpdir(), 'loadspec-bench-dashboard-'));
  const without: number[] = [];
  const withIt: number[] = [];
  try {
    console.log(`dashboard overhead: ${users} looping users, ${durationS} s per run, ${rounds} round(s), page: ${browser ? 'headless Chromium' : 'SSE client'}`);
    for (let round = 1; round <= rounds; round++) {
      // Alternate which goes first, so a trend in machine load does not favour one.
      const order = round % 2 === 1 ? [false, true] : [true, false];
      for (const dashboard of order) {
        const rps = await runOnce(target.url, dir, dashboard, browser, users, durationS);
        (dashboard ? withIt : without).push(rps);
        console.log(`  round ${round} ${dashboard ? 'dashboard open' : 'no dashboard  '} ${rps.toFixed(0).padStart(6)} req/s`);
      }
    }
  } finally {
    await browser?.close();
    await target.stop();
    await rm(dir, { recursive: true, force: true });
  }
  const ratio = median(withIt) / median(without);
  console.log(`\nmedian: no dashboard ${median(without).toFixed(0)} req/s, dashboard open ${median(withIt).toFixed(0)} req/s: ${ratio.toFixed(3)}x (goal >= 0.97x)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
