/**
 * The third-party packages a plugin needs at run time travel inside its tarball
 * (`bundleDependencies`), copied from this repository's install: `npm install` of the
 * tarballs then needs no registry, and the plugin runs with exactly the version the
 * repository tested.
 *
 * @artilleryio/sketches-js requires `protobufjs/minimal` without declaring it (it relies on
 * Artillery having it); we declare and bundle it so the plugin does not rely on that.
 */
import { cpSync, existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { REPO_ROOT } from './compile.ts';

const UNDECLARED: Readonly<Record<string, readonly string[]>> = {
  '@artilleryio/sketches-js': ['protobufjs'],
};

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
}

function packageDir(name: string, fromDir: string): string {
  const require = createRequire(path.join(fromDir, 'noop.js'));
  let entry: string;
  try {
    entry = require.resolve(`${name}/package.json`);
  } catch {
    // Some packages do not export ./package.json: walk up from their entry.
    entry = require.resolve(name);
  }
  let dir = path.dirname(entry);
  while (!existsSync(path.join(dir, 'package.json')) || readManifest(dir).name !== name) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the package folder of ${name} from ${fromDir}`);
    dir = parent;
  }
  return realpathSync(dir);
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
}

export interface Bundle {
  /** What the plugin's package.json lists (name -> exact version), all bundled. */
  direct: Record<string, string>;
  /** Every package copied into node_modules (direct and transitive), name -> version. */
  copied: Record<string, string>;
}

/** Copies `names` and everything they need at run time into `<packageRoot>/node_modules`. */
export function bundleDependencies(names: Iterable<string>, packageRoot: string): Bundle {
  const direct: Record<string, string> = {};
  const copied: Record<string, string> = {};
  const queue: Array<{ name: string; from: string; isDirect: boolean }> = [];
  for (const name of names) {
    queue.push({ name, from: REPO_ROOT, isDirect: true });
    for (const extra of UNDECLARED[name] ?? []) queue.push({ name: extra, from: packageDir(name, REPO_ROOT), isDirect: true });
  }
  while (queue.length > 0) {
    const { name, from, isDirect } = queue.shift() as { name: string; from: string; isDirect: boolean };
    const dir = packageDir(name, from);
    const manifest = readManifest(dir);
    if (isDirect) direct[name] = manifest.version;
    const already = copied[name];
    if (already !== undefined) {
      if (already !== manifest.version) throw new Error(`two versions of ${name} are needed (${already}, ${manifest.version}); bundling supports one`);
      continue;
    }
    copied[name] = manifest.version;
    cpSync(dir, path.join(packageRoot, 'node_modules', name), {
      recursive: true,
      dereference: true,
      filter: (source) => !source.slice(dir.length).split(path.sep).includes('node_modules'),
    });
    for (const dep of Object.keys(manifest.dependencies ?? {})) queue.push({ name: dep, from: dir, isDirect: false });
  }
  return { direct, copied };
}
