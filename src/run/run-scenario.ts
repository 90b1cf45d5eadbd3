/**
 * One scenario, start to verdict: load and validate the file, pick the target
 * (starting the bundled demo target when none is given), check the environment and
 * the target's health, run Artillery with our plugins, then turn what was recorded
 * into a RunResult, a verdict and reports. Nothing here prints or exits: progress
 * goes out as events and the outcome comes back as a value.
 */
import { writeFileWhole } from '../core/write-whole.ts';
import path from 'node:path';
import type { EventEmitter } from 'node:events';
import { loadScenarioFile } from '../config/load.ts';
import type { ConfigError, LoadResult } from '../config/load.ts';
import type { RunOptions } from '../config/run-options.ts';
import type { RunResult } from '../core/types.ts';
import { createRunDirectory } from './run-directory.ts';
import { splitCredentials, stripCredentials, TARGET_AUTHORIZATION_ENV } from '../core/target-url.ts';
import { preflight } from './preflight.ts';
import { PLUGINS_DIR, START_UP_ALLOWANCE_MS, startArtillery } from './artillery-process.ts';
import { linkPackagedNames, usePackagedPluginNames } from './cloud-plugin-names.ts';
import { aimResolvedScript, resolveArtilleryScript } from './resolve-script.ts';
import { describeEngines } from './engine-choice.ts';
import { watchProgress } from './progress.ts';
import type { Progress, RecordTick } from './progress.ts';
import type { MonitorSample } from '../monitor/types.ts';
import { finishRun } from './finish-run.ts';
import type { StopCause } from './finish-run.ts';
import { ExitCode } from '../core/exit-codes.ts';
import { START_AT_ENV } from '../core/start-at.ts';
import { writeManifest } from './run-manifest.ts';
import { planResolved, plannedUsers } from '../plan/plan.ts';
import type { ScenarioPlan } from '../plan/plan.ts';
import type { RunManifest } from './run-manifest.ts';
import type { ExitCodeValue } from '../core/exit-codes.ts';
import { startRunMonitor } from './run-monitor.ts';
import { readsTargetMetrics } from '../monitor/metrics-mode.ts';
import { parseThresholdsConfig } from '../core/criteria/config.ts';
import { abortEvent, abortLine } from '../core/criteria/abort-watch.ts';
import { LiveSession } from '../session/live-session.ts';
import { LiveRecord } from '../session/live-record.ts';
import { appendFileSync } from 'node:fs';

export interface RunScenarioOptions {
  configFile: string;
  /** --target; wins over TARGET_URL and the file. */
  target?: string | undefined;
  resultsRoot: string;
  /** Sample the machine, the generator and the target alongside the run. */
  monitor: boolean;
  /** `{ index: 2, count: 4 }` runs the second quarter of the load. */
  shard?: { index: number; count: number } | undefined;
  /** Artillery's run flags (-e, --config, -p, -v, --overrides, --dotenv), already understood. */
  runOptions?: RunOptions | undefined;
  /** The file as the CLI already loaded it with `runOptions` (to check every file before the first runs): not read again. */
  loaded?: LoadResult | undefined;
  /** `--start-at`: the instant (epoch ms) the load begins; set-up happens before it. */
  startAt?: number | undefined;
  /** Passed to `artillery run` as is (e.g. --platform, --count). */
  artilleryArgs?: string[] | undefined;
  env: NodeJS.ProcessEnv;
  /** Aborted with reason 'SIGINT' or 'SIGTERM' when the person or CI stops the run. */
  signal: AbortSignal;
}

/** What the runner tells the people watching (renderers subscribe). */
export interface RunEvents {
  /** The plan of the script this run sends (with every run option), before anything is checked or sent. */
  planned: [{ plan: ScenarioPlan; notes: ConfigError[]; shard: { index: number; count: number } | undefined }];
  'demo-target': [{ url: string }];
  started: [{ scenario: string; configFile: string; target: string; runDir: string; plannedDurationS: number; manifest: RunManifest; record: LiveRecord }];
  progress: [Progress];
  /** What each progress tick read besides the record's lines (the windows it closed, events, slow requests), for the dashboard. */
  record: [RecordTick];
  /** One sample of the monitor, as it is taken. */
  'monitor-sample': [MonitorSample];
  /** A line an Artillery plugin printed for people (slow requests, aborts). */
  'plugin-line': [string];
  stopping: [{ reason: string }];
}

export type ScenarioOutcome =
  | { kind: 'invalid'; configFile: string; errors: ConfigError[]; exitCode: typeof ExitCode.usage }
  | { kind: 'refused'; configFile: string; reason: string; exitCode: typeof ExitCode.usage }
  | { kind: 'not-run'; configFile: string; reason: string; exitCode: typeof ExitCode.notRun }
  | { kind: 'ran'; configFile: string; runDir: string; result: RunResult; exitCode: ExitCodeValue }
  /** The run went, but its results could not be written (a full disk): what is on disk is kept. */
  | { kind: 'unwritable'; configFile: string; runDir: string; reason: string; exitCode: typeof ExitCode.incomplete };

/** A file-system error in loadspec's own writing, as one sentence; null for any other error. */
function writeFailure(error: unknown, runDir: string): string | null {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const what: Record<string, string> = { ENOSPC: 'the disk is full', EDQUOT: 'the disk quota is used up', EROFS: 'the file system became read-only', EACCES: 'permission was denied', EIO: 'the disk reported an I/O error' };
  if (code === undefined || what[code] === undefined) return null;
  return `could not write the results into ${runDir}: ${what[code]} (${code}); every file written before that is kept, and \`loadspec report ${runDir}\` rebuilds the rest once there is room`;
}

/** Lines from plugins that people should see live; the rest of Artillery's output goes to artillery.log. */
const PLUGIN_LINE = /^\s*(\[loadspec\]|slow request|loadspec:)/i;

export async function runScenario(options: RunScenarioOptions, events: EventEmitter<RunEvents>): Promise<ScenarioOutcome> {
  const configFile = options.configFile;
  // The one load and the one resolution of this run: the plan, preflight, run.json and Artillery all use them.
  const loaded = options.loaded ?? (await loadScenarioFile(configFile, options.runOptions));
  if (!loaded.ok) return { kind: 'invalid', configFile, errors: loaded.errors, exitCode: ExitCode.usage };
  const script = loaded.script;
  const scenario = path.basename(configFile).replace(/\.ya?ml$/i, '');
  const onCloud = (options.artilleryArgs ?? []).includes('--platform');
  const resolved = resolveArtilleryScript(script, { shard: options.shard, onCloud, env: options.env });
  const plan = planResolved(loaded.script, resolved);
  events.emit('planned', { plan, notes: loaded.notes, shard: options.shard });

  if (options.shard && !resolved.sendsLoad) {
    return {
      kind: 'refused',
      configFile,
      reason: `shard ${options.shard.index}/${options.shard.count} of ${configFile} would create no virtual user (the load is too small to split ${options.shard.count} ways); use fewer shards`,
      exitCode: ExitCode.usage,
    };
  }

  const ready = await preflight(script, options, configFile, (url) => events.emit('demo-target', { url }));
  if (!ready.ok && ready.usage === true) return { kind: 'refused', configFile, reason: ready.reason, exitCode: ExitCode.usage };
  if (!ready.ok) return { kind: 'not-run', configFile, reason: ready.reason, exitCode: ExitCode.notRun };
  const { target, apiKey, apiKeyEnv, healthUrl, demo } = ready;
  if (options.startAt !== undefined && options.startAt <= Date.now()) {
    await demo?.stop();
    const late = ((Date.now() - options.startAt) / 1000).toFixed(1);
    return { kind: 'not-run', configFile, reason: `--start-at ${new Date(options.startAt).toISOString()} passed ${late} s before the set-up (validation, health check) was done; give a later time`, exitCode: ExitCode.notRun };
  }

  try {
    const runDir = await createRunDirectory(path.resolve(options.resultsRoot), scenario);
    // script.json holds the target without user:password; the header travels in the child's environment.
    const credentials = splitCredentials(target);
    aimResolvedScript(resolved, { target: credentials.url, authorizeFromEnvironment: credentials.authorization !== null });
    for (const line of describeEngines(resolved.engines)) events.emit('plugin-line', `[loadspec] engine: ${line}`);
    const resolvedPlugins = (resolved.script['config'] as { plugins?: Record<string, unknown> } | undefined)?.plugins;
    if (onCloud && resolvedPlugins) usePackagedPluginNames(resolvedPlugins, resolved.plugins);
    const scriptPath = path.join(runDir, 'script.json');
    await writeFileWhole(scriptPath, `${JSON.stringify(resolved.script, null, 2)}\n`);

    // With --start-at the run's clock starts at the instant its load is meant to begin.
    const startedAt = options.startAt ?? Date.now();
    const manifest: RunManifest = {
      scenario,
      configFile,
      target: stripCredentials(target),
      startedAt,
      plannedDurationS: resolved.capS,
      phases: resolved.phases,
      plannedUsers: plannedUsers(resolved),
      expectedPlugins: resolved.plugins,
      thresholds: script.config?.plugins?.thresholds,
      slowThresholdS: resolved.slowThresholdS,
      shard: options.shard,
      ...(options.startAt !== undefined ? { startAt: options.startAt } : {}),
    };
    await writeManifest(runDir, manifest);
    const thresholds = parseThresholdsConfig(manifest.thresholds, resolved.slowThresholdS * 1000);
    // The run's one fold of its record: the status line, the abort, the dashboard and the result read its windows.
    const record = new LiveRecord({ count4xx: thresholds.options.count4xx }, { forViews: events.listenerCount('record') > 0 });
    events.emit('started', { scenario, configFile, target: manifest.target, runDir, plannedDurationS: resolved.capS, manifest, record });

    // The recorder stops Artillery when this process is no longer its parent (no orphan keeps loading the target).
    const childEnv: Record<string, string> = { LOADSPEC_RUN_DIR: runDir, LOADSPEC_RUNNER_PID: String(process.pid) };
    if (apiKey) childEnv[apiKeyEnv] = apiKey;
    if (credentials.authorization) childEnv[TARGET_AUTHORIZATION_ENV] = credentials.authorization;
    if (onCloud) childEnv['ARTILLERY_PLUGIN_PATH'] = await linkPackagedNames(path.join(runDir, 'plugin-links'), PLUGINS_DIR, resolved.plugins);
    if (options.shard) childEnv.LOADSPEC_SHARD = `${options.shard.index}/${options.shard.count}`;
    // --dotenv values reach Artillery's {{ $env }} (and processors) the way `artillery run --dotenv` hands them over.
    Object.assign(childEnv, options.runOptions?.dotenvValues ?? {});
    const environment = options.runOptions?.environment;
    const waitMs = options.startAt === undefined ? 0 : Math.max(0, options.startAt - Date.now());
    if (options.startAt !== undefined) {
      childEnv[START_AT_ENV] = String(options.startAt);
      events.emit('plugin-line', `[loadspec] the load begins at ${new Date(options.startAt).toISOString()} (--start-at), in ${(waitMs / 1000).toFixed(1)} s`);
    }
    const artillery = startArtillery({
      scriptPath,
      runDir,
      env: childEnv,
      secrets: [...(apiKey ? [apiKey] : []), ...credentials.secrets],
      capMs: resolved.capS * 1000,
      // Before the load starts: the wait for --start-at, then Artillery's start-up.
      startUpAllowanceMs: waitMs + START_UP_ALLOWANCE_MS,
      // The environment is merged already; its name stays for {{ $environment }} in flows.
      extraArgs: [...(environment === undefined ? [] : ['-e', environment]), ...(options.artilleryArgs ?? [])],
      onLine: (line) => {
        if (PLUGIN_LINE.test(line)) events.emit('plugin-line', line);
      },
    });

    let stopCause: StopCause = null;
    const onAbort = (): void => {
      stopCause = options.signal.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT';
      events.emit('stopping', { reason: `stopping on ${stopCause}: keeping everything recorded so far` });
      artillery.stop(stopCause);
    };
    if (options.signal.aborted) onAbort();
    else options.signal.addEventListener('abort', onAbort, { once: true });

    const criteriaReadMetrics = thresholds.criteria.some((c) => readsTargetMetrics(c.criterion));
    const monitor = options.monitor
      ? startRunMonitor({ target, healthUrl, generatorPid: artillery.pid, runDir, loadspec: script.loadspec, criteriaReadMetrics, onWarning: (m) => events.emit('plugin-line', `[loadspec] monitor: ${m}`), onSample: (sample) => events.emit('monitor-sample', sample) })
      : null;
    // The runner judges the live run and stops Artillery itself (the thresholds plugin only judges under a plain `artillery run`).
    const session = new LiveSession(thresholds, (decision) => {
      if (stopCause !== null) return;
      try {
        appendFileSync(path.join(runDir, 'events.jsonl'), `${JSON.stringify(abortEvent(decision, Date.now()))}\n`);
      } catch {
        // A full disk must not keep a failing run going: it stops all the same, as interrupted.
      }
      events.emit('plugin-line', `[loadspec] ${abortLine(decision)}`);
      artillery.stop('SIGINT');
    });
    const progress = watchProgress(
      runDir,
      { startedAt, plannedS: resolved.capS, phases: resolved.phases },
      record,
      (p) => {
        // The cap counts from the load's start (the first phase), not from Artillery's spawn.
        if (p.loadStartedAt !== null) artillery.loadStarted(p.loadStartedAt);
        events.emit('progress', p);
      },
      (tick) => {
        session.observe(tick.closed);
        // The record ticks go out only when someone listens (the dashboard).
        if (events.listenerCount('record') > 0) events.emit('record', tick);
      },
    );

    const exit = await artillery.done;
    options.signal.removeEventListener('abort', onAbort);
    await progress.stop();
    const monitorData = monitor ? await monitor.stop() : null;

    let result: Awaited<ReturnType<typeof finishRun>>;
    try {
      result = await finishRun({ runDir, manifest, endedAt: Date.now(), exit, stopCause, monitor: monitorData, record: record.final() });
    } catch (error: unknown) {
      const reason = writeFailure(error, runDir);
      if (reason === null) throw error;
      return { kind: 'unwritable', configFile, runDir, reason, exitCode: ExitCode.incomplete };
    }
    return { kind: 'ran', configFile, runDir, result: result.result, exitCode: result.exitCode };
  } finally {
    await demo?.stop();
  }
}
