import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadScenarioFile } from '../../src/config/load.ts';
import { planScenario } from '../../src/plan/plan.ts';
import { renderPlan } from '../../src/plan/render-plan.ts';
import { resolveArtilleryScript } from '../../src/run/resolve-script.ts';

async function write(yaml: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'loadspec-engine-choice-'));
  const file = path.join(dir, 'scenario.yml');
  await writeFile(file, yaml);
  return file;
}

const MIXED = `loadspec:
  engine: undici
config:
  target: http://127.0.0.1:1
  phases: [{ duration: 1, arrivalCount: 1 }]
scenarios:
  - name: browse
    flow:
      - get: { url: /items }
  - name: upload
    flow:
      - loop:
          - post: { url: /files, formData: { name: x } }
        count: 2
  - name: legacy
    engine: http
    flow:
      - get: { url: /old }
`;

test('loadspec.engine: undici puts each scenario it can run on the engine; formData and engine: http stay on Artillery\'s, and plan says why', async () => {
  const file = await write(MIXED);
  const loaded = await loadScenarioFile(file);
  assert.ok(loaded.ok, loaded.ok ? '' : JSON.stringify(loaded.errors));
  const resolved = resolveArtilleryScript(loaded.script, { target: 'http://127.0.0.1:1', env: {} });
  const scenarios = resolved.script['scenarios'] as Record<string, unknown>[];
  assert.deepEqual(scenarios.map((s) => s['engine']), ['loadspec', undefined, 'http']);
  assert.deepEqual((resolved.script['config'] as Record<string, unknown>)['engines'], { loadspec: {} });
  const text = renderPlan(file, planScenario(loaded.script));
  assert.match(text, /Engine: 1 of 3 scenarios on loadspec's undici engine/);
  assert.match(text, /Engine: scenario "upload" runs on Artillery's http engine: a request sends `formData` \(multipart uploads\)/);
  assert.match(text, /Engine: scenario "legacy" runs on Artillery's http engine: it sets `engine: http`/);
});

test('the undici engine is the default; loadspec.engine: artillery keeps every scenario on Artillery\'s engine and nothing is said', async () => {
  const byDefault = await loadScenarioFile(await write(MIXED.replace('loadspec:\n  engine: undici\n', '')));
  assert.ok(byDefault.ok);
  const resolvedByDefault = resolveArtilleryScript(byDefault.script, { target: 'http://127.0.0.1:1', env: {} });
  assert.deepEqual((resolvedByDefault.script['scenarios'] as Record<string, unknown>[]).map((s) => s['engine']), ['loadspec', undefined, 'http']);
  const file = await write(MIXED.replace('engine: undici', 'engine: artillery'));
  const loaded = await loadScenarioFile(file);
  assert.ok(loaded.ok);
  const resolved = resolveArtilleryScript(loaded.script, { target: 'http://127.0.0.1:1', env: {} });
  assert.deepEqual((resolved.script['scenarios'] as Record<string, unknown>[]).map((s) => s['engine']), [undefined, undefined, 'http']);
  assert.equal((resolved.script['config'] as Record<string, unknown>)['engines'], undefined);
  assert.doesNotMatch(renderPlan(file, planScenario(loaded.script)), /Engine:/);
});

test('a proxy in the environment and a --platform run keep Artillery\'s engine, with the reason', async () => {
  const file = await write(MIXED);
  const loaded = await loadScenarioFile(file);
  assert.ok(loaded.ok);
  const proxied = resolveArtilleryScript(loaded.script, { target: 'http://127.0.0.1:1', env: { HTTPS_PROXY: 'http://proxy:3128' } });
  assert.equal(proxied.engines[0]?.reason, 'HTTP_PROXY/HTTPS_PROXY is set');
  const cloud = resolveArtilleryScript(loaded.script, { target: 'http://127.0.0.1:1', env: {}, onCloud: true });
  assert.match(cloud.engines[0]?.reason ?? '', /--platform/);
});

test('an engine the file cannot name is refused at its line', async () => {
  const file = await write(MIXED.replace('engine: undici', 'engine: fast'));
  const loaded = await loadScenarioFile(file);
  assert.ok(!loaded.ok);
  assert.deepEqual(loaded.errors.map((e) => [e.line, e.col, e.message]), [[2, 11, 'loadspec.engine must be "undici" or "artillery" (got "fast")']]);
});
