/**
 * The ground floor stays a floor: src/core imports nothing above it, and the Artillery
 * plugins import only src/core and plugins/shared, so they run under a plain `artillery run`
 * and can be packaged on their own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Relative module specifiers of static imports, re-exports and dynamic imports. */
function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    found.push(match[1] as string);
  }
  return found;
}

function reachesOutside(dir: string, allowed: readonly string[]): string[] {
  const outside: string[] = [];
  for (const file of sources(dir)) {
    for (const spec of relativeImports(file)) {
      const target = relative(root, resolve(dirname(file), spec));
      if (!allowed.some((prefix) => target.startsWith(prefix))) outside.push(`${relative(root, file)} -> ${target}`);
    }
  }
  return outside;
}

test('src/core imports nothing above the floor', () => {
  assert.ok(sources('src/core').length > 10, 'the floor has its files');
  assert.deepEqual(reachesOutside('src/core', ['src/core/']), []);
});

test('the plugins import only src/core and plugins/shared', () => {
  const plugins = sources('plugins');
  assert.ok(plugins.some((f) => f.includes('artillery-plugin-thresholds')), 'the plugins are found');
  assert.deepEqual(reachesOutside('plugins', ['src/core/', 'plugins/']), []);
});

test('the check sees an import that reaches around the floor', () => {
  // Guards the regular expression above: a real import line from a plugin is found.
  const spec = relativeImports(join(root, 'plugins/artillery-plugin-thresholds/index.ts'));
  assert.ok(spec.some((s) => s.includes('src/core/criteria/')), `found: ${spec.join(', ')}`);
});

test('src/ never imports the plugins\' internals: what both sides need lives in src/core', () => {
  assert.deepEqual(
    reachesOutside('src', ['src/']).filter((edge) => edge.includes(' -> plugins/')),
    [],
  );
});

test('src/results takes the monitor\'s data types from the floor, not from src/monitor above it', () => {
  assert.deepEqual(reachesOutside('src/results', ['src/core/', 'src/results/', 'src/version.ts']).filter((edge) => edge.includes(' -> src/monitor/')), []);
});
