import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { README_FILE, withYamlReference } from '../../scripts/generate-docs.ts';

test('the YAML reference in README.md matches the schema', async () => {
  const readme = await readFile(README_FILE, 'utf8');
  assert.ok(readme === withYamlReference(readme), 'README.md is out of date with the schema: run `pnpm docs:generate`');
});

test('README starts with the two commands for a fresh machine', async () => {
  const readme = await readFile(README_FILE, 'utf8');
  const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const commands = firstBlock.split('\n').filter((line) => line.trim() && !line.trim().startsWith('#'));
  assert.equal(commands.length, 2, firstBlock);
  assert.match(commands[0] ?? '', /^bin\/pnpm test:load configs\/smoke\.yml/);
  assert.match(commands[1] ?? '', /^bin\/pnpm test\b/);
});
