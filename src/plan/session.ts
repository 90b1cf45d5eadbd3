/**
 * One user's session as the plan sees it: when, from the session's start, each request
 * is sent, read from the flows as written (think times, loop counts, `pick` and scenario
 * weights, `{{ variables }}`). Weighted choices give expected values: a branch picked one
 * time in four adds a quarter of a request. Response times are not known before the run,
 * so they count as zero: a slow target stretches real sessions.
 */
import { parseDuration } from '../core/durations.ts';
import { HTTP_METHODS } from '../config/schema/steps.ts';
import { loopRange } from '../config/script-checks.ts';
import { isRecord } from '../core/is-record.ts';

/** Expected requests at a moment of the session. */
export interface RequestMark {
  atS: number;
  requests: number;
}

export interface SessionModel {
  /** In time order. */
  marks: RequestMark[];
  /** Expected requests of a whole session; Infinity when the flow loops forever. */
  requests: number;
  /** Seconds one session lasts (think times only); Infinity when the flow loops forever. */
  seconds: number;
  /** False when the flow loops forever without think time: how many requests it sends is unknown. */
  countable: boolean;
  /** What the plan had to guess (a `whileTrue` loop runs an unknown number of times, ...). */
  guesses: string[];
}

type Step = Record<string, unknown>;
/** Marks beyond this many mean an endless flow without think time: its requests are unknown. */
const MAX_MARKS = 500_000;

interface Walk {
  marks: RequestMark[];
  variables: Record<string, unknown>;
  /** Walking stops at this time: nothing after the run's cap matters. */
  horizonS: number;
  guesses: Set<string>;
  endless: boolean;
  overflow: boolean;
}

/** `{{ name }}` → the value of the variable (the first item of a list), else the value itself. */
function resolve(value: unknown, variables: Record<string, unknown>): unknown {
  if (typeof value !== 'string') return value;
  const match = /^\s*\{\{\s*([\w$.]+)\s*\}\}\s*$/.exec(value);
  if (match === null) return value;
  const found = variables[match[1] ?? ''];
  return Array.isArray(found) ? found[0] : found;
}

function thinkSeconds(value: unknown, variables: Record<string, unknown>): number {
  const resolved = resolve(value, variables);
  // A bare number from a variable is seconds: loadspec compiles it so (src/config/variable-values.ts).
  return parseDuration(typeof resolved === 'number' ? resolved : typeof resolved === 'string' ? resolved.trim() : undefined) ?? 0;
}

/** How many times a loop runs on average; Infinity for a loop without end. */
function loopTimes(step: Step, walk: Walk): number {
  const count = resolve(step['count'], walk.variables);
  if (typeof count === 'number') return Math.max(0, count);
  if (typeof count === 'string') {
    const range = loopRange(count);
    if (range !== null) return range.rounds;
    const n = Number(count);
    if (Number.isFinite(n)) return Math.max(0, n);
  }
  const over = resolve(step['over'], walk.variables);
  if (Array.isArray(over)) return over.length;
  if (step['over'] !== undefined) {
    walk.guesses.add('a loop over a list the plan cannot see runs once');
    return 1;
  }
  if (step['whileTrue'] !== undefined) {
    walk.guesses.add('a "whileTrue" loop runs once');
    return 1;
  }
  return Infinity;
}

/** Walks `steps` from `startS` with `weight` (the chance this part runs); returns the expected end time. */
function walkSteps(steps: unknown, startS: number, weight: number, walk: Walk): number {
  if (!Array.isArray(steps)) return startS;
  let t = startS;
  for (const step of steps) {
    if (t >= walk.horizonS || walk.overflow) return t;
    if (!isRecord(step)) continue;
    if (HTTP_METHODS.some((method) => step[method] !== undefined)) {
      walk.marks.push({ atS: t, requests: weight });
      if (walk.marks.length > MAX_MARKS) walk.overflow = true;
    } else if (step['think'] !== undefined) {
      t += thinkSeconds(step['think'], walk.variables);
    } else if (Array.isArray(step['pick'])) {
      const branches = step['pick'].filter(isRecord);
      const total = branches.reduce((sum, b) => sum + (typeof b['weight'] === 'number' ? b['weight'] : 0), 0);
      let advance = 0;
      for (const branch of branches) {
        const share = total > 0 && typeof branch['weight'] === 'number' ? branch['weight'] / total : 0;
        if (share === 0) continue;
        advance += share * (walkSteps(branch['flow'], t, weight * share, walk) - t);
      }
      t += advance;
    } else if (Array.isArray(step['loop'])) {
      const times = loopTimes(step, walk);
      if (times === Infinity) walk.endless = true;
      for (let i = 0; i < times && t < walk.horizonS && !walk.overflow; i++) {
        const part = Math.min(1, times - i);
        const before = t;
        const marksBefore = walk.marks.length;
        const end = walkSteps(step['loop'], t, weight * part, walk);
        t = before + part * (end - before);
        if (end === before) {
          // Without think time an endless loop never reaches the horizon: its requests are unknown.
          if (times === Infinity) walk.overflow = walk.marks.length > marksBefore;
          if (times === Infinity) break;
        }
      }
    } else if (Array.isArray(step['parallel'])) {
      // Sent together: their requests count, their time does not add up.
      walkSteps(step['parallel'], t, weight, walk);
    }
  }
  return t;
}

/**
 * The session of a user, over every scenario by its weight (Artillery picks one scenario per
 * user), walked until `horizonS` seconds.
 */
export function sessionModel(scenarios: unknown, variables: unknown, horizonS: number): SessionModel {
  const walk: Walk = { marks: [], variables: isRecord(variables) ? variables : {}, horizonS, guesses: new Set(), endless: false, overflow: false };
  const list = Array.isArray(scenarios) ? scenarios.filter(isRecord) : [];
  const weightOf = (s: Step): number => (typeof s['weight'] === 'number' ? s['weight'] : 1);
  const total = list.reduce((sum, s) => sum + weightOf(s), 0);
  let seconds = 0;
  for (const scenario of list) {
    const share = total > 0 ? weightOf(scenario) / total : 0;
    if (share > 0) seconds += share * walkSteps(scenario['flow'], 0, share, walk);
  }
  walk.marks.sort((a, b) => a.atS - b.atS);
  const endless = walk.endless && seconds >= horizonS;
  const requests = walk.overflow ? Infinity : endless ? Infinity : walk.marks.reduce((sum, m) => sum + m.requests, 0);
  return { marks: walk.marks, requests, seconds: endless || walk.overflow ? Infinity : seconds, countable: !walk.overflow, guesses: [...walk.guesses] };
}

/** Prefix sums of a session's marks, to answer "requests sent in the first T seconds". */
export function requestsWithin(session: SessionModel): (seconds: number) => number {
  const times = session.marks.map((m) => m.atS);
  const sums: number[] = [];
  let running = 0;
  for (const mark of session.marks) {
    running += mark.requests;
    sums.push(running);
  }
  return (seconds) => {
    // Requests sent strictly before `seconds`: binary search for the first mark at or after it.
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((times[mid] ?? 0) < seconds) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : (sums[lo - 1] ?? 0);
  };
}
