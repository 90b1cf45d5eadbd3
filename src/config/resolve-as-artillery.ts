/**
 * What `artillery run` makes of a script and its run options, in Artillery 2.0.34's order
 * (lib/util/prepare-test-execution-plan.ts): the `--config` file deep-merged over the
 * script (lodash `merge`: sections merged key by key, lists item by item), the chosen
 * environment merged over `config`, `-p` as the payload file, `--overrides` merged over
 * everything (lists replaced), `--variables` set in `config.variables`, then every
 * `{{ }}` in `config` rendered once with `$env`/`$processEnvironment`, `$environment`,
 * `$dirname`, `$scenarioFile` and the `--variables` (not `config.variables`).
 *
 * Unlike Artillery, nothing is quietly read differently from what was meant: a template
 * whose variable is not set (Artillery would send the text "undefined") and an
 * environment the file does not define are problems, and a number that arrives as text
 * from a template ("{{ $env.USERS }}" -> "10") is the number 10.
 */
import path from 'node:path';
import { closest } from '../core/suggest.ts';
import type { Issue } from './explain.ts';
import { formatPath, valueAt, type PathSegment } from './path.ts';
import type { RunOptions } from './run-options.ts';
import { settleMergedPhases } from './environment-phases.ts';
import { runTimeSource, runTimeValue, setInEnvironment, type RunTimeNeed } from './run-time-values.ts';
import { envVariableOf, FUNCTION_CALL, VARIABLE } from './template-names.ts';
import { isRecord } from '../core/is-record.ts';

type Data = Record<string, unknown>;

/** lodash `merge` on plain data: `source` into `target` (mutated); lists merge item by item unless `replaceLists`. */
export function mergeLikeArtillery(target: Data | unknown[], source: Data | unknown[], replaceLists = false): Data | unknown[] {
  for (const [key, value] of Object.entries(source)) {
    const slot = target as Record<string, unknown>;
    const current = slot[key];
    if (Array.isArray(value)) {
      slot[key] = replaceLists ? structuredClone(value) : mergeLikeArtillery(Array.isArray(current) ? current : [], value, replaceLists);
    } else if (isRecord(value)) {
      slot[key] = mergeLikeArtillery(isRecord(current) ? current : {}, value, replaceLists);
    } else if (value !== undefined || !(key in slot)) {
      slot[key] = value;
    }
  }
  return target;
}

/** One `{{ name }}` in a config value: what it named and what it was. */
export interface TemplateUse {
  name: string;
  value: unknown;
}

/** A config value written as a template, and what it became. */
export interface TemplatedValue {
  path: PathSegment[];
  written: string;
  uses: TemplateUse[];
}

export interface ArtilleryResolution {
  /** The script as Artillery would run it (before loadspec's own compilation). */
  data: Data;
  /** Every templated config value; `path` is in `data`. */
  templated: TemplatedValue[];
  /** Unset template variables and an unknown environment; paths are in `data`. */
  issues: Issue[];
  /**
   * With `deferRunTimeValues`: the templated values whose unset variables a run gives (the
   * environment, -e, -v), left as written in `data`; one need per variable and value.
   */
  deferred: RunTimeNeed[];
  /** What runs differently from how it reads (phases merged from the environment); paths are where it is written. */
  notes: Issue[];
}

// Rendered by Artillery with values only it knows (the run's id).
const ARTILLERY_ONLY = new Set(['$testId']);

function lookup(vars: Data, name: string): unknown {
  let node: unknown = vars;
  for (const part of name.replace(/\[(\w+)\]/g, '.$1').replace(/["']/g, '').split('.')) {
    if (part === '') continue;
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Data)[part];
  }
  return node;
}

const NUMBER_TEXT = /^-?\d+(\.\d+)?$/;

function render(text: string, vars: Data): { value: unknown; uses: TemplateUse[] } | undefined {
  // Artillery's function-call templates ({{ $randomNumber(1, 10) }}) are rendered by Artillery itself.
  if (!text.includes('{{') || text.search(FUNCTION_CALL) !== -1) return undefined;
  const matches = text.match(VARIABLE) ?? [];
  const names = matches.map((m) => m.replace(/[{}]/g, '').trim());
  if (names.length === 0 || names.some((n) => ARTILLERY_ONLY.has(n.split('.')[0] ?? n))) return undefined;
  const uses = names.map((name) => ({ name, value: lookup(vars, name) }));
  if (matches.length === 1 && matches[0] === text) {
    const value = uses[0]?.value;
    // A whole-value template keeps the value's type; from the environment a number arrives as text.
    return { value: typeof value === 'string' && NUMBER_TEXT.test(value) ? Number(value) : value === '' ? '' : value, uses };
  }
  let out = text;
  for (const [i, match] of matches.entries()) {
    const value = uses[i]?.value;
    out = out.replace(match, typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));
  }
  return { value: out, uses };
}

function renderTree(node: unknown, at: PathSegment[], vars: Data, found: TemplatedValue[]): unknown {
  if (typeof node === 'string') {
    const rendered = render(node, vars);
    if (rendered === undefined) return node;
    found.push({ path: at, written: node, uses: rendered.uses });
    return rendered.value;
  }
  if (Array.isArray(node)) return node.map((item: unknown, i) => renderTree(item, [...at, i], vars, found));
  if (isRecord(node)) {
    const out: Data = {};
    for (const [key, value] of Object.entries(node)) out[key] = renderTree(value, [...at, key], vars, found);
    return out;
  }
  return node;
}

function whereSet(name: string): string {
  const variable = envVariableOf(name);
  if (variable !== undefined) return setInEnvironment(variable);
  // Artillery renders config once, before any virtual user exists: per-user values are not there yet.
  return `Artillery renders templates in config once, before any virtual user, so per-user values (payload columns, captures, config.variables) are not there yet; pass ${name} with -v/--variables '{"${name}": ...}', or move the template into the requests`;
}

/** Names only a virtual user has when config is rendered: config.variables and payload columns. */
function perUserNames(config: Data): Set<string> {
  const names = new Set(isRecord(config['variables']) ? Object.keys(config['variables']) : []);
  const payload = config['payload'];
  for (const item of Array.isArray(payload) ? payload : [payload]) {
    const fields: unknown = isRecord(item) ? item['fields'] : undefined;
    if (Array.isArray(fields)) for (const field of fields) if (typeof field === 'string') names.add(field);
  }
  return names;
}

function setAt(root: Data, at: readonly PathSegment[], value: unknown): void {
  const parent = valueAt(root, at.slice(0, -1));
  const last = at.at(-1);
  if (typeof parent === 'object' && parent !== null && last !== undefined) (parent as Record<PathSegment, unknown>)[last] = value;
}

/**
 * The templated values whose every unset variable a run gives: put back as written in `data`
 * (so no check reads "undefined" in them) and returned as needs; the others stay.
 */
function deferRunTimeValues(data: Data, templated: TemplatedValue[], perUser: ReadonlySet<string>): { kept: TemplatedValue[]; deferred: RunTimeNeed[] } {
  const kept: TemplatedValue[] = [];
  const deferred: RunTimeNeed[] = [];
  for (const t of templated) {
    const unset = t.uses.filter((u) => u.value === undefined);
    const sources = unset.map((u) => runTimeSource(u.name, perUser));
    if (unset.length === 0 || sources.some((s) => s === undefined)) {
      kept.push(t);
      continue;
    }
    setAt(data, t.path, t.written);
    for (const source of sources) if (source !== undefined) deferred.push({ source, path: t.path });
  }
  return { kept, deferred };
}

/** The unset variables of the templated values, one issue per value. */
function unsetIssues(templated: TemplatedValue[]): Issue[] {
  const issues: Issue[] = [];
  for (const t of templated) {
    const unset = t.uses.filter((u) => u.value === undefined).map((u) => u.name);
    const first = unset[0];
    if (first === undefined) continue;
    const names = unset.length === 1 ? `${first} is` : `${unset.join(', ')} are`;
    issues.push({ path: t.path, at: 'value', message: `${formatPath(t.path)} is "${t.written}", but ${names} not set (Artillery would use the text "undefined"); ${whereSet(first)}` });
  }
  return issues;
}

/**
 * The script as Artillery resolves it with `options`. `main` is the scenario file's
 * data, `configData` the `--config` file's; neither is changed.
 */
export function resolveAsArtillery(file: string, main: Data, configData: Data | undefined, options: RunOptions, deferUnset = false): ArtilleryResolution {
  const data = structuredClone(main);
  if (configData !== undefined) mergeLikeArtillery(data, structuredClone(configData));
  const issues: Issue[] = [];
  const notes: Issue[] = [];
  const config: Data = isRecord(data['config']) ? data['config'] : {};
  if (data['config'] !== undefined || options.environment !== undefined) data['config'] = config;

  const environments = isRecord(config['environments']) ? config['environments'] : {};
  if (options.environment !== undefined) {
    const chosen = environments[options.environment];
    if (isRecord(chosen)) {
      const before = structuredClone(config['phases']);
      mergeLikeArtillery(config, structuredClone(chosen));
      notes.push(...settleMergedPhases(options.environment, before, chosen['phases'], config['phases']));
    }
    else if (Object.keys(environments).length > 0) {
      // Artillery only warns and runs the plain config: a typo would test the wrong system.
      const names = Object.keys(environments);
      const near = closest(options.environment, names);
      issues.push({ path: ['config', 'environments'], at: 'key', message: `-e/--environment "${options.environment}" is not in config.environments${near === undefined ? '' : `; did you mean "${near}"?`} Environments here: ${names.join(', ')}` });
    }
  }

  if (options.payloadFile !== undefined) {
    // Artillery: -p fills the path of a single payload section (and wins over one written there).
    const payload = config['payload'];
    if (isRecord(payload)) payload['path'] = options.payloadFile;
    else if (payload === undefined) config['payload'] = { path: options.payloadFile };
  }
  if (options.overrides !== undefined) mergeLikeArtillery(data, structuredClone(options.overrides), true);
  // Before -v: a name the flag sets is given by the run, not by a virtual user.
  const perUser = perUserNames(config);
  if (options.variables !== undefined) {
    const variables = isRecord(config['variables']) ? config['variables'] : {};
    config['variables'] = Object.assign(variables, structuredClone(options.variables));
  }

  const configPath = options.configFile ?? file;
  const vars: Data = {
    $scenarioFile: file,
    $dirname: path.dirname(configPath),
    $processEnvironment: options.env,
    $env: options.env,
    $environment: options.environment,
    ...(options.variables ?? {}),
  };
  const templated: TemplatedValue[] = [];
  for (const [key, value] of Object.entries(config)) {
    // Environments left unchosen are not used; the chosen one is already merged into config.
    if (key === 'environments') continue;
    config[key] = renderTree(value, ['config', key], vars, templated);
  }
  if (runTimeValue(deferUnset) === 'refuse') {
    issues.push(...unsetIssues(templated));
    return { data, templated, issues, deferred: [], notes };
  }
  const { kept, deferred } = deferRunTimeValues(data, templated, perUser);
  issues.push(...unsetIssues(kept));
  return { data, templated, issues, deferred, notes };
}

/** Which file (and where in it) wrote the value at `at` of the resolved script. */
export interface Origin {
  /** `main` or `config` (the --config file); `flag` for a value set on the command line. */
  source: 'main' | 'config' | 'flag';
  path: PathSegment[];
  flag?: string;
}

/** The origin of a resolved value, by Artillery's precedence: flags, then the environment, then --config, then the scenario file. */
export function originOf(at: readonly PathSegment[], main: Data, configData: Data | undefined, options: RunOptions): Origin {
  const has = (root: unknown, p: readonly PathSegment[]) => p.length > 0 && valueAt(root, p) !== undefined;
  if (options.overrides !== undefined && has(options.overrides, at)) return { source: 'flag', path: [...at], flag: '--overrides' };
  if (at[0] === 'config' && at[1] === 'variables' && typeof at[2] === 'string' && options.variables !== undefined && at[2] in options.variables) return { source: 'flag', path: [...at], flag: '-v/--variables' };
  if (at[0] === 'config' && at[1] === 'payload' && options.payloadFile !== undefined && (at[2] === 'path' || at[3] === 'path')) return { source: 'flag', path: [...at], flag: '-p/--payload' };
  if (options.environment !== undefined && at[0] === 'config' && at[1] !== 'environments') {
    const inEnvironment = ['config', 'environments', options.environment, ...at.slice(1)];
    if (configData !== undefined && has(configData, inEnvironment)) return { source: 'config', path: inEnvironment };
    if (has(main, inEnvironment)) return { source: 'main', path: inEnvironment };
  }
  if (configData !== undefined && has(configData, at)) return { source: 'config', path: [...at] };
  return { source: 'main', path: [...at] };
}
