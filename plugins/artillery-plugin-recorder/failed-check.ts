/**
 * The error kind of a response that failed an expect check: `expect.<check> <argument>`,
 * e.g. `expect.hasProperty response` or `expect.statusCode 201`, so that reports tell
 * apart two checks on one endpoint. The argument is read as written in the script
 * (before {{ }} rendering), so per-user values cannot multiply the kinds.
 */
import { isRecord } from '../../src/core/is-record.ts';

/** The checks of a request as [check, argument] pairs, in the order the plugin runs them. */
function writtenChecks(expect: unknown): [string, unknown][] {
  // The plugin accepts a list of one-key items or one section of checks, and reads an item's first key only.
  const items: unknown[] = Array.isArray(expect) ? expect : isRecord(expect) ? Object.entries(expect).map(([name, arg]) => ({ [name]: arg })) : [];
  return items.flatMap((item): [string, unknown][] => {
    if (!isRecord(item)) return [];
    const name = Object.keys(item)[0];
    return name === undefined ? [] : [[name, item[name]]];
  });
}

function argumentText(value: unknown): string {
  if (Array.isArray(value)) return value.map(argumentText).join(', ');
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/** The plugin names a failed headerEquals by the header (`header x-id values equals`). */
const checkName = (type: string): string => (type.startsWith('header ') && type.endsWith(' values equals') ? 'headerEquals' : type);

/**
 * The kind of the first failed check among the plugin's `results` for `req`, or null
 * when every check passed. The plugin fails a result whose `ok` is falsy (a JMESPath
 * expression may yield null), so this does too.
 */
export function failedCheckKind(results: readonly unknown[], req: unknown): string | null {
  const index = results.findIndex((r) => isRecord(r) && !r['ok']);
  if (index < 0) return null;
  const failed = results[index];
  const type = isRecord(failed) && typeof failed['type'] === 'string' ? failed['type'] : 'failed';
  const name = checkName(type);
  // The nth failed result of a check type is the nth written check of that name.
  const nth = results.slice(0, index).filter((r) => isRecord(r) && typeof r['type'] === 'string' && checkName(r['type']) === name).length;
  const written = writtenChecks(isRecord(req) ? req['expect'] : undefined).filter(([n]) => n === name)[nth];
  const argument = written === undefined ? '' : argumentText(written[1]);
  return argument === '' ? `expect.${type}` : `expect.${name} ${argument}`;
}

/**
 * The statuses a request step says it expects (`expect: - statusCode: 404`, or a list
 * `statusCode: [200, 404]`), as written: a response with one of them is a success even
 * when it is 4xx or 5xx, whether or not the expect plugin runs the check. Templated
 * values (`"{{ code }}"`) are left to the plugin. Empty when the step expects none.
 */
export function expectedStatuses(expect: unknown): number[] {
  const statuses: number[] = [];
  for (const [name, argument] of writtenChecks(expect)) {
    if (name !== 'statusCode') continue;
    for (const value of Array.isArray(argument) ? argument : [argument]) {
      const code = typeof value === 'number' ? value : typeof value === 'string' && /^\d{3}$/.test(value.trim()) ? Number(value) : NaN;
      if (Number.isInteger(code)) statuses.push(code);
    }
  }
  return statuses;
}
