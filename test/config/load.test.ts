import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { formatConfigError, loadScenarioFile, type ConfigError } from '../../src/config/load.ts';

const fixtures = fileURLToPath(new URL('../fixtures/config/', import.meta.url));
const fixture = (name: string) => path.join(fixtures, name);

async function errorsOf(name: string): Promise<ConfigError[]> {
  const result = await loadScenarioFile(fixture(name));
  assert.equal(result.ok, false, `${name} should be rejected`);
  return result.ok ? [] : result.errors;
}

/** Each expected error: [line, col, a piece of the message]. The list is complete and in order. */
async function expectErrors(name: string, expected: [number, number, string][]): Promise<void> {
  const errors = await errorsOf(name);
  const shown = errors.map((e) => `${e.line}:${e.col} ${e.message}`);
  assert.equal(errors.length, expected.length, `${name}: got\n${shown.join('\n')}`);
  expected.forEach(([line, col, text], i) => {
    const error = errors[i] as ConfigError;
    assert.deepEqual([error.line, error.col], [line, col], `${name}: position of "${error.message}"`);
    assert.ok(error.message.includes(text), `${name}: "${error.message}" should include "${text}"`);
  });
}

describe('loadScenarioFile on bad input', () => {
  it('says which value has the wrong type and what it should be', async () => {
    await expectErrors('wrong-types.yml', [
      [4, 20, 'config.phases[0].arrivalRate must be a number of virtual users per second (0 or more) (got "ten")'],
      [6, 14, 'config.http.timeout must be a number of seconds above 0, e.g. 10 (Artillery does not read units such as "10s" here) (got "10s")'],
      [7, 22, 'config.http.extendedMetrics must be true or false (got "yes")'],
      [11, 16, 'scenarios[0].flow[0].get.url must be a path such as "/api/items" or a full URL (got 5)'],
      [12, 16, 'scenarios[0].flow[1].think must be whole seconds (e.g. 5), a duration like "1.5s" or "500ms", or a {{ variable }} (got 1.5); Artillery would wait milliseconds'],
    ]);
  });

  it('rejects zero, negative and unreadable durations', async () => {
    await expectErrors('durations.yml', [
      [3, 17, 'config.phases[0].duration must be more than zero (got 0)'],
      [5, 17, 'config.phases[1].duration must be more than zero (got -5)'],
      [7, 14, 'config.phases[2].pause must be more than zero (got "0s")'],
      [8, 17, 'config.phases[3].duration must be a duration: seconds as a whole number (30) or a string like "500ms", "30s", "5m", "1h" (got "5 minutes please")'],
      [12, 16, 'scenarios[0].flow[0].think must be more than zero (got -1)'],
    ]);
  });

  it('rejects percentages outside 0 to 100', async () => {
    await expectErrors('percentages.yml', [
      [9, 19, 'degradation.baseline must be a percentage above 0 and up to 100, written as a number such as 10 (got 150)'],
      [10, 18, 'degradation.compare must be a percentage above 0 and up to 100, written as a number such as 10 (got -5)'],
    ]);
  });

  it('rejects weights Artillery would truncate, in scenarios and pick branches', async () => {
    await expectErrors('weights.yml', [
      [6, 13, 'scenarios[0].weight must be a whole number of 1 or more (got 0.5); weights are relative'],
      [9, 21, 'pick[0].weight must be a whole number of 1 or more (got 0)'],
      [12, 21, 'pick[1].weight must be a whole number of 1 or more (got 1.5)'],
    ]);
  });

  it('names an unknown step, suggests the closest and lists the steps', async () => {
    const steps = 'Steps are get, post, put, patch, delete, head, think, loop, parallel, pick, log, function';
    await expectErrors('unknown-step.yml', [
      [7, 9, `scenarios[0].flow[0]: unknown step "gett"; did you mean "get"? ${steps}`],
      [10, 13, 'scenarios[0].flow[1].loop[0]: unknown step "thnk"; did you mean "think"?'],
    ]);
  });

  it('points at unknown keys with a "did you mean", without echo errors', async () => {
    await expectErrors('unknown-keys.yml', [
      [5, 7, 'unknown key "arivalRate" in config.phases[0]; did you mean "arrivalRate"?'],
      [7, 5, 'config.plugins has "thresold", which is not a loadspec plugin; did you mean "thresholds"?'],
      [9, 1, 'unknown key "scenario" at the top level; did you mean "scenarios"?'],
    ]);
  });

  it('requires scenarios', async () => {
    await expectErrors('no-scenarios.yml', [[1, 1, 'the file has no scenarios; add a "scenarios:" list']]);
  });

  it('accepts a missing target but not one that is not an http(s) URL', async () => {
    assert.equal((await loadScenarioFile(fixture('no-target.yml'))).ok, true);
    await expectErrors('bad-target.yml', [[2, 11, 'config.target must be an http:// or https:// URL, e.g. "http://127.0.0.1:3000" (got "localhost:3000")']]);
  });

  it('reports a tab in the indentation once, at the tab', async () => {
    await expectErrors('tabs.yml', [[3, 1, 'a tab is used for indentation; YAML only allows spaces']]);
  });

  it('reports a duplicate key by name', async () => {
    await expectErrors('duplicate-keys.yml', [[5, 7, '"duration" appears twice in the same section']]);
  });

  it('says an empty file is empty', async () => {
    await expectErrors('empty.yml', [[1, 1, 'the file is empty']]);
    await expectErrors('comments-only.yml', [[1, 1, 'the file is empty']]);
  });

  it('says a binary file or broken JSON is not YAML, without a stack trace', async () => {
    await expectErrors('image.png.yml', [[1, 1, 'is a PNG image, not a YAML scenario file']]);
    await expectErrors('json-garbage.yml', [[1, 28, 'this is not valid YAML']]);
  });

  it('says a missing file is missing', async () => {
    const errors = await errorsOf('nope.yml');
    assert.equal(errors.length, 1);
    assert.match(errors[0]?.message ?? '', /^file not found/);
  });

  it('points at an include that does not exist', async () => {
    await expectErrors('missing-include.yml', [[3, 5, 'include[1]: "shared/does-not-exist.yml" not found']]);
  });

  it('reports errors inside an included file at that file\'s line and column', async () => {
    const errors = await errorsOf('include-with-error.yml');
    assert.equal(errors.length, 1);
    assert.equal(errors[0]?.file, fixture('shared/broken-flows.yml'));
    assert.deepEqual([errors[0]?.line, errors[0]?.col], [5, 16]);
    assert.match(errors[0]?.message ?? '', /^scenarios\[0\]\.flow\[1\]\.think must be whole seconds/);
  });

  it('reports the criterion parser\'s message at the criterion', async () => {
    await expectErrors('bad-criterion.yml', [
      [9, 11, 'config.plugins.thresholds.criteria[1]: "p95 is fast"'],
      [10, 19, 'config.plugins.thresholds.criteria[2].expect: unknown measure "banana"'],
    ]);
  });

  it('checks which phase keys go together and that expectations have their plugin', async () => {
    await expectErrors('phase-rules.yml', [
      [3, 7, 'config.phases[0] is missing "duration"'],
      [4, 7, 'config.phases[1] creates no virtual users; add "arrivalRate"'],
      [7, 7, 'config.phases[2] has both "arrivalCount" and "arrivalRate"'],
      [9, 7, 'config.phases[3] is a pause, which takes only "pause" and "name"'],
      [12, 32, 'scenarios[0].flow[0].get.expect is ignored unless the expect plugin is on'],
    ]);
  });

  it('never shows ajv\'s own wording', async () => {
    const names = ['wrong-types.yml', 'durations.yml', 'percentages.yml', 'weights.yml', 'unknown-step.yml', 'unknown-keys.yml', 'bad-target.yml', 'phase-rules.yml', 'bad-criterion.yml'];
    for (const name of names) {
      for (const error of await errorsOf(name)) {
        assert.doesNotMatch(error.message, /must match|must NOT|anyOf|oneOf|instancePath|schema/i, `${name}: ${error.message}`);
      }
    }
  });
});

describe('loadScenarioFile on a valid file', () => {
  it('returns the script with included scenarios appended and variables merged', async () => {
    const result = await loadScenarioFile(fixture('valid.yml'));
    assert.ok(result.ok, result.ok ? '' : result.errors.map((e) => formatConfigError(e)).join('\n'));
    const { script } = result;
    assert.deepEqual(script.scenarios.map((s) => s.name), ['health', 'shared reader']);
    // The scenario file's value wins over the shared file's.
    assert.deepEqual(script.config?.variables, { greeting: 'hello', pause: 1 });
    assert.equal('include' in script, false);
    assert.deepEqual(script.config?.plugins?.['some-third-party-plugin'], { anything: [1, 2, 3] });
    assert.equal(script.loadspec?.duration, '2m');
  });

  it('locates values of the merged script in the file they came from', async () => {
    const result = await loadScenarioFile(fixture('valid.yml'));
    assert.ok(result.ok);
    assert.deepEqual(result.source.locate(['scenarios', 1, 'flow', 0, 'get', 'url']), { file: fixture('shared/flows.yml'), line: 11, col: 16 });
    assert.deepEqual(result.source.locate(['config', 'variables', 'pause']), { file: fixture('shared/flows.yml'), line: 4, col: 12 });
    assert.deepEqual(result.source.locate(['config', 'phases', 2, 'arrivalCount']), { file: fixture('valid.yml'), line: 17, col: 21 });
    assert.deepEqual(result.source.files, [fixture('valid.yml'), fixture('shared/flows.yml')]);
  });
});

describe('formatConfigError', () => {
  it('writes file:line:col relative to the working directory, then the sentence', () => {
    const error: ConfigError = { file: '/work/x/configs/spike.yml', line: 12, col: 7, path: 'config.phases[1].arrivalRate', message: 'config.phases[1].arrivalRate must be a number (got "ten")' };
    assert.equal(formatConfigError(error, '/work/x'), 'configs/spike.yml:12:7 config.phases[1].arrivalRate must be a number (got "ten")');
  });
});

describe('loadScenarioFile on files a scenario refers to', () => {
  it('reports a processor or payload file that does not exist, and a payload without column names', async () => {
    await expectErrors('missing-files.yml', [
      [2, 14, 'config.processor: "./no-such-processor.js" not found'],
      [6, 13, 'config.payload[1].path: "no-such-data.csv" not found'],
      [8, 7, 'config.payload[2] is missing "fields"'],
    ]);
  });
});

describe('notes on a valid file', () => {
  it('runs a deprecated "match" and says once, at the first one, to use capture + expect', async () => {
    const file = path.join(fixtures, '../artillery-corpus/artillery/examples/using-cookies/cookies.yml');
    const result = await loadScenarioFile(file);
    assert.ok(result.ok);
    assert.deepEqual(result.notes.map((n) => formatConfigError(n, path.dirname(file))), [
      'cookies.yml:29:11 note: scenarios[0].flow[1].get.match (and 2 more): "match" is deprecated in Artillery and runs for now; use "capture" to read the value and "expect" (with the expect plugin) to check it',
    ]);
  });
});
