import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { request } from 'node:http';
import { startDashboard } from '../../src/dashboard/server.ts';
import type { RunEvents } from '../../src/run/run-scenario.ts';
import { syntheticRunResult } from '../fixtures/synthetic-run.ts';

function call(url: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d: string) => (body += d)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject).end();
  });
}

test('only a page of this server stops the run, once; another Host is refused; the final report replaces the page', async () => {
  let stops = 0;
  const dashboard = await startDashboard({ port: 0, onStop: () => stops++, lingerMs: 100 });
  try {
    assert.match(dashboard.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const events = new EventEmitter<RunEvents>();
    dashboard.follow(events);
    assert.equal((await call(`${dashboard.url}live.json`)).status, 503, 'nothing to show before the run starts');

    assert.equal((await call(`${dashboard.url}stop`, { method: 'POST' })).status, 400, 'a plain form post cannot stop it');
    assert.equal((await call(`${dashboard.url}stop`, { method: 'POST', headers: { 'x-loadspec-stop': '1', host: 'evil.example:80' } })).status, 403);
    assert.equal(stops, 0);
    assert.equal((await call(`${dashboard.url}stop`, { method: 'POST', headers: { 'x-loadspec-stop': '1' } })).status, 202);
    assert.equal((await call(`${dashboard.url}stop`, { method: 'POST', headers: { 'x-loadspec-stop': '1' } })).status, 202);
    assert.equal(stops, 1);

    const result = syntheticRunResult({ minutes: 1, endpoints: 1 });
    dashboard.finish(result);
    const page = await call(dashboard.url);
    assert.match(page.body, /load test report/);
    assert.equal((await call(`${dashboard.url}report.html`)).body, page.body);
  } finally {
    await dashboard.close();
  }
  await assert.rejects(call(dashboard.url), /ECONNREFUSED/, 'the server is gone once closed');
});
