/**
 * Rules about the merged script (a scenario file and its includes together): that
 * the phases create virtual users at all, and that criteria name endpoints some
 * flow calls. The data may be partly invalid, so every access is guarded.
 */
import type { Issue } from './explain.ts';
import { formatPath, type PathSegment } from './path.ts';
import { HTTP_METHODS } from './schema/steps.ts';
import { forEachStep } from './checks.ts';
import { editDistance } from '../core/suggest.ts';
import { endpointName } from '../core/endpoint-name.ts';
import { parseCriterion } from '../core/criteria/parse.ts';
import { isRecord } from '../core/is-record.ts';

const EXAMPLE_PHASES = '"phases: [{ duration: 60, arrivalRate: 5 }]" (5 new virtual users a second for a minute)';

/** True when a phase as written creates virtual users (Artillery runs it as neither a pause nor a skipped phase). */
export function phaseCreatesUsers(phase: unknown): boolean {
  if (!isRecord(phase) || phase['pause'] !== undefined) return false;
  return ['arrivalRate', 'rampTo', 'arrivalCount', 'users'].some((key) => typeof phase[key] === 'number' && (phase[key] as number) > 0);
}

/**
 * A file whose phases create nobody would run and send nothing. A file without phases is
 * Artillery's one virtual user (the runner writes that phase out), but a file without any
 * `config:` is the scenario half of a split test, or shared flows, and means nothing alone.
 */
export function checkSendsLoad(data: unknown, withConfigFile = false): Issue[] {
  const config = isRecord(data) ? data['config'] : undefined;
  if (!isRecord(config)) {
    if (withConfigFile) return [];
    return [{ path: [], at: 'missing', message: `the file has no "config:": if it is the scenario half of a split test, give its config with --config <file> (as with artillery run --config); if it holds shared flows, run a scenario file that includes it (list it under "include:"); otherwise add config.phases, e.g. ${EXAMPLE_PHASES}` }];
  }
  const phases = config['phases'];
  if (phases === undefined) return [];
  if (!Array.isArray(phases) || phases.length === 0 || phases.some(phaseCreatesUsers)) return [];
  return [{
    path: ['config', 'phases'],
    at: 'key',
    message: 'the file sends nothing: every phase in config.phases is a pause or has "arrivalRate: 0"; give one phase an arrivalRate or arrivalCount above 0',
  }];
}

/**
 * A config without a target whose environments each give one was written to be run with
 * `-e`: Artillery refuses it without ("No target specified and no environment chosen"), and
 * loadspec's demo target would test the wrong system. `targetGiven`: --target or TARGET_URL.
 */
export function checkEnvironmentChosen(data: unknown, environment: string | undefined, targetGiven: boolean): Issue[] {
  const config = isRecord(data) ? data['config'] : undefined;
  if (environment !== undefined || targetGiven || !isRecord(config) || config['target'] !== undefined || !isRecord(config['environments'])) return [];
  const names = Object.entries(config['environments']).filter(([, env]) => isRecord(env) && typeof env['target'] === 'string').map(([name]) => name);
  const first = names[0];
  if (first === undefined) return [];
  const others = names.length > 1 ? ` (or ${names.slice(1).join(', ')})` : '';
  return [{ path: ['config', 'environments'], at: 'key', message: `config has no target and no -e was given, and the environments give it (Artillery refuses: "No target specified and no environment chosen"); run with -e ${first}${others}, or give --target` }];
}

/** Every `METHOD /path` the flows call, named as the recorder names them (from the URL template, query removed). */
export function calledEndpoints(scenarios: unknown): string[] {
  const found = new Set<string>();
  if (!Array.isArray(scenarios)) return [];
  scenarios.forEach((scenario: unknown, index) => {
    if (!isRecord(scenario)) return;
    forEachStep(scenario['flow'], ['scenarios', index, 'flow'], (step) => {
      for (const method of HTTP_METHODS) {
        const request = step[method];
        if (!isRecord(request)) continue;
        const url = request['url'] ?? request['uri'];
        if (typeof url === 'string') found.add(endpointName(method, url));
      }
    });
  });
  return [...found];
}

/** The endpoint closest to `wanted`, preferring the same path with another method. */
function nearestEndpoint(wanted: string, endpoints: readonly string[]): string | undefined {
  const path = wanted.slice(wanted.indexOf(' ') + 1);
  const samePath = endpoints.filter((e) => e.slice(e.indexOf(' ') + 1) === path);
  if (samePath.length > 0) return samePath[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of endpoints) {
    const distance = editDistance(wanted, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(wanted.length / 4)) ? best : undefined;
}

/**
 * Criteria `of METHOD /path` where no flow calls that endpoint would judge nothing.
 * Criteria that do not parse are left to checkCriteria.
 */
export function checkCriterionEndpoints(thresholds: unknown, endpoints: readonly string[], base: PathSegment[]): Issue[] {
  if (!isRecord(thresholds) || !Array.isArray(thresholds['criteria'])) return [];
  const issues: Issue[] = [];
  thresholds['criteria'].forEach((item: unknown, index) => {
    const text = typeof item === 'string' ? item : isRecord(item) && typeof item['expect'] === 'string' ? item['expect'] : undefined;
    if (text === undefined) return;
    const parsed = parseCriterion(text);
    if (!parsed.ok) return;
    const wanted = parsed.criterion.endpoint;
    if (wanted === null || endpoints.includes(wanted)) return;
    const path: PathSegment[] = typeof item === 'string' ? [...base, 'criteria', index] : [...base, 'criteria', index, 'expect'];
    issues.push({ path, at: 'value', message: `${formatPath(path)}: no flow calls ${wanted}, so "${text.trim()}" would judge nothing; ${advice(wanted, endpoints)}` });
  });
  return issues;
}

/** `did you mean "POST /x"? (the flows call ...)`, or which endpoints to choose from. */
function advice(wanted: string, endpoints: readonly string[]): string {
  const near = nearestEndpoint(wanted, endpoints);
  const listed = endpoints.length === 0 ? 'the flows call no endpoint' : `the flows call ${endpoints.join(', ')}`;
  return near !== undefined ? `did you mean "${near}"? (${listed})` : `name one the flows call (${listed})`;
}

/** Slow-request thresholds for an endpoint no flow calls would never apply. */
export function checkSlowRequestEndpoints(section: unknown, endpoints: readonly string[], base: PathSegment[]): Issue[] {
  if (!isRecord(section) || !isRecord(section['endpoints'])) return [];
  const issues: Issue[] = [];
  for (const key of Object.keys(section['endpoints'])) {
    // Keys that are not METHOD /path are the plugin's own message.
    const match = /^\s*([A-Za-z]+)\s+(\/\S*)\s*$/.exec(key);
    if (match === null) continue;
    const wanted = endpointName(match[1] ?? '', match[2] ?? '/');
    if (endpoints.includes(wanted)) continue;
    const path = [...base, 'endpoints', key];
    issues.push({ path, at: 'key', message: `${formatPath([...base, 'endpoints'])} has "${key}", which no flow calls, so its threshold would never apply; ${advice(wanted, endpoints)}` });
  }
  return issues;
}

/**
 * A request's own `timeout:` is replaced by config.http.timeout in Artillery 2.0.34's
 * HTTP engine (measured: `timeout: 2` still waited 8 s), so it would be silently ignored.
 */
export function checkRequestTimeouts(scenarios: unknown): Issue[] {
  const issues: Issue[] = [];
  if (!Array.isArray(scenarios)) return issues;
  scenarios.forEach((scenario: unknown, index) => {
    if (!isRecord(scenario)) return;
    forEachStep(scenario['flow'], ['scenarios', index, 'flow'], (step, path) => {
      for (const method of HTTP_METHODS) {
        const request = step[method];
        if (!isRecord(request) || request['timeout'] === undefined) continue;
        const where: PathSegment[] = [...path, method, 'timeout'];
        const seconds = typeof request['timeout'] === 'number' ? request['timeout'] : 10;
        issues.push({ path: where, at: 'key', message: `${formatPath(where)} would be ignored: Artillery gives every request config.http.timeout; remove it and set "http: { timeout: ${seconds} }" under config` });
      }
    });
  });
  return issues;
}

/** Every flow of a script with where it is: each scenario's, and before/after. */
function scriptFlows(script: unknown): [unknown, PathSegment[]][] {
  if (!isRecord(script)) return [];
  const flows: [unknown, PathSegment[]][] = [];
  if (Array.isArray(script['scenarios'])) script['scenarios'].forEach((scenario: unknown, i) => flows.push([isRecord(scenario) ? scenario['flow'] : undefined, ['scenarios', i, 'flow']]));
  for (const key of ['before', 'after']) {
    const section = script[key];
    if (isRecord(section)) flows.push([section['flow'], [key, 'flow']]);
  }
  return flows;
}

/**
 * Artillery 2.0.34 refuses a step of a scenario's own flow (not inside a loop) with more than
 * one key ("scenarios[0].flow[1]" must have 1 key), so `think` with `jitter` there stops the
 * run; inside a loop it is read.
 */
export function checkTopLevelThinkJitter(script: unknown): Issue[] {
  const flows = scriptFlows(script);
  const issues: Issue[] = [];
  for (const [flow, base] of flows) {
    if (!Array.isArray(flow)) continue;
    flow.forEach((step: unknown, j) => {
      if (!isRecord(step) || step['think'] === undefined || step['jitter'] === undefined) return;
      const where = [...base, j];
      issues.push({ path: [...where, 'jitter'], at: 'key', message: `${formatPath(where)} has "jitter" next to "think", which Artillery refuses in a scenario's own flow (a step there has one key); set it for every think with config.defaults.think.jitter, or put the steps in a loop` });
    });
  }
  return issues;
}

/** A loop's `count: "2-5"` as Artillery reads it (parseLoopCount): $loopCount from 2 up to 5, so 3 rounds. */
export function loopRange(count: unknown): { from: number; to: number; rounds: number } | null {
  const range = typeof count === 'string' ? /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(count) : null;
  if (range === null) return null;
  const from = Number(range[1]);
  const to = Number(range[2]);
  return { from, to, rounds: Math.max(0, to - from) };
}

/**
 * `count: "2-5"` on a loop reads like "2 to 5 times", but Artillery 2.0.34 (parseLoopCount in
 * engine_util) counts $loopCount from 2 up to 5, so the steps run 3 times. Where the steps
 * use the round number ($loopCount, or the loopValue variable: `/loop/{{ $loopCount }}` gives
 * /loop/2, /loop/3, /loop/4) the range is that numbering, an Artillery feature, and runs as
 * written. Where nothing reads the number, the range can only have been meant as a count:
 * refused, with the whole number that does what Artillery would do.
 */
export function checkLoopRanges(script: unknown): Issue[] {
  const flows = scriptFlows(script);
  const issues: Issue[] = [];
  for (const [flow, base] of flows) {
    forEachStep(flow, base, (step, path) => {
      const count = step['count'];
      const range = step['loop'] === undefined ? null : loopRange(count);
      if (range === null) return;
      const { from, to, rounds: times } = range;
      const at = [...path, 'count'];
      if (times === 0) {
        issues.push({ path: at, at: 'value', message: `${formatPath(at)} is "${String(count)}": Artillery counts $loopCount from ${from} up to ${to}, so the steps never run; ${from > to ? `write the higher number last, e.g. "${to}-${from}", or a count of 1 or more` : 'write a count of 1 or more'}` });
        return;
      }
      const roundVariable = typeof step['loopValue'] === 'string' ? step['loopValue'] : '$loopCount';
      if (JSON.stringify(step['loop'] ?? null).includes(roundVariable)) return;
      issues.push({
        path: at,
        at: 'value',
        message: `${formatPath(at)} is "${String(count)}", which Artillery does not read as "${from} to ${to} times": it runs the steps ${times} time${times === 1 ? '' : 's'} ($loopCount ${from} up to ${to - 1}); write the number of times, e.g. count: ${Math.max(1, times)} (a range numbers the rounds for steps that use {{ $loopCount }})`,
      });
    });
  }
  return issues;
}
