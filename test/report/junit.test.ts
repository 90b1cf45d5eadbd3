import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderJUnit } from '../../src/report/junit.ts';
import { syntheticRunResult } from '../fixtures/synthetic-run.ts';

/** A strict-enough check that CI's XML parser will accept the file: tags nest, no raw `<` or `&` in text or attributes. */
function assertWellFormed(xml: string): void {
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '');
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = token.exec(body)) !== null) {
    consumed = token.lastIndex;
    const [, closing, name, attributes, selfClosing, textContent] = match;
    const checkEntities = (value: string): void =>
      assert.doesNotMatch(value, /&(?!(amp|lt|gt|quot|#39);)/, `unescaped & in ${value}`);
    if (textContent !== undefined) {
      checkEntities(textContent);
      continue;
    }
    checkEntities(attributes ?? '');
    if (closing) assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
    else if (!selfClosing) stack.push(name ?? '');
  }
  assert.equal(consumed, body.length, `unparseable XML near: ${body.slice(consumed, consumed + 80)}`);
  assert.deepEqual(stack, [], 'unclosed elements');
}

test('a failing run: one testcase per criterion, failures carry "observed vs limit"', () => {
  const result = syntheticRunResult({ minutes: 2, endpoints: 4, failing: true });
  const xml = renderJUnit(result);
  assertWellFormed(xml);
  assert.match(xml, /<testsuite name="endurance" tests="3" failures="3" errors="0"/);
  assert.match(xml, /<testcase classname="loadspec.endurance" name="p95 &lt; 3s">\s*<failure message="observed 3\.\d\ds vs limit 3\.00s" type="threshold">/);
  assert.match(xml, /<failure message="observed \d+\.\d\d% vs limit 1\.00%"/);
});

test('a passing run has one empty testcase per criterion', () => {
  const xml = renderJUnit(syntheticRunResult({ minutes: 2, endpoints: 4 }));
  assertWellFormed(xml);
  assert.match(xml, /<testsuites name="loadspec" tests="3" failures="0" errors="0"/);
  assert.equal(xml.match(/<testcase [^>]*\/>/g)?.length, 3);
});

test('a passed run with a monitor warning stays green: the warning is test output, not an <error>', () => {
  const result = syntheticRunResult({ minutes: 2, endpoints: 4, withMonitor: true });
  assert.equal(result.verdict.status, 'passed');
  const warning = 'the target has no /api/v1/metrics endpoint & no /metrics: DB and cache columns are empty';
  const xml = renderJUnit({ ...result, monitor: result.monitor ? { ...result.monitor, warnings: [warning] } : null });
  assertWellFormed(xml);
  assert.match(xml, /<testsuites name="loadspec" tests="4" failures="0" errors="0"/);
  assert.doesNotMatch(xml, /<error /);
  assert.match(xml, /name="run completed and produced data">\s*<system-out>Monitor: the target has no \/api\/v1\/metrics endpoint &amp; no \/metrics/);
});

test('a passed run without criteria is no error in CI; the test says there was nothing to judge', () => {
  const result = syntheticRunResult({ minutes: 1, endpoints: 2 });
  const xml = renderJUnit({ ...result, verdict: { ...result.verdict, criteria: [] } });
  assertWellFormed(xml);
  assert.match(xml, /tests="1" failures="0" errors="0"/);
  assert.match(xml, /<system-out>The run had no criteria to judge\.<\/system-out>/);
});

test('an errored run with no data produces error elements, not passes', () => {
  const xml = renderJUnit(syntheticRunResult({ minutes: 1, endpoints: 2, zeroSuccess: true }));
  assertWellFormed(xml);
  assert.match(xml, /<testcase [^>]*name="run completed and produced data">\s*<error message="No request succeeded[^"]*" type="errored">/);
  assert.match(xml, /name="p95 &lt; 3s">\s*<error message="no data: /);
  assert.match(xml, /tests="4" failures="1" errors="3"/);
});

test('an interrupted run is an error in CI even when its criteria passed', () => {
  const xml = renderJUnit(syntheticRunResult({ minutes: 2, endpoints: 2, partial: true }));
  assertWellFormed(xml);
  assert.match(xml, /<error message="interrupted by Ctrl-C \(SIGINT\) after 2m; the criteria were judged on what was gathered" type="interrupted">/);
  assert.match(xml, /Interrupted: interrupted by Ctrl-C \(SIGINT\) after 2m\. It ran 1m 10s of at most 2m/);
  assert.match(xml, /<property name="completion" value="interrupted"\/>/);
});

test('several runs give one testsuite each; names from YAML are escaped', () => {
  const hostile = syntheticRunResult({ minutes: 1, endpoints: 2, failing: true, scenario: 'a"b<c>&d' });
  const criterion = hostile.verdict.criteria[0];
  assert.ok(criterion);
  criterion.text = 'p95 < 3s & "quoted" </testcase>';
  const xml = renderJUnit([syntheticRunResult({ minutes: 1, endpoints: 2, scenario: 'steady' }), hostile]);
  assertWellFormed(xml);
  assert.equal(xml.match(/<testsuite /g)?.length, 2);
  assert.match(xml, /<testsuite name="a&quot;b&lt;c&gt;&amp;d"/);
  assert.match(xml, /name="p95 &lt; 3s &amp; &quot;quoted&quot; &lt;\/testcase&gt;"/);
});
