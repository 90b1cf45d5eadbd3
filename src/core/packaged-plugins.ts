/**
 * The names loadspec's plugins have as npm packages (scripts/pack-plugins/README.md): the
 * package `artillery-plugin-loadspec-<name>`, loaded by Artillery for the key
 * `config.plugins.loadspec-<name>`. Artillery's cloud runners install every key from the npm
 * registry as `artillery-plugin-<key>`, so scripts run there must use these keys.
 */
export const PACKAGED_KEY_PREFIX = 'loadspec-';
const ARTILLERY_PREFIX = 'artillery-plugin-';

/** `recorder` -> `loadspec-recorder`. */
export const packagedKey = (name: string): string => `${PACKAGED_KEY_PREFIX}${name}`;

/** `recorder` -> `artillery-plugin-loadspec-recorder`. */
export const packageName = (name: string): string => `${ARTILLERY_PREFIX}${packagedKey(name)}`;
