/**
 * The HTML report in headless Chromium: every chart draws, the verdict comes first, and odd runs
 * (partial, nothing sent, nothing succeeded) still give a readable page. (Its chart data without a
 * browser: test/report/html/chart-data.test.ts.)
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeHtml } from '../../src/report/html/render-html.ts';
import { formatMs } from '../../src/report/format.ts';
import type { RunResult } from '../../src/core/types.ts';
import { ensureChromium } from '../helpers/ensure-chromium.ts';
import { loadPage } from '../helpers/headless-chromium.ts';
import type { LoadedPage } from '../helpers/headless-chromium.ts';
import { syntheticRunResult, withoutRequests } from '../fixtures/synthetic-run.ts';

let dir = '';
before(async () => {
  ensureChromium();
  dir = await mkdtemp(join(tmpdir(), 'loadspec-html-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function render(name: string, result: RunResult): Promise<{ html: string; page: LoadedPage }> {
  const path = await writeHtml(result, await mkdtemp(join(dir, `${name}-`)));
  const html = await readFile(path, 'utf8');
  return { html, page: await loadPage(pathToFileURL(path).href) };
}

function attribute(dom: string, name: string): string | undefined {
  return new RegExp(`<html[^>]*\\s${name}="([^"]*)"`).exec(dom)?.[1];
}

/** Every chart drew, the page logged nothing (no errors, no uncaught exceptions). */
function assertChartsDrawn(page: LoadedPage, expected: number): void {
  assert.deepEqual(page.console, [], `console output: ${page.console.join('\n')}`);
  assert.equal(attribute(page.dom, 'data-chart-errors'), undefined);
  assert.equal(attribute(page.dom, 'data-charts-expected'), String(expected));
  assert.equal(attribute(page.dom, 'data-charts-rendered'), String(expected));
  assert.equal(attribute(page.dom, 'data-charts-ready'), 'true');
  assert.equal((page.dom.match(/<canvas/g) ?? []).length, expected);
}

test('a failing one-hour run: verdict first, all 17 charts drawn (8 endpoints among them), threshold lines, small and offline', async () => {
  const result = syntheticRunResult({ minutes: 60, endpoints: 10, failing: true, withMonitor: true });
  const { html, page } = await render('failing', result);
  assert.ok(html.length < 300_000, `report is ${html.length} bytes`);
  assert.doesNotMatch(html, /(src|href)=["']?(https?:)?\/\//i, 'nothing is loaded from the network');
  assertChartsDrawn(page, 17);

  const verdict = page.dom.indexOf('id="verdict"');
  assert.ok(verdict > 0 && verdict < page.dom.indexOf('class="chart"'), 'the verdict comes before the charts');
  assert.match(page.dom, /<span class="badge failed">FAILED<\/span>/);
  const p95 = result.verdict.criteria[0];
  assert.equal(p95?.status, 'failed');
  const row = new RegExp(
    `<tr class="failed"><td>FAIL</td><td>p95 &lt; 3s</td><td class="num">${formatMs(p95.observed)}</td><td class="num">3\\.00s</td>`,
  );
  assert.match(page.dom, row);
  // The latency limits are drawn as series: uPlot lists them in the chart legend.
  assert.match(page.dom, /u-legend[\s\S]*limit: p95 &lt; 3s/);
  for (const title of ['Throughput', 'Latency', 'Errors', 'Active virtual users', 'CPU', 'Memory', 'Health check latency', 'Database pool', 'Cache hit rate']) {
    assert.ok(page.dom.includes(`<h3>${title}`), `chart ${title}`);
  }
  assert.equal(page.dom.match(/<tr><td><code>(GET|POST|PUT|DELETE) /g)?.length, 10, 'one endpoint row each');
});

test('a partial run says so at the top; names from YAML and responses cannot inject markup', async () => {
  const result = syntheticRunResult({ minutes: 3, endpoints: 3, partial: true });
  result.meta.scenario = '<img src=x onerror="document.documentElement.dataset.pwned=1">';
  const endpoint = result.endpoints[0];
  assert.ok(endpoint);
  endpoint.name = 'GET /</script><script>document.documentElement.dataset.pwned=2</script>';
  result.totals.errors = { '<b>bold</b>': 1, ...result.totals.errors };
  const criterion = result.verdict.criteria[0];
  assert.ok(criterion);
  criterion.text = 'p95 < 3s </script><script>document.documentElement.dataset.pwned=3</script>';
  result.phases[0] = { ...result.phases[0]!, name: '</script><i>phase</i>' };

  const { page } = await render('partial', result);
  assertChartsDrawn(page, 7);
  assert.equal(attribute(page.dom, 'data-pwned'), undefined);
  assert.doesNotMatch(page.dom, /<img|<b>|<i>/);
  assert.ok(page.dom.includes('&lt;img src=x onerror="document.documentElement.dataset.pwned=1"&gt;'));
  const note = page.dom.indexOf('Interrupted: interrupted by Ctrl-C (SIGINT) after 2m. It ran 1m 50s of at most 3m');
  assert.ok(note > 0 && note < page.dom.indexOf('id="verdict"'), 'the partial note is above the verdict');
  assert.match(page.dom, /<strong>interrupted<\/strong>/);
  assert.match(page.dom, /data-verdict="interrupted"/);
});

test('a run where nothing succeeded says so at the top, and its empty latency chart still draws', async () => {
  const { page } = await render('zero', syntheticRunResult({ minutes: 2, endpoints: 2, zeroSuccess: true }));
  assertChartsDrawn(page, 6);
  const note = page.dom.indexOf('No request succeeded: all');
  assert.ok(note > 0 && note < page.dom.indexOf('id="verdict"'));
  assert.match(page.dom, /<span class="badge errored">ERRORED<\/span>/);
  assert.match(page.dom, /<tr class="no-data"><td>NO DATA<\/td><td>p95 &lt; 3s<\/td><td class="num">no data<\/td>/);
});

test('a passing run without the monitor: four run charts and one per endpoint, legends carry numbers, no monitor section', async () => {
  const result = syntheticRunResult({ minutes: 5, endpoints: 4 });
  result.totals.bytesReceived = 3 * 1024 * 1024;
  result.totals.checks = { statusCode: { passed: 990, failed: 10 }, hasProperty: { passed: 1000, failed: 0 } };
  const { page } = await render('passing', result);
  assert.match(page.dom, /<div class="label">Received<\/div><div class="value">3\.00 MB<\/div>/);
  assert.match(page.dom, /<tr class="failed"><td><code>statusCode<\/code><\/td><td class="num">990<\/td><td class="num">10<\/td><td class="num">1\.00%<\/td><\/tr>/);
  assertChartsDrawn(page, 8);
  // Without a hovered point every legend shows the last value: a screenshot carries numbers, not dashes.
  const values = [...page.dom.matchAll(/<td class="u-value">([^<]*)<\/td>/g)].map((m) => m[1]);
  assert.ok(values.length > 20, `legend values: ${values.length}`);
  assert.deepEqual(values.filter((value) => value === '–'), []);
  const chat = result.endpoints[0];
  assert.ok(chat?.latency);
  assert.ok(page.dom.includes(`<td class="num">${formatMs(chat.latency.min)}</td><td class="num">${formatMs(chat.latency.mean)}</td>`), 'min and mean per endpoint');
  assert.match(page.dom, /<td>200 ×[\d,]+/);
  assert.match(page.dom, /<span class="badge passed">PASSED<\/span>/);
  assert.doesNotMatch(page.dom, /id="monitor"/);
});

test('a run that sent nothing still gives a readable page: notes on top, no charts, errored verdict', async () => {
  const { page } = await render('empty', withoutRequests(syntheticRunResult({ minutes: 1, endpoints: 2 })));
  assertChartsDrawn(page, 0);
  assert.match(page.dom, /No requests were sent, so there is nothing to measure or judge\./);
  assert.match(page.dom, /<span class="badge errored">ERRORED<\/span>/);
  assert.doesNotMatch(page.dom, /id="over-time"/);
});
