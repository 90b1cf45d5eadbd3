/**
 * `pnpm pack:plugins --out DIR`: one npm tarball per plugin in DIR (see ./README.md).
 * Exits 2 on a usage error, 4 when compiling or packing fails.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ExitCode } from '../../src/core/exit-codes.ts';
import { bundleDependencies } from './bundled-dependencies.ts';
import { compilePlugins, pluginFolders } from './compile.ts';
import { packageManifest, packageReadme, pluginNames, type PluginNames } from './manifest.ts';
import { copyReachable } from './reroot.ts';

export interface PackedPlugin extends PluginNames {
  tarball: string;
  files: string[];
  bundled: Record<string, string>;
}

/** The compiled index files of a plugin: its own and any nested package's (repo-relative). */
function entries(builtDir: string, folder: string): string[] {
  const dir = path.join(builtDir, 'plugins', folder);
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name === 'index.js')
    .map((e) => path.relative(builtDir, path.join(e.parentPath, e.name)));
}

function npmPack(packageDir: string, outDir: string): string {
  // npm runs on the Node that runs this script (the pinned one under bin/pnpm).
  const env = { ...process.env, PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env['PATH'] ?? ''}` };
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], { cwd: packageDir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [first] = JSON.parse(out) as Array<{ filename: string }>;
  if (first === undefined) throw new Error(`npm pack wrote nothing for ${packageDir}`);
  return path.join(outDir, first.filename);
}

/** Compiles, stages and packs every plugin into `outDir`. */
export function packPlugins(outDir: string): PackedPlugin[] {
  mkdirSync(outDir, { recursive: true });
  const work = mkdtempSync(path.join(tmpdir(), 'loadspec-pack-'));
  try {
    const built = path.join(work, 'built');
    compilePlugins(built);
    return pluginFolders().map((folder) => {
      const names = pluginNames(folder);
      const stage = path.join(work, names.packageName);
      const { files, packages } = copyReachable(built, entries(built, folder), folder, stage);
      for (const nested of files.filter((f) => f !== 'index.js' && f.endsWith('/index.js'))) {
        const manifest = path.join(stage, path.dirname(nested), 'package.json');
        writeFileSync(manifest, `${JSON.stringify({ name: `${names.packageName}-${path.basename(path.dirname(nested))}`, private: true, type: 'module', main: 'index.js' }, null, 2)}\n`);
      }
      const bundle = bundleDependencies(packages, stage);
      writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(packageManifest(names, bundle.direct), null, 2)}\n`);
      writeFileSync(path.join(stage, 'README.md'), packageReadme(names));
      return { ...names, tarball: npmPack(stage, path.resolve(outDir)), files, bundled: bundle.copied };
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function main(argv: string[]): number {
  let out: string | undefined;
  try {
    out = parseArgs({ args: argv, options: { out: { type: 'string' } }, strict: true }).values.out;
  } catch (error: unknown) {
    console.error(`pack:plugins: ${(error as Error).message}; usage: pnpm pack:plugins --out DIR`);
    return ExitCode.usage;
  }
  if (out === undefined || out.length === 0) {
    console.error('pack:plugins: say where the tarballs go: pnpm pack:plugins --out DIR');
    return ExitCode.usage;
  }
  if (existsSync(out) && readdirSync(out).some((f) => f.endsWith('.tgz'))) {
    console.error(`pack:plugins: ${out} already holds .tgz files; give an empty or new folder so old tarballs are not mistaken for new ones`);
    return ExitCode.usage;
  }
  try {
    for (const packed of packPlugins(out)) console.log(`${packed.tarball}  (config.${packed.kind === 'engine' ? 'engines' : 'plugins'}.${packed.packagedKey})`);
    return 0;
  } catch (error: unknown) {
    console.error(`pack:plugins: ${(error as Error).message}`);
    return ExitCode.incomplete;
  }
}

if (import.meta.main) process.exitCode = main(process.argv.slice(2));
