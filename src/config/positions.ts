/** Finds the line and column of a value path in a parsed YAML document. */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { ValuePath } from './path.ts';

export interface Position {
  line: number;
  col: number;
}

type Anchor = 'value' | 'key' | 'missing';

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return key === null || key === undefined ? undefined : String(key);
}

function startOf(node: unknown): number | undefined {
  if (node !== null && typeof node === 'object' && 'range' in node) {
    const range = (node as Node).range;
    if (Array.isArray(range)) return range[0];
  }
  return undefined;
}

/**
 * Offset of the deepest node on `path`. `key` points at the key of the last
 * segment (unknown keys); `missing` at the key that opens the section (missing keys).
 * When the path leaves the document, the last node found is used.
 */
export function offsetOf(doc: Document, path: ValuePath, anchor: Anchor): number {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
      if (pair === undefined) break;
      keyNode = pair.key;
      node = pair.value ?? pair.key;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
      keyNode = undefined;
      node = node.items[segment];
    } else {
      break;
    }
  }
  // An empty value (`recorder:`) has no text of its own; its key is what the writer sees.
  const empty = isScalar(node) && node.value === null && keyNode !== undefined;
  const preferKey = anchor === 'key' || anchor === 'missing' || empty;
  return (preferKey ? startOf(keyNode) : undefined) ?? startOf(node) ?? startOf(keyNode) ?? 0;
}

export function positionOf(doc: Document, lines: LineCounter, path: ValuePath, anchor: Anchor): Position {
  const { line, col } = lines.linePos(offsetOf(doc, path, anchor));
  return { line, col };
}
