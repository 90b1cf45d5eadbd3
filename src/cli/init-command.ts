/**
 * `loadspec init [--target URL] [--out FILE] [--endpoint "GET /path" ...]`: writes a
 * commented scenario file for the user's API that validates and runs as written.
 */
import { writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ExitCode } from '../core/exit-codes.ts';
import type { ExitCodeValue } from '../core/exit-codes.ts';
import { formatConfigError, loadScenarioFile } from '../config/load.ts';
import { parseEndpoint, scenarioTemplate } from '../init/scenario-template.ts';
import type { Endpoint } from '../init/scenario-template.ts';
import type { Output } from './render-run.ts';
import { REPO_SCHEMA } from '../init/schema-path.ts';
import { describeBadTarget } from '../core/target-url.ts';

export interface InitFlags {
  target: string;
  out: string;
  endpoint: string[];
}

export async function initCommand(flags: InitFlags, out: Output): Promise<ExitCodeValue> {
  const problems: string[] = [];
  const badTarget = describeBadTarget(flags.target, '--target');
  if (badTarget !== null) problems.push(badTarget);
  const target: URL | null = badTarget === null ? new URL(flags.target) : null;
  if (target !== null && (target.username !== '' || target.password !== '')) problems.push('--target carries credentials; give the URL without user:password (the file would hold them) and set them in TARGET_URL when you run');
  const endpoints: Endpoint[] = [];
  for (const text of flags.endpoint) {
    const parsed = parseEndpoint(text);
    if (parsed.ok) endpoints.push(parsed.endpoint);
    else problems.push(parsed.message);
  }
  if (existsSync(flags.out)) problems.push(`${flags.out} already exists; give another file with --out, or move it away (init never overwrites)`);
  if (problems.length > 0 || target === null) {
    for (const problem of problems) out.write(`loadspec init: ${problem}\n`);
    return ExitCode.usage;
  }
  const schemaPath = path.relative(path.dirname(path.resolve(flags.out)), REPO_SCHEMA).split(path.sep).join('/');
  const written = target.href.replace(/\/$/, '');
  try {
    await writeFile(flags.out, scenarioTemplate({ target: written, endpoints, schemaPath }), { flag: 'wx' });
  } catch (error: unknown) {
    out.write(`loadspec init: could not write ${flags.out} (${(error as NodeJS.ErrnoException).code ?? String(error)}); check that its folder exists and is writable\n`);
    return ExitCode.usage;
  }
  const loaded = await loadScenarioFile(flags.out);
  if (!loaded.ok) {
    for (const e of loaded.errors) out.write(`${formatConfigError(e)}\n`);
    return ExitCode.usage;
  }
  out.write(`Wrote ${flags.out} (${endpoints.length || 1} request${endpoints.length > 1 ? 's' : ''} against ${written}). Next:\n  bin/pnpm loadspec plan ${flags.out}\n  bin/pnpm test:load ${flags.out}\n`);
  return ExitCode.passed;
}
