/**
 * Where a flow's variables can come from, besides the flow's own captures: config.variables
 * (with -e and -v already merged), payload fields, the unique-users plugin's id, the captures
 * of the `before` flow (Artillery hands them to every virtual user), and what the processor
 * sets in `context.vars`. A processor or plugin that may set any name makes every name
 * possible, and then nothing is said about names that cannot be traced.
 */
import { UNIQUE_USERS_DEFAULTS } from '../core/defaults.ts';
import type { VarsWritten } from './processor/vars-written.ts';
import { isRecord } from '../core/is-record.ts';

type Data = Record<string, unknown>;

/** Plugins known to set no flow variable: loadspec's own (unique-users is a source) and Artillery's bundled ones. */
const PLUGINS_WITHOUT_VARIABLES = new Set(['api-key', 'slow-requests', 'thresholds', 'recorder', 'generator-health', 'unique-users', 'expect', 'ensure', 'apdex', 'metrics-by-endpoint', 'publish-metrics', 'memory-inspector']);

/** A variable's source, for a did-you-mean and for the sentence. */
export interface FlowSources {
  /** Names set before or outside the flow. */
  names: Set<string>;
  /** A processor that sets variables by computed names, or a plugin loadspec does not know: any name may be set. */
  anyName: boolean;
  /** Why any name may be set (for the README's sake, and for tests). */
  anyNameBecause?: string;
  /**
   * Lists under config.variables that nothing else sets: Artillery gives each virtual user one
   * item of such a list (a value, not the list), so a `loop` `over` one never runs.
   */
  oneItemPerUser?: Set<string>;
}

/** The captures (`as:`) of a flow, at any depth. */
export function capturesOf(flow: unknown): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (!isRecord(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'capture') {
        for (const capture of Array.isArray(value) ? value : [value]) if (isRecord(capture) && typeof capture['as'] === 'string') found.push(capture['as']);
      } else visit(value);
    }
  };
  visit(flow);
  return found;
}

/** The payload sections of config.payload (one section or a list). */
export function payloadSections(config: Data): Data[] {
  const payload = config['payload'];
  return (Array.isArray(payload) ? payload : [payload]).filter(isRecord);
}

/**
 * Every source a flow of `script` has before its first step. `processor`: what the processor's
 * text sets, when there is one; `callsProcessor`: whether the YAML names any of its functions.
 */
export function flowSources(script: Data, processor: VarsWritten | undefined, callsProcessor: boolean): FlowSources {
  const config = isRecord(script['config']) ? script['config'] : {};
  const names = new Set<string>();
  if (isRecord(config['variables'])) for (const name of Object.keys(config['variables'])) names.add(name);
  for (const section of payloadSections(config)) {
    if (section['loadAll'] === true) {
      if (typeof section['name'] === 'string') names.add(section['name']);
    } else if (Array.isArray(section['fields'])) {
      for (const field of section['fields']) if (typeof field === 'string') names.add(field);
    }
  }
  const plugins = isRecord(config['plugins']) ? config['plugins'] : {};
  const uniqueUsers = plugins['unique-users'];
  if (uniqueUsers !== undefined) {
    const variable = isRecord(uniqueUsers) && typeof uniqueUsers['variable'] === 'string' ? uniqueUsers['variable'] : UNIQUE_USERS_DEFAULTS.variable;
    names.add(variable);
  }
  const before = script['before'];
  if (isRecord(before)) for (const name of capturesOf(before['flow'])) names.add(name);
  for (const name of processor?.names ?? []) names.add(name);
  const unknownPlugin = Object.keys(plugins).find((name) => !PLUGINS_WITHOUT_VARIABLES.has(name));
  // A list of lists gives each user a list, which a loop can go over.
  const lists = isRecord(config['variables']) ? Object.entries(config['variables']).filter(([, value]) => Array.isArray(value) && !value.every(Array.isArray)) : [];
  const beforeCaptures = isRecord(before) ? capturesOf(before['flow']) : [];
  const payloadNames = payloadSections(config).flatMap((section) => [...(Array.isArray(section['fields']) ? section['fields'] : []), section['name']]);
  const oneItemPerUser = new Set(lists.map(([name]) => name).filter((name) => !(processor?.names.has(name) ?? false) && !beforeCaptures.includes(name) && !payloadNames.includes(name)));
  if (processor?.dynamic === true) return { names, anyName: true, anyNameBecause: 'the processor sets variables by computed names' };
  // Functions that run but whose text sets no variable (they call a package, or are a stand-in): what they set cannot be seen.
  if (processor !== undefined && callsProcessor && processor.names.size === 0) return { names, anyName: true, anyNameBecause: 'the processor functions the flows call set variables in a way their text does not show' };
  if (unknownPlugin !== undefined) return { names, anyName: true, anyNameBecause: `the plugin "${unknownPlugin}" may set variables` };
  return { names, anyName: false, oneItemPerUser };
}
