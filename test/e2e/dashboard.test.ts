/**
 * The live dashboard in a real browser: the real CLI and Artillery load a counting target on
 * 127.0.0.1 with `--dashboard 0`, and Debian's Chromium (through playwright-core) watches the
 * page: the numbers move, every chart draws, /live.json agrees with the target, the stop
 * button ends the run like Ctrl-C, the page becomes the final report, and nothing is logged
 * to the browser console.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startCli } from '../helpers/run-cli.ts';
import { startCountingTarget } from '../helpers/counting-target.ts';
import { loopingScenario } from '../helpers/looping-scenario.ts';
import { CHROMIUM_ARGS, SYSTEM_CHROMIUM, chromiumMissing } from '../helpers/system-chromium.ts';
import type { RunResult } from '../../src/core/types.ts';
import type { LiveSnapshot } from '../../src/dashboard/live-run.ts';

const ENV = { LOADSPEC_API_KEY: undefined, TARGET_URL: undefined, npm_lifecycle_event: undefined, LOADSPEC_DASHBOARD: undefined };

const number = (text: string | null): number => Number((text ?? '').replace(/[^\d.]/g, ''));

test('the dashboard moves while the run goes, draws every chart, stops the run and becomes the final report', { skip: chromiumMissing(), timeout: 120_000 }, async () => {
  const target = await startCountingTarget();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-dashboard-'));
  const file = path.join(dir, 'live.yml');
  await writeFile(file, loopingScenario(target.url, { phaseS: 40, phaseName: 'steady', criteria: ['p95 < 3s', 'p99 of GET /items < 2s', 'error rate < 1%'] }));
  const results = path.join(dir, 'results');
  const cli = startCli(['run', file, '--results', results, '--dashboard', '0'], { env: ENV, timeoutMs: 110_000 });
  const browser = await chromium.launch({ executablePath: SYSTEM_CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const printed = /Dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/;
    await cli.waitFor(printed, 30_000);
    const base = printed.exec(cli.output())?.[1] ?? '';
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const consoleLines: string[] = [];
    page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));

    await page.goto(base);
    // The first requests reach the page, then more: the numbers move once a second.
    // Page-side expressions are strings: this project's TypeScript has no DOM types.
    // Before Artillery has started the page is a short "starting" page that reloads itself.
    const requestsOnPage = `Number((document.querySelector('[data-field="requests"]')?.textContent ?? '0').replace(/\\D/g, ''))`;
    await page.waitForFunction(`${requestsOnPage} > 0`, null, { timeout: 40_000 });
    const first = number(await page.textContent('[data-field="requests"]'));
    const updates = Number(await page.getAttribute('html', 'data-updates'));
    await page.waitForFunction(`${requestsOnPage} > ${first}`, null, { timeout: 10_000 });
    assert.ok(Number(await page.getAttribute('html', 'data-updates')) > updates, 'the page got updates');
    assert.notEqual(await page.textContent('[data-field="p95"]'), '–');
    assert.match((await page.textContent('[data-field="phase"]')) ?? '', /steady/);

    // Every chart draws: the four run charts, one per endpoint, the monitor's.
    const chartsReady = `document.documentElement.getAttribute('data-charts-ready') === 'true'`;
    await page.waitForFunction(`${chartsReady} && Number(document.documentElement.getAttribute('data-charts-expected')) >= 6`, null, { timeout: 15_000 });
    const expected = Number(await page.getAttribute('html', 'data-charts-expected'));
    assert.equal(await page.getAttribute('html', 'data-charts-rendered'), String(expected));
    assert.equal(await page.locator('canvas').count(), expected);
    assert.ok(await page.locator('h3', { hasText: 'Latency (whole response) of GET /items' }).count() === 1, 'the endpoint chart is there');
    assert.ok((await page.textContent('#over-time')) !== null);
    // Criteria are re-judged at least every 2 s: within a few seconds of the first responses each one passes
    // (the three written and the default "failed sessions == 0").
    await page.waitForFunction(`[...document.querySelectorAll('[data-rows="criteria"] tr')].filter((row) => row.className === 'passing').length === 4`, null, { timeout: 10_000 });
    const criteriaRows = await page.locator('[data-rows="criteria"] tr').allTextContents();
    assert.equal(criteriaRows.length, 4);
    assert.ok(criteriaRows.every((row) => row.startsWith('passing')), criteriaRows.join(' | '));

    // Nothing failed and nothing was slow: those tables say "none" rather than staying blank.
    assert.deepEqual(await page.locator('[data-rows="failures"] tr').allTextContents(), ['none']);
    assert.deepEqual(await page.locator('[data-rows="slow"] tr').allTextContents(), ['none']);

    // /live.json: the run so far, never more than the target received.
    const live = (await (await fetch(new URL('live.json', base))).json()) as LiveSnapshot;
    assert.equal(live.state, 'running');
    // A request is recorded when it is sent: give the ones in flight at the snapshot time to land.
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.ok(live.totals.requests > 0 && live.totals.requests <= target.total(), `${live.totals.requests} recorded vs ${target.total()} received`);
    assert.ok(live.windows.length > 0 && live.windows.every((w) => w.end - w.start <= 1000), 'one-second windows');
    assert.equal(live.criteria.length, 4);

    // Stop the run from the page: like Ctrl-C, everything kept; the page becomes report.html.
    await page.click('#stop-run');
    await page.waitForURL(/\/report\.html$/, { timeout: 40_000 });
    await page.waitForFunction(chartsReady, null, { timeout: 10_000 });
    assert.equal(await page.getAttribute('html', 'data-verdict'), 'interrupted');

    const done = await cli.done;
    assert.equal(done.code, 130, done.stdout + done.stderr);
    const [runDir] = await readdir(results);
    const summary = JSON.parse(await readFile(path.join(results, runDir ?? '', 'summary.json'), 'utf8')) as RunResult;
    assert.equal(summary.meta.completion, 'interrupted');
    // Requests in flight at the stop may be counted by the target and not recorded: at most one per user.
    const received = target.total();
    assert.ok(summary.totals.requests <= received && received - summary.totals.requests <= summary.totals.vusersCreated, `${summary.totals.requests} recorded vs ${received} received`);
    assert.ok(summary.totals.requests >= live.totals.requests);
    // The counting target answers every request with the 11 bytes {"ok":true}.
    assert.equal(summary.totals.bytesReceived, 11 * summary.totals.responses, 'bytes received');
    assert.deepEqual(consoleLines, []);
  } finally {
    await browser.close();
    if (cli.child.exitCode === null) cli.child.kill('SIGKILL');
    await cli.done;
    await target.close();
  }
});
