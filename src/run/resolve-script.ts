/**
 * Turns a validated scenario file into the Artillery script that actually runs:
 * the target filled in, loadspec-only keys removed, `pick` steps and phases of
 * users held active compiled, our
 * plugins switched on, the load divided for a shard. The result is written to the
 * run directory as script.json, so it must never hold a secret (the API key only
 * travels in the child's environment).
 */
import { parseDuration } from '../core/durations.ts';
import { SLOW_THRESHOLD_MS } from '../core/defaults.ts';
import { ALWAYS_ON_PLUGINS, LOADSPEC_PLUGINS } from '../core/packaged-plugins.ts';
import { compileWeightedPick } from '../config/weighted-pick.ts';
import { compileHeldUsers } from '../config/held-users.ts';
import { thinkVariablesInSeconds } from '../config/variable-values.ts';
import type { PhaseRecord } from '../core/types.ts';
import { parseCriterion } from '../core/criteria/parse.ts';
import { TARGET_AUTHORIZATION_ENV } from '../core/target-url.ts';
import { disableMetricsByEndpoint } from '../core/metrics-by-endpoint-off.ts';
import { chooseEngines, DEFAULT_ENGINE } from './engine-choice.ts';
import type { ScenarioEngine } from './engine-choice.ts';

import type { ScenarioScript } from '../config/schema/script.ts';
// Re-exported for run-scenario.ts, which still imports it from here; the type's owner is the schema.

interface PhaseSpec {
  name?: string;
  duration?: number | string;
  pause?: number | string;
  arrivalRate?: number;
  arrivalCount?: number;
  rampTo?: number;
  maxVusers?: number;
  users?: number;
  spawnRate?: number;
  [key: string]: unknown;
}

/** A planned phase: name, start offset and duration in seconds. */
export interface PlannedPhase {
  index: number;
  name: string;
  offsetS: number;
  durationS: number;
}

export interface ResolvedScript {
  script: Record<string, unknown>;
  /** False when no phase creates a user (e.g. a shard whose share of a tiny load is zero). */
  sendsLoad: boolean;
  /** The run is stopped at this many seconds: `loadspec.duration`, or the phases' total plus time for sessions to end. */
  capS: number;
  phases: PlannedPhase[];
  /** Plugins that must report loaded (events.jsonl) for the run to count. */
  plugins: string[];
  slowThresholdS: number;
  /** The engine each scenario runs on (and why not the one asked for). */
  engines: ScenarioEngine[];
}

/** With no `loadspec.duration`, sessions get this long after the last arrival before the cap. */
const DEFAULT_DRAIN_S = 60;

export function plannedPhases(phases: PhaseSpec[]): PlannedPhase[] {
  let offsetS = 0;
  return phases.map((phase, index) => {
    const durationS = parseDuration(phase.duration ?? phase.pause ?? 0) ?? 0;
    const planned = { index, name: phase.name ?? `phase ${index + 1}`, offsetS, durationS };
    offsetS += durationS;
    return planned;
  });
}

/**
 * A phase of `arrivalRate: 0` (no ramp) is documented as a hold of `duration`, but
 * Artillery's work division skips it ("Unknown phase spec definition"), so the
 * next phase would start early. As a `pause` every worker waits it out. The same
 * holds for a shard's share of zero users (`arrivalCount: 0`, `maxVusers: 0`).
 */
export function holdAsPause(phase: PhaseSpec): PhaseSpec {
  const noArrivals = phase.arrivalCount === undefined ? phase.arrivalRate === 0 && !phase.rampTo : phase.arrivalCount === 0;
  const idle = phase.pause === undefined && (noArrivals || phase.maxVusers === 0);
  if (!idle || phase.duration === undefined) return phase;
  return { ...(phase.name === undefined ? {} : { name: phase.name }), pause: phase.duration };
}

/** Splits `total` into `count` whole parts that differ by at most one; part `index` (1-based). */
export function shareOf(total: number, index: number, count: number): number {
  const base = Math.floor(total / count);
  return base + (index <= total - base * count ? 1 : 0);
}

function shardPhase(phase: PhaseSpec, shard: { index: number; count: number }): PhaseSpec {
  const out: PhaseSpec = { ...phase };
  for (const key of ['arrivalRate', 'arrivalCount', 'rampTo', 'maxVusers'] as const) {
    const value = phase[key];
    if (typeof value === 'number') out[key] = shareOf(value, shard.index, shard.count);
  }
  // A steady rate below the number of shards would leave some shards at 0/s, sending
  // nothing (and so failing as an empty run). Its arrivals as counts divide without
  // that: Artillery spaces an arrivalCount evenly over the phase, and the counts still
  // add up to rate x duration.
  const rate = phase.arrivalRate;
  const seconds = parseDuration(phase.duration ?? 0);
  if (typeof rate === 'number' && rate > 0 && rate < shard.count && phase.rampTo === undefined && seconds !== undefined && Number.isInteger(rate * seconds)) {
    delete out.arrivalRate;
    out.arrivalCount = shareOf(rate * seconds, shard.index, shard.count);
  }
  return out;
}

/**
 * A shard sends 1/n of the requests, so its throughput is about 1/n of the whole run's:
 * aborting a shard on a throughput limit meant for the whole would stop a healthy
 * test. Such criteria are judged after the merge instead; latency and error-rate
 * aborts stay, as one shard sees what the whole run sees.
 */
function withoutThroughputAborts(thresholds: unknown): unknown {
  if (typeof thresholds !== 'object' || thresholds === null || Array.isArray(thresholds)) return thresholds;
  const section = thresholds as Record<string, unknown>;
  const criteria = section['criteria'];
  if (!Array.isArray(criteria)) return thresholds;
  return {
    ...section,
    criteria: criteria.map((entry: unknown) => {
      if (typeof entry !== 'object' || entry === null) return entry;
      const item = entry as Record<string, unknown>;
      if (item['abort'] !== true || typeof item['expect'] !== 'string') return entry;
      const parsed = parseCriterion(item['expect']);
      return parsed.ok && parsed.criterion.kind === 'throughput' ? { ...item, abort: false } : entry;
    }),
  };
}

/** Artillery's own User-Agent, which it only sends when no default headers are set. */
const ARTILLERY_USER_AGENT = 'Artillery (https://artillery.io)';

/**
 * Sends the target's credentials from the child's environment: an Authorization
 * header in the default headers Artillery reads (config.http.defaults, else
 * config.defaults), unless the file sets one itself.
 */
function authorizeFromEnvironment(config: NonNullable<ScenarioScript['config']>): void {
  type Defaults = { headers?: Record<string, string> };
  const http = (config['http'] ??= {}) as { defaults?: Defaults };
  const legacy = config['defaults'] as Defaults | undefined;
  const defaults = http.defaults?.headers !== undefined || legacy?.headers === undefined ? (http.defaults ??= {}) : legacy;
  const headers = (defaults.headers ??= { 'user-agent': ARTILLERY_USER_AGENT });
  if (Object.keys(headers).some((name) => name.toLowerCase() === 'authorization')) return;
  headers['authorization'] = `{{ $env.${TARGET_AUTHORIZATION_ENV} }}`;
}

/** Where a resolved script sends its load; the runner knows it only after preflight (which may start the demo target). */
export interface ScriptTarget {
  target: string;
  /** The target's credentials travel in the child's environment (TARGET_AUTHORIZATION_ENV), not in `target`. */
  authorizeFromEnvironment?: boolean;
}

/** Points a resolved script at its target: the one step of resolution that waits for preflight. */
export function aimResolvedScript(resolved: ResolvedScript, aim: ScriptTarget): void {
  const config = ((resolved.script as ScenarioScript).config ??= {});
  config.target = aim.target;
  if (aim.authorizeFromEnvironment === true) authorizeFromEnvironment(config);
}

/**
 * The script Artillery runs. Without a target (the runner's first step, before preflight picks
 * one) `aimResolvedScript` fills it in later; the phases, cap and plugins do not depend on it.
 */
export function resolveArtilleryScript(
  source: ScenarioScript,
  options: Partial<ScriptTarget> & {
    shard?: { index: number; count: number } | undefined;
    /** A `--platform` run: its workers install engines from the npm registry. */
    onCloud?: boolean;
    /** The environment Artillery runs in (its proxy variables). Default: this process's. */
    env?: NodeJS.ProcessEnv;
  },
): ResolvedScript {
  const script = structuredClone(source);
  const loadspec = script.loadspec;
  delete script.loadspec;

  const config = (script.config ??= {});
  // Artillery's one virtual user for a script without phases, written out so the plan and the cap know it.
  // Users held active become arrival phases first: a shard then divides those like any other.
  const phaseSpecs = compileHeldUsers(config.phases ?? [{ duration: 1, arrivalCount: 1 }]).phases.map((p) => holdAsPause(options.shard ? shardPhase(p, options.shard) : p));
  config.phases = phaseSpecs;
  // `artillery run -e <name>` replaces config.phases with an environment's: holds there are pauses too.
  const environments = config['environments'];
  if (typeof environments === 'object' && environments !== null) {
    for (const env of Object.values(environments as Record<string, { phases?: PhaseSpec[] }>)) {
      if (Array.isArray(env?.phases)) env.phases = compileHeldUsers(env.phases).phases.map(holdAsPause);
    }
  }
  const phases = plannedPhases(phaseSpecs);
  const arrivalsEndS = phases.reduce((sum, p) => sum + p.durationS, 0);
  const capS = parseDuration(loadspec?.duration) ?? arrivalsEndS + DEFAULT_DRAIN_S;

  const sections = (config.plugins ??= {});
  // The same sections as Artillery reads them: the ones switched on here, and other plugins' own keys.
  const plugins: Record<string, unknown> = sections;
  for (const name of ALWAYS_ON_PLUGINS) plugins[name] ??= {};
  // The expect plugin's default output is a line per response: noise in artillery.log, and cost.
  const expect = plugins['expect'];
  if (expect !== undefined && typeof expect === 'object' && expect !== null && !('outputFormat' in expect)) {
    plugins['expect'] = { ...expect, outputFormat: 'silent' };
  }
  // metrics-by-endpoint duplicates what the recorder measures per endpoint and costs ~10% throughput.
  disableMetricsByEndpoint(plugins);
  if (options.shard && options.shard.count > 1 && plugins['thresholds'] !== undefined) {
    plugins['thresholds'] = withoutThroughputAborts(plugins['thresholds']);
  }
  const expected: string[] = LOADSPEC_PLUGINS.filter((name) => name in plugins);

  // Before the picks are compiled: their branches are flows like any other.
  const engines = chooseEngines(script, loadspec?.engine ?? DEFAULT_ENGINE, { onCloud: options.onCloud === true, env: options.env ?? process.env });
  thinkVariablesInSeconds(script.scenarios, config['variables']);
  compileWeightedPick(script);

  const slowThresholdS = parseDuration(sections['slow-requests']?.threshold) ?? SLOW_THRESHOLD_MS / 1000;
  const sendsLoad = phaseSpecs.some((p) => [p.arrivalRate, p.arrivalCount, p.rampTo].some((v) => typeof v === 'number' && v > 0) && p.pause === undefined);
  const resolved: ResolvedScript = { script, capS, phases, plugins: expected, slowThresholdS, sendsLoad, engines };
  if (options.target !== undefined) aimResolvedScript(resolved, { target: options.target, authorizeFromEnvironment: options.authorizeFromEnvironment === true });
  return resolved;
}

/**
 * Phases as recorded in a RunResult: the planned phases Artillery started, with the names and
 * lengths of the plan and the times of the phase events the recorder wrote. A phase the run
 * never reached (stopped by Ctrl-C, an abort or the cap before it) is left out: a planned start
 * would shade a band and tag slow requests with a phase that never ran, and could read as a
 * phase that fell behind its plan. What was not sent is said by the summary's "load sent".
 */
export function phaseRecords(planned: PlannedPhase[], seen: Map<number, { start?: number; end?: number }>): PhaseRecord[] {
  return planned.flatMap((p) => {
    const start = seen.get(p.index)?.start;
    if (start === undefined) return [];
    return [{ index: p.index, name: p.name, start, end: seen.get(p.index)?.end ?? null, plannedDurationS: p.durationS }];
  });
}
