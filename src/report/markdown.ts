/**
 * Markdown for GitHub's job summary ($GITHUB_STEP_SUMMARY) and pull-request
 * comments: the verdict table first, then the headline numbers.
 */
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { criterionIcon, criterionLabel, verdictSentence } from './criteria-lines.ts';
import { escapeMarkdownCell } from './escape.ts';
import { formatCount, formatDuration, formatFraction, formatInUnit, formatMs, formatRanOf, formatRate, formatTime } from './format.ts';
import { runNotes } from './run-notes.ts';
import type { RunResult, VerdictStatus } from '../core/types.ts';

const VERDICT_ICONS: Record<VerdictStatus, string> = {
  passed: '✅',
  failed: '❌',
  errored: '💥',
  inconclusive: '⚠️',
  interrupted: '⏹️',
};

function table(header: string[], align: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `|${align.join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join(
    '\n',
  );
}

export function renderMarkdown(result: RunResult): string {
  const { meta, totals, verdict } = result;
  const cell = escapeMarkdownCell;
  const shard = meta.shard ? ` (shard ${meta.shard})` : '';
  const parts: string[] = [
    `### ${VERDICT_ICONS[verdict.status]} ${cell(meta.scenario)}${cell(shard)}: ${cell(verdictSentence(verdict))}`,
  ];
  for (const note of runNotes(result)) {
    parts.push(`> ${note.level === 'error' ? '🛑' : note.level === 'warning' ? '⚠️' : 'ℹ️'} **${cell(note.text)}**`);
  }
  if (verdict.criteria.length > 0) {
    parts.push(
      table(
        ['', 'Criterion', 'Observed', 'Limit', 'Result'],
        [':-:', '---', '--:', '--:', '---'],
        verdict.criteria.map((criterion) => [
          criterionIcon(criterion.status),
          cell(criterion.text),
          cell(formatInUnit(criterion.observed, criterion.unit)),
          cell(formatInUnit(criterion.limit, criterion.unit)),
          `**${criterionLabel(criterion.status)}**${criterion.aborted ? ' (stopped the run)' : ''}`,
        ]),
      ),
    );
  }
  parts.push(
    table(
      ['Requests', 'Failed', 'Error rate', 'Throughput', 'p50 (whole response)', 'p95', 'p99', 'Duration'],
      ['--:', '--:', '--:', '--:', '--:', '--:', '--:', '--:'],
      [
        [
          formatCount(totals.requests),
          formatCount(totals.failures),
          formatFraction(totals.errorRate),
          formatRate(totals.rps),
          formatMs(totals.latency?.p50),
          formatMs(totals.latency?.p95),
          formatMs(totals.latency?.p99),
          meta.completion === 'complete'
            ? formatDuration(meta.actualDurationS)
            : formatRanOf(meta.actualDurationS, meta.plannedDurationS),
        ],
      ],
    ),
  );
  if (result.endpoints.length > 0) {
    parts.push(
      `<details><summary>Endpoints (${result.endpoints.length})</summary>\n\n` +
        table(
          ['Endpoint', 'Requests', 'Error rate', 'req/s', 'p50', 'p95', 'p99'],
          ['---', '--:', '--:', '--:', '--:', '--:', '--:'],
          result.endpoints.map((endpoint) => [
            cell(endpoint.name),
            formatCount(endpoint.requests),
            formatFraction(endpoint.errorRate),
            formatRate(endpoint.rps),
            formatMs(endpoint.latency?.p50),
            formatMs(endpoint.latency?.p95),
            formatMs(endpoint.latency?.p99),
          ]),
        ) +
        '\n\n</details>',
    );
  }
  parts.push(
    `<sub>${cell(meta.target)} · started ${formatTime(meta.startedAt)} · ${cell(meta.configFile)} · ` +
      `loadspec ${cell(meta.loadspecVersion)} · Artillery ${cell(meta.artilleryVersion)}</sub>`,
  );
  return `${parts.join('\n\n')}\n`;
}

export async function writeMarkdown(result: RunResult, dir: string): Promise<string> {
  const path = join(dir, 'summary.md');
  await writeFile(path, renderMarkdown(result));
  return path;
}

/**
 * Appends to the file GitHub Actions names in GITHUB_STEP_SUMMARY; returns its path,
 * or null outside Actions (nothing to do, not an error).
 */
export async function appendStepSummary(
  markdown: string,
  env: Record<string, string | undefined> = process.env,
): Promise<string | null> {
  const path = env['GITHUB_STEP_SUMMARY'];
  if (!path) return null;
  await appendFile(path, markdown.endsWith('\n') ? `${markdown}\n` : `${markdown}\n\n`);
  return path;
}
