/**
 * Every HTTP script of Artillery's own repositories (test/fixtures/artillery-corpus) gets
 * Artillery 2.0.34's answer from `loadspec validate`, with the run options Artillery's
 * tests and docs give it: what Artillery runs is valid, what it refuses is refused at a
 * line, and where loadspec refuses on purpose the case says why. A file that takes values
 * from the run (environment, -v, --dotenv; in config and in the flows) is also valid in a
 * shell without them, naming them in one line, and `run` there refuses it at the line.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { formatConfigError, loadScenarioFile, type LoadOptions } from '../../src/config/load.ts';
import { describeNeeds } from '../../src/config/run-time-values.ts';
import { CORPUS_CASES, CORPUS_DIR, corpusRunOptions, type CorpusCase } from './artillery-corpus-cases.ts';

type Answer = { errors: string[]; notes: string[]; needs?: string | undefined };

/** `load`: { deferRunTimeValues: true } loads it as `loadspec validate` does, {} as `run` does. */
async function validateCase(c: CorpusCase, load: LoadOptions): Promise<Answer> {
  const read = await corpusRunOptions(c);
  if (!read.ok) return { errors: read.problems, notes: [] };
  const loaded = await loadScenarioFile(path.join(CORPUS_DIR, c.script), { ...read.options, ...load });
  if (!loaded.ok) return { errors: loaded.errors.map((e) => formatConfigError(e, CORPUS_DIR)), notes: [] };
  return { errors: [], notes: loaded.notes.map((n) => formatConfigError(n, CORPUS_DIR)), needs: describeNeeds(loaded.needs) };
}

const label = (c: CorpusCase) => `${c.script}${c.flags === undefined ? '' : ` ${JSON.stringify(c.flags)}`}${c.env === undefined ? '' : ` with ${Object.keys(c.env).join(', ')}`}`;

/** The case in a shell that lacks what the run gives: no environment variables, no -v, no --dotenv. */
function withoutRunTimeValues(c: CorpusCase): CorpusCase {
  const { env: _env, flags, ...rest } = c;
  if (flags === undefined) return rest;
  const { variables: _variables, dotenv: _dotenv, ...kept } = flags;
  return { ...rest, flags: kept };
}

test(`the ${CORPUS_CASES.length} cases of the Artillery corpus get Artillery's answer`, async () => {
  const wrong: string[] = [];
  for (const c of CORPUS_CASES) {
    // With the values the case's run gives (its env, -v, --dotenv), as `run` loads it.
    const { errors, notes } = await validateCase(c, {});
    const refusal = c.loadspec?.refused ?? (c.artillery === 'valid' ? undefined : c.artillery.refused);
    if (refusal === undefined) {
      if (errors.length > 0) wrong.push(`${label(c)}: Artillery runs it, loadspec refuses it:\n    ${errors.join('\n    ')}`);
      const expected = c.notes ?? [];
      if (notes.length !== expected.length || !expected.every((piece, i) => notes[i]?.includes(piece) === true)) {
        wrong.push(`${label(c)}: notes should be ${JSON.stringify(expected)}, got:\n    ${notes.join('\n    ')}`);
      }
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

test('a file that takes values from the run validates without them, naming them in one line; run refuses it at the line that uses them', async () => {
  const cases = CORPUS_CASES.filter((c) => c.runTime !== undefined);
  assert.equal(cases.length, 11);
  const wrong: string[] = [];
  for (const c of cases) {
    const bare = withoutRunTimeValues(c);
    const validated = await validateCase(bare, { deferRunTimeValues: true });
    const refused = c.flowsWithout ?? [];
    const asExpected = refused.length === 0 ? validated.errors.length === 0 && validated.needs === c.runTime : validated.errors.length === refused.length && refused.every((piece, i) => validated.errors[i]?.includes(piece) === true);
    if (!asExpected) wrong.push(`${label(c)} validated without them: ${validated.needs ?? '(no needs line)'}\n    ${validated.errors.join('\n    ')}`);
    const run = await validateCase(bare, {});
    if (run.errors.length === 0 || !run.errors.every((e) => /:\d+:\d+ .* (is not set|which nothing sets)/.test(e))) wrong.push(`${label(c)} run without them should be refused at the line:\n    ${run.errors.join('\n    ')}`);
  }
  assert.deepEqual(wrong, []);
});
