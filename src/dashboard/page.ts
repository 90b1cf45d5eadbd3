/**
 * The dashboard page: the report's styles, uPlot and chart script, plus a small script
 * (dashboard-script.js) that follows /events and writes each second's view into the page.
 * Served by the dashboard's own server; everything it loads comes from that server.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { escapeHtml as text, jsonForScript } from '../report/escape.ts';
import { loadAssets } from '../report/html/render-html.ts';
import type { DashboardView } from './view.ts';

let script: string | undefined;

function dashboardScript(): string {
  script ??= readFileSync(fileURLToPath(new URL('./dashboard-script.js', import.meta.url)), 'utf8').replace(/<\/script/gi, '<\\/script');
  return script;
}

const DASHBOARD_STYLE = `
.live-bar { display: flex; gap: 16px; align-items: center; flex-wrap: wrap; margin: 8px 0 4px; }
.live-bar .clock { font-size: 18px; font-weight: 700; font-variant-numeric: tabular-nums; }
.live-bar .state { padding: 3px 10px; border-radius: 5px; background: var(--pass-bg); color: var(--pass); font-weight: 700; }
html[data-state="finished"] .live-bar .state { background: var(--warn-bg); color: var(--warn); }
#stop-run { margin-left: auto; font: inherit; font-weight: 700; color: #fff; background: var(--fail); border: 0; border-radius: 6px; padding: 8px 16px; cursor: pointer; }
#stop-run:disabled { opacity: 0.6; cursor: default; }
tr.passing td:first-child { color: var(--pass); font-weight: 700; }
tr.failing td:first-child { color: var(--fail); font-weight: 700; }
tr.failing { background: #fff7f7; }
tr.no-data td:first-child { color: var(--warn); }
`;

function card(field: string, label: string, value: string): string {
  return `<div class="card"><div class="label" data-field="${field}Label">${text(label)}</div><div class="value" data-field="${field}">${text(value)}</div></div>`;
}

export function renderDashboardPage(view: DashboardView): string {
  const { uplotScript, uplotStyle, pageScript, pageStyle } = loadAssets();
  const f = view.fields;
  return `<!doctype html>
<html lang="en" data-state="${text(view.state)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${text(f['scenario'] ?? '')}: live · loadspec</title>
<style>${uplotStyle}</style>
<style>${pageStyle}</style>
<style>${DASHBOARD_STYLE}</style>
</head>
<body>
<header>
<h1><span data-field="scenario">${text(f['scenario'] ?? '')}</span> <span class="muted">live</span></h1>
<p class="meta">${text(f['target'] ?? '')} · charts show the last 5 minutes, one point per second; the page becomes the final report when the run ends.</p>
<div class="live-bar"><span class="clock" data-field="clock">${text(f['clock'] ?? '')}</span><span class="state" data-field="phase">${text(f['phase'] ?? '')}</span><button id="stop-run" type="button">Stop the run</button></div>
</header>
<section id="headline"><div class="cards">
${card('users', f['usersLabel'] ?? 'active users', f['users'] ?? '')}
${card('requests', 'requests', f['requests'] ?? '')}
${card('rps', 'req/s (last 5s)', f['rps'] ?? '')}
${card('failures', 'failed', f['failures'] ?? '')}
${card('p50', 'p50', f['p50'] ?? '')}
${card('p95', 'p95 (whole response)', f['p95'] ?? '')}
${card('p99', 'p99', f['p99'] ?? '')}
${card('received', 'received', f['received'] ?? '')}
</div><p class="muted" data-field="errorRate">${text(f['errorRate'] ?? '')}</p></section>
<section id="criteria"><h2>Criteria so far</h2><table><thead><tr><th>State</th><th>Criterion</th><th class="num">Observed</th><th class="num">Limit</th></tr></thead><tbody data-rows="criteria"></tbody></table></section>
<section id="failures"><h2>Failures by kind</h2><table><thead><tr><th>Kind</th><th class="num">Count</th></tr></thead><tbody data-rows="failures"></tbody></table></section>
<div id="live-charts">
<section id="over-time"><h2>Over time</h2></section>
<section id="monitor"><h2>Monitor</h2></section>
</div>
<section id="endpoints"><h2>Endpoints</h2><table><thead><tr><th>Endpoint</th><th class="num">Requests</th><th class="num">Failed</th><th class="num">Error rate</th><th class="num">p50</th><th class="num">p95</th><th class="num">p99</th><th>Status codes</th></tr></thead><tbody data-rows="endpoints"></tbody></table></section>
<section id="slow-requests"><h2>Slow requests, newest first</h2><table><thead><tr><th>Time (UTC)</th><th>Endpoint</th><th class="num">Status</th><th class="num">Took</th><th>Phase</th></tr></thead><tbody data-rows="slow"></tbody></table></section>
<script type="application/json" id="report-data">${jsonForScript({ charts: { run: [], monitor: [], phases: [] } })}</script>
<script type="application/json" id="dashboard-view">${jsonForScript(view)}</script>
<script>${uplotScript}</script>
<script>${pageScript}</script>
<script>${dashboardScript()}</script>
</body>
</html>
`;
}
