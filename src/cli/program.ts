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
import { closest } from '../core/suggest.ts';
import { checkResultsRoot } from '../run/results-root.ts';
import { validateFiles } from '../config/validate.ts';
import { renderConsoleSummary } from '../report/console-summary.ts';
import { appendStepSummary, renderMarkdown } from '../report/markdown.ts';
import { renderConsolidated, writeConsolidated } from '../report/consolidated.ts';
import type { NotRun } from '../report/consolidated.ts';
import { LOADSPEC_VERSION } from '../version.ts';
import { createRunDirectory } from '../run/run-directory.ts';
import { monitorCommand } from './monitor.ts';
import { reportCommand, compareCommand, mergeCommand } from './results-commands.ts';
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

interface RunFlags {
  target?: string;
  results: string;
  monitor: boolean;
  shard?: { index: number; count: number };
  validate?: boolean;
  platform?: string;
  count?: string;
  /** `--dashboard` alone is `true`. */
  dashboard?: string | true;
}

async function validateCommand(files: string[], out: Output): Promise<ExitCodeValue> {
  const results = await validateFiles(files);
  let bad = 0;
  for (const r of results) {
    if (r.errors.length === 0) {
      out.write(`${r.file}: valid\n`);
    } else {
      bad++;
      for (const e of r.errors) out.write(`${formatConfigError(e)}\n`);
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

const COMMANDS = ['run', 'validate', 'report', 'compare', 'merge', 'monitor'];

/**
 * Every argument understood before anything starts: each file exists (a word that is
 * not a file but close to a command is a mistyped command), and every file is valid.
 * Returns the sentences to print; none means go.
 */
async function checkRunArguments(args: readonly string[], files: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const file of files) {
    if ((await stat(file).catch(() => null))?.isFile()) continue;
    const asCommand = args.includes(file) && !/[./\\]/.test(file) ? closest(file, COMMANDS) : undefined;
    problems.push(
      asCommand !== undefined
        ? `loadspec: unknown command "${file}"; did you mean "${asCommand}"? Commands: ${COMMANDS.join(', ')}`
        : `${file}: no such scenario file; give a path like configs/smoke.yml, or "all" for every file in configs/`,
    );
  }
  if (problems.length > 0) return problems;
  for (const file of files) {
    const loaded = await loadScenarioFile(file);
    if (!loaded.ok) problems.push(...loaded.errors.map((e) => formatConfigError(e)));
  }
  return problems;
}

/**
 * Started as a package script (`pnpm test:load`), the runner follows its parent: pnpm
 * exits at once on SIGTERM and leaves its child running, so a parent that went away is
 * a SIGTERM for the whole run.
 */
function followPackageManager(onGone: () => void): () => void {
  if (process.env.npm_lifecycle_event === undefined) return () => {};
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) onGone();
  }, 500);
  timer.unref();
  return () => clearInterval(timer);
}

async function runCommand(args: string[], flags: RunFlags, out: Output, stderr: Output): Promise<ExitCodeValue> {
  const files = await expandScenarioArgs(args.length > 0 ? args : ['configs/smoke.yml'], 'configs');
  if (flags.validate) return validateCommand(files, out);

  const problems = [...(await checkRunArguments(args, files))];
  const resultsProblem = checkResultsRoot(flags.results);
  if (resultsProblem !== null) problems.push(resultsProblem);
  const dashboardAddress = flags.dashboard !== undefined ? readDashboardAddress(flags.dashboard) : dashboardFromEnvironment(process.env);
  if (dashboardAddress?.ok === false) problems.push(dashboardAddress.message);
  if (problems.length > 0) {
    for (const problem of problems) out.write(`${problem}\n`);
    out.write(`Nothing was run: ${files.length > 1 ? 'every file and argument must be right before the first scenario starts' : 'fix the above and run again'}.\n`);
    return ExitCode.usage;
  }

  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!controller.signal.aborted) controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const stopFollowing = followPackageManager(() => onSignal('SIGTERM'));

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
      dashboard?.follow(events);
      const renderer = renderRunEvents(events, stderr);
      const artilleryArgs = [
        ...(flags.platform ? ['--platform', flags.platform] : []),
        ...(flags.count ? ['--count', flags.count] : []),
      ];
      const outcome = await runScenario(
        {
          configFile: file,
          target: flags.target,
          resultsRoot: flags.results,
          monitor: flags.monitor,
          shard: flags.shard,
          artilleryArgs,
          env: process.env,
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
    const dir = await createRunDirectory(flags.results, 'consolidated');
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

  program
    .command('run', { isDefault: true })
    .description('run scenario files in order ("all" = every file in configs/); no target starts the bundled demo target')
    .argument('[configs...]', 'scenario files, or "all"')
    .option('--target <url>', 'the target URL (overrides TARGET_URL and config.target)')
    .option('--results <dir>', 'where run directories go', 'results')
    .option('--no-monitor', 'do not sample the machine, generator and target during the run')
    .option('--shard <k/n>', 'run the k-th of n equal parts of the load (for several machines)', parseShard)
    .option('--validate', 'only check the files, run nothing')
    .option('--platform <name>', "passed to Artillery's --platform (e.g. aws:lambda)")
    .option('--count <n>', "passed to Artillery's --count (number of cloud workers)")
    .option('--dashboard [port]', 'serve a live dashboard on 127.0.0.1 (default port 8089; HOST:PORT for another address); also LOADSPEC_DASHBOARD=1')
    .action(async (configs: string[], flags: RunFlags) => setExit(await runCommand(configs, flags, out, stderr)));

  program
    .command('validate')
    .description('check scenario files without running anything')
    .argument('<files...>')
    .action(async (files: string[]) => setExit(await validateCommand(files, out)));

  program
    .command('report')
    .description('regenerate every report of a run from its saved data')
    .argument('<run-dir>')
    .action(async (dir: string) => setExit(await reportCommand(dir, out)));

  program
    .command('compare')
    .description('compare a run with a baseline run; exit 1 on a regression beyond the tolerance')
    .argument('<run>', 'run directory or summary.json')
    .requiredOption('--baseline <run>', 'the run to compare against')
    .option('--tolerance <percent>', 'allowed worsening before it counts as a regression', '10')
    .action(async (run: string, flags: { baseline: string; tolerance: string }) =>
      setExit(await compareCommand(run, flags.baseline, Number(flags.tolerance), out)),
    );

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
    .action(async (args: string[]) => setExit((await monitorCommand(args)) as ExitCodeValue));

  return program;
}

