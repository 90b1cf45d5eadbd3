/**
 * `config.plugins`: loadspec's own plugins are validated here; any other key is a
 * third-party (or built-in Artillery) plugin and is passed to Artillery untouched.
 * The defaults come from src/core/defaults.ts, which the plugins use when a key is left out.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Duration, Percent, Section } from './common.ts';
import { ExpectPlugin } from './expect.ts';

import { DEFAULT_GRACE_S } from '../../core/criteria/criterion.ts';
import { CONFIGURABLE_PLUGINS } from '../../core/packaged-plugins.ts';
import { API_KEY_DEFAULTS, SLOW_REQUESTS_DEFAULTS, THRESHOLDS_DEFAULTS, UNIQUE_USERS_DEFAULTS } from '../../core/defaults.ts';

export { API_KEY_DEFAULTS, SLOW_REQUESTS_DEFAULTS, THRESHOLDS_DEFAULTS, UNIQUE_USERS_DEFAULTS };

export const UniqueUsersPlugin = Section(
  {
    prefix: Type.Optional(Type.String({ minLength: 1, description: `Start of every user ID. Default: "${UNIQUE_USERS_DEFAULTS.prefix}".` })),
    variable: Type.Optional(Type.String({ minLength: 1, pattern: '^[A-Za-z_$][\\w$]*$', description: `Variable that holds the ID in flows ({{ ${UNIQUE_USERS_DEFAULTS.variable} }}). Default: "${UNIQUE_USERS_DEFAULTS.variable}".`, 'x-expect': 'a variable name (letters, digits, _; not starting with a digit)' })),
  },
  'Gives every virtual user an ID unique across workers, runs and CI shards.',
);

export const ApiKeyPlugin = Section(
  {
    header: Type.Optional(Type.String({ minLength: 1, pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$", description: `Request header that carries the key. Default: "${API_KEY_DEFAULTS.header}".`, 'x-expect': 'an HTTP header name such as "X-API-Key"' })),
    env: Type.Optional(Type.String({ minLength: 1, pattern: '^[A-Za-z_][A-Za-z0-9_]*$', description: `Environment variable that holds the key (never written to any output). Default: "${API_KEY_DEFAULTS.env}".`, 'x-expect': 'an environment variable name such as "LOADSPEC_API_KEY"' })),
  },
  'Adds an API key header from an environment variable to every request.',
);

const ENDPOINT_KEY = '^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /\\S*$';

export const SlowRequestsPlugin = Section(
  {
    threshold: Type.Optional(Duration(`Requests slower than this are logged: seconds, or "500ms", "3s". A request that fails without a response (a timeout) after waiting longer counts as slow too, besides failed. Default: "${SLOW_REQUESTS_DEFAULTS.threshold}".`)),
    endpoints: Type.Optional(Type.Record(Type.String(), Duration('Slow-request threshold for this endpoint.'), {
      propertyNames: { pattern: ENDPOINT_KEY, 'x-expect': 'an endpoint written as METHOD /path, e.g. "POST /api/v1/chat"' },
      description: 'Thresholds per endpoint, keyed "METHOD /path" (e.g. "GET /api/items"). Default: none.',
    })),
    consoleLinesPerSecond: Type.Optional(Type.Integer({ minimum: 0, description: `Most slow-request lines printed per second (all go to the file). Default: ${SLOW_REQUESTS_DEFAULTS.consoleLinesPerSecond}.`, 'x-expect': 'a whole number of 0 or more' })),
  },
  'Logs requests slower than a threshold and counts them per endpoint.',
);

export const RecorderPlugin = Section({}, 'Writes per-window results as the run goes (needed by the runner). Takes no settings.');

export const Criterion = Type.Union(
  [
    Type.String({ minLength: 1, description: 'A criterion, e.g. "p95 < 500ms" or "error_rate < 1%".' }),
    Section(
      {
        expect: Type.String({ minLength: 1, description: 'The criterion, e.g. "p95 < 500ms". Required.' }),
        abort: Type.Optional(Type.Boolean({ description: 'Stop the run once this criterion has failed for `grace` in a row. Default: false.' })),
        grace: Type.Optional(
          Duration(`With \`abort\`: how long the criterion must fail in every recorded window, in a row, before the run stops (a passing window starts the count again). Default: ${DEFAULT_GRACE_S}s.`, { allowZero: true }),
        ),
        name: Type.Optional(Type.String({ minLength: 1, description: 'Name shown in reports. Default: the criterion text.' })),
      },
      'A criterion with options.',
    ),
  ],
  { description: 'A criterion as text, or a section with `expect` and options.', 'x-expect': 'a criterion as text (e.g. "p95 < 500ms") or a section with `expect:`' },
);

export const ThresholdsPlugin = Section(
  {
    criteria: Type.Array(Criterion, { minItems: 1, description: 'Pass/fail criteria for the run. Required.' }),
    errors: Type.Optional(Section(
      {
        count4xx: Type.Optional(Type.Boolean({ description: `Count 4xx responses as errors. Default: ${THRESHOLDS_DEFAULTS.errors.count4xx}.` })),
        expect4xx: Type.Optional(Type.Boolean({ description: `4xx answers are what the test is for: a run in which 90% or more of the responses are 4xx is still judged on its criteria instead of being refused as "the target refused the requests". Default: ${THRESHOLDS_DEFAULTS.errors.expect4xx}.` })),
      },
      'What counts as an error.',
    )),
    degradation: Type.Optional(Section(
      {
        baseline: Type.Optional(Percent(`Share of the run (after warmup) used as the baseline, percent. Default: ${THRESHOLDS_DEFAULTS.degradation.baseline}.`, { aboveZero: true })),
        compare: Type.Optional(Percent(`Share at the end of the run compared with the baseline, percent. Default: ${THRESHOLDS_DEFAULTS.degradation.compare}.`, { aboveZero: true })),
        warmup: Type.Optional(Duration(`Time at the start left out of the comparison. Default: ${THRESHOLDS_DEFAULTS.degradation.warmup}.`, { allowZero: true })),
      },
      'How degradation over the run is measured.',
    )),
  },
  'Judges the run against criteria and sets the exit code; can abort a clearly failing run.',
);

export const EnsurePlugin = Type.Object(
  {
    thresholds: Type.Optional(Type.Array(Type.Record(Type.String(), Type.Number()), { description: 'Artillery ensure checks: metric name -> most allowed value. Default: none.' })),
    conditions: Type.Optional(Type.Array(Section(
      { expression: Type.String({ description: 'Expression over metrics, e.g. "http.response_time.p99 < 300". Required.' }), strict: Type.Optional(Type.Boolean({ description: 'Fail the run when false. Default: true.' })) },
      'An ensure condition.',
    ), { description: 'Artillery ensure expressions. Default: none.' })),
    maxErrorRate: Type.Optional(Percent('Most failed virtual users allowed, percent. Default: none.')),
  },
  { description: 'Artillery\'s ensure checks (loadspec `thresholds` is the richer alternative).', additionalProperties: Type.Number() },
);

/** The plugins of ours a scenario file may configure (src/core/packaged-plugins.ts has the one list). */
export const OUR_PLUGINS: readonly string[] = CONFIGURABLE_PLUGINS;

const KnownPlugins = Type.Object(
  {
    'unique-users': Type.Optional(UniqueUsersPlugin),
    'api-key': Type.Optional(ApiKeyPlugin),
    'slow-requests': Type.Optional(SlowRequestsPlugin),
    recorder: Type.Optional(RecorderPlugin),
    thresholds: Type.Optional(ThresholdsPlugin),
    ensure: Type.Optional(EnsurePlugin),
    expect: Type.Optional(ExpectPlugin),
  },
  { description: 'Plugins to load, by name; sections of other plugins are passed to Artillery untouched.', additionalProperties: true },
);

/** Our plugins typed; any other name is a third-party plugin whose section is its own business. */
export const Plugins = Type.Unsafe<Static<typeof KnownPlugins> & { [plugin: string]: unknown }>(KnownPlugins);

export type UniqueUsersConfig = Static<typeof UniqueUsersPlugin>;
export type ApiKeyConfig = Static<typeof ApiKeyPlugin>;
export type SlowRequestsConfig = Static<typeof SlowRequestsPlugin>;
export type ThresholdsConfig = Static<typeof ThresholdsPlugin>;
export type CriterionConfig = Static<typeof Criterion>;
export type PluginsConfig = Static<typeof Plugins>;
