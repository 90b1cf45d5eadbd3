/**
 * Every file report of one run, written into its run directory. summary.json is not
 * among them: src/results writes the RunResult itself.
 */
import { writeCsvReports } from './csv.ts';
import { writeHtml } from './html/render-html.ts';
import { writeJUnit } from './junit.ts';
import { writeMarkdown } from './markdown.ts';
import type { RunResult } from '../core/types.ts';

/** Writes report.html, stats.csv, stats_history.csv, failures.csv, junit.xml and summary.md; returns their paths. */
export async function writeAllReports(result: RunResult, dir: string): Promise<string[]> {
  const [html, csv, junit, markdown] = await Promise.all([
    writeHtml(result, dir),
    writeCsvReports(result, dir),
    writeJUnit(result, dir),
    writeMarkdown(result, dir),
  ]);
  return [html, ...csv, junit, markdown];
}
