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
    if (above !== -1) {
      const want = keyColumn(lines[above] ?? '');
      return { line, col: indentOf(text) + 1, message: `this line is indented ${indentOf(text)} spaces where its section's keys start at ${want}; indent it like line ${above + 1} (or more, under a key ending in ":")` };
    }
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
