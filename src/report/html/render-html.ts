/**
 * The HTML report: one self-contained file (uPlot, styles, script and data inlined)
 * that opens offline, from a CI artifact or an e-mail attachment. Verdict first,
 * then charts over time, tables, and the monitor when it ran.
 */
import { readFileSync } from 'node:fs';
import { writeFileWhole } from '../../core/write-whole.ts';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { escapeHtml, jsonForScript } from '../escape.ts';
import type { RunResult } from '../../core/types.ts';
import { reportCharts } from './chart-data.ts';
import {
  chartsSection,
  checksSection,
  endpointsSection,
  errorsSection,
  footer,
  headerSection,
  headlineSection,
  monitorWarnings,
  phasesSection,
  slowRequestsSection,
  verdictSection,
} from './sections.ts';

interface Assets {
  uplotScript: string;
  uplotStyle: string;
  pageScript: string;
  pageStyle: string;
}

let assets: Assets | undefined;

/** Read once per process: a runner writing many reports should not re-read 50 KB each time. */
export function loadAssets(): Assets {
  if (assets) return assets;
  const require = createRequire(import.meta.url);
  const read = (path: string): string => readFileSync(path, 'utf8');
  // Inline code must not contain the sequence that would close its own element.
  const safeScript = (code: string): string => code.replace(/<\/script/gi, '<\\/script');
  const safeStyle = (css: string): string => css.replace(/<\/style/gi, '<\\/style');
  assets = {
    uplotScript: safeScript(read(require.resolve('uplot/dist/uPlot.iife.min.js'))),
    uplotStyle: safeStyle(read(require.resolve('uplot/dist/uPlot.min.css'))),
    pageScript: safeScript(read(fileURLToPath(new URL('./page-script.js', import.meta.url)))),
    pageStyle: safeStyle(read(fileURLToPath(new URL('./page-style.css', import.meta.url)))),
  };
  return assets;
}

export function renderHtml(result: RunResult): string {
  const { uplotScript, uplotStyle, pageScript, pageStyle } = loadAssets();
  const charts = reportCharts(result);
  const title = `${result.meta.scenario}: ${result.verdict.status.toUpperCase()} · loadspec`;
  const monitorIntro =
    'Sampled by the runner while the test ran: the machine, the load generator and what the target reports about itself.';
  return `<!doctype html>
<html lang="en" data-verdict="${escapeHtml(result.verdict.status)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>${uplotStyle}</style>
<style>${pageStyle}</style>
</head>
<body>
${headerSection(result)}
${verdictSection(result)}
${headlineSection(result)}
${chartsSection('over-time', 'Over time', charts.run, 'Shaded bands are the load phases. Hover a chart for the values of one window.')}
${endpointsSection(result)}
${checksSection(result)}
${errorsSection(result)}
${slowRequestsSection(result)}
${phasesSection(result)}
${charts.monitor.length > 0 || (result.monitor?.warnings.length ?? 0) > 0 ? `${chartsSection('monitor', 'Monitor', charts.monitor, monitorIntro) || '<section id="monitor"><h2>Monitor</h2></section>'}\n${monitorWarnings(result)}` : ''}
${footer(result)}
<script type="application/json" id="report-data">${jsonForScript({ charts })}</script>
<script>${uplotScript}</script>
<script>${pageScript}</script>
</body>
</html>
`;
}

export async function writeHtml(result: RunResult, dir: string): Promise<string> {
  const path = join(dir, 'report.html');
  await writeFileWhole(path, renderHtml(result));
  return path;
}
