/**
 * Artillery's run options that change what a script means (`-e`, `--config`, `-p`,
 * `-v`, `--overrides`, `--dotenv`), checked before anything is read or sent: a JSON
 * flag that does not parse, a file that is not there, is one sentence naming the flag.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { isRecord } from '../core/is-record.ts';

/** The flags as given on the command line. */
export interface RunFlags {
  environment?: string | undefined;
  config?: string | undefined;
  payload?: string | undefined;
  variables?: string | undefined;
  overrides?: string | undefined;
  dotenv?: string | undefined;
  /** `run --target`: the target, over TARGET_URL and config.target. */
  target?: string | undefined;
}

/** The flags understood: files resolved to absolute paths, JSON parsed, the dotenv file read. */
export interface RunOptions {
  environment?: string | undefined;
  /** Absolute path of the `--config` file, merged over the scenario file as Artillery merges it. */
  configFile?: string | undefined;
  /** Absolute path of the `-p/--payload` CSV file. */
  payloadFile?: string | undefined;
  variables?: Record<string, unknown> | undefined;
  overrides?: Record<string, unknown> | undefined;
  /** `run --target`, when given. */
  target?: string | undefined;
  /**
   * The environment the scenario's `{{ $env.X }}` / `{{ $processEnvironment.X }}` see and
   * Artillery runs with: the process environment plus the dotenv file (which, as in
   * Artillery, never replaces a variable that is already set).
   */
  env: Record<string, string | undefined>;
  /** Variables that came from the dotenv file, to hand to Artillery's process. */
  dotenvValues: Record<string, string>;
}

export type RunOptionsResult = { ok: true; options: RunOptions } | { ok: false; problems: string[] };

function jsonObject(flag: string, text: string | undefined, example: string, problems: string[]): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    problems.push(`${flag} is not JSON (${cause instanceof Error ? cause.message : String(cause)}); write a JSON object in single quotes, e.g. ${flag} '${example}'`);
    return undefined;
  }
  if (!isRecord(parsed)) {
    problems.push(`${flag} must be a JSON object (got ${JSON.stringify(parsed)}); write e.g. ${flag} '${example}'`);
    return undefined;
  }
  return parsed;
}

async function existingFile(flag: string, file: string | undefined, what: string, problems: string[]): Promise<string | undefined> {
  if (file === undefined) return undefined;
  const absolute = path.resolve(file);
  if (!(await stat(absolute).catch(() => null))?.isFile()) {
    problems.push(`${flag} ${file}: no such file; give the path of ${what} (relative to ${process.cwd()})`);
    return undefined;
  }
  return absolute;
}

/** Reads and checks the flags; nothing is run with a flag that is not understood. */
export async function readRunOptions(flags: RunFlags, env: Record<string, string | undefined>): Promise<RunOptionsResult> {
  const problems: string[] = [];
  if (flags.environment !== undefined && flags.environment.trim() === '') problems.push('-e/--environment is empty; give the name of one of config.environments');
  const configFile = await existingFile('--config', flags.config, 'a YAML or JSON file with a "config:" section', problems);
  const payloadFile = await existingFile('-p/--payload', flags.payload, 'a CSV file', problems);
  const dotenvFile = await existingFile('--dotenv', flags.dotenv, 'a file of NAME=value lines', problems);
  const variables = jsonObject('-v/--variables', flags.variables, '{"users": 10}', problems);
  const overrides = jsonObject('--overrides', flags.overrides, '{"config": {"phases": [{"duration": 10, "arrivalRate": 1}]}}', problems);
  const dotenvValues: Record<string, string> = {};
  if (dotenvFile !== undefined) {
    const parsed = parseEnv(await readFile(dotenvFile, 'utf8'));
    for (const [name, value] of Object.entries(parsed)) if (value !== undefined && env[name] === undefined) dotenvValues[name] = value;
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, options: { environment: flags.environment, target: flags.target, configFile, payloadFile, variables, overrides, env: { ...env, ...dotenvValues }, dotenvValues } };
}

/** No flags: the scenario file alone, the process environment as it is. */
export function plainRunOptions(env: Record<string, string | undefined> = process.env): RunOptions {
  return { env, dotenvValues: {} };
}
