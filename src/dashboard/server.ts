/**
 * The live dashboard's server: node:http in the runner's process, on 127.0.0.1 unless a host
 * is asked for. `/` is the page (the final report once the run has ended), `/events` sends
 * the view every second by server-sent events, `/live.json` is the run so far for scripts,
 * `POST /stop` ends the run as Ctrl-C does, `/report.html` is the final report.
 *
 * It is fed by the runner's events (the same per-second record the status line reads) and
 * builds the view only while a page is connected, so an unwatched dashboard costs nothing.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EventEmitter } from 'node:events';
import type { RunResult } from '../core/types.ts';
import type { RunEvents } from '../run/run-scenario.ts';
import { renderHtml } from '../report/html/render-html.ts';
import { LiveRun } from './live-run.ts';
import { dashboardView } from './view.ts';
import type { DashboardView } from './view.ts';
import { renderDashboardPage } from './page.ts';

export interface DashboardOptions {
  /** 0 picks a free port. */
  port: number;
  /** 127.0.0.1 unless the person asked for another. */
  host?: string;
  /** Called once when someone presses "Stop the run". */
  onStop: () => void;
  /** How long the server waits, once the run has ended, for open pages to load the final report (ms). */
  lingerMs?: number;
}

export interface Dashboard {
  url: string;
  /** Follow one scenario's run (several scenarios run one after the other). */
  follow(events: EventEmitter<RunEvents>): void;
  /** The run has ended: open pages become this report. */
  finish(result: RunResult | null): void;
  close(): Promise<void>;
}

export const DEFAULT_DASHBOARD_HOST = '127.0.0.1';

const WAITING_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>loadspec: starting</title><meta http-equiv="refresh" content="1"></head><body><p>loadspec is starting the run…</p></body></html>`;

export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const host = options.host ?? DEFAULT_DASHBOARD_HOST;
  const clients = new Set<ServerResponse>();
  let live: LiveRun | null = null;
  let finalHtml: string | null = null;
  let stopped = false;
  /** Pages that were open when the run ended and have not loaded the final report yet. */
  let awaitingReport = 0;
  let reportServed: (() => void) | null = null;

  const view = (): DashboardView | null => {
    if (live === null) return null;
    const snapshot = live.snapshot();
    return dashboardView(snapshot, live.charts(snapshot));
  };

  const send = (res: ServerResponse, status: number, type: string, body: string): void => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    res.end(body);
  };

  // Only pages loaded from this server's own address may drive it (no DNS rebinding, no cross-site stop).
  const fromHere = (req: IncomingMessage): boolean => {
    const hostHeader = req.headers.host ?? '';
    const name = hostHeader.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    return name === host || name === '127.0.0.1' || name === 'localhost' || name === '::1';
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://dashboard');
    if (!fromHere(req)) return send(res, 403, 'text/plain; charset=utf-8', 'loadspec dashboard: open it as http://127.0.0.1:PORT/\n');
    if (req.method === 'POST' && url.pathname === '/stop') {
      if (req.headers['x-loadspec-stop'] !== '1') return send(res, 400, 'text/plain; charset=utf-8', 'send the x-loadspec-stop: 1 header to stop the run\n');
      if (!stopped && finalHtml === null) {
        stopped = true;
        options.onStop();
      }
      return send(res, 202, 'application/json', '{"stopping":true}\n');
    }
    if (req.method !== 'GET') return send(res, 405, 'text/plain; charset=utf-8', 'GET only\n');
    if (url.pathname === '/report.html' || (url.pathname === '/' && finalHtml !== null)) {
      if (finalHtml === null) return send(res, 404, 'text/plain; charset=utf-8', 'the run has not ended yet\n');
      send(res, 200, 'text/html; charset=utf-8', finalHtml);
      if (awaitingReport > 0 && --awaitingReport === 0) reportServed?.();
      return;
    }
    // Browsers ask for it; a 404 would be an error in the page's console.
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/') {
      const current = view();
      return send(res, 200, 'text/html; charset=utf-8', current === null ? WAITING_PAGE : renderDashboardPage(current));
    }
    if (url.pathname === '/live.json') {
      if (live === null) return send(res, 503, 'application/json', '{"state":"starting"}\n');
      return send(res, 200, 'application/json', `${JSON.stringify(live.snapshot())}\n`);
    }
    if (url.pathname === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write('retry: 1000\n\n');
      if (finalHtml !== null) {
        res.end('event: final\ndata: {}\n\n');
        return;
      }
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
  });

  const broadcast = (): void => {
    if (clients.size === 0) return;
    const current = view();
    if (current === null) return;
    const message = `event: update\ndata: ${JSON.stringify(current)}\n\n`;
    for (const client of clients) client.write(message);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${shownHost}:${address.port}/`,
    follow(events) {
      events.on('started', ({ manifest, record }) => {
        live = new LiveRun(manifest, record);
        finalHtml = null;
        stopped = false;
      });
      events.on('record', (tick) => live?.addTick(tick));
      events.on('monitor-sample', (sample) => live?.addSample(sample));
      events.on('progress', (progress) => {
        live?.setProgress(progress);
        broadcast();
      });
    },
    finish(result) {
      live?.finish();
      broadcast();
      finalHtml = result === null ? null : renderHtml(result);
      if (finalHtml === null) return;
      awaitingReport = clients.size;
      for (const client of clients) client.end('event: final\ndata: {}\n\n');
      clients.clear();
    },
    async close() {
      if (awaitingReport > 0) {
        await new Promise<void>((resolve) => {
          reportServed = resolve;
          setTimeout(resolve, options.lingerMs ?? 3000).unref();
        });
      }
      for (const client of clients) client.end();
      clients.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
