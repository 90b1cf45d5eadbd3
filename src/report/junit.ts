/**
 * JUnit XML so CI test tabs list each criterion as a test: one <testsuite> per
 * scenario, one <testcase> per criterion. A failed criterion is a <failure>
 * ("observed vs limit"); a criterion without data, or a run that errored, was
 * interrupted or could not be judged, is an <error>, because nothing was actually judged.
 * Warnings about a run that was judged (a monitor that saw no metrics, a capped load)
 * go to <system-out>: CI reporters turn any <error> red, and a pass must stay green.
 */
import { writeFileWhole } from '../core/write-whole.ts';
import { join } from 'node:path';
import { observedVsLimit } from './criteria-lines.ts';
import { escapeXml } from './escape.ts';
import { runNotes } from './run-notes.ts';
import type { RunResult } from '../core/types.ts';

interface TestCase {
  name: string;
  outcome: { kind: 'failure' | 'error'; type: string; message: string; details: string } | null;
  /** What a reader should know that is no error (shown by CI reporters as the test's output). */
  output?: string;
}

function attribute(name: string, value: string | number): string {
  return `${name}="${escapeXml(String(value))}"`;
}

function suiteName(result: RunResult): string {
  return result.meta.shard ? `${result.meta.scenario} (shard ${result.meta.shard})` : result.meta.scenario;
}

function testCases(result: RunResult): TestCase[] {
  const cases: TestCase[] = result.verdict.criteria.map((criterion) => ({
    name: criterion.text,
    outcome:
      criterion.status === 'passed'
        ? null
        : {
            kind: criterion.status === 'failed' ? 'failure' : 'error',
            type: criterion.status === 'failed' ? 'threshold' : 'no-data',
            message: criterion.status === 'failed' ? observedVsLimit(criterion) : `no data: ${criterion.message}`,
            details: criterion.message,
          },
  }));
  // The run itself gets a test case when it cannot be trusted, so CI does not show only green criteria.
  const { status, reason } = result.verdict;
  // An informational note (a run capped as planned) is no problem; an interrupted run always is.
  const notes = runNotes(result).filter((note) => note.level !== 'info');
  const untrusted = status === 'errored' || status === 'inconclusive' || status === 'interrupted';
  if (untrusted) {
    const problems = [...(reason ? [reason] : []), ...notes.map((note) => note.text)];
    cases.unshift({
      name: 'run completed and produced data',
      outcome: {
        kind: 'error',
        type: status,
        message: problems[0] ?? status,
        details: problems.join('\n'),
      },
    });
  } else if (notes.length > 0 || cases.length === 0) {
    // Judged (passed or failed): what went less than perfectly is said, not counted as an error.
    const said = notes.length > 0 ? notes.map((note) => note.text) : ['The run had no criteria to judge.'];
    cases.unshift({ name: 'run completed and produced data', outcome: null, output: said.join('\n') });
  }
  return cases;
}

interface RenderedSuite {
  xml: string;
  tests: number;
  failures: number;
  errors: number;
}

function renderSuite(result: RunResult): RenderedSuite {
  const cases = testCases(result);
  const failures = cases.filter((item) => item.outcome?.kind === 'failure').length;
  const errors = cases.filter((item) => item.outcome?.kind === 'error').length;
  const name = suiteName(result);
  const lines = [
    `  <testsuite ${[
      attribute('name', name),
      attribute('tests', cases.length),
      attribute('failures', failures),
      attribute('errors', errors),
      attribute('skipped', 0),
      attribute('time', result.meta.actualDurationS.toFixed(3)),
      attribute('timestamp', new Date(result.meta.startedAt).toISOString().slice(0, 19)),
    ].join(' ')}>`,
    '    <properties>',
    ...[
      ['target', result.meta.target],
      ['config', result.meta.configFile],
      ['completion', result.meta.completion],
      ['verdict', result.verdict.status],
      ['requests', String(result.totals.requests)],
      ['loadspec', result.meta.loadspecVersion],
      ['artillery', result.meta.artilleryVersion],
    ].map(([key = '', value = '']) => `      <property ${attribute('name', key)} ${attribute('value', value)}/>`),
    '    </properties>',
  ];
  for (const item of cases) {
    const open = `    <testcase ${attribute('classname', `loadspec.${name}`)} ${attribute('name', item.name)}`;
    const output = item.output === undefined ? [] : [`      <system-out>${escapeXml(item.output)}</system-out>`];
    if (item.outcome === null) {
      lines.push(...(output.length === 0 ? [`${open}/>`] : [`${open}>`, ...output, '    </testcase>']));
      continue;
    }
    const { kind, type, message, details } = item.outcome;
    lines.push(
      `${open}>`,
      `      <${kind} ${attribute('message', message)} ${attribute('type', type)}>${escapeXml(details)}</${kind}>`,
      '    </testcase>',
    );
  }
  lines.push('  </testsuite>');
  return { xml: lines.join('\n'), tests: cases.length, failures, errors };
}

/** A scenario that never ran is a suite with one error: CI must not show it green or leave it out. */
function notRunSuite(scenario: string, reason: string): RenderedSuite {
  const name = attribute('name', scenario);
  const xml = [
    `  <testsuite ${name} tests="1" failures="0" errors="1" skipped="0" time="0.000">`,
    `    <testcase ${attribute('classname', `loadspec.${scenario}`)} name="scenario ran">`,
    `      <error ${attribute('message', `not run: ${reason}`)} type="not-run">${escapeXml(reason)}</error>`,
    '    </testcase>',
    '  </testsuite>',
  ].join('\n');
  return { xml, tests: 1, failures: 0, errors: 1 };
}

/** JUnit XML for one run or several (one <testsuite> each), plus scenarios that never ran. */
export function renderJUnit(results: RunResult | readonly RunResult[], notRun: readonly { scenario: string; reason: string }[] = []): string {
  const list: readonly RunResult[] = Array.isArray(results) ? results : [results as RunResult];
  const suites = [...list.map(renderSuite), ...notRun.map((n) => notRunSuite(n.scenario, n.reason))];
  const count = (key: 'tests' | 'failures' | 'errors'): number => suites.reduce((sum, suite) => sum + suite[key], 0);
  const time = list.reduce((sum, result) => sum + result.meta.actualDurationS, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites ${[
      attribute('name', 'loadspec'),
      attribute('tests', count('tests')),
      attribute('failures', count('failures')),
      attribute('errors', count('errors')),
      attribute('time', time.toFixed(3)),
    ].join(' ')}>`,
    ...suites.map((suite) => suite.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

export async function writeJUnit(result: RunResult, dir: string): Promise<string> {
  const path = join(dir, 'junit.xml');
  await writeFileWhole(path, renderJUnit(result));
  return path;
}
