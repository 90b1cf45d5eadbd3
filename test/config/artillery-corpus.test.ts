/**
 * Every HTTP script of Artillery's own repositories (test/fixtures/artillery-corpus) gets
 * Artillery 2.0.34's answer from `loadspec validate`, with the run options Artillery's
 * tests and docs give it: what Artillery runs is valid, what it refuses is refused at a
 * line, and where loadspec refuses on purpose the case says why.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { formatConfigError, loadScenarioFile } from '../../src/config/load.ts';
import { CORPUS_CASES, CORPUS_DIR, corpusRunOptions, type CorpusCase } from './artillery-corpus-cases.ts';

async function validateCase(c: CorpusCase): Promise<string[]> {
  const read = await corpusRunOptions(c);
  if (!read.ok) return read.problems;
  // As `loadspec validate` loads it: what the run's environment gives is needed at run time, not an error here.
  const loaded = await loadScenarioFile(path.join(CORPUS_DIR, c.script), { ...read.options, deferRunTimeValues: true });
  return loaded.ok ? [] : loaded.errors.map((e) => formatConfigError(e, CORPUS_DIR));
}

const label = (c: CorpusCase) => `${c.script}${c.flags === undefined ? '' : ` ${JSON.stringify(c.flags)}`}${c.env === undefined ? '' : ` with ${Object.keys(c.env).join(', ')}`}`;

test(`the ${CORPUS_CASES.length} cases of the Artillery corpus get Artillery's answer`, async () => {
  const wrong: string[] = [];
  for (const c of CORPUS_CASES) {
    const errors = await validateCase(c);
    const refusal = c.loadspec?.refused ?? (c.artillery === 'valid' ? undefined : c.artillery.refused);
    if (refusal === undefined) {
      if (errors.length > 0) wrong.push(`${label(c)}: Artillery runs it, loadspec refuses it:\n    ${errors.join('\n    ')}`);
    } else if (errors.length === 0) {
      wrong.push(`${label(c)}: Artillery refuses it (${refusal}), loadspec says valid`);
    } else if (c.loadspec !== undefined && !errors.some((e) => e.includes(c.loadspec?.refused ?? ''))) {
      wrong.push(`${label(c)}: refused, but not for "${c.loadspec.refused}" (${c.loadspec.why}):\n    ${errors.join('\n    ')}`);
    } else if (!errors.every((e) => /:\d+:\d+ /.test(e) || e.startsWith('-'))) {
      wrong.push(`${label(c)}: refused without file:line:col:\n    ${errors.join('\n    ')}`);
    }
  }
  assert.deepEqual(wrong, []);
});
