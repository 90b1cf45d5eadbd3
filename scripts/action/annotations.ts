/**
 * GitHub Actions workflow commands for a judged run: `::error file=...,line=...::` at the line of
 * the scenario file where each failed criterion is written, so the pull request's diff shows it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RunResult } from '../../src/core/types.ts';

/** GitHub's escaping of a command's message and of its property values. */
const escapeData = (s: string): string => s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
const escapeProperty = (s: string): string => escapeData(s).replaceAll(':', '%3A').replaceAll(',', '%2C');

/** 1-based line of the first line of `text` that holds `needle`, else 1 (the file itself). */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  return index === -1 ? 1 : index + 1;
}

/**
 * One `::error` per failed criterion, at its line in `scenarioFile`; one per errored or
 * inconclusive verdict at the top of the file. `workspace` makes the path relative, as GitHub wants it.
 */
export function annotations(result: RunResult, scenarioFile: string, workspace: string): string[] {
  const file = path.relative(workspace, scenarioFile);
  let text = '';
  try {
    text = readFileSync(scenarioFile, 'utf8');
  } catch {
    // The annotation still names the file.
  }
  const title = `loadspec ${result.meta.scenario}`;
  const lines = result.verdict.criteria
    .filter((c) => c.status === 'failed')
    .map((c) => `::error file=${escapeProperty(file)},line=${lineOf(text, c.text)},title=${escapeProperty(`${title}: ${c.text}`)}::${escapeData(c.message)}`);
  if (result.verdict.status === 'errored' || result.verdict.status === 'inconclusive') {
    lines.push(`::error file=${escapeProperty(file)},line=1,title=${escapeProperty(`${title}: ${result.verdict.status}`)}::${escapeData(result.verdict.reason ?? result.verdict.status)}`);
  }
  return lines;
}
