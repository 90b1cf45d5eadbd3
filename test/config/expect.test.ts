/**
 * Response checks in YAML: what the schema accepts and how it speaks about a
 * mistake (file:line:col, did you mean), and that the shipped flows check every request.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { formatConfigError, loadScenarioFile } from '../../src/config/load.ts';
import { HTTP_METHODS } from '../../src/config/schema/steps.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string) => path.join(REPO, 'test/fixtures/config/expect', name);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

describe('expect: checks in scenario files', () => {
  it('accepts every check the plugin knows, in list and section form', async () => {
    const result = await loadScenarioFile(fixture('valid.yml'));
    assert.ok(result.ok, result.ok ? '' : result.errors.map((e) => formatConfigError(e)).join('\n'));
  });

  it('places each mistake at file:line:col and suggests the name meant', async () => {
    const result = await loadScenarioFile(fixture('bad-checks.yml'));
    assert.equal(result.ok, false);
    const lines = result.ok ? [] : result.errors.map((e) => formatConfigError(e, REPO));
    const file = 'test/fixtures/config/expect/bad-checks.yml';
    assert.deepEqual(lines, [
      `${file}:8:21 config.plugins.expect.outputFormat must be "pretty" or "prettyError" or "json" or "silent" (got "silnet"); did you mean "silent"?`,
      `${file}:9:7 unknown key "reportFailuresAsError" in config.plugins.expect; did you mean "reportFailuresAsErrors"?`,
      `${file}:17:15 unknown key "hasProprety" in scenarios[0].flow[0].post.expect[1]; did you mean "hasProperty"?`,
      `${file}:18:27 scenarios[0].flow[0].post.expect[2].statusCode must be an HTTP status code (e.g. 200), a list of them (e.g. [200, 201]), or a {{ variable }} (got "ok")`,
      `${file}:19:15 scenarios[0].flow[0].post.expect[3] must be one check per "- " line, e.g. "- statusCode: 200" with "- contentType: json" on the next line (got a section)`,
      `${file}:21:23 scenarios[0].flow[0].post.expect[4].equals must be a list of values, e.g. ["{{ name }}", "apple"] (got "{{ a }}")`,
      `${file}:22:26 scenarios[0].flow[0].post.expect[5].hasHeader must be a header name in lower case, e.g. "content-type" (Node gives response headers lower-case names) (got "X-Request-Id")`,
      `${file}:23:25 scenarios[0].flow[0].post.expect[6].jmespath must be text such as "type(xp) == 'number'" (got 5)`,
      `${file}:27:25 scenarios[0].flow[1].get.expect.statusCode must be an HTTP status code (e.g. 200), a list of them (e.g. [200, 201]), or a {{ variable }} (got 700)`,
      `${file}:28:13 unknown key "contentTyp" in scenarios[0].flow[1].get.expect; did you mean "contentType"?`,
    ]);
  });

  it('makes `loadspec validate` exit 2 with the same sentences', () => {
    const run = spawnSync(process.execPath, [path.join(REPO, 'src/cli.ts'), 'validate', fixture('bad-checks.yml')], {
      cwd: REPO,
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    assert.equal(run.status, 2, run.stdout + run.stderr);
    assert.match(run.stdout + run.stderr, /bad-checks\.yml:17:15 unknown key "hasProprety" .*did you mean "hasProperty"\?/);
  });
});

describe('the shared flows (configs/flows/api-user.yml)', () => {
  it('check status, JSON and a body field on every request, with the expect plugin on and quiet', async () => {
    const result = await loadScenarioFile(path.join(REPO, 'configs/smoke.yml'));
    assert.ok(result.ok);
    assert.deepEqual(result.script.config?.plugins?.['expect'], { outputFormat: 'silent', reportFailuresAsErrors: false });
    const checked: string[] = [];
    const visit = (flow: unknown): void => {
      if (!Array.isArray(flow)) return;
      for (const step of flow) {
        if (!isRecord(step)) continue;
        for (const method of HTTP_METHODS) {
          const request = step[method];
          if (!isRecord(request)) continue;
          const checks = Array.isArray(request['expect']) ? request['expect'].filter(isRecord) : [];
          const names = checks.map((c) => Object.keys(c)[0]);
          const where = `${method.toUpperCase()} ${String(request['url'])}`;
          assert.ok(checks.some((c) => typeof c['statusCode'] === 'number'), `${where} checks its status`);
          assert.ok(checks.some((c) => c['contentType'] === 'json'), `${where} checks for JSON`);
          // A body value: jmespath over the body, or equals of a captured field and the value sent.
          assert.ok(names.includes('hasProperty') && (names.includes('jmespath') || names.includes('equals')), `${where} checks the body: ${names.join(', ')}`);
          checked.push(where);
        }
        visit(step['loop']);
        if (Array.isArray(step['pick'])) for (const branch of step['pick']) if (isRecord(branch)) visit(branch['flow']);
      }
    };
    for (const scenario of result.script.scenarios ?? []) visit((scenario as Record<string, unknown>)['flow']);
    // One chat and one food request, their values drawn from lists; reminders; gamification.
    assert.equal(checked.length, 4, checked.join('\n'));
  });
});
