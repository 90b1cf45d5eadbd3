/**
 * A payload CSV read exactly as Artillery 2.0.34 reads it (lib/util/prepare-test-execution-plan.ts
 * `readPayload`: csv-parse 4.16.3 with `skip_empty_lines` (default true), `cast` (default true),
 * `from_line: 2` for `skipHeader`, `delimiter` (default ","), then `options` over those), so
 * that a file Artillery could not parse, or whose rows lack a column a flow uses (Artillery
 * would send the text "undefined"), is refused at the CSV's own file:line.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import parse from 'csv-parse';
import type { ConfigError } from './errors.ts';

/** One payload section of the resolved script (its path already absolute). */
export interface PayloadSection {
  path: string;
  fields?: string[];
  loadAll?: boolean;
  /** With loadAll: the variable that holds every row. */
  name?: string;
  skipHeader?: boolean;
  skipEmptyLines?: boolean;
  cast?: boolean;
  delimiter?: string;
  options?: Record<string, unknown>;
  /** Where the section is written, e.g. `config.payload[1]`. */
  at: string;
}

interface Row {
  record: unknown;
  info: { lines: number };
}

/** Artillery's csv-parse options for a section, plus `info` (which only adds each row's line number). */
function artilleryOptions(section: PayloadSection): parse.Options {
  return {
    ...{
      skip_empty_lines: section.skipEmptyLines ?? true,
      cast: section.cast ?? true,
      from_line: section.skipHeader === true ? 2 : 1,
      delimiter: section.delimiter ?? ',',
    },
    ...(section.options as parse.Options | undefined),
    info: true,
  };
}

/** The line where a quote that is never closed opens (csv-parse names the file's last line). */
function unclosedQuoteLine(text: string, quote: string): number {
  let open = false;
  let line = 1;
  let openedAt = 1;
  for (const char of text) {
    if (char === '\n') line++;
    else if (char === quote) {
      open = !open;
      if (open) openedAt = line;
    }
  }
  return openedAt;
}

function errorAt(file: string, line: number, message: string, at: string): ConfigError {
  return { file, line, col: 1, message, path: at };
}

/**
 * Problems of one payload file: it does not parse, or a column that `used` names (a flow
 * uses `{{ field }}`) is missing from a row. `shownFile` is how the sentence names the file.
 */
export async function checkPayloadRows(section: PayloadSection, used: ReadonlySet<string>): Promise<ConfigError[]> {
  const text = await readFile(section.path, 'utf8').catch(() => undefined);
  if (text === undefined) return [];
  const shown = path.basename(section.path);
  const options = artilleryOptions(section);
  const rows = await new Promise<Row[] | Error>((resolve) => {
    parse(text, options, (error, records: Row[] | undefined) => resolve(error ?? records ?? []));
  });
  if (rows instanceof Error) {
    const code = (rows as Error & { code?: string }).code;
    const reported = (rows as Error & { lines?: number }).lines ?? 1;
    const quote = typeof options.quote === 'string' ? options.quote : '"';
    const line = code === 'CSV_QUOTE_NOT_CLOSED' ? unclosedQuoteLine(text, quote) : reported;
    const what = code === 'CSV_QUOTE_NOT_CLOSED'
      ? `a quote opens on this line and is never closed, so Artillery cannot read ${shown} (${rows.message}); close the quote, or write a quote inside a quoted value as ""`
      : code === 'CSV_INCONSISTENT_RECORD_LENGTH'
        ? `this row of ${shown} has a different number of columns than the first row, so Artillery cannot read the file (${rows.message}); give every row the same columns`
        : `Artillery cannot read ${shown} (${rows.message}); fix this line`;
    return [errorAt(section.path, line, what, section.at)];
  }
  if (section.loadAll === true) return [];
  const fields = section.fields ?? [];
  const wanted = fields.map((name, index) => ({ name, index })).filter((f) => used.has(f.name));
  if (wanted.length === 0) return [];
  const first = rows[0];
  if (first === undefined) {
    const line = section.skipHeader === true ? 2 : 1;
    return [errorAt(section.path, line, `${shown} has no rows${section.skipHeader === true ? ' after its header' : ''}, but the flows use ${wanted.map((f) => `{{ ${f.name} }}`).join(', ')} from it (Artillery would send the text "undefined"); add rows`, section.at)];
  }
  for (const row of rows) {
    const columns = Array.isArray(row.record) ? row.record.length : 0;
    const missing = wanted.filter((f) => f.index >= columns);
    const firstMissing = missing[0];
    if (firstMissing === undefined) continue;
    const names = missing.map((f) => `${f.name} (column ${f.index + 1})`).join(', ');
    return [errorAt(section.path, row.info.lines, `this row of ${shown} has ${columns} column${columns === 1 ? '' : 's'}, but ${section.at}.fields names ${fields.length} and the flows use ${names} (Artillery would send the text "undefined"); add the column${missing.length === 1 ? '' : 's'} to every row, or remove the field${missing.length === 1 ? '' : 's'} from fields and from the flows`, section.at)];
  }
  return [];
}
