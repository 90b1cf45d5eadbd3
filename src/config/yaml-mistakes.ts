/**
 * The commonest YAML syntax mistakes, said as what to do and placed on the line to change.
 * The parser's own words ("Nested mappings are not allowed in compact mappings") name its
 * grammar, not the fix, and often point at the line before the mistake.
 */
import type { YAMLError } from 'yaml';

export interface PlacedMistake {
  line: number;
  col: number;
  message: string;
}

const indentOf = (text: string): number => /^ */.exec(text)?.[0].length ?? 0;
const isContent = (text: string): boolean => text.trim() !== '' && !text.trim().startsWith('#');
/** Where a line's key starts: after its indentation and any "- " of a list item. */
const keyColumn = (text: string): number => /^ *(-\s+)*/.exec(text)?.[0].length ?? 0;

/** The nearest line before `index` (0-based) with content, or -1. */
function previousContent(lines: readonly string[], index: number): number {
  for (let i = index - 1; i >= 0; i--) if (isContent(lines[i] ?? '')) return i;
  return -1;
}

/** The indentation step the file uses most (2 in most files): from a "key:" line to the first line under it. */
function usualStep(lines: readonly string[]): number {
  const counts = new Map<number, number>();
  lines.forEach((text, i) => {
    if (!isContent(text) || !/:\s*(#.*)?$/.test(text)) return;
    const next = lines.findIndex((l, j) => j > i && isContent(l));
    const step = next === -1 ? 0 : indentOf(lines[next] ?? '') - indentOf(text);
    if (step > 0) counts.set(step, (counts.get(step) ?? 0) + 1);
  });
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 2;
}

/**
 * A line (0-based `index`) the parser finds indented less than its section's keys (`above` is
 * the line before it). Either the section's first key sits too far in (the parser takes that
 * column for the whole section, and this line is where the others start: blame the first key),
 * or this line sits between two depths: say both, each with a line to copy.
 */
function lessIndented(lines: readonly string[], index: number, above: number): PlacedMistake {
  const indent = indentOf(lines[index] ?? '');
  const aboveKey = keyColumn(lines[above] ?? '');
  if (indent > aboveKey) return { line: index + 1, col: indent + 1, message: `this line is indented more than the line above (${indent} spaces, not ${aboveKey}); indent it like line ${above + 1}` };
  // The key that owns the section: the nearest line before with its key left of this line.
  let owner = -1;
  for (let i = above; i >= 0; i--) {
    if (isContent(lines[i] ?? '') && keyColumn(lines[i] ?? '') < indent) {
      owner = i;
      break;
    }
  }
  const ownerText = lines[owner] ?? '';
  const first = owner === -1 ? above : lines.findIndex((l, i) => i > owner && isContent(l));
  const firstText = lines[first] ?? '';
  const upper = keyColumn(firstText);
  /** The nearest line of the section before this one whose key starts at `column`, as "line N". */
  const like = (column: number): string => {
    for (let i = index - 1; i > owner; i--) if (isContent(lines[i] ?? '') && indentOf(lines[i] ?? '') === column && !/^\s*-/.test(lines[i] ?? '')) return `line ${i + 1}`;
    return `${column} spaces`;
  };
  if (owner !== -1 && !/^\s*-/.test(firstText) && indentOf(firstText) > indent) {
    // Is the first key the odd one? The rest of the section and the file's usual step say.
    const end = lines.findIndex((l, i) => i > index && isContent(l) && indentOf(l) <= indentOf(ownerText));
    const rest = lines.slice(first + 1, end === -1 ? undefined : end).filter(isContent);
    const atThis = rest.filter((l) => indentOf(l) === indent).length;
    const atFirst = rest.filter((l) => indentOf(l) === indentOf(firstText)).length;
    if (atThis > atFirst && (atThis > 1 || indent - indentOf(ownerText) === usualStep(lines))) {
      return { line: first + 1, col: upper + 1, message: `this line is indented ${upper} spaces where the other keys of its section start at ${indent} (line ${index + 1}); indent it like line ${index + 1}` };
    }
  }
  const ownerKey = /^\s*(?:-\s+)*([^:#]+):/.exec(ownerText)?.[1]?.trim();
  // Inside a list item ("- key: ..."), only the item's own key column is a place for a key.
  const insideItem = /^\s*-/.test(firstText) && indentOf(firstText) < indent;
  if (ownerKey === undefined || insideItem) {
    return { line: index + 1, col: indent + 1, message: `this line is indented ${indent} spaces where its section's keys start at ${upper}; indent it like ${like(upper)}` };
  }
  const beside = /^\s*-/.test(ownerText) ? `${keyColumn(ownerText)} spaces` : `like line ${owner + 1}`;
  return {
    line: index + 1,
    col: indent + 1,
    message: `this line is indented ${indent} spaces, between the keys under "${ownerKey}:" (${upper} spaces) and "${ownerKey}:" itself (${keyColumn(ownerText)} spaces, line ${owner + 1}); indent it like ${like(upper)} if it belongs under "${ownerKey}:", or ${beside} if it goes beside it`,
  };
}

/** Text with ": " in it, written without quotes, from `col` (1-based) on the line. */
function unquotedColonText(text: string, col: number): string | undefined {
  const rest = text.slice(col - 1).replace(/\s*[,}\]]?\s*(#.*)?$/, '');
  return /:\s/.test(rest) && !/^["']/.test(rest) ? rest.replace(/[,}\]].*$/, '').trim() : undefined;
}

const quoteAdvice = (value: string): string => `the text ${value.split(':')[0]}: ... holds a colon followed by a space, which YAML reads as a new key; put the text in quotes: "${value.replaceAll('"', '\\"')}"`;

/**
 * A sentence and the place for a syntax error the parser reported at `line`:`col`, or
 * undefined when it is none of the common mistakes.
 */
export function explainYamlMistake(error: YAMLError, source: string, line: number, col: number): PlacedMistake | undefined {
  const lines = source.split(/\r?\n/);
  const text = lines[line - 1] ?? '';
  if (error.code === 'BLOCK_IN_FLOW' || (error.code === 'BLOCK_AS_IMPLICIT_KEY' && /compact mappings/.test(error.message))) {
    const value = unquotedColonText(text, col);
    if (value !== undefined) return { line, col, message: quoteAdvice(value) };
    // The line after is indented more than this one's key: the parser reads it as part of this value.
    const next = lines.findIndex((l, i) => i >= line && isContent(l));
    if (next !== -1 && indentOf(lines[next] ?? '') > keyColumn(text)) {
      return { line: next + 1, col: indentOf(lines[next] ?? '') + 1, message: `this line is indented more than the line above (${indentOf(lines[next] ?? '')} spaces, not ${keyColumn(text)}); indent it like line ${line}` };
    }
  }
  if (error.code === 'BAD_INDENT' && /same column/.test(error.message)) {
    const above = previousContent(lines, line - 1);
    if (above !== -1) return lessIndented(lines, line - 1, above);
  }
  if (error.code === 'BLOCK_AS_IMPLICIT_KEY' && /sequence/.test(error.message)) {
    const above = previousContent(lines, line - 1);
    const aboveText = (lines[above] ?? '').trim();
    return { line, col: indentOf(text) + 1, message: `a list item ("- ") where the section has keys (like "${aboveText}" on line ${above + 1}); write it as "key: value", or put the list under a key of its own ("phases:" and then the "- " lines, indented more)` };
  }
  if (error.code === 'MISSING_CHAR' && /closing "quote|closing 'quote/.test(error.message)) {
    const quote = /closing '/.test(error.message) ? "'" : '"';
    for (let i = line - 1; i >= 0; i--) {
      const candidate = lines[i] ?? '';
      if (candidate.split(quote).length % 2 === 0) {
        return { line: i + 1, col: candidate.indexOf(quote) + 1, message: `this quoted text is not closed; end it with ${quote} on the same line` };
      }
    }
  }
  return undefined;
}
