/**
 * Reads a criterion written in loadspec's small threshold language:
 *
 *   <measure> [of <METHOD /path>] <op> <limit> [in every <span>] [after <span>]
 *
 * e.g. `p95 < 3s`, `p99 of POST /api/v1/chat <= 5s in every 1m`, `error rate < 1%`.
 * Every failure is one sentence for the person who wrote the YAML (see README.md next to this file).
 */
import { RECORDING_PERIOD_S } from './criterion.ts';
import type { Comparator, Criterion } from './criterion.ts';
import { findMetric, LATENCY_STATS, metricNames } from './metrics.ts';
import type { MetricDef } from './metrics.ts';
import { readLimit, readSpan } from './units.ts';
import { editDistance } from '../suggest.ts';

export type ParseResult =
  | {
      ok: true;
      criterion: Criterion;
      /** Set when the criterion was read with an adjustment the writer should know about. */
      warning?: string;
    }
  | { ok: false; message: string };

const GRAMMAR =
  'write e.g. "p95 < 3s", "p99 of POST /api/v1/chat <= 5s", "error rate < 1%", "slow requests < 5%", ' +
  '"throughput >= 50/s", "p95 degradation < 20%" or "cache hit rate >= 70%", optionally followed by "in every 1m"';

const OPERATOR = /(<=|>=|=<|=>|==|!=|≤|≥|<|>|=)/g;
const WORDED_OPERATORS: [RegExp, Comparator][] = [
  [/\b(less than|under|below)\b/, '<'],
  [/\bat most\b/, '<='],
  [/\b(more than|greater than|over|above)\b/, '>'],
  [/\bat least\b/, '>='],
];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

const fail = (message: string): ParseResult => ({ ok: false, message });

/** What the caller knows about the scenario, for better advice. */
export interface ParseOptions {
  /** The `METHOD /path` endpoints the flows call: a path written without its method gets the method the flows use. */
  endpoints?: readonly string[];
}

export function parseCriterion(input: string, options: ParseOptions = {}): ParseResult {
  const written = input.trim().replace(/\s+/g, ' ');
  if (written === '') return fail(`the criterion is empty; ${GRAMMAR}`);
  const text = spokenDuration(written);

  const opMatch = findOperator(text);
  if (!opMatch) return fail(missingOperator(text));
  const op = readOperator(opMatch[1] ?? '');
  if (typeof op !== 'string') return op;

  const left = text.slice(0, opMatch.index).trim();
  const right = text.slice(opMatch.index + (opMatch[1] ?? '').length).trim();
  if (left === '') return fail(`"${text}" does not say what to measure before "${opMatch[1]}"; ${GRAMMAR}`);
  if (right === '') return fail(`"${text}" has no limit after "${opMatch[1]}"; ${GRAMMAR}`);

  const subject = readSubject(left, options.endpoints ?? []);
  if (!subject.ok) return subject;
  const { metric, endpoint, label } = subject;
  if (op === '==' && metric.equality !== true) {
    return fail(`${label} cannot be compared with "=="; write "<=" or ">=" instead (e.g. "${left} <= ${right}")`);
  }

  const [valueText = '', ...clauses] = right.split(/\s+(?=(?:in|after)\s)/i);
  const valueMatch = /^(\d+(?:\.\d+)?|\.\d+)?\s*(\S*)\s*(.*)$/.exec(valueText);
  if (valueMatch?.[3]) {
    return fail(`unexpected "${valueMatch[3]}" after the limit; a criterion ends with its limit, then optionally "in every 1m" or "after 1m"`);
  }
  const limit = readLimit(metric.value, `${valueMatch?.[1] ?? ''}${valueMatch?.[2] ?? ''}`, label, metric.over100 === true);
  if (!limit.ok) return limit;

  let windowS: number | null = null;
  let afterS = 0;
  let warning: string | undefined;
  for (const clause of clauses) {
    const [word = '', ...rest] = clause.split(' ');
    if (word.toLowerCase() === 'after') {
      const span = readSpan(rest.join(' '), `"after" (the time to ignore at the start)`);
      if (!span.ok) return span;
      afterS = span.value;
      continue;
    }
    if ((rest[0] ?? '').toLowerCase() !== 'every') {
      return fail(`write windows as "in every 1m" or "in every 30s" (got "${clause}")`);
    }
    const span = readSpan(rest.slice(1).join(' '), 'the window');
    if (!span.ok) return span;
    windowS = Math.ceil(span.value / RECORDING_PERIOD_S) * RECORDING_PERIOD_S;
    if (windowS !== span.value) {
      warning = `the window of "${text}" is rounded up to ${windowS}s, because runs are recorded in ${RECORDING_PERIOD_S}-second periods`;
    }
  }
  if (!metric.windowed && windowS !== null) {
    return fail(
      metric.noWindow ??
        `${label} already compares the start and the end of the run; remove "in every ..." (set thresholds.degradation to choose the parts compared)`,
    );
  }
  if (metric.after === false && afterS > 0) {
    return fail(`${label} ignores the warm-up set in thresholds.degradation.warmup; remove "after ..."`);
  }

  const criterion = metric.build({ text: written, op, limit: limit.value, endpoint, afterS, windowS });
  return warning === undefined ? { ok: true, criterion } : { ok: true, criterion, warning };
}

const SPOKEN_FOR: [RegExp, Comparator][] = [
  [/^(at most|no more than|no longer than)$/, '<='],
  [/^(less than|under|shorter than)$/, '<'],
  [/^(more than|longer than|over)$/, '>'],
  [/^at least$/, '>='],
];

/** `db pool exhausted for at most 30s` reads as `db pool exhausted <= 30s`, for measures that are a length of time. */
function spokenDuration(text: string): string {
  const match = /^(.+?) for (\S+(?: \S+)?(?: than)?) (\d.*)$/i.exec(text);
  if (!match) return text;
  const [, measure = '', words = '', rest = ''] = match;
  if (findMetric(measure.toLowerCase())?.forPhrase !== true) return text;
  const op = SPOKEN_FOR.find(([pattern]) => pattern.test(words.toLowerCase()))?.[1];
  return op === undefined ? text : `${measure} ${op} ${rest}`;
}

/** The first comparison outside a path: `GET /search?q=x` holds an `=` that is not one. */
function findOperator(text: string): RegExpExecArray | null {
  for (const match of text.matchAll(OPERATOR)) {
    const token = text.slice(text.lastIndexOf(' ', match.index) + 1, match.index);
    if (!token.startsWith('/')) return match as RegExpExecArray;
  }
  return null;
}

function readOperator(symbol: string): Comparator | ParseResult {
  switch (symbol) {
    case '<':
    case '<=':
    case '>':
    case '>=':
    case '==':
      return symbol;
    case '≤':
      return '<=';
    case '≥':
      return '>=';
    case '=<':
      return fail('write "<=" instead of "=<"');
    case '=>':
      return fail('write ">=" instead of "=>"');
    default:
      return fail(`"${symbol}" is not a comparison loadspec knows; use <, <=, > or >= (e.g. "p95 <= 3s")`);
  }
}

function missingOperator(text: string): string {
  for (const [pattern, symbol] of WORDED_OPERATORS) {
    const found = pattern.exec(text.toLowerCase());
    if (found) return `write "${symbol}" instead of "${found[0]}" (e.g. "p95 ${symbol} 3s")`;
  }
  return `"${text}" has no comparison (<, <=, > or >=); ${GRAMMAR}`;
}

type Subject = { ok: true; metric: MetricDef; endpoint: string | null; label: string } | { ok: false; message: string };

function readSubject(left: string, endpoints: readonly string[]): Subject {
  const [namePart = '', ...endpointParts] = left.split(/\s+of\s+/i);
  let name = namePart.toLowerCase();
  let endpointText = endpointParts.join(' of ');
  // `p95 of POST /x degradation` reads as well as `p95 degradation of POST /x`.
  const trailing = / degradation$/i.exec(endpointText);
  if (trailing) {
    name += ' degradation';
    endpointText = endpointText.slice(0, trailing.index);
  }
  const metric = findMetric(name);
  if (!metric) return { ok: false, message: unknownMetric(name) };
  if (endpointParts.length === 0) return { ok: true, metric, endpoint: null, label: name };
  if (metric.perEndpoint === false) {
    return { ok: false, message: `${name} is sampled from the target as a whole, not per endpoint; remove "of ${endpointText}"` };
  }
  const endpoint = readEndpoint(endpointText, endpoints);
  if (!endpoint.ok) return endpoint;
  return { ok: true, metric, endpoint: endpoint.value, label: `${name} of ${endpoint.value}` };
}

/** How to write `text` as an endpoint: with the method(s) the flows call that path with, if any. */
function endpointHint(text: string, endpoints: readonly string[]): string {
  const path = text.trim();
  if (!path.startsWith('/')) return 'e.g. "POST /api/v1/chat"';
  const called = endpoints.filter((e) => e.slice(e.indexOf(' ') + 1) === path);
  if (called.length > 0) return `e.g. ${called.map((e) => `"${e}"`).join(' or ')}`;
  return `with the method the flow uses, e.g. "GET ${path}" or "POST ${path}"`;
}

function readEndpoint(text: string, endpoints: readonly string[]): { ok: true; value: string } | { ok: false; message: string } {
  const match = /^(\S+) (\S+)$/.exec(text.trim());
  if (!match) {
    const hint = endpointHint(text, endpoints);
    return { ok: false, message: `write the endpoint as METHOD /path, ${hint} (got "${text}")` };
  }
  const method = (match[1] ?? '').toUpperCase();
  const path = match[2] ?? '';
  if (!METHODS.includes(method)) {
    return { ok: false, message: `unknown HTTP method "${match[1]}"; use one of ${METHODS.join(', ')}` };
  }
  if (!path.startsWith('/')) {
    return { ok: false, message: `the path of an endpoint starts with "/", e.g. "${method} /${path}"` };
  }
  if (path.includes('?')) {
    return { ok: false, message: `endpoints are matched without their query string: write "${method} ${path.slice(0, path.indexOf('?'))}"` };
  }
  return { ok: true, value: `${method} ${path}` };
}

function unknownMetric(name: string): string {
  if (/^p\d/.test(name)) {
    return `unknown statistic "${name.split(' ')[0]}"; use one of ${LATENCY_STATS.join(', ')} or median`;
  }
  const names = metricNames();
  const close = names
    .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
    .filter(({ distance, candidate }) => distance <= Math.max(1, Math.floor(candidate.length / 4)))
    .sort((a, b) => a.distance - b.distance)[0];
  if (close) return `unknown measure "${name}"; did you mean "${close.candidate}"?`;
  return `unknown measure "${name}"; ${GRAMMAR}`;
}
