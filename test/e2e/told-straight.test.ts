/**
 * What the YAML and the command line say is what happens, end to end with the real
 * CLI and Artillery against a loopback server: a think of 1.5 s from a variable waits
 * 1.5 s, a hold (arrivalRate: 0) holds, a target's user:password is sent but shown
 * nowhere, and what cannot be run is refused before anything is sent.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../helpers/run-cli.ts';

interface Seen {
  url: string;
  at: number;
  authorization: string | undefined;
}

async function startServer(): Promise<{ url: string; seen: Seen[]; stop(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? '', at: Date.now(), authorization: req.headers.authorization });
    res.setHeader('content-type', 'application/json');
    res.end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function scenarioFile(text: string): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-straight-'));
  const file = path.join(dir, 'scenario.yml');
  await writeFile(file, text);
  return { dir, file };
}

const THINK_AND_HOLD = `config:
  phases:
    - name: first user
      duration: 1
      arrivalCount: 1
    - name: hold
      duration: 3
      arrivalRate: 0
    - name: second user
      duration: 1
      arrivalCount: 1
  variables:
    thinkSeconds: 1.5
  plugins:
    thresholds:
      criteria:
        - error rate < 1%
        - p95 of GET /b < 3s
scenarios:
  - flow:
      - get: { url: /a }
      - think: "{{ thinkSeconds }}"
      - get: { url: /b }
`;

test('think 1.5 s from a variable, a hold, and a target with credentials sent but never shown', { timeout: 90_000 }, async () => {
  const server = await startServer();
  const { dir, file } = await scenarioFile(THINK_AND_HOLD);
  const password = 's3cr%40t-pw';
  const token = Buffer.from('loaduser:s3cr@t-pw').toString('base64');
  try {
    const target = server.url.replace('http://', `http://loaduser:${password}@`);
    const run = await runCli(['run', file, '--target', target, '--results', path.join(dir, 'results')], { timeoutMs: 80_000 });
    assert.equal(run.code, 0, run.stdout + run.stderr);

    const load = server.seen.filter((s) => s.url === '/a' || s.url === '/b');
    assert.deepEqual(load.map((s) => s.url), ['/a', '/b', '/a', '/b']);
    assert.ok(load.every((s) => s.authorization === `Basic ${token}`), 'every request carried the credentials');
    const [a1, b1, a2] = load.map((s) => s.at) as [number, number, number];
    assert.ok(b1 - a1 >= 1400 && b1 - a1 < 2500, `think waited ${b1 - a1} ms, not 1.5 s`);
    assert.ok(a2 - a1 >= 3500, `the second user arrived ${a2 - a1} ms after the first: the hold was skipped`);

    for (const secret of [password, 's3cr@t-pw', token, 'loaduser']) {
      assert.equal(run.stdout.includes(secret) || run.stderr.includes(secret), false, `"${secret}" was printed`);
    }
    const entries = await readdir(path.join(dir, 'results'), { withFileTypes: true, recursive: true });
    const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
    for (const name of ['script.json', 'summary.json', 'junit.xml', 'summary.md', 'report.html', 'artillery.log']) {
      assert.ok(files.some((f) => path.basename(f) === name), `${name} was written`);
    }
    for (const written of files) {
      const text = await readFile(written, 'utf8');
      for (const secret of [password, 's3cr@t-pw', token, 'loaduser']) assert.equal(text.includes(secret), false, `"${secret}" is in ${written}`);
    }
  } finally {
    await server.stop();
  }
});

test('an API key with a line break: exit 3 naming the variable, nothing sent', { timeout: 60_000 }, async () => {
  const server = await startServer();
  const { dir, file } = await scenarioFile(THINK_AND_HOLD.replace('  plugins:\n', '  plugins:\n    api-key: {}\n'));
  try {
    const run = await runCli(['run', file, '--target', server.url, '--results', path.join(dir, 'results')], { env: { LOADSPEC_API_KEY: 'k3y-value\n' } });
    assert.equal(run.code, 3, run.stdout + run.stderr);
    assert.match(run.stdout + run.stderr, /the API key variable LOADSPEC_API_KEY holds a line break at character 10 of 10, which no HTTP header can carry/);
    assert.doesNotMatch(run.stdout + run.stderr, /k3y-value/);
    assert.equal(server.seen.length, 0);
  } finally {
    await server.stop();
  }
});

test('a file that sends nothing (only a pause) and a criterion on an endpoint no flow calls: exit 2 from validate and from run, nothing sent', { timeout: 60_000 }, async () => {
  const server = await startServer();
  // Only a pause: the file would run and send nothing (a file without phases is Artillery's one user).
  const text = THINK_AND_HOLD.replace('p95 of GET /b < 3s', 'p95 of POST /b < 3s').replace(/ {2}phases:[\s\S]*?(?= {2}variables)/, '  phases:\n    - pause: 2\n');
  const { dir, file } = await scenarioFile(text);
  try {
    const shown = path.relative(path.resolve('.'), file);
    const expected = [
      `${shown}:2:3 the file sends nothing: every phase in config.phases is a pause or has "arrivalRate: 0"; give one phase an arrivalRate or arrivalCount above 0`,
      `${shown}:10:11 config.plugins.thresholds.criteria[1]: no flow calls POST /b, so "p95 of POST /b < 3s" would judge nothing; did you mean "GET /b"? (the flows call GET /a, GET /b)`,
    ];
    const validate = await runCli(['validate', file]);
    assert.equal(validate.code, 2, validate.stdout + validate.stderr);
    for (const line of expected) assert.ok(validate.stdout.includes(line), `${validate.stdout} should include ${line}`);
    const run = await runCli(['run', file, '--target', server.url, '--results', path.join(dir, 'results')]);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    for (const line of expected) assert.ok(run.stdout.includes(line), `${run.stdout} should include ${line}`);
    assert.equal(server.seen.length, 0);
  } finally {
    await server.stop();
  }
});
