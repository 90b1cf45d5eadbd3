/**
 * Every `{{ name }}` of a flow traced to a source, in the order a virtual user meets them, so
 * that nothing is sent as the text "undefined" (Artillery renders an unset variable as that
 * text and sends it). A name is set when it is a built-in, a source of flow-sources.ts, a
 * capture of an earlier step (inside a loop: any step of the loop, for the later rounds), or
 * a loop's own variables. `{{ $env.X }}` needs X in the run's environment and
 * `{{ $environment }}` needs -e: run-time-values.ts decides what an unset one means.
 */
import { closest } from '../core/suggest.ts';
import type { Issue } from './explain.ts';
import type { FlowSources } from './flow-sources.ts';
import { capturesOf } from './flow-sources.ts';
import { formatPath, type PathSegment } from './path.ts';
import { givenByEnvironment, runTimeValue, setInEnvironment, sourceName, type RunTimeNeed, type RunTimeSource } from './run-time-values.ts';
import { BUILT_IN_VARIABLES, TEMPLATE_FUNCTIONS, templateUses } from './template-names.ts';
import { isRecord } from '../core/is-record.ts';

type Data = Record<string, unknown>;

export interface TraceOptions {
  /** The run's environment ($env / $processEnvironment). */
  env: Record<string, string | undefined>;
  /** The -e name, when given. */
  environment?: string | undefined;
  /** For `validate` / `plan`: unset run-time values are needs, not problems. */
  deferRunTimeValues: boolean;
}

export interface TraceResult {
  issues: Issue[];
  /** Run-time values the flows need and this shell lacks (an environment variable, -e), each once, at its first use. */
  needs: RunTimeNeed[];
  /** Every variable the flows use (for payload columns). */
  used: Set<string>;
}

/** Keys whose values are names, not templates. */
const NAME_KEYS = new Set(['as', 'function', 'beforeRequest', 'afterResponse', 'whileTrue', 'loopValue', 'loopElement']);

interface Walk {
  sources: FlowSources;
  options: TraceOptions;
  result: TraceResult;
  /** Where each name is captured in this scenario, for "captured only later". */
  capturedAt: Map<string, PathSegment[]>;
}

function advice(root: string, at: PathSegment[], scope: ReadonlySet<string>, walk: Walk): string {
  const later = walk.capturedAt.get(root);
  if (later !== undefined && formatPath(at).startsWith(`${formatPath(later)}.`)) return `it is captured in another branch of ${formatPath(later)}, which this one does not see; capture it before ${formatPath(later)} or in this branch`;
  if (later !== undefined) return `it is captured only later, at ${formatPath(later)}; move that capture before this step`;
  const candidates = [...scope, ...walk.sources.names].filter((n) => root.startsWith('$') || !n.startsWith('$'));
  const near = closest(root, [...new Set([...candidates, ...(root.startsWith('$') ? BUILT_IN_VARIABLES : [])])]);
  if (near !== undefined) return `did you mean "${near}"?`;
  return `set it under config.variables, name it in a payload's fields, or capture it (as: ${root}) in an earlier step`;
}

/** Whether this run gives a value of its environment. */
function isGiven(source: RunTimeSource, options: TraceOptions): boolean {
  if (source.kind === 'env') return options.env[source.variable] !== undefined;
  return source.kind === 'environment' ? options.environment !== undefined : false;
}

/** Whether a variable has a source before this point (any name, when a source may set any). */
function isSet(name: string, scope: ReadonlySet<string>, walk: Walk): boolean {
  return (BUILT_IN_VARIABLES as readonly string[]).includes(name) || scope.has(name) || walk.sources.names.has(name) || walk.sources.anyName;
}

function checkString(text: string, at: PathSegment[], scope: ReadonlySet<string>, walk: Walk): void {
  const { options, result } = walk;
  const where = formatPath(at);
  for (const use of templateUses(text)) {
    if (use.kind === 'function') {
      if (walk.sources.anyName || (TEMPLATE_FUNCTIONS as readonly string[]).includes(use.name)) continue;
      const near = closest(use.name, TEMPLATE_FUNCTIONS);
      result.issues.push({ path: at, at: 'value', message: `${where} calls ${use.name}(), which Artillery does not have, so the whole value would be undefined; ${near === undefined ? `use one of ${TEMPLATE_FUNCTIONS.join(', ')}` : `did you mean "${near}"?`}` });
      continue;
    }
    result.used.add(use.root);
    const given = givenByEnvironment(use.name);
    if (given !== undefined) {
      if (isGiven(given, options)) continue;
      if (runTimeValue(options.deferRunTimeValues) === 'needed at run time') {
        if (!result.needs.some((need) => sourceName(need.source) === sourceName(given))) result.needs.push({ source: given, path: at });
        continue;
      }
      const why = given.kind === 'env' ? `${given.variable} is not set, so Artillery would send the text "undefined"; ${setInEnvironment(given.variable)}` : 'no -e was given, so Artillery would send the text "undefined"; run with -e <name>';
      result.issues.push({ path: at, at: 'value', message: `${where} uses ${given.kind === 'env' ? use.written.trim() : '{{ $environment }}, which is the -e name'}, but ${why}` });
      continue;
    }
    if (isSet(use.root, scope, walk)) continue;
    result.issues.push({ path: at, at: 'value', message: `${where} uses ${use.written.trim()}, which nothing sets, so Artillery would send the text "undefined"; ${advice(use.root, at, scope, walk)}` });
  }
}

/** Checks every string under `node` (a step's own values, not its nested steps). */
function checkValues(node: unknown, at: PathSegment[], scope: ReadonlySet<string>, walk: Walk): void {
  if (typeof node === 'string') checkString(node, at, scope, walk);
  else if (Array.isArray(node)) node.forEach((item: unknown, i) => checkValues(item, [...at, i], scope, walk));
  else if (isRecord(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (NAME_KEYS.has(key)) continue;
      // Artillery renders keys too (a header named "{{ headerName }}").
      if (key.includes('{{')) checkString(key, [...at, key], scope, walk);
      checkValues(value, [...at, key], scope, walk);
    }
  }
}

function walkFlow(flow: unknown, base: PathSegment[], scope: Set<string>, walk: Walk): void {
  if (!Array.isArray(flow)) return;
  flow.forEach((step: unknown, index) => walkStep(step, [...base, index], scope, walk));
}

/** One step, with what is set before it (`scope`, which gains the step's captures). */
function walkStep(step: unknown, at: PathSegment[], scope: Set<string>, walk: Walk): void {
  if (!isRecord(step)) return;
  if (Array.isArray(step['loop'])) {
    // Later rounds see what earlier rounds captured; a loop's own variables exist inside it.
    const inner = new Set([...scope, ...capturesOf(step['loop'])]);
    for (const key of ['loopValue', 'loopElement']) {
      const name = step[key];
      if (typeof name === 'string') inner.add(name);
    }
    const over = step['over'];
    // `over: name` (no braces) is the name of a list variable.
    if (typeof over === 'string' && !over.includes('{{')) {
      checkString(`{{ ${over} }}`, [...at, 'over'], scope, walk);
      checkLoopList(over, [...at, 'over'], scope, walk);
    }
    if (typeof over === 'string' && over.includes('{{')) {
      const name = templateUses(over)[0]?.name ?? 'name';
      const list = walk.sources.oneItemPerUser?.has(name) === true && !walk.capturedAt.has(name);
      const also = list ? `, and gives each virtual user one item of the config.variables list ${name}, never the list` : '';
      const instead = list ? 'write the list here (over: [a, b, c])' : `write \`over: ${name}\``;
      walk.result.issues.push({ path: [...at, 'over'], at: 'value', message: `${formatPath([...at, 'over'])} is "${over}", but Artillery reads \`over\` as a variable's name without filling in {{ }}${also}, so the loop would never run; ${instead}` });
    }
    for (const [key, value] of Object.entries(step)) {
      if (key === 'loop' || NAME_KEYS.has(key) || (key === 'over' && typeof over === 'string' && !over.includes('{{'))) continue;
      checkValues(value, [...at, key], scope, walk);
    }
    walkFlow(step['loop'], [...at, 'loop'], inner, walk);
    for (const name of capturesOf(step['loop'])) scope.add(name);
    return;
  }
  if (Array.isArray(step['parallel'])) {
    step['parallel'].forEach((inner: unknown, i) => walkStep(inner, [...at, 'parallel', i], new Set(scope), walk));
    for (const name of capturesOf(step['parallel'])) scope.add(name);
    return;
  }
  if (Array.isArray(step['pick'])) {
    step['pick'].forEach((branch: unknown, i) => {
      if (isRecord(branch)) walkFlow(branch['flow'], [...at, 'pick', i, 'flow'], new Set(scope), walk);
    });
    // After the pick, what any branch captured may be set (a branch not taken leaves it unset: the writer's choice).
    for (const name of capturesOf(step['pick'])) scope.add(name);
    return;
  }
  const own = capturesOf(step);
  for (const [key, value] of Object.entries(step)) {
    if (NAME_KEYS.has(key)) continue;
    if (isRecord(value)) {
      // A request sent only `ifTrue: "endpoint2"` may use {{ endpoint2 }}; when nothing sets a
      // name of its condition, it is never sent, so its values are not checked either.
      const condition = typeof value['ifTrue'] === 'string' ? (value['ifTrue'].match(/[A-Za-z_$][\w$]*/g) ?? []) : [];
      if (condition.some((name) => !isSet(name, scope, walk))) continue;
      const guarded = condition.length > 0 ? new Set([...scope, ...condition]) : scope;
      // Its expectations are checked after its captures are made.
      for (const [part, inner] of Object.entries(value)) {
        if (NAME_KEYS.has(part)) continue;
        checkValues(inner, [...at, key, part], part === 'expect' ? new Set([...guarded, ...own]) : guarded, walk);
      }
    } else checkValues(value, [...at, key], scope, walk);
  }
  for (const name of own) scope.add(name);
}

/** `over: name` naming a config.variables list: each user gets one item of it, never the list. */
function checkLoopList(name: string, at: PathSegment[], scope: ReadonlySet<string>, walk: Walk): void {
  if (walk.sources.anyName || scope.has(name) || walk.capturedAt.has(name) || walk.sources.oneItemPerUser?.has(name) !== true) return;
  walk.result.issues.push({
    path: at,
    at: 'value',
    message: `${formatPath(at)} names ${name}, a list under config.variables, but Artillery gives each virtual user one item of such a list, not the list, so the loop would never run; write the list here (over: [a, b, c]) or go over a list a step captures`,
  });
}

function capturePlaces(flow: unknown, base: PathSegment[], into: Map<string, PathSegment[]>): void {
  if (!Array.isArray(flow)) return;
  flow.forEach((step: unknown, index) => {
    if (!isRecord(step)) return;
    const at = [...base, index];
    for (const name of capturesOf(step)) if (!into.has(name)) into.set(name, at);
  });
}

/** Traces the templates of every scenario's flow (and the `before` / `after` flows) of `script`. */
export function traceFlowTemplates(script: Data, sources: FlowSources, options: TraceOptions): TraceResult {
  const result: TraceResult = { issues: [], needs: [], used: new Set() };
  const flows: [unknown, PathSegment[]][] = [];
  for (const key of ['before', 'after']) {
    const section = script[key];
    if (isRecord(section)) flows.push([section['flow'], [key, 'flow']]);
  }
  const scenarios = Array.isArray(script['scenarios']) ? script['scenarios'] : [];
  scenarios.forEach((scenario: unknown, index) => {
    if (isRecord(scenario)) flows.push([scenario['flow'], ['scenarios', index, 'flow']]);
  });
  for (const [flow, base] of flows) {
    const capturedAt = new Map<string, PathSegment[]>();
    capturePlaces(flow, base, capturedAt);
    walkFlow(flow, base, new Set(), { sources, options, result, capturedAt });
  }
  return result;
}
