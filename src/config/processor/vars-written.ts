/**
 * The variables a processor can set for flows (`context.vars.token = ...`,
 * `vars['token'] = ...`), read from its source and the local files it loads. When it sets
 * them in a way the text does not name (`vars[key] = ...`, `Object.assign(context.vars, ...)`,
 * a new `vars` object), every name may come from it: the caller then says nothing about
 * names it cannot trace.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface VarsWritten {
  names: Set<string>;
  /** True when the processor sets variables whose names its text does not give. */
  dynamic: boolean;
}

const IDENT = '[A-Za-z_$][\\w$]*';
const ASSIGN = '\\s*(?:[-+*/%&|^]|\\?\\?|\\|\\||&&)?=(?!=)';
// A local file the processor loads: require('./x'), import ... from './x', import('./x').
const LOCAL_LOAD = /(?:require\s*\(|from\s+|import\s*\(?)\s*['"](\.{1,2}\/[^'"]+)['"]/g;
const MAX_FILES = 50;

/** Names an alias of the vars object is called by: `const v = context.vars` makes `v` one. */
function aliasesOf(source: string): string[] {
  const aliases = new Set(['vars']);
  for (const m of source.matchAll(new RegExp(`(${IDENT})\\s*=\\s*(?:${IDENT}\\.)+vars\\b(?!\\s*[.[(])`, 'g'))) if (m[1] !== undefined) aliases.add(m[1]);
  return [...aliases];
}

function scan(source: string, found: VarsWritten): void {
  for (const alias of aliasesOf(source)) {
    const a = alias.replace(/\$/g, '\\$');
    for (const m of source.matchAll(new RegExp(`\\b${a}\\s*\\.\\s*(${IDENT})(?:\\s*\\.\\s*${IDENT}|\\s*\\[[^\\]]*\\])*${ASSIGN}`, 'g'))) if (m[1] !== undefined) found.names.add(m[1]);
    for (const m of source.matchAll(new RegExp(`\\b${a}\\s*\\[\\s*(['"\`])(${IDENT})\\1\\s*\\]`, 'g'))) {
      const after = source.slice((m.index ?? 0) + m[0].length);
      if (new RegExp(`^(?:\\s*\\.\\s*${IDENT}|\\s*\\[[^\\]]*\\])*${ASSIGN}`).test(after) && m[2] !== undefined) found.names.add(m[2]);
    }
    // vars[someExpression] = ... : a name the text does not give.
    if (new RegExp(`\\b${a}\\s*\\[\\s*[^'"\`\\]\\s][^\\]]*\\]${ASSIGN}`).test(source)) found.dynamic = true;
    if (new RegExp(`\\b${a}\\s*\\[\\s*\`[^\`]*\\$\\{`).test(source)) found.dynamic = true;
  }
  // A whole new vars object, or one filled by a helper.
  if (new RegExp(`\\.vars${ASSIGN}`).test(source)) found.dynamic = true;
  if (/(?:Object\.assign|_\.(?:assign|merge|set|extend|defaults)|\bL\.(?:assign|merge|set)|\bmerge|\bset)\s*\(\s*[\w$.]*\bvars\b/.test(source)) found.dynamic = true;
  if (/Object\.defineProperty\s*\(\s*[\w$.]*\bvars\b/.test(source)) found.dynamic = true;
}

/** Reads `processor` and the local files it loads (transitively, up to 50 files). */
export async function varsWritten(processor: string): Promise<VarsWritten> {
  const found: VarsWritten = { names: new Set(), dynamic: false };
  // A processor may be a folder (Artillery resolves it as require does: its index.js).
  const queue = [processor, path.join(processor, 'index.js')];
  const seen = new Set<string>();
  let read = 0;
  while (queue.length > 0 && read < MAX_FILES) {
    const file = queue.shift() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = await readFile(file, 'utf8').catch(() => undefined);
    if (source === undefined) continue;
    read++;
    scan(source, found);
    for (const m of source.matchAll(LOCAL_LOAD)) {
      const target = path.resolve(path.dirname(file), m[1] ?? '');
      for (const candidate of [target, `${target}.js`, `${target}.cjs`, `${target}.mjs`, `${target}.ts`, path.join(target, 'index.js')]) queue.push(candidate);
    }
  }
  return found;
}
