/** The `config:` section: where to send load, how much, and with what settings. */
import { Type, type Static, type TProperties } from '@sinclair/typebox';
import { Seconds, Section } from './common.ts';
import { HttpConfig, HttpDefaults, TlsConfig } from './http.ts';
import { Payloads } from './payload.ts';
import { Phases } from './phases.ts';
import { EnsurePlugin, Plugins } from './plugins.ts';
import { ArtilleryConfigKeys } from './pass-through.ts';

export const Target = Type.String({
  pattern: '^(?:https?://[^\\s/?#]+[^\\s]*)?$',
  description: 'Base URL of the system under test, e.g. "http://127.0.0.1:3000"; "" for none (then --target, TARGET_URL or the demo target). Default: supplied by the runner.',
  'x-expect': 'an http:// or https:// URL, e.g. "http://127.0.0.1:3000"',
});

export const Variables = Type.Record(Type.String(), Type.Unknown(), {
  description: 'Variables for flows ({{ name }}); a list gives each user a random item. Default: none.',
  'x-expect': 'a section of name: value lines',
});

function configProperties() {
  return {
    target: Type.Optional(Target),
    phases: Type.Optional(Phases),
    http: Type.Optional(HttpConfig),
    tls: Type.Optional(TlsConfig),
    defaults: Type.Optional(HttpDefaults),
    variables: Type.Optional(Variables),
    payload: Type.Optional(Payloads),
    processor: Type.Optional(Type.String({ minLength: 1, description: 'JavaScript/TypeScript file with functions used by flows, relative to the scenario file. Default: none.' })),
    plugins: Type.Optional(Plugins),
    ensure: Type.Optional(EnsurePlugin),
    timeout: Type.Optional(Seconds('Request timeout in seconds, as `http.timeout` (prefer that). Default: none, so a request fails after 8 s with ERR_SOCKET_TIMEOUT.')),
    statsInterval: Type.Optional(Type.Integer({ minimum: 1, description: 'Seconds between intermediate reports. Default: 10.', 'x-expect': 'a whole number of seconds, 1 or more' })),
    includeFiles: Type.Optional(Type.Array(Type.String(), { description: 'Extra files shipped with distributed runs. Default: none.' })),
    ...ArtilleryConfigKeys,
  } satisfies TProperties;
}

export const Environment = Section(configProperties(), 'Settings merged over `config` when run with `-e <name>` (sections key by key, lists such as phases item by item, as Artillery merges them).');

export const Config = Section(
  {
    ...configProperties(),
    environments: Type.Optional(Type.Record(Type.String(), Environment, { description: 'Named sets of settings, chosen with -e/--environment <name>. Default: none.', 'x-expect': 'a section of environment names' })),
  },
  'Where to send load, how much, and with which settings.',
);

export type ScriptConfig = Static<typeof Config>;
