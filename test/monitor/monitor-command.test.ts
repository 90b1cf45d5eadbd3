import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { monitorCommand, parseMonitorArgs } from '../../src/cli/monitor.ts';
import { startFakeTarget } from './fake-target.ts';

const COMMAND = fileURLToPath(new URL('../../src/cli/monitor.ts', import.meta.url));

function capture(): { io: { stdout: { write(t: string): boolean }; stderr: { write(t: string): boolean } }; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: { write: (t: string) => ((out += t), true) },
      stderr: { write: (t: string) => ((err += t), true) },
    },
    out: () => out,
    err: () => err,
  };
}

describe('loadspec monitor', () => {
  it('samples for --duration at --interval, writes the CSV and prints the table and summary', async () => {
    const target = await startFakeTarget({ json: 'ok' });
    const dir = mkdtempSync(path.join(tmpdir(), 'loadspec-monitor-cmd-'));
    try {
      const csv = path.join(dir, 'monitoring.csv');
      const { io, out, err } = capture();
      const started = performance.now();
      const code = await monitorCommand(['--host', target.url, '--metrics-path', '/api/v1/metrics', '--interval', '1', '--duration', '3', '--output', csv], io);
      const elapsedS = (performance.now() - started) / 1000;
      assert.equal(code, 0, err());
      assert.ok(elapsedS >= 2.5 && elapsedS < 9, `took ${elapsedS}s`);
      const rows = readFileSync(csv, 'utf8').trimEnd().split('\n');
      assert.match(rows[0] ?? '', /^timestamp,cpu_percent,/);
      assert.ok(rows.length - 1 >= 2 && rows.length - 1 <= 4, `expected ~3 rows, got ${rows.length - 1}`);
      // Each row carries the target's health status and DB pool size.
      for (const row of rows.slice(1)) assert.match(row, /,200,13,\d+,\d+,75,\d+$/);
      const text = out();
      assert.match(text, /PERFORMANCE MONITORING STARTED/);
      assert.equal((text.match(/\| OK 200/g) ?? []).length, rows.length - 1);
      assert.match(text, /MONITORING SUMMARY/);
      assert.match(text, /Average hit rate: 75%/);
      assert.match(text, /Pool size: 13/);
      assert.match(text, new RegExp(`Total samples: ${rows.length - 1}`));
      assert.equal(err(), '');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await target.stop();
    }
  });

  it('answers a bad flag with one sentence and exit code 2', async () => {
    for (const [argv, expected] of [
      [['--interval', 'ten'], /^loadspec monitor: --interval must be a positive number of seconds \(got "ten"\)\n$/],
      [['--bogus'], /^loadspec monitor: unknown option --bogus \(see loadspec monitor --help\)\n$/],
      [['--host', 'localhost:8000'], /^loadspec monitor: --host "localhost:8000" has no http:\/\/ or https:\/\/ in front; write it like http:\/\/localhost:8000\n$/],
      [['--host', 'user:pa55word@127.0.0.1:8000'], /^loadspec monitor: --host "\*\*\*@127\.0\.0\.1:8000" has no http:\/\/ or https:\/\/ in front; write it like http:\/\/\*\*\*@127\.0\.0\.1:8000\n$/],
      [['--metrics', 'xml'], /--metrics must be one of auto, json, prometheus, off/],
      [['--duration', '1', '--interval', '5'], /shorter than one --interval/],
      [['--output', '/nonexistent-dir/x.csv', '--duration', '1', '--interval', '1'], /cannot write --output \/nonexistent-dir\/x\.csv \(ENOENT\)/],
      [['--interval'], /option --interval needs a value/],
    ] as const) {
      const { io, out, err } = capture();
      assert.equal(await monitorCommand([...argv], io), 2, argv.join(' '));
      assert.match(err(), expected);
      assert.equal(err().trimEnd().split('\n').length, 1);
      assert.equal(out(), '');
    }
  });

  it('parses the sources it is told about', () => {
    const parsed = parseMonitorArgs(['--host', 'http://127.0.0.1:9/app/', '--health-path', 'none', '--metrics', 'prometheus', '--pid', '123', '--run-dir', '/tmp/r']);
    assert.equal(parsed.kind, 'run');
    if (parsed.kind !== 'run') return;
    assert.deepEqual(parsed.options.monitor, {
      intervalS: 5,
      target: { url: 'http://127.0.0.1:9/app', healthPath: null, metrics: 'prometheus' },
      generator: { pid: 123, runDir: '/tmp/r' },
    });
    assert.equal(parsed.options.durationS, null);
    assert.equal(parseMonitorArgs(['--help']).kind, 'help');
    // A metrics endpoint is asked only when a flag names it.
    const metricsOf = (...argv: string[]): unknown => {
      const result = parseMonitorArgs(['--host', 'http://127.0.0.1:9', ...argv]);
      return result.kind === 'run' ? result.options.monitor.target.metrics : result.kind;
    };
    assert.equal(metricsOf(), 'off');
    assert.equal(metricsOf('--metrics-path', '/stats'), 'json');
    assert.equal(metricsOf('--prometheus-path', '/prom'), 'prometheus');
    assert.equal(metricsOf('--metrics-path', '/stats', '--prometheus-path', '/prom'), 'auto');
    assert.equal(metricsOf('--metrics', 'auto'), 'auto');
  });

  it('on Ctrl-C stops, keeps the CSV rows and prints the summary', async () => {
    const target = await startFakeTarget();
    const dir = mkdtempSync(path.join(tmpdir(), 'loadspec-monitor-int-'));
    try {
      const csv = path.join(dir, 'monitoring.csv');
      const program = `import(${JSON.stringify(COMMAND)}).then(async (m) => { process.exitCode = await m.monitorCommand(process.argv.slice(1)); })`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', program, '--', '--host', target.url, '--interval', '0.5', '--output', csv], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (t: string) => (stdout += t));
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
      // Wait for two rows on disk, then interrupt.
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && !(existsSync(csv) && readFileSync(csv, 'utf8').trimEnd().split('\n').length >= 3)) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      child.kill('SIGINT');
      const code = await exited;
      clearTimeout(kill);
      assert.equal(code, 0);
      const rows = readFileSync(csv, 'utf8').trimEnd().split('\n').length - 1;
      assert.ok(rows >= 2, `rows kept: ${rows}`);
      assert.match(stdout, /MONITORING SUMMARY/);
      assert.match(stdout, new RegExp(`Total samples: ${rows}\\b`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await target.stop();
    }
  });
});
