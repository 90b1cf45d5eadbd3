import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { README_FILE, REFERENCE_FILE, withYamlReference } from '../../scripts/generate-docs.ts';

test('the YAML reference in docs/reference.md matches the schema', async () => {
  const page = await readFile(REFERENCE_FILE, 'utf8');
  assert.ok(page === withYamlReference(page), 'docs/reference.md is out of date with the schema: run `pnpm docs:generate`');
});

test('the reference says once that an environment takes config\'s keys, instead of repeating each', async () => {
  const page = await readFile(REFERENCE_FILE, 'utf8');
  assert.match(page, /\| `config\.environments\.<name>` \| map \| .*Its keys are those of `config` above/);
  assert.doesNotMatch(page, /config\.environments\.<name>\./);
});

test('README reads in five minutes: under 400 lines, the reference in docs/', async () => {
  const readme = await readFile(README_FILE, 'utf8');
  assert.ok(readme.split('\n').length < 400, `README.md has ${readme.split('\n').length} lines`);
  assert.doesNotMatch(readme, /yaml-reference:start/);
});

test('README starts with the two commands for a fresh machine', async () => {
  const readme = await readFile(README_FILE, 'utf8');
  const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const commands = firstBlock.split('\n').filter((line) => line.trim() && !line.trim().startsWith('#'));
  assert.equal(commands.length, 2, firstBlock);
  assert.match(commands[0] ?? '', /^bin\/pnpm test:load configs\/smoke\.yml/);
  assert.match(commands[1] ?? '', /^bin\/pnpm test\b/);
});
