import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { shownErrors, shownErrorsOfText as errorsOf } from '../helpers/config-errors.ts';

test('an unquoted colon in a message is told to go in quotes, in a block or in braces', async () => {
  assert.deepEqual(await errorsOf('scenarios:\n  - flow:\n      - post:\n          url: /chat\n          json: { message: Time: 10am }\n'), [
    '5:28 the text Time: ... holds a colon followed by a space, which YAML reads as a new key; put the text in quotes: "Time: 10am"',
  ]);
  assert.deepEqual(await errorsOf('config:\n  variables:\n    greeting: Note: this\n'), [
    '3:15 the text Note: ... holds a colon followed by a space, which YAML reads as a new key; put the text in quotes: "Note: this"',
  ]);
});

test('a line indented too far or not far enough is pointed at, with the line to indent it like', async () => {
  assert.deepEqual(await errorsOf('scenarios:\n  - flow:\n      - post:\n          url: /x\n            json: { a: 1 }\n'), [
    '5:13 this line is indented more than the line above (12 spaces, not 10); indent it like line 4',
  ]);
  assert.deepEqual(await errorsOf('scenarios:\n  - flow:\n      - post:\n          url: /x\n         json: { a: 1 }\n'), [
    '5:10 this line is indented 9 spaces where its section\'s keys start at 10; indent it like line 4 (or more, under a key ending in ":")',
  ]);
});

test('a list item where keys were expected, a tab and an unclosed quote each get one sentence', async () => {
  assert.deepEqual(await errorsOf('config:\n  target: http://x\n  - duration: 1\n'), [
    '3:3 a list item ("- ") where the section has keys (like "target: http://x" on line 2); write it as "key: value", or put the list under a key of its own ("phases:" and then the "- " lines, indented more)',
  ]);
  assert.deepEqual(await errorsOf('config:\n\ttarget: http://x\n'), ['2:1 a tab is used for indentation; YAML only allows spaces, so replace the tab with spaces']);
  assert.deepEqual(await errorsOf('config:\n  target: "http://x\n  phases: []\n'), ['2:11 this quoted text is not closed; end it with " on the same line']);
});

test('an included file that is not valid YAML says so, and nothing else: no "the file has no scenarios"', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-yaml-'));
  await writeFile(path.join(dir, 'flows.yml'), 'scenarios:\n  - flow:\n      - post:\n          url: /x\n            json: { a: 1 }\n');
  const main = path.join(dir, 'main.yml');
  await writeFile(main, 'include: [flows.yml]\nconfig:\n  phases: [{ duration: 1, arrivalRate: 1 }]\n');
  const errors = await shownErrors(main);
  assert.deepEqual(errors.map((e) => e.replace(`${path.relative(process.cwd(), dir)}/`, '')), [
    'flows.yml:5:13 this line is indented more than the line above (12 spaces, not 10); indent it like line 4',
  ]);
});
