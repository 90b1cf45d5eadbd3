/**
 * Rules a JSON Schema cannot say clearly: which phase keys go together, whether
 * criterion text parses, near-misses of our plugin names. Each returns Issues for
 * one file's data; the data may be partly invalid, so every access is guarded.
 */
import { parseCriterion } from '../core/criteria/parse.ts';
import type { Issue } from './explain.ts';
import { formatPath, type PathSegment } from './path.ts';
import { OUR_PLUGINS } from './schema/plugins.ts';
import { HTTP_METHODS } from './schema/steps.ts';
import { closest } from '../core/suggest.ts';
import { parseDuration } from '../core/durations.ts';
import { isMonitorCriterion } from '../core/criteria/criterion.ts';
import { isRecord } from '../core/is-record.ts';

/** Built-in or well-known plugin names that are not typos of ours. */
const ARTILLERY_PLUGINS = ['expect', 'ensure', 'apdex', 'metrics-by-endpoint', 'publish-metrics', 'fake-data', 'slack', 'fuzzer'];

const PHASE_KEYS = ['name', 'duration', 'arrivalRate', 'rampTo', 'arrivalCount', 'maxVusers', 'pause', 'mode', 'users', 'spawnRate'];

export function checkPhases(phases: unknown, base: PathSegment[]): Issue[] {
  if (!Array.isArray(phases)) return [];
  const issues: Issue[] = [];
  phases.forEach((phase: unknown, index) => {
    if (!isRecord(phase)) return;
    const path = [...base, index];
    const where = formatPath(path);
    const has = (key: string) => phase[key] !== undefined;
    // A misspelt key is already reported; guessing what the phase lacks would only echo it.
    if (Object.keys(phase).some((key) => !PHASE_KEYS.includes(key))) return;
    const arrivals = ['arrivalRate', 'arrivalCount', 'rampTo'].filter(has);
    if (has('pause')) {
      const extra = ['duration', ...arrivals, 'maxVusers'].filter(has);
      if (extra.length > 0) {
        issues.push({ path: [...path, extra[0] as string], at: 'key', message: `${where} is a pause, which takes only "pause" and "name"; move "${extra[0]}" into a phase of its own` });
      }
      return;
    }
    if (has('users') || has('spawnRate')) {
      issues.push(...checkHeldUsers(phase, path));
      return;
    }
    if (!has('duration')) {
      const about = has('arrivalCount') ? 'the time over which the arrivalCount users arrive' : 'how long it creates users, e.g. 60 or "5m"';
      issues.push({ path, at: 'missing', message: `${where} is missing "duration" (${about}); or write "pause: 30s" for a phase without users` });
      return;
    }
    if (arrivals.length === 0) {
      issues.push({ path, at: 'missing', message: `${where} creates no virtual users; add "arrivalRate" (new users per second) or "arrivalCount" (users in total), or make it "pause: ${String(phase['duration'])}"` });
    }
    if (has('rampTo') && !has('arrivalRate') && !has('arrivalCount')) {
      // Artillery's phaser has no phase kind for a ramp without its start rate and stops the run.
      issues.push({ path: [...path, 'rampTo'], at: 'key', message: `${where} has "rampTo" without "arrivalRate"; write the rate the ramp starts from, e.g. "arrivalRate: 0" to ramp up from no users` });
    }
    if (has('arrivalCount') && (has('arrivalRate') || has('rampTo'))) {
      const other = has('arrivalRate') ? 'arrivalRate' : 'rampTo';
      issues.push({ path: [...path, 'arrivalCount'], at: 'key', message: `${where} has both "arrivalCount" and "${other}"; use arrivalCount (users in total) or arrivalRate/rampTo (users per second), not both` });
    }
  });
  return issues;
}

/** A phase of users held active (`users`, `spawnRate`, `duration`): what it lacks or mixes in. */
function checkHeldUsers(phase: Record<string, unknown>, path: PathSegment[]): Issue[] {
  const where = formatPath(path);
  const has = (key: string) => phase[key] !== undefined;
  const mixed = ['arrivalRate', 'arrivalCount', 'rampTo', 'maxVusers'].find(has);
  if (mixed !== undefined) {
    return [{ path: [...path, mixed], at: 'key', message: `${where} has both "users" (users held active) and "${mixed}" (Artillery's arrivals); write one of them, or put each in a phase of its own` }];
  }
  if (!has('users')) return [{ path, at: 'missing', message: `${where} has "spawnRate" without "users"; add how many users to keep active, e.g. "users: 50"` }];
  if (!has('spawnRate')) return [{ path, at: 'missing', message: `${where} has "users" without "spawnRate"; add how many users start per second, e.g. "spawnRate: 10" (as many as "users" starts them all at once)` }];
  if (!has('duration')) return [{ path, at: 'missing', message: `${where} is missing "duration" (how long the users are kept active, e.g. "10m")` }];
  const users = phase['users'];
  const rate = phase['spawnRate'];
  const seconds = parseDuration(phase['duration']);
  if (typeof users !== 'number' || typeof rate !== 'number' || rate <= 0 || seconds === undefined) return [];
  const spawnS = Math.ceil(users / rate);
  if (spawnS > seconds) {
    return [{ path: [...path, 'duration'], at: 'value', message: `${where} starts ${users} users at ${rate}/s, which takes ${spawnS} s, longer than its duration of ${seconds} s; raise "spawnRate" to at least ${Math.ceil(users / seconds)} or "duration" to at least ${spawnS}` }];
  }
  return [];
}

/** `endpoints`: what the flows call, so a path written without its method is told the right one. */
export function checkCriteria(thresholds: unknown, base: PathSegment[], endpoints: readonly string[] = []): Issue[] {
  if (!isRecord(thresholds) || !Array.isArray(thresholds['criteria'])) return [];
  const issues: Issue[] = [];
  thresholds['criteria'].forEach((item: unknown, index) => {
    const text = typeof item === 'string' ? item : isRecord(item) && typeof item['expect'] === 'string' ? item['expect'] : undefined;
    if (text === undefined) return;
    const path: PathSegment[] = typeof item === 'string' ? [...base, 'criteria', index] : [...base, 'criteria', index, 'expect'];
    const parsed = parseCriterion(text, { endpoints });
    if (!parsed.ok) {
      issues.push({ path, at: 'value', message: `${formatPath(path)}: ${parsed.message}` });
    } else if (isRecord(item) && item['abort'] === true && parsed.criterion.kind === 'degradation') {
      issues.push({ path: [...base, 'criteria', index, 'abort'], at: 'key', message: `${formatPath([...base, 'criteria', index])} cannot abort the run: degradation is only known at the end; remove "abort: true"` });
    } else if (isRecord(item) && item['abort'] === true && isMonitorCriterion(parsed.criterion)) {
      // The monitor samples in the runner, outside Artillery, where the early stop is decided.
      issues.push({ path: [...base, 'criteria', index, 'abort'], at: 'key', message: `${formatPath([...base, 'criteria', index])} cannot abort the run: criteria on the monitor's numbers are judged at the end; remove "abort: true"` });
    }
  });
  return issues;
}

export function checkPluginNames(plugins: unknown, base: PathSegment[]): Issue[] {
  if (!isRecord(plugins)) return [];
  const issues: Issue[] = [];
  for (const name of Object.keys(plugins)) {
    if ((OUR_PLUGINS as readonly string[]).includes(name) || ARTILLERY_PLUGINS.includes(name)) continue;
    const match = closest(name, OUR_PLUGINS);
    if (match !== undefined) {
      issues.push({
        path: [...base, name],
        at: 'key',
        message: `${formatPath(base)} has "${name}", which is not a loadspec plugin; did you mean "${match}"? (Unknown names are loaded as third-party Artillery plugins.)`,
      });
    }
  }
  return issues;
}

/** Calls `visit` for every step of a flow, inside loops and pick branches too. */
export function forEachStep(flow: unknown, base: PathSegment[], visit: (step: Record<string, unknown>, path: PathSegment[]) => void): void {
  if (!Array.isArray(flow)) return;
  flow.forEach((step: unknown, index) => {
    if (!isRecord(step)) return;
    const path = [...base, index];
    visit(step, path);
    forEachStep(step['loop'], [...path, 'loop'], visit);
    forEachStep(step['parallel'], [...path, 'parallel'], visit);
    if (Array.isArray(step['pick'])) {
      step['pick'].forEach((branch: unknown, b) => {
        if (isRecord(branch)) forEachStep(branch['flow'], [...path, 'pick', b, 'flow'], visit);
      });
    }
  });
}

/** Where the requests of the flows have `key` (e.g. `expect`), in flow order. */
function requestsWith(scenarios: unknown, base: PathSegment[], key: string): PathSegment[][] {
  const found: PathSegment[][] = [];
  if (!Array.isArray(scenarios)) return found;
  scenarios.forEach((scenario: unknown, index) => {
    if (!isRecord(scenario)) return;
    forEachStep(scenario['flow'], [...base, index, 'flow'], (step, path) => {
      for (const method of HTTP_METHODS) {
        const request = step[method];
        if (isRecord(request) && request[key] !== undefined) found.push([...path, method, key]);
      }
    });
  });
  return found;
}

const andMore = (count: number): string => (count > 1 ? ` (and ${count - 1} more request${count > 2 ? 's' : ''} with checks)` : '');

/**
 * Requests with `expect:` while the expect plugin is off: Artillery would ignore them silently.
 * Unless an environment turns the plugin on: Artillery's docs run one file as a load test and,
 * with `-e functional`, as a functional test (see expectationsOffNote).
 */
export function checkExpectations(scenarios: unknown, expectPluginOn: boolean, base: PathSegment[], onInEnvironments: readonly string[] = []): Issue[] {
  if (expectPluginOn || onInEnvironments.length > 0) return [];
  const found = requestsWith(scenarios, base, 'expect');
  // One cause, one sentence: point at the first check and say how many there are.
  const first = found[0];
  if (first === undefined) return [];
  return [{ path: first, at: 'key', message: `${formatPath(first)}${andMore(found.length)} is ignored unless the expect plugin is on; add "expect: {}" under config.plugins` }];
}

/** The functional-environment pattern run as a load test: one note that the checks are off, and which environment turns them on. */
export function expectationsOffNote(scenarios: unknown, expectPluginOn: boolean, base: PathSegment[], onInEnvironments: readonly string[]): Issue[] {
  const on = onInEnvironments[0];
  if (expectPluginOn || on === undefined) return [];
  const found = requestsWith(scenarios, base, 'expect');
  const first = found[0];
  if (first === undefined) return [];
  const others = onInEnvironments.length > 1 ? ` (or ${onInEnvironments.slice(1).map((n) => `-e ${n}`).join(', ')})` : '';
  const requests = found.length === 1 ? 'a request has "expect:"' : `${found.length} requests have "expect:"`;
  return [{ path: first, at: 'key', message: `note: response checks are off in this run, a load test (${requests}); config.environments.${on} turns the expect plugin on: run with -e ${on}${others} for a functional test` }];
}

/** `match:` still runs in Artillery 2.0.34 but is deprecated: one note for all of them. */
export function matchNote(scenarios: unknown, base: PathSegment[]): Issue[] {
  const found = requestsWith(scenarios, base, 'match');
  const first = found[0];
  if (first === undefined) return [];
  const more = found.length > 1 ? ` (and ${found.length - 1} more)` : '';
  return [{ path: first, at: 'key', message: `note: ${formatPath(first)}${more}: "match" is deprecated in Artillery and runs for now; use "capture" to read the value and "expect" (with the expect plugin) to check it` }];
}

/** A CSV payload needs column names unless every row is handed over at once. */
export function checkPayloads(payload: unknown, base: PathSegment[]): Issue[] {
  const list: [unknown, PathSegment[]][] = Array.isArray(payload) ? payload.map((item: unknown, i) => [item, [...base, i]]) : [[payload, base]];
  const issues: Issue[] = [];
  for (const [item, path] of list) {
    if (isRecord(item) && item['path'] === undefined) {
      issues.push({ path, at: 'missing', message: `${formatPath(path)} is missing "path" (the CSV file, relative to this file); or give the file with -p/--payload` });
    }
    if (!isRecord(item) || item['fields'] !== undefined) continue;
    if (item['loadAll'] === true) {
      if (item['name'] === undefined) issues.push({ path, at: 'missing', message: `${formatPath(path)} is missing "name" (the variable that holds all rows when loadAll is true)` });
    } else {
      issues.push({ path, at: 'missing', message: `${formatPath(path)} is missing "fields" (variable names for the CSV columns, e.g. [username, password])` });
    }
  }
  return issues;
}
