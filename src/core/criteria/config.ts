/**
 * `config.plugins.thresholds` as written in a scenario, read into parsed criteria and evaluation
 * options. Shared by the thresholds plugin (live) and the runner (final verdict) so both judge alike.
 */
import { DEFAULT_EVALUATION_OPTIONS, DEFAULT_GRACE_S, isMonitorCriterion } from './criterion.ts';
import type { EvaluationOptions, ParsedCriterionWithOptions } from './criterion.ts';
import { parseCriterion } from './parse.ts';
import { parseDuration } from '../durations.ts';
import { DEFAULT_CRITERIA, THRESHOLDS_DEFAULTS } from '../defaults.ts';
import { isRecord } from '../is-record.ts';

export interface ThresholdsConfig {
  criteria: ParsedCriterionWithOptions[];
  options: EvaluationOptions;
  /** One sentence per criterion or option that could not be read (already reported by config validation). */
  errors: string[];
  /** Adjustments worth telling the writer, e.g. a window rounded up to whole recording periods. */
  warnings: string[];
}

/** Never throws: anything unreadable becomes an entry of `errors` and is left out. */
export function parseThresholdsConfig(raw: unknown, slowThresholdMs: number | null = null): ThresholdsConfig {
  const errors: string[] = [];
  const warnings: string[] = [];
  const section = isRecord(raw) ? raw : {};
  const criteria: ParsedCriterionWithOptions[] = [];
  const items = Array.isArray(section['criteria']) ? section['criteria'] : [];
  items.forEach((item: unknown, index) => {
    const where = `thresholds.criteria[${index}]`;
    const entry = typeof item === 'string' ? { expect: item } : isRecord(item) ? item : null;
    if (entry === null || typeof entry['expect'] !== 'string') {
      errors.push(`${where} must be a criterion such as "p95 < 3s" or { expect: "p95 < 3s", abort: true }`);
      return;
    }
    const parsed = parseCriterion(entry['expect']);
    if (!parsed.ok) {
      errors.push(`${where}: ${parsed.message}`);
      return;
    }
    if (parsed.warning) warnings.push(parsed.warning);
    let abort = entry['abort'] === true;
    if (abort && parsed.criterion.kind === 'failed-sessions') {
      errors.push(`${where}: "abort" cannot be used with "failed sessions", which is judged over the whole run`);
      return;
    }
    if (abort && parsed.criterion.kind === 'degradation') {
      errors.push(`${where}: "abort" cannot be used with a degradation criterion, which is only known at the end of the run`);
      return;
    }
    if (abort && isMonitorCriterion(parsed.criterion)) {
      // Still judged at the end: dropping it would quietly weaken the verdict.
      warnings.push(`${where}: "abort" is ignored for "${parsed.criterion.text}": the monitor runs beside Artillery, so this criterion is judged when the run ends`);
      abort = false;
    }
    const grace = entry['grace'] === undefined ? DEFAULT_GRACE_S : readSeconds(entry['grace']);
    if (grace === null) {
      errors.push(`${where}.grace must be a duration such as 30s or 1m`);
      return;
    }
    const name = typeof entry['name'] === 'string' && entry['name'].trim() !== '' ? entry['name'].trim() : null;
    criteria.push({ criterion: parsed.criterion, name, abort, graceS: grace });
  });

  addDefaultCriteria(criteria);

  const errorsSection = isRecord(section['errors']) ? section['errors'] : {};
  const degradation = isRecord(section['degradation']) ? section['degradation'] : {};
  const defaults = DEFAULT_EVALUATION_OPTIONS.degradation;
  const option = <T>(value: unknown, read: (v: unknown) => T | null, fallback: T, name: string): T => {
    if (value === undefined) return fallback;
    const result = read(value);
    if (result === null) errors.push(`thresholds.${name} cannot be read (got ${JSON.stringify(value)}); the default is used`);
    return result ?? fallback;
  };
  const options: EvaluationOptions = {
    count4xx: errorsSection['count4xx'] === undefined ? THRESHOLDS_DEFAULTS.errors.count4xx : errorsSection['count4xx'] === true,
    expect4xx: errorsSection['expect4xx'] === true,
    slowThresholdMs,
    degradation: {
      baselinePct: option(degradation['baseline'], readPercent, defaults.baselinePct, 'degradation.baseline'),
      comparePct: option(degradation['compare'], readPercent, defaults.comparePct, 'degradation.compare'),
      warmupS: option(degradation['warmup'], readSeconds, defaults.warmupS, 'degradation.warmup'),
    },
  };
  return { criteria, options, errors, warnings };
}

/** Name of a criterion loadspec added because the scenario wrote none of its measure. */
export const DEFAULT_CRITERION_NAME = 'default';

/**
 * The default criteria (core/defaults.ts) the scenario did not replace with its own: an error rate
 * over all requests (any window or `after`), a failed-sessions criterion.
 */
function addDefaultCriteria(criteria: ParsedCriterionWithOptions[]): void {
  const has = (kind: string): boolean => criteria.some(({ criterion }) => criterion.kind === kind && criterion.endpoint === null);
  const add = (text: string): void => {
    const parsed = parseCriterion(text);
    if (parsed.ok) criteria.push({ criterion: parsed.criterion, name: DEFAULT_CRITERION_NAME, abort: false, graceS: DEFAULT_GRACE_S });
  };
  if (!has('error-rate')) add(DEFAULT_CRITERIA.errorRate);
  if (!has('failed-sessions')) add(DEFAULT_CRITERIA.failedSessions);
}

/** Seconds from a duration as the schema accepts it (`30`, `"30s"`, `"1m"`, `"500ms"`). */
function readSeconds(value: unknown): number | null {
  const seconds = parseDuration(value);
  return seconds !== undefined && seconds >= 0 ? seconds : null;
}

function readPercent(value: unknown): number | null {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.replace(/%\s*$/, '')) : NaN;
  return Number.isFinite(number) && number > 0 && number <= 100 ? number : null;
}
