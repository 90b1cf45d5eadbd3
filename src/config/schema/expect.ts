/**
 * Response checks (`expect:` on a request) and the section of the expect plugin
 * (artillery-plugin-expect, built into Artillery), as the plugin in Artillery 2.0.34
 * reads them (dist/builtin-packages/artillery-plugin-expect/lib/expectations.ts).
 *
 * What the plugin does quietly and the schema therefore refuses:
 * - a list item is read by its first key only, so `- { statusCode: 200, contentType: json }`
 *   would drop the second check: one check per item;
 * - an unknown check is skipped with a console line per response, so it is a key error;
 * - an unknown `outputFormat` throws in every response hook.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Choice, Section, TEMPLATE_PATTERN } from './common.ts';

const StatusCodes = (description: string) =>
  Type.Union(
    [
      Type.Integer({ minimum: 100, maximum: 599 }),
      Type.Array(Type.Integer({ minimum: 100, maximum: 599, 'x-expect': 'an HTTP status code from 100 to 599' }), { minItems: 1 }),
      Type.String({ pattern: TEMPLATE_PATTERN }),
    ],
    { description, 'x-expect': 'an HTTP status code (e.g. 200), a list of them (e.g. [200, 201]), or a {{ variable }}' },
  );

// Node gives response headers lower-case names, and the plugin looks them up as written.
const HeaderName = (description: string) =>
  Type.String({
    minLength: 1,
    pattern: '^(?:[^A-Z]+|.*\\{\\{.+\\}\\}.*)$',
    description,
    'x-expect': 'a header name in lower case, e.g. "content-type" (Node gives response headers lower-case names)',
  });

const BodyText = (description: string, example: string) =>
  Type.String({ minLength: 1, description, 'x-expect': `text such as ${example}` });

/** Every check the plugin knows, with its argument; also the map form of `expect:`. */
const CHECKS = {
  statusCode: Type.Optional(StatusCodes('The response status must be this code or one of these codes, e.g. 200 or [200, 201].')),
  notStatusCode: Type.Optional(StatusCodes('The response status must not be this code (or any of these codes).')),
  contentType: Type.Optional(BodyText('"json": a JSON Content-Type and a body that parses as JSON; any other value must equal the Content-Type header (case ignored), e.g. "text/plain; charset=utf-8".', '"json"')),
  hasProperty: Type.Optional(BodyText('Path that must exist in the JSON body, e.g. "response" or "logged.food_name" (lodash path: dots and [index]).', '"response" or "logged.food_name"')),
  notHasProperty: Type.Optional(BodyText('Path that must not exist in the JSON body, e.g. "error".', '"error"')),
  equals: Type.Optional(
    Type.Array(Type.Unsafe<string | number | boolean>({ type: ['string', 'number', 'boolean'], 'x-expect': 'a value or a {{ variable }}' }), {
      minItems: 1,
      description: 'Values that must all be equal once rendered as text, usually a captured {{ variable }} and the value it must have (one value alone always passes).',
      'x-expect': 'a list of values, e.g. ["{{ name }}", "apple"]',
    }),
  ),
  hasHeader: Type.Optional(HeaderName('Response header that must be present, in lower case, e.g. "x-request-id".')),
  headerEquals: Type.Optional(
    Type.Tuple([HeaderName('Response header, in lower case.'), Type.String({ description: 'The value it must have.' })], {
      description: 'A response header (lower case) and the exact value it must have, e.g. ["cache-control", "no-store"].',
      'x-expect': 'a list of a lower-case header name and its value, e.g. ["cache-control", "no-store"]',
    }),
  ),
  matchesRegexp: Type.Optional(BodyText('Regular expression the body must match. Only for bodies that are not JSON: the plugin tests a JSON body after parsing it, as the text "[object Object]"; use hasProperty or jmespath for JSON.', '"^OK"')),
  cdnHit: Type.Optional(Type.Boolean({ description: 'true: a CDN cache header (cf-cache-status, x-cache, x-vercel-cache) must say hit; false: it must say miss.' })),
  jmespath: Type.Optional(BodyText('JMESPath expression over the JSON body that must be true, e.g. "type(xp) == \'number\'". An expression that raises a type error (e.g. length() of a missing field) stops the Artillery worker, so guard with type(...).', `"type(xp) == 'number'"`)),
  jpath: Type.Optional(BodyText('Same as jmespath.', `"type(xp) == 'number'"`)),
};

/** The names of the checks, for messages and docs. */
export const CHECK_NAMES = Object.keys(CHECKS) as (keyof typeof CHECKS)[];

const CheckList = Type.Array(
  Section(CHECKS, 'One check on the response.', {
    minProperties: 1,
    maxProperties: 1,
    'x-expect': 'one check per "- " line, e.g. "- statusCode: 200" with "- contentType: json" on the next line',
  }),
  { description: 'Checks, one per item, run in order.' },
);

export const Expectations = Type.Union([CheckList, Section(CHECKS, 'Checks as name: argument lines (each check at most once).')], {
  description: 'Checks on the response, each a failed request when it fails (needs `config.plugins.expect`). Default: none.',
  'x-expect': 'a list of checks, e.g. "- statusCode: 200" and "- hasProperty: id" on lines below',
});

export const EXPECT_DEFAULTS = { outputFormat: 'pretty', reportFailuresAsErrors: false } as const;
const OUTPUT_FORMATS = ['pretty', 'prettyError', 'json', 'silent'] as const;

export const ExpectPlugin = Section(
  {
    outputFormat: Type.Optional(Choice(OUTPUT_FORMATS, `What the plugin prints to artillery.log: "pretty" and "json" every check of every response, "prettyError" failed checks with their request and response, "silent" nothing (loadspec reports failed checks anyway). Default: "${EXPECT_DEFAULTS.outputFormat}".`)),
    formatter: Type.Optional(Choice(OUTPUT_FORMATS, 'Older name of outputFormat. Default: none.')),
    reportFailuresAsErrors: Type.Optional(Type.Boolean({ description: `Also make a failed check an Artillery error, which ends that virtual user's session there (loadspec counts the failed request either way, once). Default: ${EXPECT_DEFAULTS.reportFailuresAsErrors}.` })),
    expectDefault200: Type.Optional(Type.Boolean({ description: 'Requests without `expect:` must answer 200. Default: false.' })),
    useOnlyRequestNames: Type.Optional(Type.Boolean({ description: 'Name requests by their `name:` rather than their URL in the plugin\'s messages. Default: false.' })),
  },
  'Response checks (artillery-plugin-expect, built into Artillery): turns on `expect:` in requests.',
);

export type ExpectationsSpec = Static<typeof Expectations>;
export type ExpectConfig = Static<typeof ExpectPlugin>;
