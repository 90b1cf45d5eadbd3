/**
 * How the expected answers of test/config/artillery-corpus.test.ts were established:
 * each case of the corpus goes through Artillery 2.0.34's own preparation of a script
 * (read, merge `--config`, environment, `--overrides`, `--variables`, config templates,
 * its Joi validation, the payload read), in-process, and the answer is printed.
 *
 *   node scripts/artillery-corpus-answers.ts
 */
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { realpathSync } from 'node:fs';
import { CORPUS_CASES, CORPUS_DIR } from '../test/config/artillery-corpus-cases.ts';

const artillery = path.join(realpathSync('node_modules/artillery'), 'dist/lib');
type Flags = Record<string, unknown>;
type Script = Record<string, unknown> & { config: Record<string, unknown> };
interface Util {
  parseScript(data: string): Promise<Script>;
  checkConfig(script: Script, scriptPath: string, flags: Flags): Promise<Script>;
  resolveConfigPath(script: Script, flags: Flags, scriptPath: string): Promise<Script>;
  addOverrides(script: Script, flags: Flags): Promise<Script>;
  addVariables(script: Script, flags: Flags): Promise<Script>;
  resolveConfigTemplates(script: Script, flags: Flags, configPath: string, scriptPath: unknown): Promise<Script>;
}
const dotenv = createRequire(path.join(artillery, 'util.js'))('dotenv') as { parse(text: string): Record<string, string> };
(globalThis as { artillery?: unknown }).artillery = { testRunId: 'oracle' };
const util = (await import(path.join(artillery, 'util.js'))) as Util;
const validateScript = ((await import(path.join(artillery, 'util/validate-script.js'))) as { default: (s: Script) => string | undefined }).default;
const lodash = { default: createRequire(path.join(artillery, 'util.js'))('lodash') as { merge: (a: unknown, b: unknown) => Script } };

async function answer(files: string[], flags: Flags, env: Record<string, string>): Promise<string> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    let script = {} as Script;
    for (const file of files) script = lodash.default.merge(script, await util.parseScript(await readFile(file, 'utf8')));
    const hasOriginalTarget = script.config?.['target'] !== undefined || (script.config?.['environments'] as Record<string, { target?: unknown }> | undefined)?.[String(flags['environment'])]?.target !== undefined;
    const scriptPath = files[0] as string;
    let merged = await util.checkConfig(script, scriptPath, flags);
    merged = await util.resolveConfigPath(merged, flags, scriptPath);
    merged = await util.addOverrides(merged, flags);
    merged = await util.addVariables(merged, flags);
    merged = await util.resolveConfigTemplates(merged, flags, String(merged['_configPath']), merged['_scriptPath']);
    if (!merged.config['target'] && !hasOriginalTarget) return 'refused: No target specified and no environment chosen';
    const error = validateScript(merged);
    if (error !== undefined) return `refused: Scenario validation error: ${error}`;
    for (const payload of (merged.config['payload'] as { path: string }[] | undefined) ?? []) await readFile(payload.path, 'utf8');
    return 'valid';
  } catch (error: unknown) {
    return `refused: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

for (const c of CORPUS_CASES) {
  const files = [c.script, ...(c.flags?.config === undefined ? [] : [c.flags.config])].map((f) => path.join(CORPUS_DIR, f));
  const flags: Flags = { ...c.flags };
  for (const key of ['config', 'payload', 'dotenv'] as const) if (c.flags?.[key] !== undefined) flags[key] = path.join(CORPUS_DIR, c.flags[key]);
  const env = { ...(typeof flags['dotenv'] === 'string' ? dotenv.parse(await readFile(flags['dotenv'], 'utf8')) : {}), ...c.env };
  console.log(`${c.script} ${JSON.stringify(c.flags ?? {})}: ${await answer(files, flags, env)}`);
}
