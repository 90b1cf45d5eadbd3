/**
 * Run as a child process by probe.ts: loads a processor file the way Artillery 2.0.34 does
 * (lib/core/runner.ts loadProcessor: `require.resolve`, then `import()`, default export merged
 * with the named ones) and writes the names of its functions after a marker line. A file that
 * does not load throws here, uncaught, so Node itself prints where (file:line) on stderr.
 */
import { createRequire } from 'node:module';
import { writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const file = process.argv[2] ?? '';
let resolved = file;
try {
  resolved = createRequire(import.meta.url).resolve(file);
} catch {
  // As in Artillery: the path as it is.
}
const ns = (await import(pathToFileURL(resolved).href)) as Record<string, unknown>;
const merged: Record<string, unknown> = Object.assign({}, ns['default'] ?? {}, ns);
const functions = Object.keys(merged).filter((name) => typeof merged[name] === 'function');
writeSync(1, `\n${process.argv[3] ?? ''}${JSON.stringify(functions)}\n`);
// A processor that opened a connection or a timer at load would keep this process alive.
process.exit(0);
