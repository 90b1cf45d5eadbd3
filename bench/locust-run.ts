/**
 * The bench's flow on Locust (FastHttpUser, one process, headless) against the same demo
 * target, measured like the Artillery runs: requests counted by the target, CPU time of the
 * locust process from /proc, over the same steady window. Issue 25 asks loadspec's undici
 * engine for at least Locust FastHttpUser's throughput on one process.
 *
 * Linux only. Traffic goes to the demo target on 127.0.0.1 only.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DemoTarget } from '../src/target/server.ts';
import { sampleChild, steadyFigures } from './artillery-sampler.ts';
import type { SteadyFigures } from './artillery-sampler.ts';

/**
 * The same flow as the Artillery variants: each user repeats the two GETs with no wait time
 * until its own deadline (as benchUntilDeadline does), so every generator gets the same length
 * of traffic whatever its start-up. FastHttpUser keeps one keep-alive connection per user, as
 * the undici engine does.
 */
const LOCUSTFILE = `
import os, time
from locust import FastHttpUser, constant, task
from locust.exception import StopUser

class BenchUser(FastHttpUser):
    wait_time = constant(0)

    def on_start(self):
        self.deadline = time.monotonic() + int(os.environ['BENCH_TRAFFIC_MS']) / 1000

    @task
    def loop(self):
        if time.monotonic() >= self.deadline:
            raise StopUser()
        self.client.get('/api/v1/gamification/xp?user_id=bench_user_1')
        self.client.get('/api/v1/reminders?user_id=bench_user_1')
`;

/** The `locust` executable on PATH, or null (the bench then skips the variant). */
export function locustOnPath(): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, 'locust');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

export interface LocustRunOptions {
  locust: string;
  users: number;
  trafficMs: number;
  ticksPerSecond: number;
}

/** Runs the flow on Locust for `trafficMs` (all users started within the first second) and measures it. */
export async function sampleLocustRun(target: DemoTarget, options: LocustRunOptions): Promise<SteadyFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'loadspec-bench-locust-'));
  try {
    const locustfile = path.join(dir, 'locustfile.py');
    writeFileSync(locustfile, LOCUSTFILE);
    const args = [
      '-f', locustfile, '--headless', '--only-summary',
      '-u', String(options.users), '-r', String(options.users),
      // A bound only: the users stop at their deadlines, the last one a second after the first.
      '-t', `${Math.ceil(options.trafficMs / 1000) + 3}s`, '--stop-timeout', '0',
      '--host', target.url,
    ];
    // cwd is the empty directory so no locust.conf of the caller's is read.
    const child = spawn(options.locust, args, {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, BENCH_TRAFFIC_MS: String(options.trafficMs) },
    });
    const { samples, code, stderr } = await sampleChild(target, child, options.trafficMs + 60_000);
    if (code !== 0) throw new Error(`locust: exited with ${String(code)}: ${stderr.slice(-500)}`);
    return steadyFigures(samples, options.ticksPerSecond);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
