/**
 * A failing target never gets a green verdict. Each test runs the real CLI and Artillery for a
 * few seconds against a target on loopback that misbehaves on purpose, and compares what
 * summary.json says with what the target saw (its own counts) and with what the client waited
 * (a stopwatch in the flow's own hooks). These are also the acceptance tests of any HTTP engine
 * loadspec runs flows on: each runs on Artillery's engine and on loadspec's undici engine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/run-cli.ts';
import { startMisbehavingTarget } from '../helpers/misbehaving-target.ts';
import type { MisbehavingTarget } from '../helpers/misbehaving-target.ts';
import type { RunResult } from '../../src/core/types.ts';
import { ExitCode } from '../../src/core/exit-codes.ts';
import type { EngineSetting } from '../../src/run/engine-choice.ts';

interface Outcome {
  code: number | null;
  output: string;
  result: RunResult;
  dir: string;
}

type Engine = EngineSetting;
const ENGINES: readonly Engine[] = ['artillery', 'undici'];

/** `yaml` with `loadspec.engine` set. */
function onEngine(yaml: string, engine: Engine): string {
  if (yaml.startsWith('loadspec:\n')) return yaml.replace('loadspec:\n', `loadspec:\n  engine: ${engine}\n`);
  return `loadspec:\n  engine: ${engine}\n${yaml}`;
}

/** The same test on each engine. */
function engineTest(name: string, options: { timeout: number }, fn: (engine: Engine) => Promise<void>): void {
  for (const engine of ENGINES) test(`${name} (${engine})`, options, () => fn(engine));
}

/** Runs `yaml` (with `TARGET` replaced) on `engine` against `target`; extra files (a processor) go next to it. */
async function runAgainst(engine: Engine, target: MisbehavingTarget, yaml: string, files: Record<string, string> = {}): Promise<Outcome> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-failing-'));
  const file = path.join(dir, 'scenario.yml');
  await writeFile(file, onEngine(yaml, engine).replaceAll('TARGET', target.url));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  const run = await runCli(['run', file, '--no-monitor', '--results', path.join(dir, 'results')], { timeoutMs: 100_000 });
  const entries = await readdir(path.join(dir, 'results'), { withFileTypes: true, recursive: true });
  const summary = entries.find((e) => e.name === 'summary.json');
  assert.ok(summary, `no summary.json:\n${run.stdout}${run.stderr}`);
  const result = JSON.parse(await readFile(path.join(summary.parentPath, 'summary.json'), 'utf8')) as RunResult;
  if (engine === 'undici') assert.match(run.stdout + run.stderr, /engine: every scenario on loadspec's undici engine/, 'the run says which engine it used');
  return { code: run.code, output: run.stdout + run.stderr, result, dir };
}

/** A fresh misbehaving target for one test, closed whatever happens. */
async function withTarget(body: (target: MisbehavingTarget) => Promise<void>): Promise<void> {
  const target = await startMisbehavingTarget();
  try {
    await body(target);
  } finally {
    await target.close();
  }
}

const endpoint = (result: RunResult, name: string) => {
  const found = result.endpoints.find((e) => e.name === name);
  assert.ok(found, `no endpoint ${name} in ${result.endpoints.map((e) => e.name).join(', ')}`);
  return found;
};

/** The client's own stopwatch: performance.now() before the request and once its whole body was read. */
const STOPWATCH = `
const { appendFileSync } = require('node:fs');
const path = require('node:path');
const started = new WeakMap();
module.exports = {
  stamp(req, context, events, done) { started.set(req, performance.now()); done(); },
  lap(req, res, context, events, done) {
    const start = started.get(req);
    const total = res.timings && res.timings.phases ? res.timings.phases.total : '';
    if (start !== undefined) appendFileSync(path.join(__dirname, 'waited.tsv'), new URL(req.url).pathname + '\\t' + (performance.now() - start) + '\\t' + total + '\\n');
    done();
  },
};
`;

/** By path: the stopwatch's times, and got's own `timings.phases.total` (whole ms, from its request to the body's end). */
async function waited(dir: string): Promise<Map<string, { stopwatch: number[]; got: number[] }>> {
  const byPath = new Map<string, { stopwatch: number[]; got: number[] }>();
  for (const line of (await readFile(path.join(dir, 'waited.tsv'), 'utf8')).trim().split('\n')) {
    const [p = '', ms = '', total = ''] = line.split('\t');
    const entry = byPath.get(p) ?? { stopwatch: [], got: [] };
    entry.stopwatch.push(Number(ms));
    entry.got.push(Number(total));
    byPath.set(p, entry);
  }
  return byPath;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? Number.NaN;

engineTest('latency is the whole response: a body 2 s after its headers fails p95 < 1s, time to first byte is its own measure', { timeout: 120_000 }, async (engine) => {
  await withTarget(async (target) => {
    const { code, output, result } = await runAgainst(
      engine,
      target,
      `config:
  target: TARGET
  phases:
    - duration: 1
      arrivalRate: 3
  plugins:
    thresholds:
      criteria:
        - p95 < 1s
        - ttfb p95 < 500ms
scenarios:
  - flow:
      - get: { url: /slow-body/2000 }
      - get: { url: /slow-headers/2000 }
`,
    );
    assert.equal(code, ExitCode.failed, output);
    assert.equal(target.received.get('GET /slow-body/2000'), 3);
    const body = endpoint(result, 'GET /slow-body/2000');
    assert.ok((body.latency?.p95 ?? 0) >= 2000, `p95 of a body 2 s late: ${body.latency?.p95}`);
    assert.ok((body.timings?.ttfb?.p95 ?? 99) < 50, `ttfb of headers sent at once: ${body.timings?.ttfb?.p95}`);
    const headers = endpoint(result, 'GET /slow-headers/2000');
    assert.ok((headers.latency?.p95 ?? 0) >= 2000 && (headers.timings?.ttfb?.p95 ?? 0) >= 2000, 'headers after 2 s: both measures >= 2 s');
    const p95 = result.verdict.criteria.find((c) => c.text === 'p95 < 1s');
    assert.equal(p95?.status, 'failed');
    assert.match(p95?.message ?? '', /^p95 response time was 2(\.\d+)? s/);
    assert.equal(result.verdict.criteria.find((c) => c.text === 'ttfb p95 < 500ms')?.status, 'failed', 'the slow headers fail ttfb');
    assert.match(output, /Latency \(whole response\)/);
  });
});

engineTest('fixed delays are reported within max(1 ms, 1%) of what the client measured', { timeout: 120_000 }, async (engine) => {
  await withTarget(async (target) => {
    const { code, output, result, dir } = await runAgainst(
      engine,
      target,
      `config:
  target: TARGET
  processor: ./stopwatch.cjs
  phases:
    - duration: 2
      arrivalRate: 2
scenarios:
  - beforeRequest: stamp
    afterResponse: lap
    flow:
      - loop:
          - get: { url: /delay/50 }
          - get: { url: /delay/300 }
        count: 3
`,
      { 'stopwatch.cjs': STOPWATCH },
    );
    assert.equal(code, ExitCode.passed, output);
    const client = await waited(dir);
    for (const [p, delay] of [['/delay/50', 50], ['/delay/300', 300]] as const) {
      const reported = endpoint(result, `GET ${p}`).latency?.p50 ?? 0;
      const measured = client.get(p) ?? { stopwatch: [], got: [] };
      assert.equal(target.received.get(`GET ${p}`), 12);
      assert.ok(reported >= delay, `${p}: reported ${reported} ms, the server waited ${delay} ms`);
      // The HTTP client's own clock (got's whole response, whole ms): within max(1 ms, 1%), plus its rounding.
      const gotTotal = median(measured.got);
      const tolerance = Math.max(1, gotTotal * 0.01) + 1;
      assert.ok(Math.abs(reported - gotTotal) <= tolerance, `${p}: reported p50 ${reported} ms, the client's HTTP library measured ${gotTotal} ms (tolerance ${tolerance.toFixed(2)})`);
      // A stopwatch in the flow's hooks also holds Artillery's own work around the request (templating
      // before it, the hooks after it): never less than loadspec reports, and at most a few ms more.
      const stopwatch = median(measured.stopwatch);
      assert.ok(stopwatch >= reported - Math.max(1, reported * 0.01) && stopwatch - reported <= 10, `${p}: reported p50 ${reported} ms, the stopwatch ${stopwatch.toFixed(2)} ms`);
    }
  });
});

engineTest('timeouts count in latency at their timeout: 18 of 20 requests timing out fail p95 < 1s', { timeout: 120_000 }, async (engine) => {
  await withTarget(async (target) => {
    const { code, output, result } = await runAgainst(
      engine,
      target,
      `config:
  target: TARGET
  http:
    timeout: 1
  phases:
    - duration: 1
      arrivalCount: 2
  plugins:
    thresholds:
      criteria:
        - p95 < 1s
        - error rate < 100%
scenarios:
  - flow:
      - get: { url: /fast }
      - loop:
          - get: { url: /hang }
        count: 9
`,
    );
    assert.equal(code, ExitCode.failed, output);
    assert.equal(target.received.get('GET /fast'), 2);
    // A timeout ends its user: one /hang each, then the session is over.
    assert.equal(result.totals.requests, target.total());
    assert.ok((result.totals.latency?.count ?? 0) === result.totals.requests, 'every request is in latency, the timed-out ones too');
    assert.ok((result.totals.latency?.p95 ?? 0) >= 1000, `p95 with timeouts: ${result.totals.latency?.p95}`);
    assert.equal(result.verdict.criteria.find((c) => c.text === 'p95 < 1s')?.status, 'failed');
  });
});

engineTest('a latency criterion over requests of which none succeeded is not a pass: every body stalls after its headers', { timeout: 120_000 }, async (engine) => {
  await withTarget(async (target) => {
    const { code, output, result } = await runAgainst(
      engine,
      target,
      `config:
  target: TARGET
  http:
    timeout: 1
  phases:
    - duration: 1
      arrivalCount: 3
  plugins:
    thresholds:
      criteria:
        - p95 < 5s
        - error rate <= 100%
scenarios:
  - flow:
      - get: { url: /hang-after-headers }
`,
    );
    assert.equal(code, ExitCode.failed, output);
    assert.equal(result.totals.requests, 3);
    assert.equal(result.totals.failures, 3);
    const p95 = result.verdict.criteria.find((c) => c.text === 'p95 < 5s');
    assert.equal(p95?.status, 'failed');
    assert.match(p95?.message ?? '', /no request succeeded/);
  });
});

engineTest('a connection reset in the middle of a body is a failed request, timed until the reset, though its headers said 200', { timeout: 120_000 }, async (engine) => {
  await withTarget(async (target) => {
    const { code, output, result } = await runAgainst(
      engine,
      target,
      `config:
  target: TARGET
  phases:
    - duration: 1
      arrivalCount: 6
  plugins:
    thresholds:
      criteria:
        - p95 < 5s
        - error rate < 10%
scenarios:
  - flow:
      - get: { url: /ok }
      - get: { url: /reset-mid-body/300 }
`,
    );
    assert.equal(code, ExitCode.failed, output);
    assert.equal(target.received.get('GET /reset-mid-body/300'), 6);
    assert.equal(result.totals.requests, target.total(), 'every request the target received, once');
    assert.equal(result.totals.requests, 12);
    const reset = endpoint(result, 'GET /reset-mid-body/300');
    assert.deepEqual(result.totals.errors, { ECONNRESET: 6 }, 'named as Artillery names it, on either engine');
    assert.match(output, /Errors +ECONNRESET 6/);
    assert.equal(reset.failures, 6, 'a 200 whose body was cut off is no success');
    assert.equal(result.totals.failures, 6);
    assert.equal(result.totals.latency?.count, 12, 'the reset requests are in latency');
    assert.ok((reset.latency?.p50 ?? 0) >= 300, `timed until the reset: p50 ${reset.latency?.p50} ms`);
    assert.equal(result.verdict.criteria.find((c) => c.text === 'error rate < 10%')?.status, 'failed');
  });
});

engineTest('sessions that failed in a processor are counted with their cause and fail the run', { timeout: 120_000 }, async (engine) => {
  await withTarget(async (target) => {
    const { code, output, result } = await runAgainst(
      engine,
      target,
      `config:
  target: TARGET
  processor: ./steps.cjs
  phases:
    - duration: 2
      arrivalRate: 3
  plugins:
    thresholds:
      criteria:
        - p95 < 1s
scenarios:
  - flow:
      - get: { url: /first }
      - function: explode
      - get: { url: /second }
`,
      { 'steps.cjs': "module.exports = { explode(context, events, done) { done(new Error('cart service client is not configured')); } };\n" },
    );
    assert.equal(code, ExitCode.failed, output);
    assert.equal(target.received.get('GET /first'), 6);
    assert.equal(target.received.get('GET /second'), undefined, 'no user got past the processor');
    assert.equal(result.totals.vusersFailed, 6);
    assert.equal(result.totals.errors['session: cart service client is not configured'], 6);
    assert.equal(result.totals.failures, 6);
    assert.match(output, /Errors +session: cart service client is not configured 6/);
    assert.equal(result.verdict.criteria.find((c) => c.text === 'failed sessions == 0')?.status, 'failed');
  });
});

engineTest('4xx are failures by default: 85% 429 fails, a status the step expects does not', { timeout: 120_000 }, async (engine) => {
  await withTarget(async (target) => {
    const { code, output, result } = await runAgainst(
      engine,
      target,
      `config:
  target: TARGET
  phases:
    - duration: 2
      arrivalRate: 5
  plugins:
    expect: {}
    thresholds:
      criteria:
        - p95 < 1s
scenarios:
  - flow:
      - get: { url: /mostly/429/85 }
      - get:
          url: /status/404
          expect:
            - statusCode: [200, 404]
`,
    );
    assert.equal(code, ExitCode.failed, output);
    const limited = target.answered.get(429) ?? 0;
    assert.equal(limited, Math.floor(10 * 0.85));
    assert.equal(result.totals.codes['429'], limited);
    assert.equal(result.totals.failures, limited, 'every 429 and no expected 404');
    assert.equal(endpoint(result, 'GET /status/404').failures, 0);
    const rate = result.verdict.criteria.find((c) => c.text === 'error rate < 1%');
    assert.equal(rate?.status, 'failed');
    assert.doesNotMatch(output, /API key/);
  });
});

engineTest('a redirect chain is one request of its step; a redirect loop fails it, with no phantom endpoint', { timeout: 120_000 }, async (engine) => {
  await withTarget(async (target) => {
    const { code, output, result } = await runAgainst(
      engine,
      target,
      `config:
  target: TARGET
  phases:
    - duration: 1
      arrivalCount: 2
  plugins:
    thresholds:
      criteria:
        - error rate < 10%
scenarios:
  - flow:
      - get: { url: /redirect/2 }
      - get: { url: /loop }
`,
    );
    assert.equal(code, ExitCode.failed, output);
    assert.deepEqual(result.endpoints.map((e) => e.name).sort(), ['GET /loop', 'GET /redirect/2']);
    assert.equal(endpoint(result, 'GET /redirect/2').requests, 2);
    assert.deepEqual(endpoint(result, 'GET /redirect/2').codes, { '200': 2 });
    const loop = endpoint(result, 'GET /loop');
    assert.equal(loop.requests, 2);
    assert.equal(loop.failures, 2);
    assert.ok(Object.keys(loop.errors).some((kind) => /REDIRECT/i.test(kind)), JSON.stringify(loop.errors));
    assert.equal(result.totals.requests, 4);
    assert.ok((target.received.get('GET /loop') ?? 0) > 10, 'the target saw every hop');
    assert.equal(result.totals.redirects, (target.received.get('GET /loop') ?? 0) - 2 + 4, 'the hops are details');
    assert.equal(result.verdict.criteria.find((c) => c.text === 'error rate < 10%')?.observed, 50);
  });
});

engineTest('a generator blocked by a processor makes the run inconclusive and says how far behind the plan it was', { timeout: 120_000 }, async (engine) => {
  await withTarget(async (target) => {
    const { code, output, result } = await runAgainst(
      engine,
      target,
      `loadspec:
  duration: 6s
config:
  target: TARGET
  processor: ./block.cjs
  phases:
    - duration: 3
      arrivalRate: 4
  plugins:
    thresholds:
      criteria:
        - p95 < 1s
scenarios:
  - flow:
      - get: { url: /fast }
      - function: block
`,
      { 'block.cjs': 'module.exports = { block(context, events, done) { const until = Date.now() + 2500; while (Date.now() < until); done(); } };\n' },
    );
    assert.equal(code, ExitCode.inconclusive, output);
    assert.equal(result.verdict.status, 'inconclusive');
    // How far behind: the users that never started, or the pace of the phase that never ended.
    assert.match(result.verdict.reason ?? '', /the load generator (stalled: \d+ of 12 planned virtual users started \(\d+% behind the plan\)|was saturated: phase "phase 1" was planned for 3 s but had not ended after [\d.]+ s, so Artillery started virtual users at about \d+% of the planned pace)/);
    assert.ok(result.totals.requests < 12);
  });
});
