/**
 * Every HTTP script of the Artillery corpus (test/fixtures/artillery-corpus/, see its SOURCES.md),
 * with the command-line options Artillery's own tests and docs run it with, and Artillery 2.0.34's
 * answer: `valid` (it runs) or the reason it refuses. The answers come from Artillery's own
 * preparation of the script (scripts/artillery-corpus-answers.ts) and, for what that does not
 * catch, from its docs; `loadspec` says where loadspec's answer differs on purpose, and why.
 */
import path from 'node:path';
import { readRunOptions, type RunOptionsResult } from '../../src/config/run-options.ts';

export const CORPUS_DIR = path.resolve(import.meta.dirname, '../fixtures/artillery-corpus');

/** Artillery's run options, as on its command line; paths relative to CORPUS_DIR. */
export interface CorpusFlags {
  config?: string;
  environment?: string;
  payload?: string;
  variables?: string;
  overrides?: string;
  dotenv?: string;
  target?: string;
}

export interface CorpusCase {
  script: string;
  flags?: CorpusFlags;
  /** Environment variables set for the run (the scripts read them with $env / $processEnvironment). */
  env?: Record<string, string>;
  /** What Artillery 2.0.34 does with it. */
  artillery: 'valid' | { refused: string };
  /** Where loadspec refuses a script Artillery runs, on purpose: the text its message must contain. */
  loadspec?: { refused: string; why: string };
  /**
   * What `loadspec validate` says the run needs, in a shell without the case's `env`, `-v` and
   * `--dotenv` (the file is valid there; `run` refuses it at the line that uses them).
   */
  runTime?: string;
  /**
   * What `validate` still refuses there (a piece of each error, in order): a flow's plain
   * `{{ name }}` that nothing in the file sets, even where the run's -v gives it. In config such a
   * name can only come from -v (runTime names it); in a flow it is more likely a misspelt name,
   * so it is refused at its line (src/config/flow-templates.ts). The runTime line is then not printed.
   */
  flowsWithout?: string[];
  /** The notes loadspec prints for the valid file (a piece of each, in order); none when absent. */
  notes?: string[];
}

const inCorpus = (file: string | undefined) => (file === undefined ? undefined : path.join(CORPUS_DIR, file));

/** A case's flags as loadspec reads them (paths inside the corpus), with only the case's environment variables. */
export function corpusRunOptions(c: CorpusCase): Promise<RunOptionsResult> {
  const f = c.flags ?? {};
  return readRunOptions({ environment: f.environment, config: inCorpus(f.config), payload: inCorpus(f.payload), variables: f.variables, overrides: f.overrides, dotenv: inCorpus(f.dotenv), target: f.target }, { ...c.env });
}

export const CORPUS_CASES: CorpusCase[] = [
  { script: "artillery-examples/file-uploads/file-uploads.yml", artillery: 'valid' },
  { script: "artillery-examples/functional-testing-with-expect-plugin/functional-load-tests.yml", flags: {"environment": "functional"}, artillery: 'valid' },
  { script: "artillery-examples/scenario-weights/scenario-weights.yml", artillery: 'valid' },
  { script: "artillery-examples/using-cookies/cookies.yml", artillery: 'valid', notes: ["\"match\" is deprecated in Artillery and runs for now; use \"capture\" to read the value and \"expect\""] },
  { script: "artillery-examples/using-data-from-csv/website-test.yml", artillery: 'valid' },
  { script: "artillery/examples/artillery-plugin-hello-world/test.yml", artillery: 'valid' },
  { script: "artillery/examples/automated-checks/load-test-with-automated-checks.yml", artillery: 'valid' },
  { script: "artillery/examples/functional-testing-with-expect-plugin/functional-load-tests.yml", flags: {"environment": "functional"}, artillery: 'valid' },
  { script: "artillery/examples/generating-vu-tokens/auth-with-token.yml", artillery: 'valid' },
  { script: "artillery/examples/graphql-api-server/graphql.yaml", artillery: 'valid' },
  { script: "artillery/examples/http-file-uploads/file-uploads.yml", artillery: 'valid' },
  { script: "artillery/examples/http-metrics-by-endpoint/endpoint-metrics.yml", artillery: 'valid' },
  { script: "artillery/examples/http-set-custom-header/set-header.yml", artillery: 'valid' },
  { script: "artillery/examples/multiple-scenario-specs/scenarios/armadillo.yml", flags: {"config": "artillery/examples/multiple-scenario-specs/common-config.yml"}, artillery: 'valid' },
  { script: "artillery/examples/refresh-auth-token/refresh.yml", artillery: 'valid' },
  { script: "artillery/examples/rpc-twirp-with-custom-function/test/scenario.yml", artillery: 'valid' },
  { script: "artillery/examples/scenario-weights/scenario-weights.yml", artillery: 'valid' },
  { script: "artillery/examples/script-overrides/test.yaml", flags: {"environment": "smoke"}, artillery: 'valid' },
  { script: "artillery/examples/script-overrides/test.yaml", flags: {"environment": "dynamic"}, env: {"ARRIVAL_RATE": "2", "DURATION": "3"}, artillery: 'valid', runTime: "needs at run time: ARRIVAL_RATE (a number: config.phases[0].arrivalRate), DURATION (a length of time: config.phases[0].duration)" },
  { script: "artillery/examples/script-overrides/test.yaml", flags: {"overrides": "{\"config\":{\"phases\":[{\"duration\":2,\"arrivalRate\":1}]}}"}, artillery: 'valid' },
  { script: "artillery/examples/soap-with-custom-function/soap.yml", artillery: 'valid' },
  { script: "artillery/examples/starter-kit/scenarios/sample_task_01.yaml", artillery: 'valid' },
  { script: "artillery/examples/starter-kit/scenarios/sample_task_02.yaml", artillery: 'valid' },
  { script: "artillery/examples/starter-kit/scenarios/sample_task_03.yaml", artillery: {"refused": "ENOENT: no such file or directory, open 'artillery/examples/starter-kit/data/users.csv'"} },
  { script: "artillery/examples/table-driven-functional-tests/functional-test.yml", artillery: 'valid' },
  { script: "artillery/examples/track-custom-metrics/custom-metrics.yml", artillery: 'valid' },
  { script: "artillery/examples/using-cookies/cookies.yml", artillery: 'valid', notes: ["\"match\" is deprecated in Artillery and runs for now; use \"capture\" to read the value and \"expect\""] },
  { script: "artillery/examples/using-data-from-csv/website-test.yml", artillery: 'valid' },
  { script: "artillery/examples/using-data-from-redis/scenario.yml", artillery: 'valid' },
  { script: "artillery/packages/artillery-plugin-apdex/test/fixtures/scenario.yml", artillery: 'valid' },
  { script: "artillery/packages/artillery-plugin-ensure/test/fixtures/scenario-custom-metrics.yml", artillery: 'valid' },
  { script: "artillery/packages/artillery-plugin-ensure/test/fixtures/scenario.yml", artillery: 'valid' },
  { script: "artillery/packages/artillery-plugin-expect/test/cdn-test.yml", artillery: 'valid' },
  { script: "artillery/packages/artillery-plugin-expect/test/parallel.yml", artillery: 'valid' },
  { script: "artillery/packages/artillery-plugin-expect/test/pets-fail-test.yaml", artillery: 'valid' },
  { script: "artillery/packages/artillery-plugin-expect/test/pets-test.yaml", artillery: 'valid' },
  { script: "artillery/packages/artillery-plugin-memory-inspector/test/fixtures/scenario.yml", env: {"TEST_PORT": "18120"}, artillery: 'valid', runTime: "needs at run time: TEST_PORT" },
  { script: "artillery/packages/artillery-plugin-metrics-by-endpoint/test/fixtures/scenario-parallel.yml", artillery: 'valid' },
  { script: "artillery/packages/artillery-plugin-metrics-by-endpoint/test/fixtures/scenario-templated-url.yml", artillery: 'valid' },
  { script: "artillery/packages/artillery-plugin-metrics-by-endpoint/test/fixtures/scenario.yml", artillery: 'valid' },
  { script: "artillery/packages/artillery-plugin-publish-metrics/test/scenario.yaml", flags: {"config": "artillery/packages/artillery-plugin-publish-metrics/test/config-agent.yaml"}, env: {"TEST_ID": "t1", "DD_API_KEY": "k", "DD_APP_KEY": "k"}, artillery: 'valid', runTime: "needs at run time: TEST_ID" },
  { script: "artillery/packages/artillery-plugin-publish-metrics/test/scenario.yaml", flags: {"config": "artillery/packages/artillery-plugin-publish-metrics/test/config-api.yaml"}, env: {"TEST_ID": "t1", "DD_API_KEY": "k", "DD_APP_KEY": "k"}, artillery: 'valid', runTime: "needs at run time: DD_API_KEY, DD_APP_KEY, TEST_ID" },
  { script: "artillery/packages/artillery-plugin-publish-metrics/test/scenario.yaml", flags: {"config": "artillery/packages/artillery-plugin-publish-metrics/test/config-influxdb-statsd.yaml"}, env: {"TEST_ID": "t1", "DD_API_KEY": "k", "DD_APP_KEY": "k"}, artillery: 'valid', runTime: "needs at run time: TEST_ID" },
  { script: "artillery/packages/artillery-plugin-publish-metrics/test/scenario.yaml", flags: {"config": "artillery/packages/artillery-plugin-publish-metrics/test/config-statsd.yaml"}, env: {"TEST_ID": "t1", "DD_API_KEY": "k", "DD_APP_KEY": "k"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/cloud-e2e/fargate/fixtures/adot/adot-dd-pass.yml", env: {"DD_TESTS_API_KEY": "k"}, artillery: 'valid', runTime: "needs at run time: DD_TESTS_API_KEY" },
  { script: "artillery/packages/artillery/test/cloud-e2e/fargate/fixtures/cli-exit-conditions/with-expect-ensure.yml", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/cloud-e2e/fargate/fixtures/cli-exit-conditions/with-expect.yml", artillery: 'valid' },
  // Artillery's Fargate test gives the four with --secret and --dotenv; the flows read them.
  { script: "artillery/packages/artillery/test/cloud-e2e/fargate/fixtures/cli-kitchen-sink/kitchen-sink.yml", env: {"SECRET1": "/", "SECRET2": "/", "DOTENV1": "/", "DOTENV2": "/"}, artillery: 'valid', runTime: "needs at run time: SECRET1, SECRET2, DOTENV1, DOTENV2" },
  { script: "artillery/packages/artillery/test/cloud-e2e/fargate/fixtures/cloud-api-key-load/scenario.yml", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/cloud-e2e/fargate/fixtures/heartbeat/heartbeat.yml", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/cloud-e2e/fargate/fixtures/large-output/lots-of-output.yml", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/cloud-e2e/fargate/fixtures/memory-hog/memory-hog.yml", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/cloud-e2e/fargate/fixtures/mixed-hierarchy/scenarios/mixed-hierarchy-dino.yml", flags: {"config": "artillery/packages/artillery/test/cloud-e2e/fargate/fixtures/mixed-hierarchy/config/config.yml"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/cloud-e2e/fargate/fixtures/mixed-hierarchy/scenarios/mixed-hierarchy-dino.yml", flags: {"config": "artillery/packages/artillery/test/cloud-e2e/fargate/fixtures/mixed-hierarchy/config/config-no-file-uploads.yml"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/cloud-e2e/fargate/fixtures/simple-bom/simple-bom.yml", flags: {"environment": "local"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/cloud-e2e/fargate/fixtures/ts-external-pkg/with-external-foreign-pkg.yml", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/cloud-e2e/fargate/fixtures/uses-ensure/with-ensure.yaml", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/cloud-e2e/lambda/fixtures/dotenv/dotenv-test.yml", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/cloud-e2e/lambda/fixtures/quick-loop-with-csv/blitz.yml", flags: {"config": "artillery/packages/artillery/test/cloud-e2e/lambda/fixtures/quick-loop-with-csv/config.yml"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/cloud-e2e/lambda/fixtures/ts-external-pkg/with-external-foreign-pkg.yml", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/after_test.json", artillery: 'valid', loadspec: {"refused": "after.flow[0].get.url uses {{ petId }}, which nothing sets", "why": "Artillery's after flow gets only the before flow's variables (lib/platform/local/index.ts runHook('after', this.contextVars)), not a virtual user's captures, so it would request /pets/undefined"} },
  { script: "artillery/packages/artillery/test/core/scripts/all_features.json", flags: {"payload": "artillery/packages/artillery/test/core/scripts/data/pets.csv"}, artillery: 'valid', loadspec: {"refused": "x-name is \"{{ name }}\"", "why": "Artillery renders config templates once, before any user has a payload row, so the x-name header is silently dropped from every request"} },
  { script: "artillery/packages/artillery/test/core/scripts/arrival_phases.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/arrival_phases_time_format.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/artillery_plugin.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/before_test.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/captures-regexp.json", flags: {"payload": "artillery/packages/artillery/test/core/scripts/data/pets.csv"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/concurrent_requests_arrival_count.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/concurrent_requests_arrival_rate.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/concurrent_requests_multiple_phases.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/concurrent_requests_ramp_to.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/config_variables.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/cookies.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/cookies_malformed_response.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/defaults_cookies.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/express_socketio.json", artillery: 'valid', loadspec: {"refused": "loadspec runs HTTP scenarios only", "why": "loadspec runs HTTP scenarios only; this script also has a Socket.IO scenario"} },
  { script: "artillery/packages/artillery/test/core/scripts/generators_http.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/hello.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/hello_basic_auth.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/hello_environments.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/hello_environments.json", flags: {"environment": "staging"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/iftrue.json", flags: {"payload": "artillery/packages/artillery/test/core/scripts/data/pets.csv"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/loop.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/loop_infinite.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/loop_nested_range.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/loop_range.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/multiple_payloads.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/multiple_phases.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/no_defaults_cookies.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/parallel.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/plugin_packaged_inner.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/plugin_packaged_inner_override_outter.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/plugin_packaged_outer.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/plugin_statsd.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/probability.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/single_payload.json", flags: {"payload": "artillery/packages/artillery/test/core/scripts/data/pets.csv"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/thinks_http.json", artillery: {"refused": "Scenario validation error: \"scenarios[0].flow[1]\" must have 1 key"} },
  { script: "artillery/packages/artillery/test/core/scripts/tls-lax.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/tls-strict.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/integration/core/fixtures/http-file-upload.yml", flags: {"target": "http://127.0.0.1:18120"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/publish-metrics/fixtures/http-trace.yml", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/environments.yaml", flags: {"environment": "local"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/environments2.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/environments2.json", flags: {"environment": "dev"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/gh_215_add_token.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/hello.json", flags: {"config": "artillery/packages/artillery/test/scripts/hello_config.json"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/hello_plugin.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/hello_with_xpath.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/http/async_function.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/http/error_code_function.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/http/error_message_function.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/http/simple_function.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/http/undefined_function.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/multiple_payloads.json", flags: {"environment": "local"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/ramp-regression-1682.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/ramp.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/scenario-async-esm-hooks/test.yml", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/scenario-cli-variables/scenario-with-other-nested-config.yml", flags: {"variables": "{\"myVar\":2,\"defaultCookie\":\"c\",\"anotherCookie\":\"b\"}"}, artillery: 'valid', runTime: "needs at run time: myVar (-v/--variables, a number: config.http.timeout), defaultCookie (-v/--variables)" },
  { script: "artillery/packages/artillery/test/scripts/scenario-cli-variables/scenario-with-variables.yml", flags: {"variables": "{\"myVar\":\"x\",\"bar\":\"y\"}"}, artillery: 'valid', runTime: "needs at run time: myVar (-v/--variables)", flowsWithout: ["scenarios[0].flow[1].log uses {{ bar }}, which nothing sets", "scenarios[0].flow[3].log uses {{ myVar }}, which nothing sets"] },
  { script: "artillery/packages/artillery/test/scripts/scenario-config-different-folder/scenario.yml", flags: {"config": "artillery/packages/artillery/test/scripts/scenario-config-different-folder/config/config.yml"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/scenario-config-different-folder/scenario.yml", flags: {"config": "artillery/packages/artillery/test/scripts/scenario-config-different-folder/config/config-processor-backward-compatibility.yml"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/scenario-named/scenario.yml", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/scenario-payload-with-envs/scenario.yml", flags: {"config": "artillery/packages/artillery/test/scripts/scenario-payload-with-envs/config/artillery-config.yml", "environment": "staging"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/scenario-with-custom-plugin/custom-plugin.yml", flags: {"target": "http://127.0.0.1:18120"}, artillery: 'valid', loadspec: {"refused": "is ignored unless the expect plugin is on", "why": "its expect: checks would be silently ignored (no expect plugin); Artillery runs it without them"} },
  { script: "artillery/packages/artillery/test/scripts/scenario-with-parallel/scenario.yml", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/scenarios-typescript/error.yml", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/scenarios-typescript/lodash.yml", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/single_payload.json", flags: {"payload": "artillery/packages/artillery/test/scripts/pets.csv"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/single_payload_object.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/single_payload_options.json", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/test-calc-server.yml", flags: {"environment": "single-cli", "payload": "artillery/packages/artillery/test/data/calc-test-data-1.csv", "target": "http://127.0.0.1:18120"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/test-calc-server.yml", flags: {"environment": "multiple", "target": "http://127.0.0.1:18120"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/test-suggest-exit-code.yml", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/with-dotenv/with-dotenv.yml", flags: {"dotenv": "artillery/packages/artillery/test/scripts/with-dotenv/my-vars"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/with-process-env/with-env.yml", env: {"ARRIVAL_RATE": "1", "URL": "/", "ENVIRONMENT": "test", "NESTED_HEADER_VALUE": "v"}, artillery: 'valid', runTime: "needs at run time: ARRIVAL_RATE (a number: config.phases[0].arrivalRate), ENVIRONMENT, NESTED_HEADER_VALUE, URL" },
  { script: "artillery/packages/artillery/test/scripts/with-process-env/with-processEnvironment.yml", env: {"ARRIVAL_RATE": "1", "URL": "/", "ENVIRONMENT": "test", "NESTED_HEADER_VALUE": "v"}, artillery: 'valid', runTime: "needs at run time: ARRIVAL_RATE (a number: config.phases[0].arrivalRate), ENVIRONMENT, NESTED_HEADER_VALUE, URL" },
  { script: "artillery/packages/artillery/test/unit/fixtures/bom-trace/processor-cjs/script.yml", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/unit/fixtures/bom-trace/processor-missing-import/script.yml", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/unit/fixtures/bom-trace/processor-relative-resolve/script.yml", artillery: 'valid' },
  { script: "artillery/packages/artillery/test/unit/fixtures/bom-trace/processor-undeclared-pkg/script.yml", artillery: 'valid' },
  // The scenario half alone, without its --config.
  { script: "artillery/examples/multiple-scenario-specs/scenarios/armadillo.yml", artillery: { refused: "No target specified and no environment chosen" } },
  // The scenario half alone, without its --config.
  { script: "artillery/packages/artillery/test/cloud-e2e/fargate/fixtures/mixed-hierarchy/scenarios/mixed-hierarchy-dino.yml", artillery: { refused: "No target specified and no environment chosen" } },
  // The scenario half alone, without its --config.
  { script: "artillery/packages/artillery/test/cloud-e2e/lambda/fixtures/quick-loop-with-csv/blitz.yml", artillery: { refused: "No target specified and no environment chosen" } },
  // The scenario half alone, without its --config.
  { script: "artillery/packages/artillery-plugin-publish-metrics/test/scenario.yaml", artillery: { refused: "No target specified and no environment chosen" } },
  // The scenario half alone, without its --config.
  { script: "artillery/packages/artillery/test/scripts/scenario-config-different-folder/scenario.yml", artillery: { refused: "No target specified and no environment chosen" } },
  // The scenario half alone, without its --config.
  { script: "artillery/packages/artillery/test/scripts/hello.json", artillery: { refused: "No target specified and no environment chosen" } },
// Every environment of each file that has environments, and the file without -e.
  { script: "artillery-examples/functional-testing-with-expect-plugin/functional-load-tests.yml", artillery: 'valid', notes: ["note: response checks are off in this run, a load test (3 requests have \"expect:\"); config.environments.functional turns the expect plugin on: run with -e functional for a functional test"] },
  { script: "artillery-examples/functional-testing-with-expect-plugin/functional-load-tests.yml", flags: {"environment": "load"}, artillery: 'valid', notes: ["note: response checks are off in this run, a load test (3 requests have \"expect:\"); config.environments.functional turns the expect plugin on: run with -e functional for a functional test"] },
  { script: "artillery/examples/functional-testing-with-expect-plugin/functional-load-tests.yml", artillery: 'valid', notes: ["note: response checks are off in this run, a load test (3 requests have \"expect:\"); config.environments.functional turns the expect plugin on: run with -e functional for a functional test"] },
  { script: "artillery/examples/functional-testing-with-expect-plugin/functional-load-tests.yml", flags: {"environment": "load"}, artillery: 'valid', notes: ["note: response checks are off in this run, a load test (3 requests have \"expect:\"); config.environments.functional turns the expect plugin on: run with -e functional for a functional test"] },
  { script: "artillery/examples/script-overrides/test.yaml", artillery: 'valid' },
  { script: "artillery/examples/script-overrides/test.yaml", flags: {"environment": "preprod"}, artillery: 'valid' },
  { script: "artillery/examples/starter-kit/scenarios/sample_task_03.yaml", flags: {"environment": "production"}, env: {"SERVICE_API_KEY": "k"}, artillery: {"refused": "ENOENT: no such file or directory, open 'artillery/examples/starter-kit/data/users.csv'"} },
  { script: "artillery/examples/starter-kit/scenarios/sample_task_03.yaml", flags: {"environment": "local"}, env: {"SERVICE_API_KEY": "k"}, artillery: {"refused": "ENOENT: no such file or directory, open 'artillery/examples/starter-kit/data/users.csv'"} },
  { script: "artillery/packages/artillery/test/cloud-e2e/fargate/fixtures/mixed-hierarchy/scenarios/mixed-hierarchy-dino.yml", flags: {"config": "artillery/packages/artillery/test/cloud-e2e/fargate/fixtures/mixed-hierarchy/config/config.yml", "environment": "main"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/cloud-e2e/fargate/fixtures/mixed-hierarchy/scenarios/mixed-hierarchy-dino.yml", flags: {"config": "artillery/packages/artillery/test/cloud-e2e/fargate/fixtures/mixed-hierarchy/config/config.yml", "environment": "stage"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/cloud-e2e/fargate/fixtures/mixed-hierarchy/scenarios/mixed-hierarchy-dino.yml", flags: {"config": "artillery/packages/artillery/test/cloud-e2e/fargate/fixtures/mixed-hierarchy/config/config-no-file-uploads.yml", "environment": "main"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/cloud-e2e/fargate/fixtures/mixed-hierarchy/scenarios/mixed-hierarchy-dino.yml", flags: {"config": "artillery/packages/artillery/test/cloud-e2e/fargate/fixtures/mixed-hierarchy/config/config-no-file-uploads.yml", "environment": "stage"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/cloud-e2e/fargate/fixtures/simple-bom/simple-bom.yml", artillery: { refused: "Scenario validation error: \"config.target\" is not allowed to be empty" } },
  { script: "artillery/packages/artillery/test/cloud-e2e/fargate/fixtures/simple-bom/simple-bom.yml", flags: {"environment": "prod"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/cloud-e2e/fargate/fixtures/simple-bom/simple-bom.yml", flags: {"environment": "test"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/core/scripts/hello_environments.json", flags: {"environment": "production"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/environments.yaml", artillery: { refused: "No target specified and no environment chosen" } },
  { script: "artillery/packages/artillery/test/scripts/environments.yaml", flags: {"environment": "production"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/environments.yaml", flags: {"environment": "dev"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/environments2.json", flags: {"environment": "production"}, artillery: 'valid' },
  { script: "artillery/packages/artillery/test/scripts/scenario-payload-with-envs/scenario.yml", flags: {"config": "artillery/packages/artillery/test/scripts/scenario-payload-with-envs/config/artillery-config.yml"}, artillery: 'valid', loadspec: {"refused": "scenarios[0].flow[0].log uses {{ id }}, which nothing sets", "why": "only config.environments.staging has the payload that names id; without -e staging Artillery logs \"Successfully ran with id undefined\""} },
  { script: "artillery/packages/artillery/test/scripts/test-calc-server.yml", flags: {"environment": "single-inside-script", "target": "http://127.0.0.1:18120"}, artillery: 'valid' },
];
