/**
 * The processor loaded during validation in a child process of the pinned Node
 * (src/config/processor/probe.ts): what it exports, or where and why it does not load.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadProcessor } from '../../../src/config/processor/probe.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-processor-'));
  // CommonJS by default here, as in most Artillery projects.
  await writeFile(path.join(dir, 'package.json'), '{"type": "commonjs"}');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function load(name: string, source: string, env: Record<string, string | undefined> = {}) {
  const file = path.join(dir, name);
  await writeFile(file, source);
  return loadProcessor(file, env);
}

describe('loading the processor', () => {
  test('CommonJS and ES modules: the names of its functions (default export merged, as Artillery does)', async () => {
    assert.deepEqual(await load('cjs.js', 'module.exports = { login(c, e, d) { d(); }, LIMIT: 3, logout: function () {} };'), { state: 'loaded', functions: ['login', 'logout'] });
    const esm = await load('esm.mjs', 'export function login() {}\nexport default { extra() {} };\n');
    assert.deepEqual(esm.state === 'loaded' ? [...esm.functions].sort() : esm, ['extra', 'login']);
  });

  test('a syntax error is placed at its line, in CommonJS and in an ES module', async () => {
    const cjs = await load('bad.js', 'module.exports = {\n  a() {\n    return 1 +;\n  },\n};\n');
    assert.equal(cjs.state, 'failed');
    assert.deepEqual(cjs.state === 'failed' ? [path.basename(cjs.file), cjs.line] : [], ['bad.js', 3]);
    assert.match(cjs.state === 'failed' ? cjs.message : '', /does not load: SyntaxError: Unexpected token ';' on this line, so Artillery would fail to start; fix the line/);
    const esm = await load('bad.mjs', 'export function a() {\n  return 1 +;\n}\n');
    assert.deepEqual(esm.state === 'failed' ? [path.basename(esm.file), esm.line] : esm, ['bad.mjs', 2]);
  });

  test('a syntax error in a file the processor loads is placed in that file', async () => {
    await writeFile(path.join(dir, 'helper.js'), 'exports.x = () => {\n\n  oops(;\n};\n');
    const loaded = await load('uses-helper.js', "const h = require('./helper.js');\nmodule.exports = { f: h.x };\n");
    assert.deepEqual(loaded.state === 'failed' ? [path.basename(loaded.file), loaded.line] : loaded, ['helper.js', 3]);
  });

  test('a throw at load and a package that is not installed are placed at the line that does it', async () => {
    const thrown = await load('throws.js', "const a = 1;\nif (!process.env.NEEDED) throw new Error('NEEDED is not set');\nmodule.exports = {};\n");
    assert.deepEqual(thrown.state === 'failed' ? [thrown.line, /throws Error: NEEDED is not set while it loads/.test(thrown.message)] : thrown, [2, true]);
    // The run's environment (with --dotenv values) is the child's.
    assert.equal((await load('throws2.js', "if (!process.env.NEEDED) throw new Error('x');\nmodule.exports = {};\n", { NEEDED: '1' })).state, 'loaded');
    const missing = await load('needs-package.js', "\nconst redis = require('redis-not-installed-here');\nmodule.exports = {};\n");
    assert.deepEqual(missing.state === 'failed' ? [missing.line, missing.message.includes('needs the package "redis-not-installed-here", which is not installed')] : missing, [2, true]);
  });

  test('a processor that keeps timers or connections open at load still finishes loading', async () => {
    const started = Date.now();
    assert.deepEqual(await load('timer.js', 'setInterval(() => {}, 1000);\nmodule.exports = { f() {} };\n'), { state: 'loaded', functions: ['f'] });
    assert.ok(Date.now() - started < 5000);
  });

  test('a TypeScript processor Node cannot load by itself is not judged (Artillery bundles it with esbuild)', async () => {
    const loaded = await load('enum.ts', 'enum Mode { A, B }\nexport function f() { return Mode.A; }\n');
    assert.equal(loaded.state, 'unjudged');
  });
});
