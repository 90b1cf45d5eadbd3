import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkResultsRoot } from '../../src/run/results-root.ts';

test('a results directory that cannot hold files is refused with one sentence, at once', () => {
  const started = Date.now();
  assert.match(checkResultsRoot('/proc/x') ?? '', /^--results \/proc\/x is on the kernel's proc file system, which cannot hold files; give a normal directory/);
  assert.match(checkResultsRoot('/sys/loadspec') ?? '', /sysfs file system/);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loadspec-root-'));
  const file = path.join(dir, 'a-file');
  writeFileSync(file, 'x');
  assert.match(checkResultsRoot(path.join(file, 'results')) ?? '', /a-file is a file, not a directory/);
  assert.ok(Date.now() - started < 1000, 'no waiting');
});

test('a usable results directory is created when missing', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loadspec-root-'));
  const nested = path.join(dir, 'a', 'b');
  assert.equal(checkResultsRoot(nested), null);
  assert.ok(existsSync(nested));
});

test('a read-only file system is refused before anything starts', (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'loadspec-ro-'));
  // A read-only tmpfs (the suite runs as root, here and in CI).
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=16k', 'tmpfs', dir]);
  assert.equal(mounted.status, 0, mounted.stderr.toString());
  t.after(() => void spawnSync('umount', ['-l', dir]));
  assert.match(checkResultsRoot(path.join(dir, 'results')) ?? '', /is on a read-only file system; give a directory you can write to/);
});
