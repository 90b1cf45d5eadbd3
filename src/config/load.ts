/**
 * Loads a scenario file: reads the YAML (keeping positions), validates it and
 * every file it includes, merges the included scenarios and variables, and
 * returns either the typed script or every problem found, each with file:line:col.
 * Nothing here throws for a bad file or prints; the caller decides what to show.
 */
import { existsSync } from 'node:fs';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { checkCriteria, checkExpectations, checkPayloads, checkPhases, checkPluginNames, expectationsOffNote, matchNote } from './checks.ts';
import { calledEndpoints, checkCriterionEndpoints, checkEnvironmentChosen, checkRequestTimeouts, checkSendsLoad, checkLoopRanges, checkSlowRequestEndpoints, checkTopLevelThinkJitter } from './script-checks.ts';
import { checkVariableValues } from './variable-values.ts';
import type { ConfigError } from './errors.ts';
import { explainFile, type FileKind, type Issue } from './explain.ts';
import { formatPath, valueAt, type PathSegment, type ValuePath } from './path.ts';
import { positionOf } from './positions.ts';
import { readYamlFile, type YamlFile } from './read-yaml.ts';
import type { ScenarioScript } from './schema/script.ts';
import { originOf, resolveAsArtillery, type ArtilleryResolution } from './resolve-as-artillery.ts';
import { plainRunOptions, type RunOptions } from './run-options.ts';
import { valueKindAt, type RunTimeNeed } from './run-time-values.ts';
import { checkInputs } from './inputs.ts';
import { hideUserinfo } from '../core/target-url.ts';
import { isRecord } from '../core/is-record.ts';

export type { ConfigError } from './errors.ts';
export { formatConfigError } from './errors.ts';
export type { ScenarioScript } from './schema/script.ts';
export type { RunOptions } from './run-options.ts';

/** Where something in the loaded script was written. */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

/** Positions of the merged script's values in the files they came from. */
export interface ScriptSource {
  /** Absolute paths of the files read: the scenario file, then its includes in order. */
  files: string[];
  /** Where the value at `path` of the merged script was written (the nearest enclosing node if it was not). */
  locate(path: ValuePath): SourceLocation;
}

export type LoadResult =
  | {
      ok: true;
      file: string;
      script: ScenarioScript;
      source: ScriptSource;
      /** What runs differently from how it reads, one line each at the value (a deprecated key, checks left off). */
      notes: ConfigError[];
      /**
       * With `deferRunTimeValues`: the values the run gives and this shell lacks, config's (with
       * the kind of value each must be) then the flows'; describeNeeds makes the one line.
       */
      needs: RunTimeNeed[];
    }
  | { ok: false; errors: ConfigError[] };

/** How a file is loaded besides Artillery's run flags. */
export interface LoadOptions {
  /** A file of shared flows on its own: its phases, plugins and variables are the including file's. */
  asFlows?: boolean;
  /**
   * For `validate` and `plan`: a template whose variable the run gives and that is unset here
   * (`$env.X`, `$environment` without -e; in config also a name for -v) is named as needed at
   * run time instead of refused, in config and in flows. `run` leaves it off and refuses
   * (run-time-values.ts runTimeValue).
   */
  deferRunTimeValues?: boolean;
}

type Data = Record<string, unknown>;

/** Places the issues of the resolved script in the file (or flag) that wrote each value. */
type Placer = (issues: Issue[]) => ConfigError[];

function placerFor(main: YamlFile, configYaml: YamlFile | undefined, options: RunOptions, resolution: ArtilleryResolution): Placer {
  const mainData = main.data as Data;
  const configData = configYaml?.data as Data | undefined;
  const written = [mainData, ...(configData === undefined ? [] : [configData])];
  return (issues) => {
    const placed: ConfigError[] = [];
    for (const issue of issues) {
      const templated = resolution.templated.find((t) => formatPath(t.path) === formatPath(issue.path));
      const origin = originOf(issue.path, mainData, configData, options);
      const yaml = origin.source === 'config' && configYaml !== undefined ? configYaml : main;
      let message = issue.message;
      if (templated !== undefined && issue.at === 'value' && !message.includes(templated.written)) {
        const values = templated.uses.map((u) => `${u.name} is ${JSON.stringify(typeof u.value === 'string' ? hideUserinfo(u.value) : u.value)}`).join(', ');
        message = `${message}; it is written "${templated.written}", and ${values}`;
      }
      if (options.environment !== undefined && issue.path[0] === 'config' && issue.path[1] === 'phases' && typeof issue.path[2] === 'number' && origin.path[1] === 'environments' && written.some((d) => valueAt(d, issue.path.slice(0, 3)) !== undefined)) {
        message = `${message} (Artillery merges config.environments.${options.environment}.phases into config.phases item by item, so this phase holds keys of both; write the whole phase in the environment, with the same keys)`;
      }
      if (origin.source === 'flag') message = `${message} (set by ${origin.flag ?? 'a flag'})`;
      placed.push({ file: yaml.file, ...positionOf(yaml.doc, yaml.lines, origin.path, issue.at), message, path: formatPath(issue.path) });
    }
    return placed;
  };
}

/**
 * Issues of the schema at values that were templates: in an environment not chosen they are
 * checked when it is chosen, and a value whose variable is unset is reported as that.
 */
function withoutTemplateEchoes(issues: Issue[], written: Data[], resolution: ArtilleryResolution): Issue[] {
  const unset = [...resolution.issues, ...resolution.deferred].map((i) => formatPath(i.path));
  return issues.filter((issue) => {
    const where = formatPath(issue.path);
    if (unset.some((u) => where === u || where.startsWith(`${u}.`) || where.startsWith(`${u}[`))) return false;
    // A section that lacks a value only because its template's variable is unset is that one problem.
    if (issue.at === 'missing' && unset.some((u) => u.startsWith(`${where}.`) || u.startsWith(`${where}[`))) return false;
    if (issue.path[0] === 'config' && issue.path[1] === 'environments') {
      if (written.some((data) => String(valueAt(data, issue.path)).includes('{{'))) return false;
    }
    return true;
  });
}

/**
 * A scenario for another engine (socketio, ws, playwright ...) is one problem, not one per step
 * its steps that HTTP does not know: loadspec runs HTTP scenarios only.
 */
function oneSentencePerOtherEngine(issues: Issue[], data: Data): Issue[] {
  const scenarios = Array.isArray(data['scenarios']) ? data['scenarios'] : [];
  const others = scenarios.flatMap((scenario: unknown, index) => {
    const engine = isRecord(scenario) ? scenario['engine'] : undefined;
    return typeof engine === 'string' && engine !== 'http' ? [{ index, engine }] : [];
  });
  if (others.length === 0) return issues;
  const engines = new Set(others.map((o) => o.engine));
  const kept = issues.filter((issue) => {
    if (issue.path[0] === 'scenarios' && others.some((o) => o.index === issue.path[1])) return false;
    return !(issue.path[0] === 'config' && issue.path.length === 2 && engines.has(String(issue.path[1])));
  });
  return [
    ...kept,
    ...others.map((o): Issue => ({ path: ['scenarios', o.index, 'engine'], at: 'value', message: `scenarios[${o.index}] runs on Artillery's "${o.engine}" engine; loadspec runs HTTP scenarios only, so run this file with artillery itself or remove the scenario` })),
  ];
}

function toErrors(yaml: YamlFile, issues: Issue[]): ConfigError[] {
  return issues.map((issue) => ({
    file: yaml.file,
    ...positionOf(yaml.doc, yaml.lines, issue.path, issue.at),
    message: issue.message,
    path: formatPath(issue.path),
  }));
}

function fileIssues(kind: FileKind, data: Data): Issue[] {
  const config = isRecord(data['config']) ? data['config'] : {};
  const issues = [...explainFile(kind, data)];
  issues.push(...checkPhases(config['phases'], ['config', 'phases']));
  if (isRecord(config['environments'])) {
    for (const [name, env] of Object.entries(config['environments'])) {
      if (isRecord(env)) issues.push(...checkPhases(env['phases'], ['config', 'environments', name, 'phases']));
    }
  }
  if (config['payload'] !== undefined) issues.push(...checkPayloads(config['payload'], ['config', 'payload']));
  if (isRecord(config['plugins'])) {
    issues.push(...checkPluginNames(config['plugins'], ['config', 'plugins']));
  }
  return issues;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** The processor and payload files Artillery would fail to open, relative to the scenario file as Artillery reads them. */
async function missingFiles(mainFile: string, data: Data, configFile: string | undefined): Promise<Issue[]> {
  const config = isRecord(data['config']) ? data['config'] : {};
  const issues: Issue[] = [];
  const processor = config['processor'];
  // Artillery looks for the processor next to the --config file, then (with a warning) next to the script.
  if (typeof processor === 'string' && processor !== '' && !processor.includes('{{')) {
    const places = [...(configFile === undefined ? [] : [configFile]), mainFile].map((f) => path.resolve(path.dirname(f), processor));
    let found = false;
    for (const place of places) if (!found && (await exists(place))) found = true;
    if (!found) {
      const where: PathSegment[] = ['config', 'processor'];
      const looked = places.map((p) => path.relative(process.cwd(), p) || p).join(' and ');
      issues.push({ path: where, at: 'value', message: `config.processor: "${processor}" not found (looked for ${looked}); paths are relative to ${configFile === undefined ? 'this file' : 'the --config file'}` });
    }
  }
  const wanted: [PathSegment[], unknown][] = [];
  const payload = config['payload'];
  if (Array.isArray(payload)) payload.forEach((item: unknown, i) => wanted.push([['config', 'payload', i, 'path'], isRecord(item) ? item['path'] : undefined]));
  else if (isRecord(payload)) wanted.push([['config', 'payload', 'path'], payload['path']]);
  for (const [where, value] of wanted) {
    if (typeof value !== 'string' || value === '' || value.includes('{{')) continue;
    const target = path.resolve(path.dirname(mainFile), value);
    if (!(await exists(target))) {
      issues.push({ path: where, at: 'value', message: `${formatPath(where)}: "${value}" not found (looked for ${path.relative(process.cwd(), target) || target}); paths are relative to this file` });
    }
  }
  return issues;
}

/** Reads, validates and merges a scenario file and its includes. */
export async function loadScenarioFile(file: string, options: RunOptions & LoadOptions = plainRunOptions()): Promise<LoadResult> {
  const mainFile = path.resolve(file);
  const read = await readYamlFile(mainFile);
  if (!read.ok) return read;
  const main = read.yaml;
  let configYaml: YamlFile | undefined;
  if (options.configFile !== undefined) {
    const readConfig = await readYamlFile(options.configFile);
    if (!readConfig.ok) return readConfig;
    configYaml = readConfig.yaml;
  }
  const resolution = resolveAsArtillery(mainFile, main.data as Data, configYaml?.data as Data | undefined, options, options.deferRunTimeValues === true);
  const data = resolution.data;
  const written = [main.data as Data, ...(configYaml === undefined ? [] : [configYaml.data as Data])];
  const placeAll = placerFor(main, configYaml, options, resolution);
  // A check never speaks about a value whose variable is unset: that is one problem (or a run-time need).
  const place: Placer = (issues) => placeAll(withoutTemplateEchoes(issues, written, resolution));
  // A file of shared flows on its own: its phases and plugins are the including file's.
  const asFlows = options.asFlows === true;
  const kind: FileKind = asFlows ? 'included' : 'scenario';
  const errors = placeAll([...resolution.issues, ...oneSentencePerOtherEngine(withoutTemplateEchoes(fileIssues(kind, data), written, resolution), data)]);

  errors.push(...place(await missingFiles(mainFile, data, options.configFile)));

  const includes: YamlFile[] = [];
  // An include that is not YAML says so; what it would have held is not missing as well.
  let unreadableInclude = false;
  const seen = new Set<string>([mainFile]);
  const list: unknown[] = Array.isArray(data['include']) ? data['include'] : [];
  for (const [index, entry] of list.entries()) {
    if (typeof entry !== 'string' || entry.trim() === '') continue;
    const where: PathSegment[] = ['include', index];
    const target = path.resolve(path.dirname(mainFile), entry);
    if (seen.has(target)) {
      const message = target === mainFile ? `include[${index}] is this file itself; list only files of shared scenarios` : `include[${index}] repeats "${entry}"; list each file once`;
      errors.push(...toErrors(main, [{ path: where, at: 'value', message }]));
      continue;
    }
    seen.add(target);
    if (!(await exists(target))) {
      const message = `include[${index}]: "${entry}" not found (looked for ${path.relative(process.cwd(), target) || target}); paths are relative to this file`;
      errors.push(...toErrors(main, [{ path: where, at: 'value', message }]));
      continue;
    }
    const included = await readYamlFile(target);
    if (!included.ok) {
      errors.push(...included.errors);
      unreadableInclude = true;
      continue;
    }
    errors.push(...toErrors(included.yaml, fileIssues('included', included.yaml.data as Data)));
    includes.push(included.yaml);
  }

  const merged = merge(main, data, includes);
  errors.push(...merged.errors);
  const config = isRecord(merged.script.config) ? merged.script.config : {};
  const plugins = isRecord(config['plugins']) ? config['plugins'] : {};
  const environments = isRecord(config['environments']) ? config['environments'] : {};
  const expectIn = Object.keys(environments).filter((name) => { const env = environments[name]; return isRecord(env) && isRecord(env['plugins']) && 'expect' in env['plugins']; });
  const stepChecks = [
    ...checkExpectations(merged.script.scenarios, asFlows || 'expect' in plugins, ['scenarios'], expectIn),
    ...checkRequestTimeouts(merged.script.scenarios),
    ...checkTopLevelThinkJitter(merged.script),
    ...checkLoopRanges(merged.script),
  ];
  for (const issue of stepChecks) {
    errors.push({ ...merged.source.locate(issue.path), message: issue.message, path: formatPath(issue.path) });
  }
  const stepNotes = [
    ...expectationsOffNote(merged.script.scenarios, asFlows || 'expect' in plugins, ['scenarios'], expectIn),
    ...matchNote(merged.script.scenarios, ['scenarios']),
  ];
  const notes = [
    ...placeAll(resolution.notes),
    ...stepNotes.map((issue): ConfigError => ({ ...merged.source.locate(issue.path), message: issue.message, path: formatPath(issue.path) })),
  ];
  const stepAt = (valuePath: PathSegment[]): string => {
    const at = merged.source.locate(valuePath);
    return `${path.relative(path.dirname(mainFile), at.file)}:${at.line}:${at.col}`;
  };
  for (const issue of checkVariableValues(merged.script.scenarios, config['variables'], stepAt)) {
    errors.push({ ...merged.source.locate(issue.path), message: issue.message, path: formatPath(issue.path) });
  }
  // Criteria live in the scenario file; what they may name comes from every file's flows.
  const endpoints = calledEndpoints(merged.script.scenarios);
  const thresholdsPath = ['config', 'plugins', 'thresholds'];
  const thresholds = isRecord(plugins['thresholds']) ? plugins['thresholds'] : undefined;
  errors.push(...place(checkCriteria(thresholds, thresholdsPath, endpoints)));
  if (!errors.some((e) => /^scenarios/.test(e.path))) {
    errors.push(...place(checkCriterionEndpoints(thresholds, endpoints, thresholdsPath)));
    errors.push(...place(checkSlowRequestEndpoints(plugins['slow-requests'], endpoints, ['config', 'plugins', 'slow-requests'])));
  }
  if (!asFlows) errors.push(...place(checkEnvironmentChosen(data, options.environment, options.target !== undefined || Boolean(options.env['TARGET_URL']))));
  const phasesAtRunTime = resolution.deferred.some((need) => need.path[1] === 'phases');
  if (!asFlows && !phasesAtRunTime && !errors.some((e) => /^config(\.phases|$)/.test(e.path))) errors.push(...place(checkSendsLoad(data, options.configFile !== undefined)));
  if (merged.script.scenarios.length === 0 && !unreadableInclude && !errors.some((e) => /^(scenario|include)/.test(e.path))) {
    errors.push({ file: mainFile, line: 1, col: 1, path: 'scenarios', message: 'the file has no scenarios; add a "scenarios:" list, or "include:" a file that has one' });
  }
  const script = asArtilleryRunsIt(merged.script, mainFile, options);
  // The processor, the flows' {{ }} and the payload rows; a file of shared flows on its own
  // gets its variables from the files that include it, which are checked with it.
  const inputs = asFlows ? { errors: [], needs: [] } : await checkInputs(script as Data, merged.source.locate, { env: options.env, environment: options.environment, deferRunTimeValues: options.deferRunTimeValues === true });
  // A value the schema already refuses is that one problem.
  const refused = new Set(errors.map((e) => e.path));
  errors.push(...inputs.errors.filter((e) => !refused.has(e.path)));
  if (errors.length > 0) return { ok: false, errors: sortErrors(errors, [...merged.source.files, ...(configYaml === undefined ? [] : [configYaml.file])]) };
  const configNeeds = resolution.deferred.map((need) => ({ ...need, kind: valueKindAt(data, need.path, (probe) => fileIssues(kind, probe)) }));
  return { ok: true, file: mainFile, script, source: merged.source, notes, needs: [...configNeeds, ...inputs.needs] };
}

/**
 * The merged script with file paths made absolute as Artillery resolves them (payloads next
 * to the scenario file, the processor next to the --config file when it is there), since
 * the runner hands Artillery a copy in the run directory; the chosen environment is already
 * merged, so only its name stays (for {{ $environment }}).
 */
function asArtilleryRunsIt(script: ScenarioScript, mainFile: string, options: RunOptions): ScenarioScript {
  const config = script.config as Data | undefined;
  if (config === undefined) return script;
  const payload = config['payload'];
  for (const item of Array.isArray(payload) ? payload : [payload]) {
    if (isRecord(item) && typeof item['path'] === 'string') item['path'] = path.resolve(path.dirname(mainFile), item['path']);
  }
  const processor = config['processor'];
  if (typeof processor === 'string' && !processor.includes('{{')) {
    const nextToConfig = options.configFile === undefined ? undefined : path.resolve(path.dirname(options.configFile), processor);
    config['processor'] = nextToConfig !== undefined && existsSync(nextToConfig) ? nextToConfig : path.resolve(path.dirname(mainFile), processor);
  }
  if (options.environment === undefined) delete config['environments'];
  else config['environments'] = { [options.environment]: {} };
  return script;
}

interface Range {
  yaml: YamlFile;
  start: number;
  count: number;
}

function merge(main: YamlFile, data: Data, includes: YamlFile[]): { script: ScenarioScript; source: ScriptSource; errors: ConfigError[] } {
  const errors: ConfigError[] = [];
  const scenarios: unknown[] = Array.isArray(data['scenarios']) ? [...data['scenarios']] : [];
  const ranges: Range[] = [{ yaml: main, start: 0, count: scenarios.length }];
  const config: Data = isRecord(data['config']) ? { ...data['config'] } : {};
  const variables: Data = isRecord(config['variables']) ? { ...config['variables'] } : {};
  const variableSource = new Map<string, YamlFile>(Object.keys(variables).map((name) => [name, main]));

  for (const yaml of includes) {
    const included = yaml.data as Data;
    const list = Array.isArray(included['scenarios']) ? included['scenarios'] : [];
    ranges.push({ yaml, start: scenarios.length, count: list.length });
    scenarios.push(...list);
    const shared = isRecord(included['config']) && isRecord(included['config']['variables']) ? included['config']['variables'] : {};
    for (const [name, value] of Object.entries(shared)) {
      const owner = variableSource.get(name);
      if (owner === undefined) {
        variables[name] = value;
        variableSource.set(name, yaml);
      } else if (owner !== main && JSON.stringify(variables[name]) !== JSON.stringify(value)) {
        // The scenario file may override shared values; two shared files disagreeing is a mistake.
        const other = path.relative(path.dirname(yaml.file), owner.file);
        errors.push(...toErrors(yaml, [{ path: ['config', 'variables', name], at: 'key', message: `config.variables.${name} is also set, differently, in ${other}; set it in one place (the scenario file's value wins over both)` }]));
      }
    }
  }
  if (Object.keys(variables).length > 0) config['variables'] = variables;

  const script: Data = { ...data, scenarios };
  delete script['include'];
  if (Object.keys(config).length > 0) script['config'] = config;

  const locate = (valuePath: ValuePath): SourceLocation => {
    const [head, second, ...rest] = valuePath;
    let yaml = main;
    let inFile: ValuePath = valuePath;
    if (head === 'scenarios' && typeof second === 'number') {
      const range = ranges.find((r) => second >= r.start && second < r.start + r.count);
      if (range !== undefined) {
        yaml = range.yaml;
        inFile = ['scenarios', second - range.start, ...rest];
      }
    } else if (head === 'config' && second === 'variables' && typeof rest[0] === 'string') {
      yaml = variableSource.get(rest[0]) ?? main;
    }
    return { file: yaml.file, ...positionOf(yaml.doc, yaml.lines, inFile, 'value') };
  };

  const source: ScriptSource = { files: [main.file, ...includes.map((y) => y.file)], locate };
  return { script: script as ScenarioScript, source, errors };
}

function sortErrors(errors: ConfigError[], files: string[]): ConfigError[] {
  const order = (file: string) => {
    const index = files.indexOf(file);
    return index === -1 ? files.length : index;
  };
  return [...errors].sort((a, b) => order(a.file) - order(b.file) || a.line - b.line || a.col - b.col);
}
