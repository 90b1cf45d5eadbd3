/**
 * `pnpm bench:report`: how long every report takes for a one-hour run (360 windows,
 * 10 endpoints, monitor on) and how much memory it needs, next to a baseline of
 * JSON.stringify on the same RunResult. Each measurement runs in its own child
 * process so peak RSS (maxRSS) belongs to that work alone.
 * Goal: all reports in < 1 s and < 200 MB. Exits 1 when a goal is missed.
 *
 * It also folds a synthetic per-second record of the same hour (2 workers, 10 endpoints,
 * 200 req/s: what the runner reads when a run ends, or `loadspec report` rebuilds) next to
 * a baseline of reading the same files as text: the record is folded a line at a time, so
 * its peak memory stays near the baseline's instead of holding every parsed line.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareRuns, renderComparison } from '../src/report/compare.ts';
import { renderConsolidated } from '../src/report/consolidated.ts';
import { renderConsoleSummary } from '../src/report/console-summary.ts';
import { writeAllReports } from '../src/report/write-all.ts';
import type { RunResult } from '../src/core/types.ts';
import { syntheticRunResult } from '../test/fixtures/synthetic-run.ts';
import { readRunDirectory } from '../src/results/recorded-run.ts';
import { metricName } from '../src/core/metric-names.ts';
import { encodeSketch, newSketch } from '../src/core/sketch.ts';
import { secondsFileName } from '../src/core/seconds.ts';
import type { SecondLine } from '../src/core/seconds.ts';

const GOAL_MS = 1000;
const GOAL_MB = 200;
const WARM_RUNS = 5;

interface Measurement {
  coldMs: number;
  warmMs: number;
  maxRssMb: number;
  /** RSS once summary.json is parsed, before the measured work: the part no report can avoid. */
  loadedRssMb: number;
  files?: Array<{ name: string; bytes: number }>;
}

const maxRssMb = (): number => process.resourceUsage().maxRSS / 1024;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function timed(work: () => Promise<unknown>): Promise<{ coldMs: number; warmMs: number }> {
  let start = performance.now();
  await work();
  const coldMs = performance.now() - start;
  const warm: number[] = [];
  for (let i = 0; i < WARM_RUNS; i++) {
    start = performance.now();
    await work();
    warm.push(performance.now() - start);
  }
  return { coldMs, warmMs: median(warm) };
}

/** A per-second record as the recorder writes it: one line per worker and second. */
async function writeSyntheticRecord(dir: string, options: { minutes: number; workers: number; endpoints: number; rps: number }): Promise<number> {
  const t0 = 1_795_716_000_000;
  const endpoints = Array.from({ length: options.endpoints }, (_, i) => `GET /api/v1/endpoint-${i}`);
  const perEndpoint = Math.max(1, Math.round(options.rps / options.workers / options.endpoints));
  let bytes = 0;
  for (let w = 1; w <= options.workers; w++) {
    const lines: string[] = [];
    for (let second = 0; second < options.minutes * 60; second++) {
      const t = t0 + second * 1000;
      const line: SecondLine = { w: `w${w}`, t, first: t + 3, last: t + 997, c: {}, h: {} };
      const all = newSketch();
      for (const [i, endpoint] of endpoints.entries()) {
        const sketch = newSketch();
        for (let r = 0; r < perEndpoint; r++) sketch.accept(20 + ((second * 7 + r * 13 + i * 31) % 400));
        all.merge(sketch);
        line.c[metricName.requests(endpoint)] = perEndpoint;
        line.c[metricName.code(200, endpoint)] = perEndpoint;
        line.h[metricName.latency(endpoint)] = encodeSketch(sketch);
      }
      line.c['http.requests'] = perEndpoint * endpoints.length;
      line.c['http.codes.200'] = perEndpoint * endpoints.length;
      line.h['http.response_time'] = encodeSketch(all);
      lines.push(JSON.stringify(line));
    }
    const text = `${lines.join('\n')}\n`;
    bytes += Buffer.byteLength(text);
    await writeFile(join(dir, secondsFileName(`w${w}`)), text);
  }
  return bytes;
}

async function child(mode: string, input: string): Promise<Measurement> {
  if (mode === 'record') {
    const loadedRssMb = process.memoryUsage().rss / 1024 / 1024;
    const times = await timed(async () => readRunDirectory(input));
    return { ...times, maxRssMb: maxRssMb(), loadedRssMb };
  }
  if (mode === 'record-baseline') {
    const loadedRssMb = process.memoryUsage().rss / 1024 / 1024;
    const files = [secondsFileName('w1'), secondsFileName('w2')].map((f) => join(input, f));
    const times = await timed(async () => Promise.all(files.map((f) => readFile(f, 'utf8'))));
    return { ...times, maxRssMb: maxRssMb(), loadedRssMb };
  }
  const result = JSON.parse(await readFile(input, 'utf8')) as RunResult;
  const loadedRssMb = process.memoryUsage().rss / 1024 / 1024;
  if (mode === 'baseline') {
    return { ...(await timed(async () => JSON.stringify(result))), maxRssMb: maxRssMb(), loadedRssMb };
  }
  const out = await mkdtemp(join(tmpdir(), 'loadspec-bench-report-'));
  try {
    const times = await timed(async () => {
      await writeAllReports(result, out);
      renderConsoleSummary(result, { color: false });
      renderConsolidated([result]);
      renderComparison(compareRuns(result, result, { tolerancePercent: 10 }), { color: false });
    });
    const paths = await writeAllReports(result, out);
    const files = await Promise.all(paths.map(async (path) => ({ name: basename(path), bytes: (await stat(path)).size })));
    return { ...times, maxRssMb: maxRssMb(), loadedRssMb, files };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

function measure(mode: string, input: string): Measurement {
  const output = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', mode, input], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return JSON.parse(output) as Measurement;
}

async function main(): Promise<void> {
  const [flag, mode, input] = process.argv.slice(2);
  if (flag === '--child' && mode && input) {
    process.stdout.write(JSON.stringify(await child(mode, input)));
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'loadspec-bench-'));
  try {
    const result = syntheticRunResult({ minutes: 60, endpoints: 10, withMonitor: true, rps: 50 });
    const input = join(dir, 'summary.json');
    await writeFile(input, JSON.stringify(result));
    const inputMb = (await stat(input)).size / 1024 / 1024;
    console.log(
      `RunResult: ${result.windows.length} windows, ${result.endpoints.length} endpoints, ` +
        `${result.totals.requests.toLocaleString('en-US')} requests, ${result.monitor?.samples.length ?? 0} monitor samples, ` +
        `summary.json ${inputMb.toFixed(1)} MB`,
    );
    const baseline = measure('baseline', input);
    const reports = measure('reports', input);
    const ratio = (a: number, b: number): string => `${(a / Math.max(b, 0.001)).toFixed(1)}x`;
    console.log(`\n${''.padEnd(34)}${'cold'.padStart(10)}${'warm (median)'.padStart(15)}${'peak RSS'.padStart(12)}${'after load'.padStart(12)}`);
    const line = (label: string, m: Measurement): string =>
      `${label.padEnd(34)}${`${m.coldMs.toFixed(0)} ms`.padStart(10)}${`${m.warmMs.toFixed(0)} ms`.padStart(15)}${`${m.maxRssMb.toFixed(0)} MB`.padStart(12)}${`${m.loadedRssMb.toFixed(0)} MB`.padStart(12)}`;
    console.log(line('baseline: JSON.stringify(result)', baseline));
    console.log(line('all reports', reports));
    console.log(
      `${'ratio to baseline'.padEnd(34)}${ratio(reports.coldMs, baseline.coldMs).padStart(10)}` +
        `${ratio(reports.warmMs, baseline.warmMs).padStart(15)}${ratio(reports.maxRssMb, baseline.maxRssMb).padStart(12)}`,
    );
    console.log(`\nFiles: ${(reports.files ?? []).map((file) => `${file.name} ${(file.bytes / 1024).toFixed(0)} KB`).join(', ')}`);
    const timeOk = reports.coldMs < GOAL_MS;
    const memoryOk = reports.maxRssMb < GOAL_MB;
    console.log(
      `Goal: < ${GOAL_MS} ms ${timeOk ? 'met' : 'MISSED'} (cold ${reports.coldMs.toFixed(0)} ms), ` +
        `< ${GOAL_MB} MB ${memoryOk ? 'met' : 'MISSED'} (${reports.maxRssMb.toFixed(0)} MB, includes reading summary.json)`,
    );

    const recordDir = join(dir, 'record');
    await mkdir(recordDir);
    const recordBytes = await writeSyntheticRecord(recordDir, { minutes: 60, workers: 2, endpoints: 10, rps: 200 });
    console.log(`\nThe same hour's per-second record: 2 workers x 3,600 lines, 10 endpoints, 200 req/s, ${(recordBytes / 1024 / 1024).toFixed(1)} MB on disk`);
    const recordBaseline = measure('record-baseline', recordDir);
    const record = measure('record', recordDir);
    console.log(line('baseline: read the files as text', recordBaseline));
    console.log(line('fold the record into windows', record));
    console.log(`${'ratio to baseline'.padEnd(34)}${ratio(record.coldMs, recordBaseline.coldMs).padStart(10)}${ratio(record.warmMs, recordBaseline.warmMs).padStart(15)}${ratio(record.maxRssMb, recordBaseline.maxRssMb).padStart(12)}`);
    if (!timeOk || !memoryOk) process.exitCode = 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
