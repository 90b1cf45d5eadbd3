/** The `validate` sub-command's core: check several scenario files, report every problem of each. */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ConfigError } from './errors.ts';
import { loadScenarioFile } from './load.ts';
import { readYamlFile } from './read-yaml.ts';
import { plainRunOptions, type RunOptions } from './run-options.ts';
import { describeNeeds } from './run-time-values.ts';
import { isRecord } from '../core/is-record.ts';

export interface FileValidation {
  /** The scenario file as given (errors carry absolute paths; formatConfigError shows them relative). */
  file: string;
  /** Empty when the file (and everything it includes) is valid. */
  errors: ConfigError[];
  /** For a file of shared flows: the scenario files (next to it or one folder up) that include it. */
  includedBy?: string[];
  /** For a valid file: what runs differently from how it reads, one line each. */
  notes?: ConfigError[];
  /** For a valid file: "needs at run time: ..." when the run must give values this shell lacks (config's and the flows'). */
  needs?: string | undefined;
}

/** The data of a YAML file, or undefined when it cannot be read. */
async function dataOf(file: string): Promise<unknown> {
  const read = await readYamlFile(file);
  return read.ok ? read.yaml.data : undefined;
}

/**
 * Scenario files next to `file` or one folder up that list it under `include:`
 * (configs/smoke.yml includes configs/flows/api-user.yml).
 */
async function includersOf(file: string): Promise<string[]> {
  const folders = [...new Set([path.dirname(file), path.dirname(path.dirname(file))])];
  const found: string[] = [];
  for (const folder of folders) {
    const names = await readdir(folder).catch(() => [] as string[]);
    for (const name of names.filter((n) => /\.ya?ml$/i.test(n)).sort()) {
      const candidate = path.join(folder, name);
      if (candidate === file) continue;
      const data = await dataOf(candidate);
      const list = isRecord(data) && Array.isArray(data['include']) ? data['include'] : [];
      if (list.some((entry: unknown) => typeof entry === 'string' && path.resolve(folder, entry) === file)) found.push(candidate);
    }
  }
  return found;
}

/**
 * A file of shared flows (scenarios, no phases) sends nothing by itself: it is judged as a
 * flows file (its phases and plugins are the including file's), and also as the scenario
 * files that include it use it, keeping the problems inside it. Undefined when `file` is
 * not such a file.
 */
async function validateSharedFlows(file: string, options: RunOptions): Promise<{ errors: ConfigError[]; includedBy: string[] } | undefined> {
  const data = await dataOf(file);
  if (!isRecord(data) || !Array.isArray(data['scenarios'])) return undefined;
  if (isRecord(data['config']) && data['config']['phases'] !== undefined) return undefined;
  const includers = await includersOf(file);
  // Only a file that some scenario file includes is judged as shared flows: a lone file of
  // scenarios may as well be the scenario half of a split test, which is refused with what to give.
  if (includers.length === 0) return undefined;
  const seen = new Set<string>();
  const errors: ConfigError[] = [];
  const own = await loadScenarioFile(file, { ...options, asFlows: true, deferRunTimeValues: true });
  const found = [own, ...(await Promise.all(includers.map((includer) => loadScenarioFile(includer, { ...options, deferRunTimeValues: true }))))];
  for (const loaded of found) {
    for (const error of loaded.ok ? [] : loaded.errors) {
      const key = `${error.line}:${error.col} ${error.message}`;
      if (error.file !== file || seen.has(key)) continue;
      seen.add(key);
      errors.push(error);
    }
  }
  return { errors: errors.sort((a, b) => a.line - b.line || a.col - b.col), includedBy: includers };
}

/** `options`: Artillery's run flags (-e, --config, ...), which change what each file means. */
export async function validateFiles(paths: string[], options: RunOptions = plainRunOptions()): Promise<FileValidation[]> {
  const results: FileValidation[] = [];
  for (const file of paths) {
    const shared = options.configFile === undefined ? await validateSharedFlows(path.resolve(file), options) : undefined;
    if (shared !== undefined) {
      results.push({ file, ...shared });
      continue;
    }
    // Values the run gives (environment, -e, -v) are not this shell's to have: named, not refused.
    const loaded = await loadScenarioFile(file, { ...options, deferRunTimeValues: true });
    results.push(loaded.ok ? { file, errors: [], notes: loaded.notes, needs: describeNeeds(loaded.needs) } : { file, errors: loaded.errors });
  }
  return results;
}
