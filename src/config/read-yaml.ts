/**
 * Reads one YAML file into data plus the parsed document (for positions). Every
 * way a file can fail to be YAML becomes a ConfigError: missing, binary, empty,
 * tabs, duplicate keys, syntax errors, more than one document.
 */
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import type { ConfigError } from './errors.ts';
import { explainYamlMistake } from './yaml-mistakes.ts';

export interface YamlFile {
  file: string;
  doc: Document;
  lines: LineCounter;
  data: unknown;
}

export type ReadResult = { ok: true; yaml: YamlFile } | { ok: false; errors: ConfigError[] };

const atStart = (file: string, message: string): ConfigError => ({ file, line: 1, col: 1, message, path: '' });

function looksBinary(bytes: Buffer): string | undefined {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'a PNG image';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'a JPEG image';
  if (bytes.subarray(0, 4).toString('latin1') === '%PDF') return 'a PDF document';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'a zip archive';
  if (bytes.includes(0)) return 'binary data';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return 'binary data (not UTF-8 text)';
  }
  return undefined;
}

function explainYamlError(error: YAMLError, source: string): string {
  switch (error.code) {
    case 'TAB_AS_INDENT':
      return 'a tab is used for indentation; YAML only allows spaces, so replace the tab with spaces';
    case 'DUPLICATE_KEY': {
      const line = source.slice(error.pos[0]).split('\n')[0] ?? '';
      const key = line.replace(/\s*:.*$/, '').trim().replace(/^["']|["']$/g, '');
      return `"${key}" appears twice in the same section; keep one (YAML keys must be unique)`;
    }
    case 'MULTIPLE_DOCS':
      return 'the file holds more than one YAML document (a second "---" line); put each scenario in its own file';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
    case 'UNEXPECTED_TOKEN':
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
    case 'BAD_SCALAR_START':
    case 'BLOCK_IN_FLOW':
    case 'BAD_DQ_ESCAPE':
      return `this is not valid YAML (${firstLine(error.message)}); check the indentation and that every "key:" has a space after the colon`;
    default:
      return `this is not valid YAML (${firstLine(error.message)})`;
  }
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? text).replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
}

export async function readYamlFile(file: string): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT' ? `file not found; check the path (it is read from ${process.cwd()})`
      : code === 'EISDIR' ? 'is a directory, not a scenario file; give the path of a .yml file'
      : code === 'EACCES' ? 'cannot be read (permission denied)'
      : `cannot be read (${code ?? String(cause)})`;
    return { ok: false, errors: [atStart(file, message)] };
  }
  const binary = looksBinary(bytes);
  if (binary !== undefined) {
    return { ok: false, errors: [atStart(file, `is ${binary}, not a YAML scenario file; scenario files are text (see configs/smoke.yml)`)] };
  }
  const source = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: true });
  if (doc.errors.length > 0) {
    const seen = new Set<string>();
    const errors: ConfigError[] = [];
    // After a tab or a syntax error the parser's later complaints are mostly echoes of
    // the first one: report every tab and duplicate key, but only the first other error.
    const tabs = doc.errors.filter((e) => e.code === 'TAB_AS_INDENT');
    const duplicates = doc.errors.filter((e) => e.code === 'DUPLICATE_KEY');
    const other = doc.errors.filter((e) => e.code !== 'TAB_AS_INDENT' && e.code !== 'DUPLICATE_KEY');
    const reported = tabs.length > 0 ? [...tabs, ...duplicates] : [...duplicates, ...other.slice(0, 1)];
    for (const error of reported) {
      const at = lines.linePos(error.pos[0]);
      const mistake = explainYamlMistake(error, source, at.line, at.col);
      const { line, col } = mistake ?? at;
      const message = mistake?.message ?? explainYamlError(error, source);
      // The parser often reports one mistake several times at one place.
      if (seen.has(`${line}|${message}`)) continue;
      seen.add(`${line}|${message}`);
      errors.push({ file, line, col, message, path: '' });
    }
    return { ok: false, errors };
  }
  if (doc.contents === null) {
    return { ok: false, errors: [atStart(file, 'the file is empty; a scenario file needs at least "scenarios:" (and usually "config:" with "phases:")')] };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (cause) {
    return { ok: false, errors: [atStart(file, `cannot be read as YAML data (${cause instanceof Error ? cause.message : String(cause)})`)] };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    const got = Array.isArray(data) ? 'a list' : `the single value ${JSON.stringify(data)}`;
    return { ok: false, errors: [atStart(file, `the file holds ${got}; a scenario file is a set of top-level keys such as "config:" and "scenarios:"`)] };
  }
  return { ok: true, yaml: { file, doc, lines, data } };
}
