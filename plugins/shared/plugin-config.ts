/** Reading a plugin's section of `config.plugins` without trusting its shape. */
import { packagedKey } from '../../src/core/packaged-plugins.ts';
import type { ArtilleryScript } from './artillery.ts';

export type PluginSection = Readonly<Record<string, unknown>>;

/**
 * `config.plugins.<name>` (or, for the npm packages, `config.plugins.loadspec-<name>`) as an
 * object (empty when absent or not an object).
 */
export function pluginSection(script: ArtilleryScript, name: string): PluginSection {
  const plugins = script.config.plugins;
  const section = plugins?.[name] ?? plugins?.[packagedKey(name)];
  return typeof section === 'object' && section !== null && !Array.isArray(section)
    ? (section as PluginSection)
    : {};
}

/** A non-empty string setting, else the default. */
export function stringSetting(section: PluginSection, key: string, fallback: string): string {
  const value = section[key];
  return typeof value === 'string' && value.length > 0 ? value : fallback;
}
