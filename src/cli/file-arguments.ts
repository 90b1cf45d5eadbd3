/**
 * Where file arguments are read from, and what to say when one is not there.
 *
 * `bin/pnpm test:load x.yml` runs in the project folder whatever folder it was typed in
 * (pnpm moves there and says where it started in INIT_CWD): the CLI moves back, so every
 * path is read from, and reported relative to, the folder the command was started in.
 * Its own defaults (configs/smoke.yml, results/) stay in the project.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { closest } from '../core/suggest.ts';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The folder the command was typed in: pnpm's INIT_CWD when pnpm moved to the project folder. */
export function startedIn(env: NodeJS.ProcessEnv, cwd: string): string {
  const initCwd = env.INIT_CWD;
  if (env.npm_lifecycle_event === undefined || initCwd === undefined || initCwd === '') return cwd;
  return path.resolve(cwd) === PROJECT_ROOT ? path.resolve(initCwd) : cwd;
}

/** A path inside the project, written relative to the current folder (`configs/smoke.yml`, or `../results` from configs/). */
export function projectPath(relative: string, cwd: string = process.cwd()): string {
  return path.relative(cwd, path.join(PROJECT_ROOT, relative)) || '.';
}

const isYaml = (name: string): boolean => /\.ya?ml$/i.test(name);
const stem = (name: string): string => path.basename(name).replace(/\.ya?ml$/i, '');

/** A scenario file has `config:`, `scenarios:` or `include:` at the top level (not pnpm-lock.yaml, action.yml). */
function looksLikeScenario(file: string): boolean {
  try {
    return /^(config|scenarios|include):/m.test(readFileSync(file, 'utf8').slice(0, 20_000));
  } catch {
    return false;
  }
}

/** Scenario files next to where the argument points, and in the project's configs/, relative to the current folder. */
function candidates(arg: string, cwd: string): string[] {
  const folders = [path.resolve(cwd, path.dirname(arg)), path.join(PROJECT_ROOT, 'configs')];
  const found = new Set<string>();
  for (const folder of folders) {
    let names: string[] = [];
    try {
      names = readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names.filter(isYaml).sort()) {
      const file = path.join(folder, name);
      if (looksLikeScenario(file)) found.add(path.relative(cwd, file));
    }
  }
  return [...found];
}

/**
 * The sentence for an argument that is not a file: a mistyped command, a mistyped file
 * name ("did you mean"), or a word that is neither.
 */
export function missingFileMessage(arg: string, commands: readonly string[], cwd: string = process.cwd()): string {
  const word = !/[./\\]/.test(arg);
  const asCommand = word ? closest(arg, commands) : undefined;
  if (asCommand !== undefined) return `loadspec: unknown command "${arg}"; did you mean "${asCommand}"? Commands: ${commands.join(', ')}`;
  const files = candidates(arg, cwd);
  const wanted = stem(arg);
  const exact = files.find((f) => stem(f) === wanted);
  const nearStem = closest(wanted, files.map(stem));
  const near = exact ?? files.find((f) => stem(f) === nearStem);
  const where = cwd === PROJECT_ROOT ? 'the project folder' : cwd;
  if (near !== undefined) return `${arg}: no such scenario file in ${where}; did you mean ${near}?`;
  const some = files.slice(0, 6).join(', ');
  if (word) {
    return `loadspec: "${arg}" is neither a command nor a scenario file; commands: ${commands.join(', ')}; scenario files: ${some === '' ? 'a path to a .yml file' : some}`;
  }
  return `${arg}: no such scenario file in ${where}; give a path relative to it${some === '' ? '' : `, e.g. ${files[0]}`}, or "all" for every file in configs/`;
}

/** A path as the user reads it: relative to the current folder, unless that climbs far out of it. */
export function shownPath(file: string, cwd: string = process.cwd()): string {
  const relative = path.relative(cwd, path.resolve(cwd, file));
  return relative.startsWith(`..${path.sep}..${path.sep}`) ? path.resolve(cwd, file) : relative || '.';
}
