/**
 * One plugin's compiled files, moved into its own package. In the repository a plugin
 * reaches the floor with `../shared/…` and `../../src/core/…`; in the package the plugin's
 * folder is the root and what it imports sits inside it:
 *
 *   plugins/artillery-plugin-<name>/X  ->  X
 *   plugins/shared/X                    ->  shared/X
 *   src/core/X                          ->  core/X
 *
 * Every relative import (in .js and .d.ts) is rewritten to the new places.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SPECIFIER = /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"]+)\2/g;

/** Where a file compiled from the repository (path relative to its root) lands in the plugin's package, or null when it does not belong there. */
export function packagePath(repoPath: string, pluginFolder: string): string | null {
  const parts = repoPath.split(path.sep).join('/');
  const own = `plugins/${pluginFolder}/`;
  if (parts.startsWith(own)) return parts.slice(own.length);
  if (parts.startsWith('plugins/shared/')) return `shared/${parts.slice('plugins/shared/'.length)}`;
  if (parts.startsWith('src/core/')) return `core/${parts.slice('src/core/'.length)}`;
  return null;
}

/** Bare module names (packages, not node: built-ins) a file imports. */
export function bareImports(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(SPECIFIER)) {
    const spec = match[3] as string;
    if (spec.startsWith('.') || spec.startsWith('node:')) continue;
    const parts = spec.split('/');
    names.push(spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string));
  }
  return names;
}

export interface RerootedFiles {
  /** Package-relative paths written. */
  files: string[];
  /** Bare packages the JavaScript imports at run time. */
  packages: Set<string>;
}

/**
 * Copies the JavaScript reachable from `entries` (repo-relative .js paths under `builtDir`),
 * with their .d.ts files, into `packageDir`, rewriting relative imports.
 */
export function copyReachable(builtDir: string, entries: readonly string[], pluginFolder: string, packageDir: string): RerootedFiles {
  const files: string[] = [];
  const packages = new Set<string>();
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const repoJs = queue.shift() as string;
    if (seen.has(repoJs)) continue;
    seen.add(repoJs);
    for (const repoFile of [repoJs, repoJs.replace(/\.js$/, '.d.ts')]) {
      const source = path.join(builtDir, repoFile);
      if (!existsSync(source)) continue;
      const text = readFileSync(source, 'utf8');
      const isJs = repoFile.endsWith('.js');
      const rewritten = text.replace(SPECIFIER, (whole: string, lead: string, quote: string, spec: string) => {
        if (!spec.startsWith('.')) return whole;
        // Declarations keep the sources' `.ts`; `.js` reads the same to TypeScript and needs no flag.
        const targetRepo = path.normalize(path.join(path.dirname(repoFile), spec)).replace(/\.ts$/, '.js');
        queue.push(targetRepo);
        return `${lead}${quote}${relativeSpecifier(repoFile, targetRepo, pluginFolder)}${quote}`;
      });
      if (isJs) for (const name of bareImports(text)) packages.add(name);
      const target = packagePath(repoFile, pluginFolder);
      if (target === null) throw new Error(`${repoFile} is imported by ${pluginFolder} but is outside src/core and plugins/`);
      mkdirSync(path.dirname(path.join(packageDir, target)), { recursive: true });
      writeFileSync(path.join(packageDir, target), rewritten);
      files.push(target);
    }
  }
  return { files: files.sort(), packages };
}

function relativeSpecifier(fromRepo: string, toRepo: string, pluginFolder: string): string {
  const from = packagePath(fromRepo, pluginFolder);
  const to = packagePath(toRepo, pluginFolder);
  if (from === null || to === null) throw new Error(`${fromRepo} imports ${toRepo}, which is outside src/core and plugins/`);
  const rel = path.posix.relative(path.posix.dirname(from), to);
  return rel.startsWith('.') ? rel : `./${rel}`;
}
