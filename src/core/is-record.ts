/**
 * The one guard for data of unknown shape (YAML, JSON lines, Artillery's payloads): a plain
 * object, not null and not an array, whose keys can be read.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
