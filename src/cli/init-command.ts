/**
 * `loadspec init [--target URL] [--out FILE] [--endpoint "GET /path/{id}" ...] [--api-key [HEADER]]
 * [--from-openapi FILE|URL]`: writes a commented scenario file for the user's API that
 * validates and runs as written.
 */
import { writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ExitCode } from '../core/exit-codes.ts';
import type { ExitCodeValue } from '../core/exit-codes.ts';
import { formatConfigError, loadScenarioFile } from '../config/load.ts';
import { plainRunOptions } from '../config/run-options.ts';
import { modelOfEndpoints, parseEndpoint } from '../init/endpoint-flags.ts';
import type { Endpoint } from '../init/endpoint-flags.ts';
import { renderScenario } from '../init/render-scenario.ts';
import type { ScenarioModel } from '../init/scenario-model.ts';
import { readSpec } from '../init/openapi/read-spec.ts';
import { baseOf, modelOfSpec } from '../init/openapi/model-of-spec.ts';
import { readHar } from '../init/har/read-har.ts';
import { apiOrigin, modelOfHar } from '../init/har/model-of-har.ts';
import type { Output } from './render-run.ts';
import { REPO_SCHEMA } from '../init/schema-path.ts';
import { describeBadTarget } from '../core/target-url.ts';

export interface InitFlags {
  target?: string;
  out: string;
  endpoint: string[];
  /** `--api-key` alone is `true` (the X-API-Key header). */
  apiKey?: string | true;
  health?: string;
  fromOpenapi?: string;
  fromHar?: string;
  keepStatic?: boolean;
}

const DEFAULT_TARGET = 'http://127.0.0.1:8000';

/** The target URL without a trailing slash, or the sentence saying what to write. */
function readTarget(text: string): { ok: true; url: string } | { ok: false; message: string } {
  // The one check of a target (core/target-url.ts): it never shows a password.
  const bad = describeBadTarget(text, '--target');
  if (bad !== null) return { ok: false, message: bad };
  const target = new URL(text);
  if (target.username !== '' || target.password !== '') return { ok: false, message: '--target carries credentials; give the URL without user:password (the file would hold them) and set them in TARGET_URL when you run' };
  return { ok: true, url: target.href.replace(/\/$/, '') };
}

/** The model of a browser recording: its API's requests, replayed against --target or the recorded host. */
async function modelOfRecording(flags: InitFlags, file: string, problems: string[]): Promise<ScenarioModel | undefined> {
  if (flags.endpoint.length > 0 || flags.fromOpenapi !== undefined) problems.push('--from-har goes alone: the recording gives the requests (no --endpoint or --from-openapi)');
  const target = flags.target === undefined ? undefined : readTarget(flags.target);
  if (target?.ok === false) problems.push(target.message);
  const read = await readHar(file);
  if (!read.ok) {
    problems.push(read.message);
    return undefined;
  }
  const origin = apiOrigin(read.entries, target?.ok === true ? new URL(target.url) : undefined);
  if (origin === undefined) {
    problems.push(`${file} holds only static files (scripts, styles, pictures); record again while using the site's pages that call its API, or give --keep-static`);
    return undefined;
  }
  const model = modelOfHar(read.entries, { target: target?.ok === true ? target.url : origin, origin, source: file, keepStatic: flags.keepStatic === true });
  if (flags.health !== undefined) model.health = { path: flags.health, comment: 'checked before the run; must answer 2xx' };
  return model;
}

/** The model from the flags, or the sentences saying what is wrong. */
async function modelOf(flags: InitFlags, problems: string[]): Promise<ScenarioModel | undefined> {
  if (flags.health !== undefined && !flags.health.startsWith('/')) problems.push(`--health "${flags.health}" is not a path; write it like --health /health`);
  if (flags.fromHar !== undefined) return modelOfRecording(flags, flags.fromHar, problems);
  if (flags.fromOpenapi !== undefined) {
    if (flags.endpoint.length > 0) problems.push('--endpoint and --from-openapi do not go together: the spec gives the endpoints');
    const read = await readSpec(flags.fromOpenapi);
    if (!read.ok) {
      problems.push(read.message);
      return undefined;
    }
    const base = baseOf(read.spec, read.fetchedFrom);
    const target = readTarget(flags.target ?? base.target ?? DEFAULT_TARGET);
    if (!target.ok) {
      problems.push(target.message);
      return undefined;
    }
    const model = modelOfSpec(read.spec, { target: target.url, source: flags.fromOpenapi, prefix: base.prefix });
    if (model.requests.length === 0) problems.push(`${flags.fromOpenapi} has no operation to load (${model.leftOut.length} left out: ${model.leftOut.join('; ')}); give a spec with GET, POST, PUT or PATCH operations`);
    if (flags.health !== undefined) model.health = { path: flags.health, comment: 'checked before the run; must answer 2xx' };
    return model;
  }
  const target = readTarget(flags.target ?? DEFAULT_TARGET);
  if (!target.ok) problems.push(target.message);
  const endpoints: Endpoint[] = [];
  for (const text of flags.endpoint) {
    const parsed = parseEndpoint(text);
    if (parsed.ok) endpoints.push(parsed.endpoint);
    else problems.push(parsed.message);
  }
  const header = flags.apiKey === true ? 'X-API-Key' : flags.apiKey;
  return target.ok ? modelOfEndpoints({ target: target.url, endpoints, apiKeyHeader: header, health: flags.health }) : undefined;
}

export async function initCommand(flags: InitFlags, out: Output): Promise<ExitCodeValue> {
  const problems: string[] = [];
  const model = await modelOf(flags, problems);
  if (existsSync(flags.out)) problems.push(`${flags.out} already exists; give another file with --out, or move it away (init never overwrites)`);
  if (problems.length > 0 || model === undefined) {
    for (const problem of problems) out.write(`loadspec init: ${problem}\n`);
    return ExitCode.usage;
  }
  const schemaPath = path.relative(path.dirname(path.resolve(flags.out)), REPO_SCHEMA).split(path.sep).join('/');
  try {
    await writeFile(flags.out, renderScenario(model, schemaPath), { flag: 'wx' });
  } catch (error: unknown) {
    out.write(`loadspec init: could not write ${flags.out} (${(error as NodeJS.ErrnoException).code ?? String(error)}); check that its folder exists and is writable\n`);
    return ExitCode.usage;
  }
  // Checked as `validate` checks it: the secrets it takes from the environment are set later ("Set first:" below).
  const loaded = await loadScenarioFile(flags.out, { ...plainRunOptions(), deferRunTimeValues: true });
  if (!loaded.ok) {
    for (const e of loaded.errors) out.write(`${formatConfigError(e)}\n`);
    return ExitCode.usage;
  }
  const count = model.requests.length + (model.login === undefined ? 0 : 1);
  const lines = [`Wrote ${flags.out} (${count} request${count > 1 ? 's' : ''} against ${model.target}).`];
  for (const note of (model.notes ?? []).slice(1)) lines.push(note);
  if (model.variables.length > 0) lines.push(`Values for ${model.variables.map((v) => `{${v.name}}`).join(', ')} are under config.variables: check them.`);
  if (model.env.length > 0) lines.push(`Set first: ${model.env.map((e) => `${e.name} (${e.what})`).join(', ')}.`);
  out.write(`${lines.join('\n')}\nNext:\n  bin/pnpm loadspec plan ${flags.out}\n  bin/pnpm test:load ${flags.out}\n`);
  return ExitCode.passed;
}
