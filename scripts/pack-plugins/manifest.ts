/** The package.json and README of one packed plugin. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packagedKey, packageName } from '../../src/core/packaged-plugins.ts';
import { PLUGINS_DIR, REPO_ROOT } from './compile.ts';

const FOLDER_PREFIX = 'artillery-plugin-';
const ENGINE_PREFIX = 'artillery-engine-';

/** How one repository plugin (or engine) is named as a package and in `config.plugins` (`config.engines`). */
export interface PluginNames {
  /** An engine is named in `config.engines` and a scenario's `engine`, a plugin in `config.plugins`. */
  kind: 'plugin' | 'engine';
  /** plugins/<folder> in the repository, e.g. artillery-plugin-recorder. */
  folder: string;
  /** The key the runner writes, e.g. recorder. */
  repoKey: string;
  /** The key with the package installed, e.g. loadspec-recorder. */
  packagedKey: string;
  /** The npm package, e.g. artillery-plugin-loadspec-recorder. */
  packageName: string;
}

export function pluginNames(folder: string): PluginNames {
  // The engine's own name already says loadspec: the package is the folder's name, as Artillery resolves `engine: loadspec`.
  if (folder.startsWith(ENGINE_PREFIX)) {
    const key = folder.slice(ENGINE_PREFIX.length);
    return { kind: 'engine', folder, repoKey: key, packagedKey: key, packageName: folder };
  }
  const repoKey = folder.slice(FOLDER_PREFIX.length);
  return { kind: 'plugin', folder, repoKey, packagedKey: packagedKey(repoKey), packageName: packageName(repoKey) };
}

interface RootManifest {
  version: string;
  engines?: Record<string, string>;
  dependencies: Record<string, string>;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

export function packageManifest(names: PluginNames, dependencies: Record<string, string>): Record<string, unknown> {
  const root = readJson<RootManifest>(path.join(REPO_ROOT, 'package.json'));
  const own = readJson<{ description?: string }>(path.join(PLUGINS_DIR, names.folder, 'package.json'));
  const bundled = Object.keys(dependencies).sort();
  return {
    name: names.packageName,
    version: root.version,
    description: own.description ?? `loadspec's ${names.repoKey} plugin for Artillery.`,
    keywords: ['artillery', names.kind === 'engine' ? 'artillery-engine' : 'artillery-plugin', 'loadspec', 'load-testing'],
    type: 'module',
    main: 'index.js',
    types: 'index.d.ts',
    engines: root.engines ?? {},
    // Bundled: installs without a registry, with the versions the repository tested.
    dependencies,
    ...(bundled.length > 0 ? { bundleDependencies: bundled } : {}),
    // The plugins were verified with this Artillery (the recorder wraps its internals); optional,
    // so npm does not fetch one when Artillery is installed globally or elsewhere.
    peerDependencies: { artillery: root.dependencies['artillery'] ?? '2' },
    peerDependenciesMeta: { artillery: { optional: true } },
  };
}

export function packageReadme(names: PluginNames): string {
  const own = path.join(PLUGINS_DIR, names.folder, 'README.md');
  const body = existsSync(own)
    ? readFileSync(own, 'utf8').replace(/^# .*\n/, '')
    : `${readJson<{ description?: string }>(path.join(PLUGINS_DIR, names.folder, 'package.json')).description ?? ''}\n`;
  if (names.kind === 'engine') {
    return `# ${names.packageName}

loadspec's HTTP engine for Artillery 2, compiled to JavaScript (with type declarations) from the
loadspec repository by \`pnpm pack:plugins\`. Install it next to Artillery, declare it and name it
on the scenarios it runs (Artillery loads \`engine: <name>\` as the package \`artillery-engine-<name>\`):

\`\`\`yaml
config:
  engines:
    ${names.packagedKey}: {}
scenarios:
  - engine: ${names.packagedKey}
    flow: [...]
\`\`\`

${body}`;
  }
  return `# ${names.packageName}

loadspec's \`${names.repoKey}\` plugin for Artillery 2, compiled to JavaScript (with type
declarations) from the loadspec repository by \`pnpm pack:plugins\`.

Install it next to Artillery and name it \`${names.packagedKey}\` under \`config.plugins\`
(Artillery loads \`config.plugins.<key>\` as the package \`artillery-plugin-<key>\`):

\`\`\`yaml
config:
  plugins:
    ${names.packagedKey}: {}
\`\`\`

Where loadspec's documentation says \`config.plugins.${names.repoKey}\`, this package reads the
same settings from either \`config.plugins.${names.repoKey}\` or \`config.plugins.${names.packagedKey}\`.
The \`loadspec-\` prefix keeps the package name apart from unrelated packages called
\`artillery-plugin-${names.repoKey}\`: Artillery's cloud runners install every
\`config.plugins\` key from the npm registry under that name. Files go to \`$LOADSPEC_RUN_DIR\`.

${body}`;
}
