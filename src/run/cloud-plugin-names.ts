/**
 * `loadspec run --platform ...`: Artillery's cloud runners install every `config.plugins` key
 * as `artillery-plugin-<key>` from the npm registry on their workers. The runner therefore
 * writes loadspec's plugins under their package keys (`loadspec-recorder`, ...; see
 * src/core/packaged-plugins.ts), which name our packages and nobody else's, and links those
 * names to the TypeScript sources for the local Artillery process (Lambda runs main-side
 * plugins locally). The plugins read their settings under either key.
 */
import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { packagedKey, packageName } from '../core/packaged-plugins.ts';
import { METRICS_BY_ENDPOINT_OFF, standInScope } from '../core/metrics-by-endpoint-off.ts';

/** Renames each of `ours` present in `plugins` to its package key, in place. */
export function usePackagedPluginNames(plugins: Record<string, unknown>, ours: readonly string[]): void {
  for (const name of ours) {
    if (!(name in plugins)) continue;
    plugins[packagedKey(name)] = plugins[name];
    delete plugins[name];
  }
  // The no-op metrics-by-endpoint is a folder of the recorder's package there.
  const mbe = plugins['metrics-by-endpoint'];
  if (typeof mbe === 'object' && mbe !== null && (mbe as { scope?: unknown }).scope === METRICS_BY_ENDPOINT_OFF.scope) {
    plugins['metrics-by-endpoint'] = { ...mbe, scope: standInScope(packageName('recorder')) };
  }
}

/**
 * A folder of links `artillery-plugin-loadspec-<name>` -> plugins/artillery-plugin-<name>, for
 * ARTILLERY_PLUGIN_PATH (Node resolves the links, so the sources stay outside node_modules).
 */
export async function linkPackagedNames(dir: string, pluginsDir: string, ours: readonly string[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const name of ours) await symlink(path.join(pluginsDir, `artillery-plugin-${name}`), path.join(dir, packageName(name)), 'dir');
  return dir;
}
