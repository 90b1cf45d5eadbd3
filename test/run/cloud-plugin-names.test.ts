/**
 * What Artillery's cloud runners would install for a loadspec scenario, offline: Artillery's own
 * bundling code (the legacy BOM that `run-fargate` and `--platform aws:lambda` both use) run on
 * the script the runner writes for `--platform`. It must name our packages and nobody else's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadScenarioFile } from '../../src/config/load.ts';
import { resolveArtilleryScript } from '../../src/run/resolve-script.ts';
import { linkPackagedNames, usePackagedPluginNames } from '../../src/run/cloud-plugin-names.ts';
import { PLUGINS_DIR } from '../../src/run/artillery-process.ts';
import { REPO_ROOT } from '../helpers/run-cli.ts';

const require = createRequire(import.meta.url);
const ARTILLERY_DIST = path.join(path.dirname(require.resolve('artillery/package.json')), 'dist/lib');

interface Bom {
  modules: string[];
}
type CreateBom = (script: string, extra: string[], opts: { flags: object; scenarioPath: string }, cb: (err: unknown, bom: Bom) => void) => void;

async function artilleryBom(script: unknown, work: string): Promise<Bom> {
  const file = path.join(work, `script-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(script));
  const { createBOM } = (await import(pathToFileURL(path.join(ARTILLERY_DIST, 'platform/aws-ecs/legacy/bom.js')).href)) as { createBOM: CreateBom };
  return new Promise((resolve, reject) => createBOM(file, [], { flags: {}, scenarioPath: file }, (err, bom) => (err ? reject(err) : resolve(bom))));
}

async function smokeScript(): Promise<ReturnType<typeof resolveArtilleryScript>> {
  const loaded = await loadScenarioFile(path.join(REPO_ROOT, 'configs/smoke.yml'));
  assert.ok(loaded.ok);
  // As run-scenario.ts resolves a --platform run: the flows stay on Artillery's engine there (its workers would install the engine from the registry).
  return resolveArtilleryScript(loaded.script, { target: 'http://127.0.0.1:9', onCloud: true });
}

test('for --platform the runner names our plugins by their packages, and Artillery bundles exactly those', async () => {
  const work = await mkdtemp(path.join(os.tmpdir(), 'loadspec-bom-'));
  try {
    const before = await smokeScript();
    // Without the renaming, a cloud worker would install packages of these names from the registry.
    assert.ok((await artilleryBom(before.script, work)).modules.includes('artillery-plugin-recorder'));

    const resolved = await smokeScript();
    const plugins = (resolved.script['config'] as { plugins: Record<string, unknown> }).plugins;
    usePackagedPluginNames(plugins, resolved.plugins);
    const bom = await artilleryBom(resolved.script, work);
    assert.deepEqual(bom.modules.sort(), resolved.plugins.map((name) => `artillery-plugin-loadspec-${name}`).sort());
    assert.deepEqual(plugins['metrics-by-endpoint'], { scope: 'artillery-plugin-loadspec-recorder/disabled-' });
    assert.deepEqual(plugins['loadspec-slow-requests'], { threshold: '3s' });

    // The local Artillery process (main-side plugins on Lambda) finds the same names, linked to the sources.
    const links = await linkPackagedNames(path.join(work, 'links'), PLUGINS_DIR, resolved.plugins);
    for (const name of resolved.plugins) {
      assert.equal(require.resolve(path.join(links, `artillery-plugin-loadspec-${name}`)), path.join(PLUGINS_DIR, `artillery-plugin-${name}`, 'index.ts'));
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});
