/**
 * The plugins as npm packages: `pnpm pack:plugins` builds one tarball per plugin, a plain
 * `npm install --offline` puts them into an empty folder, and a plain `artillery run`
 * there (no ARTILLERY_PLUGIN_PATH, no runner) uses them against a counting loopback server:
 * unique ids and the API key arrive at the target, slow requests are logged, the
 * recorder's record matches what the target counted, and the thresholds plugin fails
 * the run on its criterion. The flow runs on the packed undici engine
 * (artillery-engine-loadspec), so the plugins are shown to work with it too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { foldSeconds, isSecondLine, isSecondsFile, type SecondLine } from '../../src/core/seconds.ts';
import { execa } from 'execa';
import ts from 'typescript';
import { startCountingTarget } from '../helpers/counting-target.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
const PATH_WITH_NODE = `${path.dirname(process.execPath)}${path.delimiter}${process.env['PATH'] ?? ''}`;
const API_KEY = 'packaged-secret-3141';

/**
 * Stands in for `npm install artillery@2.0.34`, which needs the registry: Artillery's own
 * files are copied into the folder (so it resolves plugins from there, as an npm install
 * would) and its dependencies are linked from this repository's install.
 */
function placeArtillery(folder: string): string {
  const real = realpathSync(path.dirname(require.resolve('artillery/package.json')));
  const target = path.join(folder, 'node_modules', 'artillery');
  cpSync(real, target, { recursive: true, filter: (src) => !src.slice(real.length).split(path.sep).includes('node_modules') });
  symlinkSync(path.dirname(real), path.join(target, 'node_modules'));
  return path.join(target, 'bin', 'run');
}

function secondLines(runDir: string): SecondLine[] {
  return readdirSync(runDir)
    .filter(isSecondsFile)
    .flatMap((f) => readFileSync(path.join(runDir, f), 'utf8').split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as unknown))
    .filter(isSecondLine);
}

test('packed plugins install offline with npm and do their job in a plain artillery run', { timeout: 180_000 }, async () => {
  const work = mkdtempSync(path.join(tmpdir(), 'loadspec-packaged-'));
  const target = await startCountingTarget({ delayByPath: { '/slow': 300 }, countHeaders: ['x-api-key', 'x-user'] });
  try {
    const out = path.join(work, 'tarballs');
    const packed = spawnSync(process.execPath, [path.join(ROOT, 'scripts/pack-plugins/main.ts'), '--out', out], { encoding: 'utf8' });
    assert.equal(packed.status, 0, packed.stderr);
    const tarballs = readdirSync(out).sort();
    assert.deepEqual(tarballs, [
      'artillery-engine-loadspec-0.1.0.tgz',
      'artillery-plugin-loadspec-api-key-0.1.0.tgz',
      'artillery-plugin-loadspec-generator-health-0.1.0.tgz',
      'artillery-plugin-loadspec-recorder-0.1.0.tgz',
      'artillery-plugin-loadspec-slow-requests-0.1.0.tgz',
      'artillery-plugin-loadspec-thresholds-0.1.0.tgz',
      'artillery-plugin-loadspec-unique-users-0.1.0.tgz',
    ]);

    const folder = path.join(work, 'user-project');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'package.json'), '{ "name": "user-project", "private": true }\n');
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', ...tarballs.map((t) => path.join(out, t))], {
      cwd: folder,
      env: { ...process.env, PATH: PATH_WITH_NODE, npm_config_cache: path.join(work, 'npm-cache') },
      stdio: 'pipe',
    });
    const recorder = path.join(folder, 'node_modules', 'artillery-plugin-loadspec-recorder');
    const manifest = JSON.parse(readFileSync(path.join(recorder, 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(manifest['main'], 'index.js');
    assert.equal(manifest['types'], 'index.d.ts');
    assert.ok(existsSync(path.join(recorder, 'index.d.ts')) && existsSync(path.join(recorder, 'core', 'sketch.js')), 'JavaScript, declarations and the floor it needs');
    assert.ok(!readdirSync(recorder, { recursive: true }).some((f) => String(f).endsWith('.ts') && !String(f).endsWith('.d.ts')), 'no TypeScript sources');
    assert.match(readFileSync(path.join(recorder, 'README.md'), 'utf8'), /loadspec-recorder: \{\}/);

    // The declarations serve a TypeScript user of the packages: they resolve (a wrong type is an
    // error, so nothing fell back to any). Library files unchecked: @types/node alone takes ~15 s.
    const consumer = path.join(folder, 'use.ts');
    writeFileSync(consumer, "import { Plugin } from 'artillery-plugin-loadspec-thresholds';\nimport type { RunWindow } from 'artillery-plugin-loadspec-recorder/core/types.js';\nexport const p: typeof Plugin = Plugin;\nexport const w: RunWindow | null = null;\nexport const bad: RunWindow['requests'] = 'many';\n");
    const program = ts.createProgram([consumer], {
      module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2023, strict: true, noEmit: true,
      typeRoots: [path.join(ROOT, 'node_modules/@types')], types: ['node'], skipLibCheck: true,
    });
    const typeErrors = ts.getPreEmitDiagnostics(program).map((d) => `${d.start === undefined ? '' : (d.file?.getLineAndCharacterOfPosition(d.start).line ?? 0) + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
    assert.equal(typeErrors.length, 1, typeErrors.join('\n'));
    assert.match(typeErrors[0] ?? '', /^5: Type 'string' is not assignable to type 'number'/);

    const artillery = placeArtillery(folder);
    const runDir = path.join(folder, 'run');
    writeFileSync(
      path.join(folder, 'script.yml'),
      `config:
  target: ${target.url}
  phases: [{ duration: 2, arrivalRate: 4 }]
  plugins:
    loadspec-recorder: {}
    loadspec-unique-users: {}
    loadspec-api-key: {}
    loadspec-slow-requests: { threshold: 200ms }
    loadspec-thresholds: { criteria: ["p95 < 100ms"] }
    metrics-by-endpoint: { scope: "artillery-plugin-loadspec-recorder/disabled-" }
  engines:
    loadspec: {}
scenarios:
  - engine: loadspec
    flow:
      - get: { url: /fast, headers: { x-user: "{{ userId }}" } }
      - get: { url: /slow }
`,
    );
    const { ARTILLERY_PLUGIN_PATH: _ignored, ...env } = process.env;
    // Asynchronous: the target answers from this process.
    const run = await execa(process.execPath, [artillery, 'run', 'script.yml'], {
      cwd: folder,
      reject: false,
      timeout: 60_000,
      extendEnv: false,
      env: { ...env, ARTILLERY_DISABLE_TELEMETRY: '1', LOADSPEC_RUN_DIR: runDir, LOADSPEC_API_KEY: API_KEY, FORCE_COLOR: '0' },
    });
    const output = `${run.stdout}${run.stderr}`;
    assert.doesNotMatch(output, /WARNING: Plugin|WARNING: engine/, 'every plugin and the engine loaded');
    assert.equal(run.exitCode, 1, `thresholds set the exit code:\n${output}`);
    assert.match(output, /FAIL\s+p95 < 100ms/);

    const loaded = readFileSync(path.join(runDir, 'events.jsonl'), 'utf8');
    for (const name of ['recorder', 'unique-users', 'api-key', 'slow-requests', 'thresholds']) assert.match(loaded, new RegExp(`"plugin-loaded".*"${name}"|"${name}".*"plugin-loaded"`));

    const fast = target.received.get('GET /fast') ?? 0;
    const slow = target.received.get('GET /slow') ?? 0;
    assert.ok(fast >= 4 && fast === slow, `requests arrived: ${fast} fast, ${slow} slow`);
    assert.deepEqual([...(target.headers.get('x-api-key') ?? new Map())], [[API_KEY, fast + slow]], 'the key on every request');
    const users = [...(target.headers.get('x-user') ?? new Map()).keys()].filter((u) => u !== '');
    assert.equal(users.length, fast, 'one id per virtual user');
    assert.ok(users.every((u) => /^loadtest_user_/.test(u)), users.join(', '));

    const slowLines = readFileSync(path.join(runDir, 'slow-requests.jsonl'), 'utf8').trim().split('\n');
    assert.equal(slowLines.length, slow, 'each slow request logged once');
    assert.doesNotMatch(readdirSync(runDir).map((f) => readFileSync(path.join(runDir, f), 'utf8')).join('') + output, new RegExp(API_KEY), 'the key is nowhere in the output');

    const windows = foldSeconds(secondLines(runDir));
    const recorded = windows.reduce((sum, w) => sum + w.requests, 0);
    assert.equal(windows.reduce((sum, w) => sum + w.slow, 0), slow, 'the record counts the slow requests');
    assert.equal(recorded, target.total(), 'the record counts what the target counted');
  } finally {
    await target.close();
    rmSync(work, { recursive: true, force: true });
  }
});
