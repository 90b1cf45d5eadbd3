import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { outputTo } from '../../src/cli/closed-output.ts';

test('a stream whose reader went away (EPIPE) is closed for good, and the writer goes on', async () => {
  const written: string[] = [];
  let fail = false;
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (fail) done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      else {
        written.push(chunk.toString());
        done();
      }
    },
  });
  const out = outputTo(stream, { color: false });
  out.write('first\n');
  fail = true;
  out.write('lost\n');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(out.closed(), true);
  out.write('after\n');
  assert.deepEqual(written, ['first\n']);
});

test('a process writing through it to `| head -1` keeps running to its own end and exit code', async () => {
  // Without the guard Node raises EPIPE as an unhandled 'error' event and the process dies with 1.
  const program = [
    "import { outputTo } from './src/cli/closed-output.ts';",
    'const out = outputTo(process.stdout, { color: false });',
    "out.write('line 1\\n');",
    "const timer = setInterval(() => out.write('more\\n'), 20);",
    "setTimeout(() => { clearInterval(timer); process.stderr.write('reached the end\\n'); process.exitCode = 7; }, 600);",
  ].join('\n');
  const head = spawn('head', ['-1'], { stdio: ['pipe', 'ignore', 'ignore'] });
  assert.ok(head.stdin !== null);
  const child = spawn(process.execPath, ['--input-type=module', '-e', program], {
    cwd: new URL('../..', import.meta.url).pathname,
    stdio: ['ignore', head.stdin, 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  assert.equal(code, 7, stderr);
  assert.match(stderr, /reached the end/);
  assert.doesNotMatch(stderr, /EPIPE/);
});
