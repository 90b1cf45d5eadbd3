/**
 * The run step of action.yml, run locally as GitHub would run it — with GITHUB_ACTION_PATH,
 * GITHUB_WORKSPACE (a caller's repository with its own scenario file), GITHUB_STEP_SUMMARY and
 * GITHUB_OUTPUT simulated — against the demo target on loopback: the real CLI and Artillery.
 * (Its lint and our workflow rules: test/ci/action.test.ts.)
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { REPO_ROOT } from '../helpers/run-cli.ts';
import { startDemoTarget } from '../../src/target/server.ts';
import type { RunResult } from '../../src/core/types.ts';
import { readAction } from '../ci/action-metadata.ts';

const API_KEY = 'action-e2e-key';

describe('action.yml', () => {
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
