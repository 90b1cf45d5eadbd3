/** The reports of a run, each written from a RunResult. */
export { renderConsoleSummary } from './console-summary.ts';
export type { ConsoleOptions } from './console-summary.ts';
export { renderStatsCsv, renderStatsHistoryCsv, renderFailuresCsv, writeCsvReports } from './csv.ts';
export { renderHtml, writeHtml } from './html/render-html.ts';
export { renderJUnit, writeJUnit } from './junit.ts';
export { renderMarkdown, writeMarkdown, appendStepSummary } from './markdown.ts';
export { writeAllReports } from './write-all.ts';
export { consolidate, renderConsolidated, writeConsolidated } from './consolidated.ts';
export type { ConsolidatedRow, ConsolidatedSummary, ConsolidatedRendering } from './consolidated.ts';
export { compareRuns, renderComparison } from './compare.ts';
export type { Comparison, CompareOptions, MetricComparison, EndpointComparison } from './compare.ts';
