/**
 * Aligned plain-text tables for the console. Widths are measured without ANSI
 * colour codes so coloured cells still line up.
 */

export interface TextColumn {
  header: string;
  /** Numbers read best right-aligned. */
  align?: 'left' | 'right';
}

const ANSI = /\u001b\[[0-9;]*m/g;

export function visibleLength(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - visibleLength(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** Renders rows under a header with two spaces between columns and a rule under the header. */
export function renderTextTable(columns: TextColumn[], rows: string[][], indent = '  '): string {
  const widths = columns.map((column, i) =>
    Math.max(visibleLength(column.header), ...rows.map((row) => visibleLength(row[i] ?? ''))),
  );
  const line = (cells: string[]): string =>
    indent +
    columns
      .map((column, i) => pad(cells[i] ?? '', widths[i] ?? 0, column.align ?? 'left'))
      .join('  ')
      .trimEnd();
  const rule = (indent + widths.map((width) => '─'.repeat(width)).join('  ')).trimEnd();
  return [line(columns.map((column) => column.header)), rule, ...rows.map(line)].join('\n');
}
