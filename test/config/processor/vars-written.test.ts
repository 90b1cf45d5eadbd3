/** The variables a processor's text sets (src/config/processor/vars-written.ts). */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { varsWritten } from '../../../src/config/processor/vars-written.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-vars-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function written(source: string, extra: Record<string, string> = {}) {
  for (const [name, text] of Object.entries(extra)) await writeFile(path.join(dir, name), text);
  const file = path.join(dir, `p${Math.random().toString(36).slice(2)}.js`);
  await writeFile(file, source);
  const found = await varsWritten(file);
  return { names: [...found.names].sort(), dynamic: found.dynamic };
}

test('assignments by name, in every common form, are sources; reads and comparisons are not', async () => {
  const source = [
    'function a(ctx, ee, next) { ctx.vars.token = 1; context.vars["orderId"] = 2; userContext.vars[\'cart\'] = []; next(); }',
    'function b(req, context, ee, next) { const { vars } = context; vars.count ??= 0; vars.count += 1; vars.user.name = "x"; next(); }',
    'function c(req, context, ee, next) { const v = context.vars; v.alias = 1; if (context.vars.seen === 1) {} next(); }',
  ].join('\n');
  assert.deepEqual(await written(source), { names: ['alias', 'cart', 'count', 'orderId', 'token', 'user'], dynamic: false });
});

test('assignments in a local file the processor loads count too', async () => {
  assert.deepEqual(await written("const h = require('./helpers');\nmodule.exports = h;\n", { 'helpers.js': 'exports.f = (c, e, d) => { c.vars.fromHelper = 1; d(); };' }), { names: ['fromHelper'], dynamic: false });
});

test('computed names and whole new vars objects make every name possible', async () => {
  assert.equal((await written('function f(c) { c.vars[key] = 1; }')).dynamic, true);
  assert.equal((await written('function f(c) { Object.assign(c.vars, data); }')).dynamic, true);
  assert.equal((await written('function f(c) { c.vars = { ...c.vars, a: 1 }; }')).dynamic, true);
  assert.equal((await written('function f(c) { c.vars[`x${i}`] = 1; }')).dynamic, true);
  assert.equal((await written('function f(c) { c.vars.a = 1; }')).dynamic, false);
});
