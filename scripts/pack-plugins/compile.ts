/**
 * Compiles every plugin (and the parts of src/core and plugins/shared they import) to
 * JavaScript with type declarations, using the TypeScript compiler in devDependencies.
 * Relative `.ts` imports become `.js` (`rewriteRelativeImportExtensions`), because Node
 * strips types only outside node_modules: an installed plugin must be JavaScript.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..');
export const PLUGINS_DIR = path.join(REPO_ROOT, 'plugins');

/** The plugin and engine folders (plugins/artillery-plugin-*, plugins/artillery-engine-*), sorted. */
export function pluginFolders(): string[] {
  return readdirSync(PLUGINS_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && (entry.name.startsWith('artillery-plugin-') || entry.name.startsWith('artillery-engine-')))
    .map((entry) => entry.name)
    .sort();
}

/** Entry files: each plugin's index.ts and any nested package's (the no-op metrics-by-endpoint). */
function entryFiles(): string[] {
  return pluginFolders().flatMap((folder) =>
    readdirSync(path.join(PLUGINS_DIR, folder), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name === 'index.ts')
      .map((entry) => path.join(entry.parentPath, entry.name)),
  );
}

/** Emits into `outDir` with the repository root as rootDir (plugins/…, src/core/… keep their places). Throws on any diagnostic. */
export function compilePlugins(outDir: string): void {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts'],
    types: ['node'],
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    verbatimModuleSyntax: true,
    erasableSyntaxOnly: true,
    allowImportingTsExtensions: true,
    rewriteRelativeImportExtensions: true,
    declaration: true,
    skipLibCheck: true,
    rootDir: REPO_ROOT,
    outDir,
  };
  const program = ts.createProgram(entryFiles(), options);
  const emitted = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics];
  if (diagnostics.length > 0 || emitted.emitSkipped) {
    const host: ts.FormatDiagnosticsHost = {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => REPO_ROOT,
      getNewLine: () => '\n',
    };
    throw new Error(`the plugins do not compile:\n${ts.formatDiagnostics(diagnostics, host)}`);
  }
}
