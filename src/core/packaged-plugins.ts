/**
 * The names loadspec's plugins have as npm packages (scripts/pack-plugins/README.md): the
 * package `artillery-plugin-loadspec-<name>`, loaded by Artillery for the key
 * `config.plugins.loadspec-<name>`. Artillery's cloud runners install every key from the npm
 * registry as `artillery-plugin-<key>`, so scripts run there must use these keys.
 */
export const PACKAGED_KEY_PREFIX = 'loadspec-';

/** loadspec's own Artillery plugins (plugins/artillery-plugin-<name>), by the key a script loads them with: the one list. */
export const LOADSPEC_PLUGINS = ['recorder', 'slow-requests', 'generator-health', 'unique-users', 'api-key', 'thresholds'] as const;
export type LoadspecPlugin = (typeof LOADSPEC_PLUGINS)[number];

/** The ones the runner always switches on: a run cannot be judged or trusted without them. */
export const ALWAYS_ON_PLUGINS: readonly LoadspecPlugin[] = ['recorder', 'slow-requests', 'generator-health'];

/** The ones a scenario file configures (generator-health has no settings and is always on). */
export const CONFIGURABLE_PLUGINS = LOADSPEC_PLUGINS.filter((name) => name !== 'generator-health');
const ARTILLERY_PREFIX = 'artillery-plugin-';

/** `recorder` -> `loadspec-recorder`. */
export const packagedKey = (name: string): string => `${PACKAGED_KEY_PREFIX}${name}`;

/** `recorder` -> `artillery-plugin-loadspec-recorder`. */
export const packageName = (name: string): string => `${ARTILLERY_PREFIX}${packagedKey(name)}`;
