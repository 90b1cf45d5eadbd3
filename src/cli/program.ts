/**
 * The commands and flags of `loadspec`, wired to the core. Exported so tests can
 * drive the CLI in-process; src/cli.ts only runs it and exits.
 */
import { EventEmitter } from 'node:events';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { runScenario } from '../run/run-scenario.ts';
import type { RunEvents, ScenarioOutcome } from '../run/run-scenario.ts';
import { ExitCode } from '../core/exit-codes.ts';
import type { ExitCodeValue } from '../core/exit-codes.ts';
import { renderRunEvents } from './render-run.ts';
import type { Output } from './render-run.ts';
import { formatConfigError, loadScenarioFile } from '../config/load.ts';
import { missingFileMessage, projectPath } from './file-arguments.ts';
import type { LoadResult } from '../config/load.ts';
import { checkResultsRoot } from '../run/results-root.ts';
import { validateFiles } from '../config/validate.ts';
import { readRunOptions, type RunFlags as ArtilleryFlags, type RunOptions } from '../config/run-options.ts';
import { renderConsoleSummary } from '../report/console-summary.ts';
import { appendStepSummary, renderMarkdown } from '../report/markdown.ts';
import { renderConsolidated, writeConsolidated } from '../report/consolidated.ts';
import type { NotRun } from '../report/consolidated.ts';
import { LOADSPEC_VERSION } from '../version.ts';
import { createRunDirectory } from '../run/run-directory.ts';
import { monitorCommand } from './monitor.ts';
import { reportCommand, compareCommand, mergeCommand } from './results-commands.ts';
import type { CompareFlags } from './results-commands.ts';
import { COMPARE_DEFAULTS } from '../report/compare.ts';
import { planCommand, shortPlanLine } from './plan-command.ts';
import { initCommand } from './init-command.ts';
import { runsCommand } from './runs-command.ts';
import type { InitFlags } from './init-command.ts';
import { parseStartAt } from '../core/start-at.ts';
import { describeBadTarget } from '../core/target-url.ts';
import { dashboardFromEnvironment, readDashboardAddress } from '../dashboard/address.ts';
import { startDashboard } from '../dashboard/server.ts';
import type { Dashboard } from '../dashboard/server.ts';

/** Worst first: the exit code of several scenarios is the most serious one among them. */
const SEVERITY: ExitCodeValue[] = [
  ExitCode.terminated,
  ExitCode.interrupted,
  ExitCode.usage,
  ExitCode.incomplete,
  ExitCode.notRun,
  ExitCode.inconclusive,
  ExitCode.failed,
  ExitCode.passed,
];

export function combineExitCodes(codes: ExitCodeValue[]): ExitCodeValue {
  for (const code of SEVERITY) if (codes.includes(code)) return code;
  return ExitCode.passed;
}

export function parseShard(value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new InvalidArgumentError(`"${value}" is not a shard; write k/n with 1 <= k <= n, e.g. --shard 2/4`);
  }
  return { index, count };
}

/** `all` means every scenario file in configs/ (not the shared flows), in name order. */
async function expandScenarioArgs(args: string[], configsDir: string): Promise<string[]> {
  const files: string[] = [];
  for (const arg of args) {
    if (arg === 'all') {
      const names = (await readdir(configsDir)).filter((n) => /\.ya?ml$/.test(n)).sort();
      files.push(...names.map((n) => path.join(configsDir, n)));
    } else {
      files.push(arg);
    }
  }
  return files;
}

/** Artillery's run options with Artillery's meaning, shared by `run` and `validate`. */
function withArtilleryFlags(command: Command): Command {
  return command
    .option('-e, --environment <name>', 'use config.environments.<name>, merged over config as Artillery merges it')
    .option('-c, --config <file>', 'read the config from this file too, merged over the scenario file (a split test)')
    .option('-p, --payload <file>', 'the CSV file of config.payload (when it has no path)')
    .option('-v, --variables <json>', 'variables for flows and for {{ }} in config, a JSON object')
    .option('--overrides <json>', 'values merged over the whole script (lists replaced), a JSON object')
    .option('--dotenv <file>', 'environment variables from a file of NAME=value lines (set ones win)')
    .option('--env-file <file>', 'same as --dotenv');
}

interface ValidateFlags extends ArtilleryFlags {
  envFile?: string;
}

/** The Artillery flags understood, or the sentences saying which is not. */
async function artilleryOptions(flags: ValidateFlags): Promise<{ ok: true; options: RunOptions } | { ok: false; problems: string[] }> {
  const read = await readRunOptions({ ...flags, dotenv: flags.dotenv ?? flags.envFile }, process.env);
  return read.ok ? read : { ok: false, problems: read.problems.map((p) => `loadspec: ${p}`) };
}

interface PlanFlags extends ValidateFlags {
  json?: boolean;
  shard?: { index: number; count: number };
}

interface RunFlags extends ValidateFlags {
  target?: string;
  results: string;
  output?: string;
  quiet?: boolean;
  monitor: boolean;
  shard?: { index: number; count: number };
  validate?: boolean;
  startAt?: string;
  platform?: string;
  count?: string;
  /** `--dashboard` alone is `true`. */
  dashboard?: string | true;
}

async function validateCommand(files: string[], flags: ValidateFlags, out: Output): Promise<ExitCodeValue> {
  const read = await artilleryOptions(flags);
  if (!read.ok) {
    for (const problem of read.problems) out.write(`${problem}\n`);
    return ExitCode.usage;
  }
  const results = await validateFiles(files, read.options);
  let bad = 0;
  for (const r of results) {
    const includedBy = r.includedBy === undefined ? '' : ` (shared flows; ${r.includedBy.length === 0 ? 'no scenario file next to it or one folder up includes it' : `included by ${r.includedBy.map((f) => path.relative(process.cwd(), f)).join(', ')}`})`;
    if (r.errors.length === 0) {
      out.write(`${r.file}: valid${includedBy}\n`);
      for (const note of r.notes ?? []) out.write(`${formatConfigError(note)}\n`);
      if (r.needs !== undefined) out.write(`${r.file}: ${r.needs}\n`);
    } else {
      bad++;
      for (const e of r.errors) out.write(`${formatConfigError(e)}\n`);
      if (includedBy !== '') out.write(`${r.file}: invalid${includedBy}\n`);
    }
  }
  return bad > 0 ? ExitCode.usage : ExitCode.passed;
}

function describeOutcome(outcome: ScenarioOutcome, out: Output): void {
  if (outcome.kind === 'invalid') {
    for (const e of outcome.errors) out.write(`${formatConfigError(e)}\n`);
    out.write(`${outcome.configFile}: not run (${outcome.errors.length} error${outcome.errors.length > 1 ? 's' : ''} above)\n`);
  } else if (outcome.kind === 'not-run' || outcome.kind === 'refused') {
    out.write(`${outcome.configFile}: not run: ${outcome.reason}\n`);
  } else if (outcome.kind === 'unwritable') {
    out.write(`${outcome.configFile}: ${outcome.reason}\n`);
  } else {
    out.write(`\n${renderConsoleSummary(outcome.result, { color: out.color })}\n`);
    out.write(`Reports: ${outcome.runDir}\n`);
  }
}

/** In GitHub Actions, each scenario's Markdown summary goes to the job summary page. */
async function publishStepSummary(outcome: ScenarioOutcome): Promise<void> {
  if (outcome.kind === 'ran') await appendStepSummary(renderMarkdown(outcome.result), process.env);
}

const COMMANDS = ['run', 'validate', 'plan', 'init', 'runs', 'report', 'compare', 'merge', 'monitor'];

/**
 * Every argument understood before anything starts: each file exists (a word that is
 * not a file but close to a command is a mistyped command), and every file is valid.
 * Returns the sentences to print; none means go.
 */
async function checkRunArguments(args: readonly string[], files: readonly string[], options: RunOptions, loaded: Map<string, LoadResult>): Promise<string[]> {
  const problems: string[] = [];
  for (const file of files) {
    if ((await stat(file).catch(() => null))?.isFile()) continue;
    problems.push(args.includes(file) ? missingFileMessage(file, COMMANDS) : `${file}: no such scenario file`);
  }
  if (problems.length > 0) return problems;
  for (const file of files) {
    const result = await loadScenarioFile(file, options);
    // Kept for the run: what was checked is what runs, read once.
    loaded.set(file, result);
    if (!result.ok) problems.push(...result.errors.map((e) => formatConfigError(e)));
  }
  return problems;
}

/**
 * Started as a package script (`pnpm test:load`), the runner follows its parent: pnpm
 * exits at once on SIGTERM and leaves its child running, so a parent that went away is
 * a SIGTERM for the whole run. A parent that went away with a closed terminal is not: the
 * hangup reaches the whole job, and the script's shell (`sh -c`, which pnpm starts) dies of
 * it while the run goes on (`hungUp` says whether this process had a hangup too). The check
 * waits a moment after the parent is gone, so that a hangup delivered with it is seen first.
 */
function followPackageManager(onGone: () => void, hungUp: () => boolean): () => void {
  if (process.env.npm_lifecycle_event === undefined) return () => {};
  const parent = process.ppid;
  let settle: NodeJS.Timeout | undefined;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    settle = setTimeout(() => {
      if (!hungUp()) onGone();
    }, 300);
    settle.unref();
  }, 500);
  timer.unref();
  return () => {
    clearInterval(timer);
    clearTimeout(settle);
  };
}

async function runCommand(args: string[], flags: RunFlags, out: Output, stderr: Output): Promise<ExitCodeValue> {
  const smoke = projectPath('configs/smoke.yml');
  // A bare `test:load` runs the smoke test: say so, and how to run another.
  if (args.length === 0) out.write(`No scenario file given: running ${smoke}, the smoke test (give one to run it, e.g. test:load ${projectPath('configs/steady.yml')}, or "all").\n`);
  const files = await expandScenarioArgs(args.length > 0 ? args : [smoke], projectPath('configs'));
  if (flags.validate) return validateCommand(files, flags, out);

  const read = await artilleryOptions(flags);
  const options = read.ok ? read.options : undefined;
  const loadedFiles = new Map<string, LoadResult>();
  const problems = read.ok ? [...(await checkRunArguments(args, files, read.options, loadedFiles))] : [...read.problems];
  const resultsRoot = flags.output ?? flags.results;
  if (flags.output !== undefined && /\.json$/i.test(flags.output)) {
    problems.push(`loadspec: --output ${flags.output}: loadspec writes a run directory (Artillery's JSON report is artillery.json inside it); give a folder, e.g. --output results/`);
  }
  // --target and TARGET_URL hold for every file: a value that is no URL is a usage mistake (exit 2), named without its password.
  const givenTarget = flags.target ?? (options ?? { env: process.env }).env.TARGET_URL;
  const badTarget = givenTarget === undefined ? null : describeBadTarget(givenTarget, flags.target !== undefined ? '--target' : 'TARGET_URL');
  if (badTarget !== null) problems.push(badTarget);
  const resultsProblem = checkResultsRoot(resultsRoot);
  if (resultsProblem !== null) problems.push(resultsProblem);
  const startAt = flags.startAt === undefined ? undefined : parseStartAt(flags.startAt, Date.now());
  if (startAt?.ok === false) problems.push(startAt.reason);
  if (startAt !== undefined && files.length > 1) problems.push(`--start-at begins one scenario's load at one instant, but ${files.length} files were given; run each file with its own --start-at`);
  const dashboardAddress = flags.dashboard !== undefined ? readDashboardAddress(flags.dashboard) : dashboardFromEnvironment(process.env);
  if (dashboardAddress?.ok === false) problems.push(dashboardAddress.message);
  if (problems.length > 0 || options === undefined) {
    for (const problem of problems) out.write(`${problem}\n`);
    out.write(`Nothing was run: ${files.length > 1 ? 'every file and argument must be right before the first scenario starts' : 'fix the above and run again'}.\n`);
    return ExitCode.usage;
  }

  const controller = new AbortController();
  let hungUp = false;
  const ignoreHangup = (): void => {
    hungUp = true;
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!controller.signal.aborted) controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A terminal that closes (SIGHUP) does not stop the run: it goes on, its output closed
  // (closed-output.ts), and ends as it would have, every report written.
  process.on('SIGHUP', ignoreHangup);
  const stopFollowing = followPackageManager(() => onSignal('SIGTERM'), () => hungUp);

  let dashboard: Dashboard | null = null;
  if (dashboardAddress?.ok) {
    const { host, port } = dashboardAddress.address;
    try {
      dashboard = await startDashboard({ host, port, onStop: () => onSignal('SIGINT') });
    } catch (error: unknown) {
      stopFollowing();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      const code = (error as NodeJS.ErrnoException | null)?.code;
      out.write(`The dashboard could not listen on ${host}:${port} (${code ?? String(error)}); pick another port (--dashboard 18140, or 0 for any free one). Nothing was run.\n`);
      return ExitCode.notRun;
    }
    stderr.write(`Dashboard: ${dashboard.url} (live numbers, and a button that stops the run like Ctrl-C)\n`);
  }

  const outcomes: ScenarioOutcome[] = [];
  try {
    for (const file of files) {
      if (controller.signal.aborted) break;
      const events = new EventEmitter<RunEvents>();
      events.on('planned', ({ plan, notes, shard }) => out.write(`${files.length > 1 ? `${file}\n` : ''}${shortPlanLine(plan, notes, shard)}\n`));
      dashboard?.follow(events);
      const renderer = renderRunEvents(events, stderr, { quiet: flags.quiet === true });
      const artilleryArgs = [
        ...(flags.platform ? ['--platform', flags.platform] : []),
        ...(flags.count ? ['--count', flags.count] : []),
      ];
      const outcome = await runScenario(
        {
          configFile: file,
          target: flags.target,
          resultsRoot,
          runOptions: options,
          loaded: loadedFiles.get(file),
          monitor: flags.monitor,
          shard: flags.shard,
          startAt: startAt?.ok === true ? startAt.at : undefined,
          artilleryArgs,
          env: options.env,
          signal: controller.signal,
        },
        events,
      );
      renderer.clear();
      dashboard?.finish(outcome.kind === 'ran' ? outcome.result : null);
      describeOutcome(outcome, out);
      await publishStepSummary(outcome);
      outcomes.push(outcome);
    }
  } finally {
    stopFollowing();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await dashboard?.close();
  }

  const ran = outcomes.flatMap((o) => (o.kind === 'ran' ? [o.result] : []));
  const scenarioOf = (file: string): string => path.basename(file).replace(/\.ya?ml$/i, '');
  const notRun: NotRun[] = [
    ...outcomes.flatMap((o): NotRun[] => {
      if (o.kind === 'invalid') return [{ scenario: scenarioOf(o.configFile), reason: `invalid file (${o.errors.length} error${o.errors.length > 1 ? 's' : ''})` }];
      if (o.kind === 'not-run' || o.kind === 'refused' || o.kind === 'unwritable') return [{ scenario: scenarioOf(o.configFile), reason: o.reason }];
      return [];
    }),
    // Files after a Ctrl-C never started.
    ...files.slice(outcomes.length).map((file) => ({ scenario: scenarioOf(file), reason: 'the run was stopped before this scenario started' })),
  ];
  if (files.length > 1) {
    out.write(`\n${renderConsolidated(ran, { color: out.color }, notRun).text}`);
    const dir = await createRunDirectory(resultsRoot, 'consolidated');
    await writeConsolidated(ran, dir, notRun);
    out.write(`Consolidated summary: ${dir}\n`);
  }
  const stopped = files.length - outcomes.length > 0 ? [controller.signal.reason === 'SIGTERM' ? ExitCode.terminated : ExitCode.interrupted] : [];
  return combineExitCodes([...outcomes.map((o) => o.exitCode), ...stopped]);
}

export function buildProgram(out: Output, stderr: Output, setExit: (code: ExitCodeValue) => void): Command {
  const program = new Command('loadspec')
    .description('Declarative load tests: YAML scenarios run on Artillery, judged by thresholds, reported for people and CI.')
    .version(LOADSPEC_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.write(s), writeErr: (s) => stderr.write(s) })
    .showSuggestionAfterError(true);

  withArtilleryFlags(program
    .command('run', { isDefault: true })
    .description('run scenario files in order ("all" = every file in configs/); no target starts the bundled demo target')
    .argument('[configs...]', 'scenario files, or "all"')
    .option('--target <url>', 'the target URL (overrides TARGET_URL and config.target)')
    .option('--results <dir>', 'where run directories go', projectPath('results'))
    .option('-o, --output <dir>', 'same as --results (Artillery habit; a folder, not a .json file)')
    .option('-q, --quiet', 'no live status line or per-window lines; the summary and verdict still print')
    .option('--no-monitor', 'do not sample the machine, generator and target during the run')
    .option('--shard <k/n>', 'run the k-th of n equal parts of the load (for several machines)', parseShard)
    .option('--start-at <time>', 'begin the load at this instant (ISO-8601 with zone, or +30s) after validation, health check and Artillery start-up; give every shard the same value')
    .option('--validate', 'only check the files, run nothing')
    .option('--platform <name>', "passed to Artillery's --platform (e.g. aws:lambda)")
    .option('--count <n>', "passed to Artillery's --count (number of cloud workers)")
    .option('--dashboard [port]', 'serve a live dashboard on 127.0.0.1 (default port 8089; HOST:PORT for another address); also LOADSPEC_DASHBOARD=1'))
    .action(async (configs: string[], flags: RunFlags) => setExit(await runCommand(configs, flags, out, stderr)));

  withArtilleryFlags(program
    .command('validate')
    .description('check scenario files without running anything')
    .argument('<files...>'))
    .action(async (files: string[], flags: ValidateFlags) => setExit(await validateCommand(files, flags, out)));

  withArtilleryFlags(program
    .command('plan')
    .description('print what a scenario file will send (users, requests, users at once, seconds, per phase) without sending anything')
    .argument('<file>')
    .option('--json', 'the plan as JSON: { users, requests, peakConcurrentUsers, seconds, phases: [...] }')
    .option('--shard <k/n>', 'the plan of the k-th of n parts of the load', parseShard))
    .action(async (file: string, flags: PlanFlags) => {
      const read = await artilleryOptions(flags);
      if (!read.ok) {
        for (const problem of read.problems) out.write(`${problem}\n`);
        setExit(ExitCode.usage);
        return;
      }
      setExit(await planCommand(file, flags, out, read.options));
    });

  program
    .command('init')
    .description('write a commented scenario file for your API that validates and runs as written')
    .option('--target <url>', 'the API to test (default: http://127.0.0.1:8000, or where --from-openapi found the spec)')
    .option('--out <file>', 'the file to write (never overwritten)', projectPath('configs/my-api.yml'))
    .option('--endpoint <"METHOD /path">', 'an endpoint to call, e.g. "GET /api/items" or "GET /api/items/{id}" (a {name} draws from a value list; repeat for more)', (value: string, list: string[]) => [...list, value], [] as string[])
    .option('--api-key [header]', 'the API asks for a key: send $LOADSPEC_API_KEY in this header (default X-API-Key)')
    .option('--health <path>', 'the path checked before the run (default /health)')
    .option('--from-openapi <file|url>', "write the test from the API's OpenAPI spec: a file, or a URL on this machine (e.g. http://127.0.0.1:8000/openapi.json)")
    .option('--from-har <file>', 'write the test from a browser recording (.har): its API requests replayed in order, with captures for values responses gave and secrets from the environment')
    .option('--keep-static', 'with --from-har: keep requests for scripts, styles, pictures and fonts')
    .action(async (flags: InitFlags) => setExit(await initCommand(flags, out)));

  program
    .command('runs')
    .description('list past runs, newest first: scenario, start, duration, requests, verdict and the report to open')
    .option('--results <dir>', 'the folder runs went to', projectPath('results'))
    .option('--limit <n>', 'show at most this many', '20')
    .action(async (flags: { results: string; limit: string }) => setExit(await runsCommand(flags, out)));

  program
    .command('report')
    .description('regenerate every report of a run from its saved data')
    .argument('<run-dir>')
    .action(async (dir: string) => setExit(await reportCommand(dir, out)));

  program
    .command('compare')
    .description('compare a run with a baseline run; exit 1 on a regression beyond the noise floor (relative and absolute)')
    .argument('<run>', 'run directory or summary.json, or "latest" (the newest run)')
    .requiredOption('--baseline <run>', 'the run to compare against, or "previous" (the run of the same scenario before it)')
    .option('--tolerance <percent>', `worsening, in percent of the baseline, that may be a regression (default ${COMPARE_DEFAULTS.tolerancePercent})`)
    .option('--tolerance-ms <ms>', `...and, for latencies, by more than this many milliseconds (default ${COMPARE_DEFAULTS.toleranceMs})`)
    .option('--tolerance-errors <points>', `...for the error rate, by more than this many percentage points (default ${COMPARE_DEFAULTS.toleranceErrorPoints})`)
    .option('--tolerance-rps <req/s>', `...for throughput, by more than this many requests per second (default ${COMPARE_DEFAULTS.toleranceRps})`)
    .option('--results <dir>', 'where "latest" and "previous" are looked for', projectPath('results'))
    .action(async (run: string, flags: CompareFlags) => setExit(await compareCommand(run, flags.baseline, flags, out)));

  program
    .command('merge')
    .description('merge the results of shards into one run and re-judge it')
    .argument('<run-dirs...>')
    .option('--out <dir>', 'where the merged run goes (default: a new directory under results/)')
    .action(async (dirs: string[], flags: { out?: string }) => setExit(await mergeCommand(dirs, flags.out, out)));

  program
    .command('monitor')
    .description('sample the machine and a target (like the reference monitor.py); see --help')
    .allowUnknownOption(true)
    .helpOption(false)
    .argument('[args...]')
    .action(async (args: string[]) => setExit((await monitorCommand(args, { stdout: out, stderr })) as ExitCodeValue));

  return program;
}

