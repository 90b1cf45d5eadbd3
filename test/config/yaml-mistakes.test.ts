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
    '5:10 this line is indented 9 spaces, between the keys under "post:" (10 spaces) and "post:" itself (8 spaces, line 3); indent it like line 4 if it belongs under "post:", or 8 spaces if it goes beside it',
  ]);
});

/** The file with line `line` indented like line `like`: what a person following the hint does. */
function follow(text: string, line: number, like: number): string {
  const lines = text.split('\n');
  const indent = /^ */.exec(lines[like - 1] ?? '')?.[0] ?? '';
  lines[line - 1] = indent + (lines[line - 1] ?? '').trimStart();
  return lines.join('\n');
}

const FLOW = 'scenarios:\n  - flow:\n      - get: { url: / }\n';

test('indentation hints blame the line that differs from its siblings, and following them fixes the file', async () => {
  // The first key of a section one space too far in: the parser trips on the next line, but the odd one is the first.
  const firstTooFar = 'config:\n   target: http://x\n  phases:\n    - duration: 1\n      arrivalRate: 1\n' + FLOW;
  assert.deepEqual(await errorsOf(firstTooFar), ['2:4 this line is indented 3 spaces where the other keys of its section start at 2 (line 3); indent it like line 3']);
  assert.deepEqual(await errorsOf(follow(firstTooFar, 2, 3)), []);
  const withMore = 'config:\n   target: http://x\n  phases:\n    - duration: 1\n      arrivalRate: 1\n  http:\n    timeout: 5\n' + FLOW;
  assert.match((await errorsOf(withMore))[0] ?? '', /^2:4 .*indent it like line 3$/);

  // A key one space too far in under a section: both depths it may belong at, with a line to copy for each.
  const between = 'config:\n  phases:\n    - duration: 1\n      arrivalRate: 1\n  plugins:\n    thresholds:\n      criteria: [p95 < 3s]\n     slow-requests: {}\n' + FLOW;
  assert.deepEqual(await errorsOf(between), [
    '8:6 this line is indented 5 spaces, between the keys under "thresholds:" (6 spaces) and "thresholds:" itself (4 spaces, line 6); indent it like line 7 if it belongs under "thresholds:", or like line 6 if it goes beside it',
  ]);
  assert.deepEqual(await errorsOf(follow(between, 8, 6)), []);

  // A section's first key too far in, with keys under it: the rest of the section says which line is odd.
  const nested = 'config:\n  phases:\n    - duration: 1\n      arrivalRate: 1\n  plugins:\n     thresholds:\n       criteria: [p95 < 3s]\n    slow-requests: {}\n' + FLOW;
  assert.deepEqual(await errorsOf(nested), ['6:6 this line is indented 5 spaces where the other keys of its section start at 4 (line 8); indent it like line 8']);
  assert.deepEqual(await errorsOf(follow(nested, 6, 8)), []);
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
