import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { validateFiles } from '../../src/config/validate.ts';
import { formatConfigError } from '../../src/config/load.ts';
import { runCli } from '../helpers/run-cli.ts';

const FLOWS = [
  'scenarios:',
  '  - flow:',
  '      - get:',
  '          url: /x',
  '          expect:',
  '            - statusCode: 200',
  '',
];

test('an included flows file validated on its own is judged as a flows file: its checks need no plugin of its own, and it sends nothing by design', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-flows-'));
  const flows = path.join(dir, 'flows.yml');
  await writeFile(flows, FLOWS.join('\n'));
  const [lone] = await validateFiles([flows]);
  assert.match(lone?.errors.map((e) => e.message).join('\n') ?? '', /the file has no "config:": if it is the scenario half of a split test, give its config with --config/, 'nothing includes it: it may be half of a split test');
  await writeFile(path.join(dir, 'scenario.yml'), ['include: [flows.yml]', 'config:', '  phases: [{ duration: 1, arrivalRate: 1 }]', '  plugins: { expect: {} }', ''].join('\n'));
  const [alone] = await validateFiles([flows]);
  assert.deepEqual(alone?.errors, []);
  assert.equal(alone?.includedBy?.length, 1);
  await writeFile(flows, [...FLOWS.slice(0, 2), '      - gett: { url: /y }', ...FLOWS.slice(2)].join('\n'));
  const [bad] = await validateFiles([flows]);
  assert.deepEqual(bad?.errors.map((e) => formatConfigError(e).replace(`${path.relative(process.cwd(), flows)}:`, '')), [
    '3:9 scenarios[0].flow[0]: unknown step "gett"; did you mean "get"? Steps are get, post, put, patch, delete, head, think, loop, parallel, pick, log, function',
  ]);
});

test('validate and plan name the scenario files that include a flows file', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-flows-'));
  await mkdir(path.join(dir, 'flows'));
  await writeFile(path.join(dir, 'flows', 'user.yml'), FLOWS.join('\n'));
  for (const name of ['a.yml', 'b.yml']) {
    await writeFile(path.join(dir, name), ['include: [flows/user.yml]', 'config:', '  phases: [{ duration: 1, arrivalRate: 1 }]', '  plugins: { expect: {} }', ''].join('\n'));
  }
  const run = await runCli(['validate', path.join(dir, 'flows', 'user.yml')]);
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const shown = (file: string): string => path.relative(path.resolve('.'), path.join(dir, file));
  assert.match(run.stdout, new RegExp(`: valid \\(shared flows; included by ${shown('a.yml').replaceAll('.', '\\.')}, ${shown('b.yml').replaceAll('.', '\\.')}\\)`));
  const plan = await runCli(['plan', path.join(dir, 'flows', 'user.yml')]);
  assert.equal(plan.code, 2);
  assert.match(plan.stdout, new RegExp(`a file of shared flows sends nothing on its own; plan a scenario file that includes it: ${shown('a.yml').replaceAll('.', '\\.')}, `));
});
